"""bcigui: train, keep and run EEG classifiers for brain-computer interfaces.

The public Python API (no Qt needed)::

    from bcigui import (LSTMNet, LSTMLayer, SequenceEncoder, DenseLayer,
                        ActivationFunction, SVM, SVNN)

Names are imported lazily so that ``import bcigui`` stays fast and never imports TensorFlow
(the desktop window must show before TensorFlow loads).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bcigui._lazy import lazy_exports
from bcigui._version import __version__
from bcigui.classifiers.registry import BUILTIN_CLASSIFIERS

_LAZY: dict[str, str] = {
    # the classifiers (LSTMNet, SVM, ...): their one list is the registry's
    **BUILTIN_CLASSIFIERS,
    # their config blocks and helpers
    "cross_validate": "bcigui.classifiers.cross_validation",
    "CVResult": "bcigui.classifiers.cross_validation",
    "fit_with_cross_validation": "bcigui.app.cv_training",
    "BaseClassifier": "bcigui.classifiers.base",
    "ModelVersionWarning": "bcigui.classifiers.persistence",
    "ActivationFunction": "bcigui.classifiers.config",
    "DenseLayer": "bcigui.classifiers.config",
    "LSTMLayer": "bcigui.classifiers.config",
    "SequenceEncoder": "bcigui.classifiers.config",
    "InputAdapter": "bcigui.classifiers.config",
    "SequenceAdapter": "bcigui.classifiers.config",
    "SignalPreprocessing": "bcigui.classifiers.signal",
    "EvaluationMetrics": "bcigui.classifiers.metrics",
    "TrainResult": "bcigui.classifiers.metrics",
    "CancelToken": "bcigui.classifiers.progress",
    "available_types": "bcigui.classifiers.registry",
    "load_model": "bcigui.classifiers.loading",
    # model store
    "ModelManager": "bcigui.store.manager",
    "ModelRecord": "bcigui.store.records",
    "StoreEvent": "bcigui.store.events",
    "import_legacy": "bcigui.store.legacy",
    # data
    "TrialSet": "bcigui.data.trialset",
    "load_seed_files": "bcigui.data.npy_io",
    "make_p300": "bcigui.data.synthetic",
    "make_inner_speech": "bcigui.data.synthetic",
    "EpochSettings": "bcigui.data.epoching",
    "epoch_recordings": "bcigui.data.epoching",
    "average_erp": "bcigui.data.epoching",
    "EventInfo": "bcigui.data.recordings",
    "RecordingInfo": "bcigui.data.recordings",
    "inspect_recording": "bcigui.data.recordings",
    "read_raw": "bcigui.data.recordings",
    # errors
    "BciguiError": "bcigui.errors",
    "DataError": "bcigui.errors",
    "DataFileError": "bcigui.errors",
    "ConfigError": "bcigui.errors",
    "ModelFileError": "bcigui.errors",
    "NotFittedError": "bcigui.errors",
    "Cancelled": "bcigui.errors",
    "TrainingError": "bcigui.errors",
}

__all__, _lazy_getattr, __dir__ = lazy_exports('bcigui', _LAZY, globals(), ("__version__",))


def __getattr__(name: str) -> Any:  # a def, so that type checkers see the lazy names
    return _lazy_getattr(name)


# For type checkers and IDEs. The classifiers are left out: they are listed once, in
# BUILTIN_CLASSIFIERS, and reach type checkers through __getattr__ (as Any).
if TYPE_CHECKING:  # pragma: no cover
    from bcigui.app.cv_training import fit_with_cross_validation
    from bcigui.classifiers.base import BaseClassifier
    from bcigui.classifiers.config import (
        ActivationFunction,
        DenseLayer,
        InputAdapter,
        LSTMLayer,
        SequenceAdapter,
        SequenceEncoder,
    )
    from bcigui.classifiers.cross_validation import CVResult, cross_validate
    from bcigui.classifiers.loading import load_model
    from bcigui.classifiers.metrics import EvaluationMetrics, TrainResult
    from bcigui.classifiers.persistence import ModelVersionWarning
    from bcigui.classifiers.progress import CancelToken
    from bcigui.classifiers.registry import available_types
    from bcigui.classifiers.signal import SignalPreprocessing
    from bcigui.data.epoching import EpochSettings, average_erp, epoch_recordings
    from bcigui.data.npy_io import load_seed_files
    from bcigui.data.recordings import EventInfo, RecordingInfo, inspect_recording, read_raw
    from bcigui.data.synthetic import make_inner_speech, make_p300
    from bcigui.data.trialset import TrialSet
    from bcigui.errors import (
        BciguiError,
        Cancelled,
        ConfigError,
        DataError,
        DataFileError,
        ModelFileError,
        NotFittedError,
        TrainingError,
    )
    from bcigui.store.events import StoreEvent
    from bcigui.store.legacy import import_legacy
    from bcigui.store.manager import ModelManager
    from bcigui.store.records import ModelRecord
