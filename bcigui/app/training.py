"""The work the Training tab hands to its worker lane: training, and counting parameters.

Both are plain callables ``job(progress, cancel)`` built from frozen requests: they carry
everything they need (validated settings as a dict, the loaded TrialSets, the store folder),
share no state with the GUI, and import TensorFlow only when a network is involved.

Both run in the ``"training"`` lane, one at a time: building a Keras model draws from the
global random state that a training seeded, so a parameter count running beside a training
could change that training's initial weights.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bcigui.app.runtime import ensure_tensorflow

if TYPE_CHECKING:  # only for annotations: the GUI imports this module before the core loads
    from bcigui.classifiers.metrics import TrainResult
    from bcigui.classifiers.progress import CancelToken
    from bcigui.data.trialset import TrialSet

log = logging.getLogger(__name__)

TRAINING_LANE = "training"


def is_network(cls: type) -> bool:
    """Whether classifier class ``cls`` is a Keras network (has a parameter count)."""
    return callable(getattr(cls, "count_params", None))


@dataclass(frozen=True)
class TrainingRequest:
    """One training run, as queued.

    Attributes
    ----------
    model_type : str
        Registry name (``"svm"``, ``"lstm"``...).
    params : dict
        The validated settings (``model_dump(mode="python")``).
    label : str
        Store label; the model is saved under ``<store_dir>/<label>/``.
    train : TrialSet
        Loaded and checked by the data panel.
    test : TrialSet or None
        The held-out set (None with cross-validation).
    store_dir : Path
    title : str
        Short description for the runs list and logs.
    """

    model_type: str
    params: dict[str, Any]
    label: str
    train: TrialSet
    test: TrialSet | None
    store_dir: Path
    title: str = ""
    #: Cross-validation instead of ``test``: ``{"scheme", "n_splits", "permutations"}``.
    #: (Trials epoched from recordings carry their epoch settings, ``TrialSet.epoching``; the
    #: model records them, so that new recordings are epoched the same way.)
    cv: dict[str, Any] | None = None
    #: False: a model whose result is within noise of chance is not saved by the job; the
    #: result then keeps ``model`` for :func:`save_job` once the user said "Save anyway".
    save_near_chance: bool = True


def training_job(
    request: TrainingRequest,
) -> Callable[[Callable[..., None], CancelToken], TrainResult]:
    """The job that trains, evaluates and saves; returns the core's TrainResult.

    A result within noise of chance (``result.near_chance``) is saved only when
    ``request.save_near_chance``; otherwise ``saved_path`` is None and ``result.model`` is the
    fitted model, for the caller to ask the user and then run :func:`save_job`. Every other
    result drops the model (the GUI keeps metrics, curves and the path, not the network).
    """

    def job(progress: Callable[..., None], cancel: CancelToken) -> TrainResult:
        from bcigui.app.cv_training import fit_with_cross_validation
        from bcigui.app.fitting import save_trained, train_and_save
        from bcigui.classifiers.registry import get_classifier_class
        from bcigui.modelfile.paths import validate_name

        cls = get_classifier_class(request.model_type)
        if is_network(cls):
            ensure_tensorflow(progress)
        cancel.raise_if_cancelled()
        model = cls.model_validate(request.params)
        validate_name(request.label, "label")
        log.info("training %s", request.title)
        if request.cv is not None:
            result = fit_with_cross_validation(
                model, request.train, **request.cv, model_label=request.label,
                store_dir=request.store_dir, progress=progress, cancel=cancel, save=False,
            )  # fmt: skip
            if request.save_near_chance or result.near_chance is None:
                result.saved_path = save_trained(model, request.label, request.store_dir)
        else:
            assert request.test is not None, "a training without cross-validation has a test set"
            result = train_and_save(
                model, request.train, request.test, label=request.label,
                store_dir=request.store_dir, progress=progress, cancel=cancel,
                save_near_chance=request.save_near_chance,
            )  # fmt: skip
        if result.saved_path is not None:
            result.model = None
        return result

    return job


def save_job(
    model: Any, label: str, store_dir: Path
) -> Callable[[Callable[..., None], CancelToken], Path]:
    """The job that saves a trained model kept back by :func:`training_job`; returns its path."""
    from bcigui.errors import UserText

    def job(progress: Callable[..., None], cancel: CancelToken) -> Path:
        from bcigui.app.fitting import save_trained

        cancel.raise_if_cancelled()
        progress(0.0, UserText.of("saving"))
        return save_trained(model, label, store_dir)

    return job


@dataclass(frozen=True)
class CountRequest:
    """A parameter count for a network configuration and a data shape."""

    model_type: str
    params: dict[str, Any]
    n_channels: int
    n_times: int
    n_classes: int


def count_params_job(request: CountRequest) -> Callable[[Callable[..., None], CancelToken], int]:
    """The job that builds the network once and returns its parameter count."""

    def job(progress: Callable[..., None], cancel: CancelToken) -> int:
        from bcigui.classifiers.preprocessing import FittedPreprocessing
        from bcigui.classifiers.registry import get_classifier_class

        cls = get_classifier_class(request.model_type)
        ensure_tensorflow(progress)
        cancel.raise_if_cancelled()
        model = cls.model_validate(request.params)
        prep = FittedPreprocessing(
            mode=cls.prep_mode,  # type: ignore[attr-defined]
            adapter=model._adapter(),  # type: ignore[attr-defined]
            n_channels=request.n_channels,
            n_times=request.n_times,
        )
        return int(model.count_params(prep.n_features, request.n_classes))  # type: ignore[attr-defined]

    return job
