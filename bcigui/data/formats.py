"""Every file format bcigui reads, in two tables, and the dispatch by file name.

* :data:`RECORDING_FORMATS`: EEG recordings read through MNE (continuous or epochs);
  :func:`recording_format_of` picks the entry whose file pattern fits the name (the longest
  fitting pattern wins, so ``s1-epo.fif`` is an epochs file, not a continuous ``.fif``).
* :data:`TRIAL_FILE_FORMATS`: files of trials or labels (the seed's ``.npy`` files), told
  apart by their suffix; :func:`read_trial_array` reads any of them.

A new format is one entry in a table: the readers, the error for an unsupported file and the
file dialogs' name filters all come from the tables.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

# Only the standard library at import time: the window builds its file dialogs' filters from
# these tables before the core (NumPy, scikit-learn through bcigui.errors) loads off its thread.
if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "RECORDING_FORMATS",
    "TRIAL_FILE_FORMATS",
    "FileFormat",
    "RecordingFormat",
    "TrialFileFormat",
    "extensions",
    "read_trial_array",
    "recording_format",
    "recording_format_of",
    "titled",
    "trial_file_format_of",
    "trial_file_kinds",
]


class FileFormat(Protocol):
    """What a file dialog needs of a format: a description and glob patterns."""

    @property
    def description(self) -> str: ...

    @property
    def patterns(self) -> tuple[str, ...]: ...


def extensions(fmt: FileFormat) -> str:
    """The patterns of ``fmt`` for a message: ``("*.fif", "*.fif.gz")`` -> ``".fif, .fif.gz"``."""
    return ", ".join(p.lstrip("*") for p in fmt.patterns)


def titled(fmt: FileFormat) -> str:
    """Description and extensions, e.g. ``"European Data Format (.edf)"``."""
    return f"{fmt.description} ({extensions(fmt)})"


# --------------------------------------------------------------------------- recordings
#: ``read(path, preload)``: an ``mne.io.BaseRaw`` (continuous) or ``mne.BaseEpochs`` (epochs).
RecordingReader = Callable[[Path, bool], Any]


def _mne_reader(function: str) -> RecordingReader:
    """A reader calling ``mne.<function>`` (dotted, e.g. ``"io.read_raw_edf"``), imported lazily."""

    def read(path: Path, preload: bool) -> Any:
        import mne

        return operator.attrgetter(function)(mne)(path, preload=preload, verbose="error")

    read.__name__ = read.__qualname__ = f"mne.{function}"
    return read


@dataclass(frozen=True)
class RecordingFormat:
    """One EEG recording format.

    Attributes
    ----------
    name : str
        Short name, as :attr:`~bcigui.data.RecordingInfo.format` reports it (``"edf"``).
    description : str
        What the format is, for people (``"European Data Format"``).
    patterns : tuple of str
        Glob patterns of its file names, lower case (``("*.edf",)``).
    read : callable
        ``read(path, preload)`` -> the MNE object (data in volts).
    epoched : bool
        Whether its files hold epochs rather than a continuous recording.
    """

    name: str
    description: str
    patterns: tuple[str, ...]
    read: RecordingReader
    epoched: bool = False


#: The recording formats, in the order a file dialog lists them.
RECORDING_FORMATS: tuple[RecordingFormat, ...] = (
    RecordingFormat(
        "fif", "MNE FIF continuous recording", ("*.fif", "*.fif.gz"), _mne_reader("io.read_raw_fif")
    ),
    RecordingFormat(
        "epo.fif",
        "MNE FIF epochs",
        ("*-epo.fif", "*_epo.fif", "*-epo.fif.gz", "*_epo.fif.gz"),
        _mne_reader("read_epochs"),
        epoched=True,
    ),
    RecordingFormat("edf", "European Data Format", ("*.edf",), _mne_reader("io.read_raw_edf")),
    RecordingFormat("bdf", "BioSemi Data Format", ("*.bdf",), _mne_reader("io.read_raw_bdf")),
    RecordingFormat("gdf", "General Data Format", ("*.gdf",), _mne_reader("io.read_raw_gdf")),
    RecordingFormat(
        "vhdr", "BrainVision header", ("*.vhdr",), _mne_reader("io.read_raw_brainvision")
    ),
    RecordingFormat("set", "EEGLAB data set", ("*.set",), _mne_reader("io.read_raw_eeglab")),
)


def _name_suffix(name: str) -> str:
    """``".txt"`` of ``notes.txt``, ``".edf.gz"`` of ``s1.edf.gz``, ``""`` without a suffix."""
    path = Path(name)
    return "".join(path.suffixes[-2:]) if path.suffix == ".gz" else path.suffix


def recording_format_of(path: str | PathLike[str]) -> RecordingFormat:
    """The entry of :data:`RECORDING_FORMATS` whose pattern fits the file name of ``path``.

    Names are compared in lower case; when several patterns fit, the longest one wins
    (``*-epo.fif`` over ``*.fif``).

    Raises
    ------
    DataFileError
        For a name no pattern fits, listing the formats bcigui reads.
    """
    name = Path(path).name.lower()
    fitting = [
        (len(pattern), fmt)
        for fmt in RECORDING_FORMATS
        for pattern in fmt.patterns
        if fnmatchcase(name, pattern)
    ]
    if fitting:
        return max(fitting, key=operator.itemgetter(0))[1]
    from bcigui.errors import DataFileError

    suffix = _name_suffix(name)
    raise DataFileError(
        path,
        f"unknown recording format {suffix or '(no extension)'}",
        "bcigui reads " + "; ".join(titled(fmt) for fmt in RECORDING_FORMATS),
    )


def recording_format(path: str | PathLike[str]) -> str:
    """The format name of ``path`` (the ``name`` of its :data:`RECORDING_FORMATS` entry).

    Raises
    ------
    DataFileError
        For a file name bcigui does not read.
    """
    return recording_format_of(path).name


# --------------------------------------------------------------------------- trial files
class TrialArrayReader(Protocol):
    """``read(path, allow_strings=..., allow_empty=...)`` -> the array the file holds."""

    def __call__(
        self, path: str | PathLike[str], *, allow_strings: bool = ..., allow_empty: bool = ...
    ) -> np.ndarray: ...


@dataclass(frozen=True)
class TrialFileFormat:
    """One format of trial and label files.

    Attributes
    ----------
    suffix : str
        File name suffix, lower case, with its dot (``".npy"``).
    description : str
        What the files are, for people (``"NumPy arrays"``).
    read : callable
        ``read(path, *, allow_strings, allow_empty)`` -> ndarray: one trial ``(T, F)``, a
        stack ``(N, T, F)`` or labels, as stored; it never runs code from the file.
    how_to_write : str
        How a user writes such a file, for error messages (``"numpy.save(path, array)"``).
    """

    suffix: str
    description: str
    read: TrialArrayReader
    how_to_write: str

    @property
    def patterns(self) -> tuple[str, ...]:
        """Glob patterns of the file names (``("*.npy",)``)."""
        return (f"*{self.suffix}",)


def _read_npy(
    path: str | PathLike[str], *, allow_strings: bool = False, allow_empty: bool = False
) -> np.ndarray:
    """:func:`bcigui.data.npy_file.read_npy`, imported when a file is read (NumPy)."""
    from bcigui.data.npy_file import read_npy

    return read_npy(path, allow_strings=allow_strings, allow_empty=allow_empty)


#: The trial-file formats, in the order a file dialog lists them.
TRIAL_FILE_FORMATS: tuple[TrialFileFormat, ...] = (
    TrialFileFormat(".npy", "NumPy arrays", _read_npy, "numpy.save(path, array)"),
)


def trial_file_kinds() -> str:
    """The trial-file suffixes as a phrase: ``".npy"``, or ``".npy or .csv"``."""
    return " or ".join(fmt.suffix for fmt in TRIAL_FILE_FORMATS)


def trial_file_format_of(path: str | PathLike[str]) -> TrialFileFormat:
    """The entry of :data:`TRIAL_FILE_FORMATS` for the suffix of ``path`` (any case).

    Raises
    ------
    MissingDataFileError
        For an unknown suffix on a path that does not exist.
    DataFileError
        For an unknown suffix: a directory, an unreadable path, or a file of another format.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    for fmt in TRIAL_FILE_FORMATS:
        if suffix == fmt.suffix:
            return fmt
    from bcigui.data.npy_file import stat_user_file
    from bcigui.errors import DataFileError

    stat_user_file(p, trial_file_kinds())  # a missing path or a directory is the problem first
    found = f"has suffix '{p.suffix}'" if p.suffix else "has no suffix"
    raise DataFileError(
        p,
        f"{found}, but a {trial_file_kinds()} file is expected",
        "save it with " + " or ".join(fmt.how_to_write for fmt in TRIAL_FILE_FORMATS),
    )


def read_trial_array(
    path: str | PathLike[str], *, allow_strings: bool = False, allow_empty: bool = False
) -> np.ndarray:
    """Read a trial or label file in any format of :data:`TRIAL_FILE_FORMATS`.

    Parameters
    ----------
    path : path-like
        The file; its suffix chooses the reader.
    allow_strings : bool
        Accept string arrays (label files).
    allow_empty : bool
        Accept arrays with no elements (callers that give a more specific message).

    Returns
    -------
    ndarray
        The array as stored: one trial ``(T, F)``, a stack ``(N, T, F)``, or labels.

    Raises
    ------
    DataFileError
        An unsupported suffix (see :func:`trial_file_format_of`) or anything the reader refuses.
    """
    p = Path(path)
    return trial_file_format_of(p).read(p, allow_strings=allow_strings, allow_empty=allow_empty)
