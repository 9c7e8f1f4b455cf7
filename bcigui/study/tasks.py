"""A study as independent tasks (pipeline x parameters x outer fold x group), and the task itself.

Every task is a small picklable :class:`StudyTask` (file paths, fold indices, settings; never a
Keras object) that any worker runs with :func:`run_task`, returning one :class:`ResultRow`:
the scores on its outer test fold, the fit and predict times and where it ran.

Nested cross-validation: when a pipeline has more than one configuration, each task also scores
its configuration with ``cv.nested`` inner folds made from the outer *training* part only
(``inner_score``); :mod:`bcigui.study.compare` then picks, per outer fold, the configuration
with the best inner score and reports that configuration's outer score. The outer test trials
never take part in the choice.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import socket
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from bcigui.classifiers.progress import CancelToken
from bcigui.errors import Cancelled, DataError
from bcigui.study.data import DataRef, StudyData, cached_data
from bcigui.study.spec import CVSpec, StudySpec, build_model, configurations

log = logging.getLogger(__name__)

#: A picklable "should the task stop?" check (polled between fits and at network epochs).
StopCheck = Callable[[], bool]


@dataclass(frozen=True)
class OuterFold:
    """One outer fold: its group label, its number and the trial indices on each side."""

    group: str
    index: int
    train: np.ndarray
    test: np.ndarray


@dataclass(frozen=True, eq=False)
class StudyTask:
    """One unit of work: fit one configuration on one outer fold's training trials, score it.

    Attributes
    ----------
    key : str
        The cache key: data hash, pipeline and parameters digest, fold and CV settings.
    data : DataRef
        Where the trials come from (each worker loads them once).
    pipeline, model : str
        The pipeline's name in the results and its registered classifier.
    params : str
        The configuration's dotted parameters as JSON (sorted keys).
    group : str
        The group(s) whose trials are tested (per-group folds) or held out.
    fold : int
        The outer fold's number within its group (or overall).
    train, test : ndarray of int
        Trial indices of the outer fold.
    inner_folds : int
        Inner folds for parameter selection (0: only one configuration, no inner CV).
    scheme : str
        The CV scheme (``stratified``, ``grouped``, ``loso``), for the inner folds.
    metrics : tuple of str
    rank_by : str
        The metric of the inner selection and the permutations.
    permutations : int
        Label permutations within the training fold.
    seed : int
    threads : int
        Threads the task may use (TensorFlow and BLAS are pinned to it).
    """

    key: str
    data: DataRef
    pipeline: str
    model: str
    params: str
    group: str
    fold: int
    train: np.ndarray
    test: np.ndarray
    inner_folds: int
    scheme: str
    metrics: tuple[str, ...]
    rank_by: str
    permutations: int
    seed: int
    threads: int = 1

    @property
    def config_id(self) -> str:
        """A short digest of the pipeline and its parameters."""
        return config_digest(self.pipeline, self.model, self.params)


@dataclass
class ResultRow:
    """The outcome of one task (one line of ``results.csv``).

    Attributes
    ----------
    pipeline, model, params, config_id, group, fold
        Which task (``params`` as JSON).
    scores : dict of str to float or None
        Each metric on the outer test fold (None: not defined, e.g. ROC-AUC of one class).
    inner_score : float or None
        Mean ``rank_by`` over the inner folds (nested CV only).
    permutation_scores : list of float
        ``rank_by`` of each label-permuted refit.
    n_train, n_test : int
    fit_seconds, predict_seconds : float
    worker : str
        ``host/pid`` of a local process, or the Dask worker's address.
    key : str
        The cache key.
    error : str or None
        Why the task failed (its scores are then None).
    finished : float
        When the task finished (seconds since the epoch, the worker's clock).
    cached : bool
        True when the row came from the cache of an earlier run (not refitted).
    """

    pipeline: str
    model: str
    params: str
    config_id: str
    group: str
    fold: int
    scores: dict[str, float | None]
    inner_score: float | None
    permutation_scores: list[float]
    n_train: int
    n_test: int
    fit_seconds: float
    predict_seconds: float
    worker: str
    key: str
    error: str | None = None
    finished: float = field(default=0.0, compare=False)
    cached: bool = field(default=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe (the cache line); ``cached`` is not stored."""
        out = asdict(self)
        out.pop("cached")
        return out

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> ResultRow:
        """The row of :meth:`to_dict`."""
        return cls(**values)

    @property
    def ok(self) -> bool:
        """True unless the task failed."""
        return self.error is None


def config_digest(pipeline: str, model: str, params_json: str) -> str:
    """12 hex characters naming a pipeline configuration."""
    return hashlib.sha256(f"{pipeline}|{model}|{params_json}".encode()).hexdigest()[:12]


def params_json(params: dict[str, Any]) -> str:
    """Dotted parameters as canonical JSON."""
    return json.dumps(params, sort_keys=True, separators=(",", ":"))


# ------------------------------------------------------------------------------ folds
def outer_folds(data: StudyData, cv: CVSpec, seed: int) -> list[OuterFold]:
    """The outer folds of ``cv.scheme`` over ``data``.

    ``stratified``: ``cv.folds`` stratified folds within each group; ``grouped``: folds of whole
    groups (leave-one-group-out when there are ``cv.folds`` groups or fewer); ``loso``: leave
    one group (subject) out.

    Raises
    ------
    DataError
        Too few trials of a class for the folds, or fewer than two groups for a grouped scheme.
    """
    from sklearn.model_selection import GroupKFold, LeaveOneGroupOut, StratifiedKFold

    y = np.asarray(data.trials.y)
    groups = data.groups
    names = data.group_names
    folds: list[OuterFold] = []
    if cv.scheme == "stratified":
        for name in names:
            where = np.flatnonzero(groups == name)
            _check_class_counts(y[where], cv.folds, f"group {name!r}")
            splitter = StratifiedKFold(cv.folds, shuffle=True, random_state=seed)
            for i, (tr, te) in enumerate(splitter.split(where, y[where])):
                folds.append(OuterFold(name, i, where[tr], where[te]))
        return folds
    if len(names) < 2:
        raise DataError(
            f"the {cv.scheme!r} scheme holds whole groups out and needs at least 2; the data have "
            f'{names}. Add recordings (or trial groups), or use scheme = "stratified"'
        )
    index = np.arange(len(y))
    if cv.scheme == "loso" or len(names) <= cv.folds:
        splits = LeaveOneGroupOut().split(index, y, groups)
    else:
        splits = GroupKFold(cv.folds, shuffle=True, random_state=seed).split(index, y, groups)
    for i, (tr, te) in enumerate(splits):
        held_out = "+".join(dict.fromkeys(groups[te].tolist()))
        folds.append(OuterFold(held_out, i, tr, te))
    return folds


def _check_class_counts(y: np.ndarray, n_splits: int, where: str) -> None:
    _, counts = np.unique(y, return_counts=True)
    if len(counts) < 2 or counts.min() < n_splits:
        raise DataError(
            f"{where}: stratified {n_splits}-fold CV needs at least {n_splits} trials of each of "
            f"2+ classes; it has {dict(zip(*np.unique(y, return_counts=True), strict=True))}. "
            "Lower [cv] folds"
        )


def inner_splits(
    y: np.ndarray, groups: np.ndarray, train: np.ndarray, scheme: str, n_splits: int, seed: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Inner folds made from the outer training trials ``train`` only (absolute indices).

    Grouped schemes keep groups whole when the training part has 2 groups or more; otherwise
    (and for ``stratified``) the inner folds are stratified by class, at most as many as the
    rarest class has trials.
    """
    from sklearn.model_selection import GroupKFold, LeaveOneGroupOut, StratifiedKFold

    y_tr, g_tr = y[train], groups[train]
    distinct = list(dict.fromkeys(g_tr.tolist()))
    if scheme != "stratified" and len(distinct) >= 2:
        if len(distinct) <= n_splits:
            pairs = LeaveOneGroupOut().split(train, y_tr, g_tr)
        else:
            pairs = GroupKFold(n_splits, shuffle=True, random_state=seed).split(train, y_tr, g_tr)
    else:
        smallest = int(np.unique(y_tr, return_counts=True)[1].min())
        k = max(2, min(n_splits, smallest))
        pairs = StratifiedKFold(k, shuffle=True, random_state=seed).split(train, y_tr)
    return [(train[a], train[b]) for a, b in pairs]


# -------------------------------------------------------------------------- expansion
def expand_tasks(
    spec: StudySpec, ref: DataRef, data: StudyData, data_digest: str, *, threads: int = 1
) -> list[StudyTask]:
    """Every task of ``spec``: outer fold x pipeline x configuration (fold-major order, so
    that every pipeline gets results early)."""
    folds = outer_folds(data, spec.cv, spec.seed)
    cv = spec.cv
    tasks = []
    for fold in folds:
        for pipeline in spec.pipelines:
            configs = configurations(pipeline, spec.seed)
            inner = cv.nested if len(configs) > 1 else 0
            for config in configs:
                pj = params_json(config)
                key_text = json.dumps(
                    [data_digest, pipeline.title, pipeline.model, pj, cv.scheme, cv.folds,
                     inner, cv.permutations, spec.seed, fold.group, fold.index,
                     list(spec.metrics), spec.ranking_metric],
                )  # fmt: skip
                tasks.append(
                    StudyTask(
                        key=hashlib.sha256(key_text.encode()).hexdigest()[:24],
                        data=ref,
                        pipeline=pipeline.title,
                        model=pipeline.model,
                        params=pj,
                        group=fold.group,
                        fold=fold.index,
                        train=fold.train,
                        test=fold.test,
                        inner_folds=inner,
                        scheme=cv.scheme,
                        metrics=tuple(spec.metrics),
                        rank_by=spec.ranking_metric,
                        permutations=cv.permutations,
                        seed=spec.seed,
                        threads=threads,
                    )
                )
    return tasks


# ------------------------------------------------------------------------ the task
class _PolledToken(CancelToken):
    """A :class:`CancelToken` whose flag is a picklable check (a Manager or Dask event)."""

    def __init__(self, stop: StopCheck | None) -> None:
        super().__init__()
        self._stop = stop

    @property
    def cancelled(self) -> bool:
        if self._event.is_set():
            return True
        if self._stop is not None and self._stop():
            self._event.set()
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self.cancelled:
            raise Cancelled("the study was cancelled")


def pin_threads(threads: int) -> None:
    """Keep TensorFlow and BLAS to ``threads`` threads in this worker (before TF is imported;
    after, TensorFlow's own setters are tried)."""
    n = str(max(1, threads))
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                 "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS"):  # fmt: skip
        os.environ.setdefault(name, n)
    if "tensorflow" in sys.modules:
        tf = sys.modules["tensorflow"]
        try:
            tf.config.threading.set_intra_op_parallelism_threads(int(n))
            tf.config.threading.set_inter_op_parallelism_threads(int(n))
        except (RuntimeError, AttributeError):  # already initialised: the env vars held
            pass


def worker_name() -> str:
    """The Dask worker's address when running in one, else ``host/pid``."""
    if "distributed" in sys.modules:
        try:
            from distributed import get_worker

            return str(get_worker().address)
        except ValueError:  # not in a Dask worker
            pass
    return f"{socket.gethostname()}/{os.getpid()}"


def _score(
    task: StudyTask, data: StudyData, train: np.ndarray, test: np.ndarray, y: np.ndarray,
    token: CancelToken,
) -> tuple[dict[str, float | None], float, float]:  # fmt: skip
    """Fit on ``train`` (labels ``y``), score ``test``: metrics, fit and predict seconds."""
    from bcigui.classifiers.metrics import compute_metrics
    from bcigui.data.trialset import TrialSet

    token.raise_if_cancelled()
    model = build_model(task.model, json.loads(task.params), task.seed)
    base = data.trials
    fit_set = TrialSet(
        trials=[base.trials[i] for i in train], y=y[train], sfreq=base.sfreq,
        ch_names=base.ch_names, sources=tuple(base.sources[i] for i in train),
    )  # fmt: skip
    started = time.perf_counter()
    model.fit_trials(fit_set, cancel=token)
    fit_seconds = time.perf_counter() - started
    started = time.perf_counter()
    test_set = base.subset(test)
    _, proba = model.predict_trials(test_set)
    predict_seconds = time.perf_counter() - started
    classes = model.classes_
    lookup = {c: i for i, c in enumerate(classes.tolist())}
    y_idx = np.array([lookup[c] for c in np.asarray(base.y)[test].tolist()], dtype=np.int64)
    metrics = compute_metrics(y_idx, proba, classes, judge_chance=False)
    scores: dict[str, float | None] = {}
    for name in task.metrics:
        value = getattr(metrics, name, None)
        scores[name] = None if value is None or not np.isfinite(value) else float(value)
    return scores, fit_seconds, predict_seconds


def run_task(task: StudyTask, stop: StopCheck | None = None) -> ResultRow:
    """Run one task (in any worker): inner CV when asked, outer fit and score, permutations.

    Raises
    ------
    Cancelled
        When ``stop()`` turned true (checked before every fit and at network epochs).
    """
    pin_threads(task.threads)
    token = _PolledToken(stop)
    data = cached_data(task.data)
    y = np.asarray(data.trials.y)
    inner_score = None
    if task.inner_folds:
        values = []
        for tr, te in inner_splits(y, data.groups, task.train, task.scheme, task.inner_folds,
                                   task.seed):  # fmt: skip
            scores, _, _ = _score(task, data, tr, te, y, token)
            values.append(scores.get(task.rank_by))
        finite = [v for v in values if v is not None]
        inner_score = float(np.mean(finite)) if finite else None
    scores, fit_seconds, predict_seconds = _score(task, data, task.train, task.test, y, token)
    permuted: list[float] = []
    rng = np.random.default_rng([task.seed, task.fold, int(task.key[:8], 16)])
    for _ in range(task.permutations):
        y_perm = y.copy()
        for g in np.unique(data.groups[task.train]):
            where = task.train[data.groups[task.train] == g]
            y_perm[where] = rng.permutation(y[where])
        perm_scores, _, _ = _score(task, data, task.train, task.test, y_perm, token)
        value = perm_scores.get(task.rank_by)
        permuted.append(float("nan") if value is None else value)
    return ResultRow(
        pipeline=task.pipeline, model=task.model, params=task.params, config_id=task.config_id,
        group=task.group, fold=task.fold, scores=scores, inner_score=inner_score,
        permutation_scores=permuted, n_train=len(task.train), n_test=len(task.test),
        fit_seconds=fit_seconds, predict_seconds=predict_seconds, worker=worker_name(),
        key=task.key, finished=time.time(),
    )  # fmt: skip


def failed_row(task: StudyTask, reason: str) -> ResultRow:
    """The row of a task that could not finish (scores None, ``error`` says why)."""
    return ResultRow(
        pipeline=task.pipeline, model=task.model, params=task.params, config_id=task.config_id,
        group=task.group, fold=task.fold, scores=dict.fromkeys(task.metrics),
        inner_score=None, permutation_scores=[], n_train=len(task.train),
        n_test=len(task.test), fit_seconds=0.0, predict_seconds=0.0, worker="", key=task.key,
        error=reason,
    )  # fmt: skip
