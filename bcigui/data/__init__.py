"""Everything about trials: the TrialSet type, the seed ``.npy`` contract, synthetic data.

Qt-free and TensorFlow-free. Names are imported on first use (PEP 562), so that importing one
light module of the package (the format tables, for the window's file dialogs) does not import
NumPy, MNE or scikit-learn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bcigui._lazy import lazy_exports

_LAZY: dict[str, str] = {
    "EpochSettings": "bcigui.data.epoching",
    "EventInfo": "bcigui.data.recordings",
    "MissingDataFileError": "bcigui.data.npy_io",
    "RECORDING_FORMATS": "bcigui.data.formats",
    "RecordingFormat": "bcigui.data.formats",
    "RecordingInfo": "bcigui.data.recordings",
    "TRIAL_FILE_FORMATS": "bcigui.data.formats",
    "TrialFileFormat": "bcigui.data.formats",
    "TrialSet": "bcigui.data.trialset",
    "TrialSource": "bcigui.data.trialset",
    "average_erp": "bcigui.data.epoching",
    "check_label_kinds": "bcigui.data.labels",
    "epoch_recordings": "bcigui.data.epoching",
    "inspect_recording": "bcigui.data.recordings",
    "load_seed_files": "bcigui.data.npy_io",
    "make_inner_speech": "bcigui.data.synthetic",
    "make_p300": "bcigui.data.synthetic",
    "normalize_labels": "bcigui.data.labels",
    "read_labels_file": "bcigui.data.npy_io",
    "read_npy": "bcigui.data.npy_io",
    "read_raw": "bcigui.data.recordings",
    "read_trial_array": "bcigui.data.formats",
    "read_trials_file": "bcigui.data.npy_io",
    "recording_format": "bcigui.data.formats",
    "reduce_label": "bcigui.data.labels",
    "write_demo_dataset": "bcigui.data.synthetic",
    "write_seed_files": "bcigui.data.npy_io",
}

__all__, _lazy_getattr, __dir__ = lazy_exports('bcigui.data', _LAZY, globals(), ())


def __getattr__(name: str) -> Any:  # a def, so that type checkers see the lazy names
    return _lazy_getattr(name)


if TYPE_CHECKING:  # pragma: no cover
    from bcigui.data.epoching import EpochSettings, average_erp, epoch_recordings
    from bcigui.data.formats import (
        RECORDING_FORMATS,
        TRIAL_FILE_FORMATS,
        RecordingFormat,
        TrialFileFormat,
        read_trial_array,
        recording_format,
    )
    from bcigui.data.labels import check_label_kinds, normalize_labels, reduce_label
    from bcigui.data.npy_io import (
        MissingDataFileError,
        load_seed_files,
        read_labels_file,
        read_npy,
        read_trials_file,
        write_seed_files,
    )
    from bcigui.data.recordings import (
        EventInfo,
        RecordingInfo,
        inspect_recording,
        read_raw,
    )
    from bcigui.data.synthetic import make_inner_speech, make_p300, write_demo_dataset
    from bcigui.data.trialset import TrialSet, TrialSource
