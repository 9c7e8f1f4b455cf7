"""Everything about trials: the TrialSet type, the seed ``.npy`` contract, synthetic data.

Qt-free and TensorFlow-free.
"""

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

__all__ = [
    "RECORDING_FORMATS",
    "TRIAL_FILE_FORMATS",
    "EpochSettings",
    "EventInfo",
    "MissingDataFileError",
    "RecordingFormat",
    "RecordingInfo",
    "TrialFileFormat",
    "TrialSet",
    "TrialSource",
    "average_erp",
    "check_label_kinds",
    "epoch_recordings",
    "inspect_recording",
    "load_seed_files",
    "make_inner_speech",
    "make_p300",
    "normalize_labels",
    "read_labels_file",
    "read_npy",
    "read_raw",
    "read_trial_array",
    "read_trials_file",
    "recording_format",
    "reduce_label",
    "write_demo_dataset",
    "write_seed_files",
]
