"""Honest cross-validation of a bcigui classifier on a TrialSet: stratified k-fold, or folds
grouped by recording/session so that trials of one run never sit on both sides.

Each fold trains ``sklearn.base.clone(model)`` on its training trials and scores the held-out
trials with :func:`~bcigui.classifiers.metrics.compute_metrics`. On request, a permutation
test refits on label-shuffled data (shuffled within each group for the grouped scheme) to
give a p-value. With ``refit=True`` the model itself is then fitted on all trials and its
``training_info_["cross_validation"]`` (saved in the model file's manifest) holds the result.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import numpy as np

from bcigui.classifiers.metrics import EvaluationMetrics, compute_metrics, python_value
from bcigui.classifiers.progress import CancelToken, ProgressCallback, no_progress
from bcigui.data.trialset import TrialSet
from bcigui.errors import ConfigError, DataError, UserText

log = logging.getLogger(__name__)

Scheme = Literal["kfold", "grouped"]
#: The metrics summarised as mean +- sd over folds.
CV_METRICS = (
    "accuracy", "balanced_accuracy", "roc_auc", "f1_macro", "f1_weighted",
    "precision_macro", "recall_macro",
)  # fmt: skip


@dataclass
class CVFold:
    """One fold's scores.

    Attributes
    ----------
    index : int
    n_train, n_test : int
        Trials on each side.
    test_groups : list of str
        The groups (recordings) held out in this fold (empty for k-fold).
    metrics : dict
        :meth:`EvaluationMetrics.to_dict` of the held-out trials.
    fit_seconds, predict_seconds : float
        Wall time of fitting and of predicting the held-out trials.
    """

    index: int
    n_train: int
    n_test: int
    test_groups: list[str]
    metrics: dict[str, Any]
    fit_seconds: float
    predict_seconds: float


@dataclass
class CVResult:
    """The outcome of :func:`cross_validate`.

    Attributes
    ----------
    model_type : str
    scheme : {'kfold', 'grouped'}
    n_splits : int
        Folds actually run (leave-one-group-out gives one per group).
    splitter : str
        The scikit-learn splitter used.
    folds : list of CVFold
    classes : list
    chance_level : float
        Share of the most frequent class over all trials.
    groups : list of str
        Distinct groups (recordings) in the data.
    random_state : int
    permutation_metric : str or None
        ``roc_auc`` (two classes) or ``balanced_accuracy``, when a permutation test ran.
    permutation_scores : list of float
        The mean-over-folds statistic of each label permutation.
    p_value : float or None
        ``(count(permuted >= observed) + 1) / (n_permutations + 1)``.
    """

    model_type: str
    scheme: Scheme
    n_splits: int
    splitter: str
    folds: list[CVFold]
    classes: list[Any]
    chance_level: float
    groups: list[str]
    random_state: int
    permutation_metric: str | None = None
    permutation_scores: list[float] = field(default_factory=list)
    p_value: float | None = None

    def scores(self, metric: str) -> np.ndarray:
        """Per-fold values of ``metric``, NaN where a fold could not compute it."""
        values = [f.metrics.get(metric) for f in self.folds]
        return np.array([np.nan if v is None else v for v in values], dtype=np.float64)

    def mean(self, metric: str) -> float | None:
        """Mean of ``metric`` over the folds that have it (None if none do)."""
        values = self.scores(metric)
        return None if np.all(np.isnan(values)) else float(np.nanmean(values))

    def std(self, metric: str) -> float | None:
        """Standard deviation (ddof=0) of ``metric`` over the folds that have it."""
        values = self.scores(metric)
        return None if np.all(np.isnan(values)) else float(np.nanstd(values))

    @property
    def fit_seconds(self) -> float:
        """Mean fitting time per fold."""
        return float(np.mean([f.fit_seconds for f in self.folds]))

    @property
    def predict_seconds_per_trial(self) -> float:
        """Mean prediction time per held-out trial (batch prediction)."""
        total = sum(f.n_test for f in self.folds)
        return float(sum(f.predict_seconds for f in self.folds) / max(total, 1))

    def summary_table(self) -> dict[str, dict[str, float | None]]:
        """``{metric: {"mean": ..., "std": ...}}`` for :data:`CV_METRICS`."""
        return {m: {"mean": self.mean(m), "std": self.std(m)} for m in CV_METRICS}

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict (no NaN: missing values are None)."""
        out = asdict(self)
        out["summary"] = self.summary_table()
        return _json_safe(out)

    def summary(self) -> str:
        """One line: scheme, folds and the main scores with their spread."""
        parts = []
        for metric in ("roc_auc", "balanced_accuracy", "accuracy"):
            mean, std = self.mean(metric), self.std(metric)
            if mean is not None and std is not None:
                parts.append(f"{metric.replace('_', ' ')} {mean:.3f} +- {std:.3f}")
        text = f"{self.scheme} CV, {self.n_splits} folds: " + ", ".join(parts)
        text += f", chance {self.chance_level:.3f}"
        if self.p_value is not None:
            text += f", permutation p = {self.p_value:.3g} ({len(self.permutation_scores)} perms)"
        return text


def _json_safe(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    value = python_value(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def trial_groups(trials: TrialSet) -> np.ndarray | None:
    """The group (recording) of every trial, shape ``(n_trials,)``, or None if unknown.

    ``TrialSet.groups`` when the trial set has it, else the source file of each trial; None
    when neither says anything.
    """
    groups = getattr(trials, "groups", None)
    if groups is None and trials.sources:
        groups = [s.file for s in trials.sources]
    if groups is None:
        return None
    out = np.asarray([str(g) for g in groups])
    return None if not np.any(out != "") else out


def make_splits(
    trials: TrialSet, y_idx: np.ndarray, scheme: Scheme, n_splits: int, random_state: int
) -> tuple[list[tuple[np.ndarray, np.ndarray]], str, np.ndarray | None]:
    """Train/test index pairs for ``scheme``; also the splitter's name and the groups.

    Raises
    ------
    DataError
        Too few trials of a class for ``n_splits`` stratified folds, or fewer than two groups.
    ConfigError
        An unknown scheme or ``n_splits < 2``.
    """
    from sklearn.model_selection import GroupKFold, LeaveOneGroupOut, StratifiedKFold

    if n_splits < 2:
        raise ConfigError(f"n_splits must be at least 2, got {n_splits}")
    groups = trial_groups(trials)
    index = np.arange(len(y_idx))
    if scheme == "kfold":
        smallest = int(np.bincount(y_idx).min())
        if smallest < n_splits:
            raise DataError(
                f"stratified {n_splits}-fold cross-validation needs at least {n_splits} trials "
                f"of every class; class counts: {trials.class_counts()}. Lower n_splits"
            )
        splitter: Any = StratifiedKFold(n_splits, shuffle=True, random_state=random_state)
        return list(splitter.split(index, y_idx)), "StratifiedKFold", groups
    if scheme != "grouped":
        raise ConfigError(f"scheme must be 'kfold' or 'grouped', got {scheme!r}")
    distinct = [] if groups is None else list(dict.fromkeys(groups.tolist()))
    if len(distinct) < 2:
        found = "no recording information" if not distinct else f"only '{distinct[0]}'"
        raise DataError(
            "grouped cross-validation needs trials from at least 2 recordings (sessions, runs) "
            f"so that one can be held out; the data have {found}. Combine several recordings "
            "or use scheme='kfold'"
        )
    assert groups is not None
    if len(distinct) <= n_splits:
        splitter, name = LeaveOneGroupOut(), "LeaveOneGroupOut"
    else:
        splitter = GroupKFold(n_splits, shuffle=True, random_state=random_state)
        name = "GroupKFold"
    return list(splitter.split(index, y_idx, groups)), name, groups


def _permuted(y_idx: np.ndarray, groups: np.ndarray | None, rng: np.random.Generator) -> np.ndarray:
    """``y_idx`` shuffled, within each group when ``groups`` is given."""
    out = y_idx.copy()
    if groups is None:
        return rng.permutation(out)
    for g in np.unique(groups):
        where = np.flatnonzero(groups == g)
        out[where] = rng.permutation(out[where])
    return out


def cross_validate(
    model: Any,
    trials: TrialSet,
    *,
    scheme: Scheme = "kfold",
    n_splits: int = 5,
    permutations: int = 0,
    random_state: int = 0,
    refit: bool = True,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> CVResult:
    """Cross-validate ``model`` (a bcigui classifier, left untouched unless ``refit``).

    Parameters
    ----------
    model : BaseClassifier
        The configuration to evaluate; every fold trains a clone.
    trials : TrialSet
        Labelled trials. For ``scheme='grouped'`` the groups are ``trials.groups`` when
        present, else each trial's source file.
    scheme : {'kfold', 'grouped'}
        Stratified shuffled k-fold, or folds that never split a group (GroupKFold, or
        leave-one-group-out when there are at most ``n_splits`` groups).
    n_splits : int
        Folds (k-fold) or the most folds (grouped).
    permutations : int
        Label permutations for a permutation test (0: none). Each one reruns every fold.
        The statistic is the mean ROC-AUC over folds for two classes, the mean balanced
        accuracy otherwise.
    random_state : int
        Seeds the fold assignment and the permutations.
    refit : bool
        Fit ``model`` on all trials afterwards and record the result in
        ``model.training_info_["cross_validation"]``.
    progress : callable, optional
        ``progress(fraction, message, **values)`` over all folds, permutations and the refit.
    cancel : CancelToken, optional
        Checked between folds, and within folds by the classifiers' own fitting.

    Returns
    -------
    CVResult

    Raises
    ------
    DataError
        Unlabelled data, a single class, too few trials per class or too few groups.
    Cancelled
        When ``cancel`` is set; ``model`` is then unchanged.
    """
    from sklearn.base import clone

    progress = progress or no_progress
    cancel = cancel or CancelToken()
    if trials.y is None:
        raise DataError("cross-validation needs labelled trials")
    classes = np.unique(trials.y)
    if len(classes) < 2:
        raise DataError(f"the data hold only one class ({str(classes[0])!r}): nothing to classify")
    y_idx = np.searchsorted(classes, trials.y)
    splits, splitter, groups = make_splits(trials, y_idx, scheme, n_splits, random_state)
    metric = "roc_auc" if len(classes) == 2 else "balanced_accuracy"
    n_runs = 1 + max(permutations, 0)
    total_steps = n_runs * len(splits) + (1 if refit else 0)

    def run(labels: np.ndarray, run_index: int) -> Iterator[CVFold]:
        data = trials if labels is y_idx else _relabelled(trials, classes[labels])
        for k, (train_idx, test_idx) in enumerate(splits):
            cancel.raise_if_cancelled()
            step = run_index * len(splits) + k
            fold_progress = _offset(progress, step / total_steps, 1 / total_steps)
            if run_index == 0:
                fold_progress(0.0, UserText.of("fold {k}/{n}", k=k + 1, n=len(splits)))
            else:
                fold_progress(0.0, UserText.of(
                    "permutation {p}/{m}, fold {k}/{n}",
                    p=run_index, m=permutations, k=k + 1, n=len(splits),
                ))  # fmt: skip
            estimator = clone(model)
            started = time.perf_counter()
            estimator.fit_trials(data.subset(train_idx), progress=fold_progress, cancel=cancel)
            fitted = time.perf_counter()
            proba = estimator._predict_proba_trials(data.subset(test_idx))
            predicted = time.perf_counter()
            scores: EvaluationMetrics = compute_metrics(
                labels[test_idx], proba, classes, judge_chance=False
            )
            held_out = [] if groups is None or scheme == "kfold" else groups[test_idx]
            yield CVFold(
                index=k, n_train=len(train_idx), n_test=len(test_idx),
                test_groups=list(dict.fromkeys(map(str, held_out))), metrics=scores.to_dict(),
                fit_seconds=fitted - started, predict_seconds=predicted - fitted,
            )  # fmt: skip

    folds = list(run(y_idx, 0))
    counts = np.bincount(y_idx, minlength=len(classes))
    result = CVResult(
        model_type=getattr(model, "model_type", type(model).__name__),
        scheme=scheme, n_splits=len(splits), splitter=splitter, folds=folds,
        classes=[python_value(c) for c in classes], chance_level=float(counts.max() / len(y_idx)),
        groups=[] if groups is None else list(dict.fromkeys(groups.tolist())),
        random_state=random_state,
    )  # fmt: skip
    if permutations > 0:
        observed = result.mean(metric)
        rng = np.random.default_rng(random_state)
        perm_groups = groups if scheme == "grouped" else None
        for p in range(permutations):
            shuffled = _permuted(y_idx, perm_groups, rng)
            perm_folds = list(run(shuffled, p + 1))
            values = [f.metrics.get(metric) for f in perm_folds]
            result.permutation_scores.append(
                float(np.mean([v for v in values if v is not None] or [np.nan]))
            )
        perm = np.asarray(result.permutation_scores)
        exceed = int(np.sum(perm >= (observed if observed is not None else np.inf)))
        result.permutation_metric = metric
        result.p_value = (exceed + 1) / (permutations + 1)
    log.info("%s: %s", result.model_type, result.summary())
    if refit:
        cancel.raise_if_cancelled()
        model.fit_trials(
            trials,
            progress=_offset(progress, (total_steps - 1) / total_steps, 1 / total_steps),
            cancel=cancel,
        )
        model.training_info_["cross_validation"] = result.to_dict()
    progress(1.0, UserText.of("cross-validation done"), **{
        k: v for k, v in (("roc_auc", result.mean("roc_auc")),
                          ("balanced_accuracy", result.mean("balanced_accuracy")))
        if v is not None
    })  # fmt: skip
    return result


def _relabelled(trials: TrialSet, y: np.ndarray) -> TrialSet:
    """``trials`` with labels ``y`` (everything else shared)."""
    return dataclasses.replace(trials, y=y)


def _offset(progress: ProgressCallback, start: float, share: float) -> ProgressCallback:
    """A callback mapping ``fraction`` in [0, 1] onto ``[start, start + share]``."""

    def report(fraction: float, message: str, **values: Any) -> None:
        progress(start + share * min(max(fraction, 0.0), 1.0), message, **values)

    return report
