"""File dialog name filters and extension lists built from the format tables of
:mod:`bcigui.data.formats`, so that a new format shows in every dialog by itself."""

from __future__ import annotations

from collections.abc import Sequence

from bcigui.data.formats import FileFormat


def name_filter(title: str, formats: Sequence[FileFormat], all_files: str = "All files") -> str:
    """A Qt name filter: every format together, then each format alone, then all files.

    Parameters
    ----------
    title : str
        Name of the first entry, the one offering every format (``"EEG recordings"``).
    formats : sequence of FileFormat
        :data:`~bcigui.data.formats.RECORDING_FORMATS` or
        :data:`~bcigui.data.formats.TRIAL_FILE_FORMATS`.
    all_files : str
        Name of the last entry, ``*``.

    Returns
    -------
    str
        E.g. ``"EEG recordings (*.fif *.edf);;MNE FIF (*.fif);;European Data Format (*.edf);;
        All files (*)"``; the per-format entries are left out when there is only one format.
    """
    every = dict.fromkeys(p for fmt in formats for p in fmt.patterns)  # ordered, no repeats
    entries = [f"{title} ({' '.join(every)})"]
    if len(formats) > 1:
        entries += [f"{fmt.description} ({' '.join(fmt.patterns)})" for fmt in formats]
    return ";;".join([*entries, f"{all_files} (*)"])


def extension_list(formats: Sequence[FileFormat]) -> str:
    """The main extension of each format, for labels: ``".fif, -epo.fif, .edf"``."""
    return ", ".join(fmt.patterns[0].lstrip("*") for fmt in formats)
