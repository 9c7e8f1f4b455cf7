"""Everything about trials: the TrialSet type, the seed ``.npy`` contract, synthetic data.

Qt-free and TensorFlow-free.
"""

from bcigui.data.labels import check_label_kinds, normalize_labels, reduce_label
from bcigui.data.npy_io import (
    MissingDataFileError,
    load_seed_files,
    read_labels_file,
    read_npy,
    read_trials_file,
    write_seed_files,
)
from bcigui.data.synthetic import make_inner_speech, make_p300, write_demo_dataset
from bcigui.data.trialset import TrialSet, TrialSource

__all__ = [
    "MissingDataFileError",
    "TrialSet",
    "TrialSource",
    "check_label_kinds",
    "load_seed_files",
    "make_inner_speech",
    "make_p300",
    "normalize_labels",
    "read_labels_file",
    "read_npy",
    "read_trials_file",
    "reduce_label",
    "write_demo_dataset",
    "write_seed_files",
]
