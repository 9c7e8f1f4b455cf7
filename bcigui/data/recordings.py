"""EEG recordings read through MNE: what a file holds, and its continuous data.

Supported formats, told apart by the file name, are the entries of
:data:`~bcigui.data.formats.RECORDING_FORMATS`: ``.fif`` (continuous, "raw"), ``-epo.fif`` /
``_epo.fif`` (epochs), ``.edf``, ``.bdf`` (BioSemi, 24 bit), ``.gdf`` (BCI competition files),
BrainVision ``.vhdr`` and EEGLAB ``.set``. Data come back from MNE in volts.

Events come from a stimulus channel (``STI``, ``STI 014``, ``Status``, ``TRIG``..., read with
``shortest_event=1``) when one holds any, otherwise from the recording's annotations (EDF+, GDF,
BrainVision, EEGLAB); annotations whose description starts with ``BAD`` or ``EDGE`` are not events.
BioSemi ``Status`` codes are masked to their 16 trigger bits. EEGLAB event fields with a few
values (``position`` of the tutorial data) add keys such as ``"square/position=1"``.
PhysioNet EEGMMIDB EDF files (channel names such as ``Fc5.``) get
``mne.datasets.eegbci.standardize`` so that their names are the standard ones.

Every problem with a file raises :class:`~bcigui.errors.DataFileError` naming the file.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from bcigui.data.formats import RecordingFormat, recording_format, recording_format_of, titled
from bcigui.errors import DataFileError

if TYPE_CHECKING:
    import mne

log = logging.getLogger(__name__)

#: Names (upper case, spaces removed) that mark a trigger channel even when its type is not stim.
_TRIGGER_NAME = re.compile(r"^(STI\d*|STI0\d\d|STATUS|TRIG\w*|TRIGGER\w*|STIM\w*|EVENT\w*)$")
_IGNORED_ANNOTATION = re.compile(r"^(BAD|EDGE)", re.IGNORECASE)
_PHYSIONET_NAME = re.compile(r"^[A-Za-z0-9]+\.+$")


@dataclass(frozen=True)
class EventInfo:
    """One kind of event found in a recording.

    Attributes
    ----------
    key : str
        What the user maps to a class: a stimulus code as text (``"1"``) or an annotation
        description (``"T1"``); for epochs files, the name in their ``event_id``.
    count : int
        How many such events the recording holds.
    source : str
        ``"stim:<channel>"``, ``"annotations"`` or ``"epochs"``.
    """

    key: str
    count: int
    source: str


@dataclass(frozen=True)
class RecordingInfo:
    """What a recording holds, read from its header and events (see :func:`inspect_recording`).

    For epochs files ``n_samples`` counts the samples of all epochs together and ``duration_s``
    is ``n_samples / sfreq``.
    """

    path: Path
    format: str
    ch_names: tuple[str, ...]
    ch_types: tuple[str, ...]
    sfreq: float
    duration_s: float
    n_samples: int
    events: tuple[EventInfo, ...]
    is_epoched: bool

    def default_picks(self) -> tuple[str, ...]:
        """EEG channels only: never the stim/status/trigger channel.

        Falls back to every data channel that is not a trigger when no channel is typed EEG.
        """
        eeg = [
            n
            for n, t in zip(self.ch_names, self.ch_types, strict=True)
            if t == "eeg" and not is_trigger_name(n)
        ]
        if eeg:
            return tuple(eeg)
        return tuple(
            n
            for n, t in zip(self.ch_names, self.ch_types, strict=True)
            if t not in ("stim", "misc", "syst") and not is_trigger_name(n)
        )

    @property
    def event_counts(self) -> dict[str, int]:
        """Event key -> count."""
        return {e.key: e.count for e in self.events}


def is_trigger_name(name: str) -> bool:
    """True for channel names such as ``STI``, ``STI 014``, ``Status``, ``TRIG``, ``Trigger``."""
    return bool(_TRIGGER_NAME.match(name.replace(" ", "").upper()))


def _check_exists(path: Path, fmt: RecordingFormat) -> None:
    if not path.is_file():
        raise DataFileError(path, "no such file")
    if fmt.name == "vhdr":
        return
    if path.stat().st_size == 0:
        raise DataFileError(path, "the file is empty")


def _mne_error(path: Path, fmt: RecordingFormat, exc: Exception) -> DataFileError:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return DataFileError(
        path,
        f"cannot be read as {titled(fmt)}: {text}",
        "the file may be truncated or damaged",
    )


def read_raw(path: str | PathLike[str], *, preload: bool = True) -> mne.io.BaseRaw:
    """Read a continuous recording in any supported format.

    Parameters
    ----------
    path : path-like
    preload : bool
        Load the data into memory (False reads the header and keeps the file open lazily).

    Returns
    -------
    mne.io.BaseRaw
        Data in volts. PhysioNet EDF channel names are standardised.

    Raises
    ------
    DataFileError
        Unknown extension, missing, empty, truncated or unreadable file, or an epochs file.
    """
    import mne

    path = Path(path)
    fmt = recording_format_of(path)
    _check_exists(path, fmt)
    if fmt.epoched:
        raise DataFileError(
            path,
            "holds epochs, not a continuous recording",
            "use it directly for epoching (epoch_recordings)",
        )
    try:
        raw = fmt.read(path, preload)
    except FileNotFoundError as exc:  # e.g. the .eeg/.fdt beside a header is missing
        raise DataFileError(path, f"a file it refers to is missing: {exc}") from exc
    except Exception as exc:  # MNE raises ValueError, OSError, RuntimeError, struct.error...
        raise _mne_error(path, fmt, exc) from exc
    if fmt.name in ("edf", "bdf"):
        _check_edf_complete(path, raw)
    if fmt.name == "edf" and _looks_like_physionet(raw.ch_names):
        mne.datasets.eegbci.standardize(raw)
    if raw.n_times < 2:
        raise DataFileError(path, "the recording holds no samples")
    return raw


def _check_edf_complete(path: Path, raw: mne.io.BaseRaw) -> None:
    """EDF/BDF: a header that promises more records than the file holds means truncation.

    (MNE then reads what is there with only a warning; a header count of -1, written by
    recorders that were not stopped cleanly, is fine.)
    """
    with open(path, "rb") as handle:
        header = handle.read(256)
    try:
        n_records = int(header[236:244].decode("ascii").strip())
        duration = float(header[244:252].decode("ascii").strip())
    except ValueError:
        return
    expected = n_records * duration * float(raw.info["sfreq"])
    if n_records > 0 and raw.n_times < expected - 0.5:
        raise DataFileError(
            path,
            f"the file is truncated: its header promises {n_records} records "
            f"({n_records * duration:g} s) but it holds {raw.n_times / raw.info['sfreq']:g} s",
        )


def read_epochs(path: str | PathLike[str], *, preload: bool = True) -> mne.BaseEpochs:
    """Read an MNE ``-epo.fif`` file (data in volts); DataFileError naming the file otherwise."""
    path = Path(path)
    fmt = recording_format_of(path)
    if not fmt.epoched:
        raise DataFileError(path, "is not an epochs file (-epo.fif)")
    _check_exists(path, fmt)
    try:
        return fmt.read(path, preload)
    except Exception as exc:
        raise _mne_error(path, fmt, exc) from exc


def _looks_like_physionet(ch_names: list[str]) -> bool:
    """PhysioNet EEGMMIDB names pad to 4 characters with dots (``Fc5.``, ``C3..``)."""
    return len(ch_names) > 0 and all(_PHYSIONET_NAME.match(n) for n in ch_names)


def find_stim_channel(raw: mne.io.BaseRaw) -> str | None:
    """The trigger channel of ``raw``: a stim-typed one (``STI 014`` first) or a trigger name."""
    types = raw.get_channel_types()
    stim = [n for n, t in zip(raw.ch_names, types, strict=True) if t == "stim"]
    named = [n for n in raw.ch_names if is_trigger_name(n)]
    for candidates in (stim, named):
        if candidates:
            preferred = [n for n in candidates if n.replace(" ", "").upper() == "STI014"]
            return (preferred or candidates)[0]
    return None


def find_events(raw: mne.io.BaseRaw, path: Path) -> tuple[np.ndarray, dict[str, int], str]:
    """Events of a continuous recording, from its stim channel or else its annotations.

    Returns
    -------
    events : ndarray, shape (n_events, 3)
        MNE events (sample, previous value, code).
    key_to_code : dict of str to int
        Event key (code as text, or annotation description) -> code in ``events``.
    source : str
        ``"stim:<channel>"`` or ``"annotations"``.
    """
    import mne

    stim = find_stim_channel(raw)
    if stim is not None:
        try:
            # BioSemi keeps system flags (CMS, battery) in bits 16-23 of Status: codes are bits 0-15
            mask = 0xFFFF if recording_format(path) == "bdf" else None
            events = mne.find_events(
                raw,
                stim_channel=stim,
                shortest_event=1,
                initial_event=True,
                mask=mask,
                mask_type="and",
                verbose="error",
            )
        except Exception as exc:
            raise DataFileError(
                path,
                f"cannot read events from channel {stim!r} "
                f"(the file may be truncated or damaged): {exc}",
            ) from exc
        events = events[events[:, 2] > 0]
        if len(events):
            codes = sorted({int(c) for c in events[:, 2]})
            return events, {str(c): c for c in codes}, f"stim:{stim}"
    descriptions = sorted(
        {str(d) for d in raw.annotations.description if not _IGNORED_ANNOTATION.match(str(d))}
    )
    if descriptions:
        event_id = {d: i + 1 for i, d in enumerate(descriptions)}
        events, _ = mne.events_from_annotations(raw, event_id=event_id, verbose="error")
        if recording_format(path) == "set":
            events = _add_eeglab_fields(path, raw, events, event_id)
        return events, event_id, "annotations"
    where = f"its stim channel {stim!r} has none and " if stim else "it has no stim channel and "
    raise DataFileError(
        path,
        f"no events found: {where}no annotations",
        "epoching needs event markers (triggers or annotations)",
    )


def _add_eeglab_fields(
    path: Path, raw: mne.io.BaseRaw, events: np.ndarray, event_id: dict[str, int]
) -> np.ndarray:
    """Add ``"<type>/<field>=<value>"`` keys from EEG.event (see :mod:`eeglab_events`)."""
    from bcigui.data.eeglab_events import eeglab_field_events

    rows: list[list[int]] = []
    for key, samples in eeglab_field_events(path, int(raw.first_samp)).items():
        event_id[key] = code = max(event_id.values()) + 1
        rows.extend([s, 0, code] for s in samples)
    if not rows:
        return events
    merged = np.vstack([events, np.asarray(rows, dtype=events.dtype)])
    return merged[np.argsort(merged[:, 0], kind="stable")]


def _events_info(
    events: np.ndarray, key_to_code: dict[str, int], source: str
) -> tuple[EventInfo, ...]:
    counts = Counter(int(c) for c in events[:, 2])
    return tuple(
        EventInfo(key=key, count=counts.get(code, 0), source=source)
        for key, code in key_to_code.items()
        if counts.get(code, 0) > 0
    )


def inspect_recording(path: str | PathLike[str]) -> RecordingInfo:
    """Describe a recording: channels, sampling rate, duration and the events it holds.

    Reads the header and the trigger channel (or annotations), not all the data.

    Raises
    ------
    DataFileError
        Unknown extension, unreadable file, or no events found.
    """
    path = Path(path)
    fmt = recording_format(path)
    if fmt == "epo.fif":
        epochs = read_epochs(path, preload=False)
        codes = Counter(int(c) for c in epochs.events[:, 2])
        events = tuple(
            EventInfo(key=name, count=codes.get(code, 0), source="epochs")
            for name, code in epochs.event_id.items()
            if codes.get(code, 0) > 0
        )
        n_samples = len(epochs.events) * len(epochs.times)
        sfreq = float(epochs.info["sfreq"])
        return RecordingInfo(
            path=path,
            format=fmt,
            ch_names=tuple(epochs.ch_names),
            ch_types=tuple(epochs.get_channel_types()),
            sfreq=sfreq,
            duration_s=n_samples / sfreq,
            n_samples=n_samples,
            events=events,
            is_epoched=True,
        )
    raw = read_raw(path, preload=False)
    events_arr, key_to_code, source = find_events(raw, path)
    sfreq = float(raw.info["sfreq"])
    return RecordingInfo(
        path=path,
        format=fmt,
        ch_names=tuple(raw.ch_names),
        ch_types=tuple(raw.get_channel_types()),
        sfreq=sfreq,
        duration_s=raw.n_times / sfreq,
        n_samples=int(raw.n_times),
        events=_events_info(events_arr, key_to_code, source),
        is_epoched=False,
    )
