"""Training a classifier, as every front end does it: hold out a test set, fit, score, save.

The Training tab's job (:mod:`bcigui.app.training`), ``python -m bcigui train`` and any later
caller (live streams, studies) call these functions, so that the same trials give the same split
and the same saved model whoever asks. Cross-validation instead of a test set is
:func:`bcigui.app.cv_training.fit_with_cross_validation`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bcigui.classifiers.metrics import TrainResult
from bcigui.classifiers.progress import CancelToken, ProgressCallback

if TYPE_CHECKING:
    from bcigui.classifiers.base import BaseClassifier
    from bcigui.data.trialset import TrialSet

log = logging.getLogger(__name__)

#: Seed of the held-out split: changing the model's seed keeps the test set.
SPLIT_SEED = 0


def split_trials(
    trials: TrialSet, test_fraction: float, *, seed: int = SPLIT_SEED, stratify: bool = True
) -> tuple[TrialSet, TrialSet]:
    """Hold out ``test_fraction`` of ``trials`` as the test set (:meth:`TrialSet.split`).

    Parameters
    ----------
    trials : TrialSet
        Labelled trials, ``n_trials`` of them.
    test_fraction : float
        Share held out, in (0, 1): ``round(n_trials * test_fraction)`` trials (for trials from
        several recordings, whole recordings coming closest to that).
    seed : int
        Seed of the split (default :data:`SPLIT_SEED`, the same for the window and the CLI).
    stratify : bool
        Keep every class's share on both sides.

    Returns
    -------
    train, test : TrialSet

    Raises
    ------
    DataError
        When the trials cannot be split so (the message says what to change).
    """
    train, test = trials.split(test_fraction, seed=seed, stratify=stratify)
    log.info("held out %d of %d trials as the test set", test.n_trials, trials.n_trials)
    return train, test


def train_and_save(
    model: BaseClassifier,
    train: TrialSet,
    test: TrialSet,
    *,
    label: str | None,
    store_dir: str | Path | None = None,
    provenance: dict[str, Any] | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    save_near_chance: bool = True,
) -> TrainResult:
    """Fit ``model`` on ``train``, score it on ``test`` and save it to the store under ``label``.

    Parameters
    ----------
    model : BaseClassifier
        Trained in place.
    train, test : TrialSet
        Labelled trials; ``test`` must match ``train`` (channels, length, classes).
    label : str or None
        Store label: the model is saved as ``<store_dir>/<label>/<type>_<timestamp>.bcimodel``;
        None trains without saving.
    store_dir : path, optional
        The model store (default: the app's store).
    provenance : dict, optional
        More entries for the manifest, e.g. ``{"epoching": ...}`` for recordings, so that
        inference can epoch new recordings the same way.
    progress, cancel
        The core's progress callback and cancel token (nothing is saved when cancelled).
    save_near_chance : bool
        Save a model whose test result is within noise of chance (``result.near_chance``; the
        verdict is logged and stored in the manifest either way). False leaves such a model
        unsaved (``saved_path`` None) for the caller to ask and then :func:`save_trained`.

    Returns
    -------
    TrainResult
        Test-set metrics, curves, the near-chance verdict, and ``saved_path`` when saved.
    """
    if label is not None:
        from bcigui.modelfile.paths import validate_name

        validate_name(label, "label")
    log.info("training %s on %s", model.display_name, train.summary())
    result = model.fit_and_evaluate(
        train, test, model_label=label, store_dir=store_dir, provenance=provenance,
        progress=progress, cancel=cancel, save=False,
    )  # fmt: skip
    if label is not None and (save_near_chance or result.near_chance is None):
        result.saved_path = save_trained(model, label, store_dir)
    return result


def save_trained(model: BaseClassifier, label: str, store_dir: str | Path | None = None) -> Path:
    """Save a fitted ``model`` to the store under ``label`` (after a question was answered).

    Parameters
    ----------
    model : BaseClassifier
        Fitted (by :func:`train_and_save` or a cross-validation), its metrics in
        ``training_info_``.
    label : str
        Store label: the file becomes ``<store_dir>/<label>/<type>_<timestamp>.bcimodel``.
    store_dir : path, optional
        The model store (default: the app's store).

    Returns
    -------
    Path
        The saved file.
    """
    from bcigui.modelfile.paths import validate_name

    validate_name(label, "label")
    path = model.save_to_store(label, store_dir=store_dir)
    log.info("saved %s to %s", model.display_name, path)
    return path
