"""Loading and checking the Training tab's files, off the GUI thread (Qt-free).

:func:`check_data` is the work the data panel submits to its worker lane whenever the file
lists change. It reads every (X file, label file) pair on its own, so that *each* problem is
reported with the file it concerns (the core raises at the first one), merges the good pairs
into one :class:`~bcigui.data.TrialSet` per role, splits a test set off the training set when
asked (:func:`~bcigui.app.fitting.split_trials`, the very split ``bcigui train`` makes), and
checks test against train with the same rules training will apply. Files already read (same
path, size and modification time) are taken from a cache.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bcigui.app.pairing import Row

if TYPE_CHECKING:  # only for annotations: the GUI imports this module before the core loads
    from bcigui.classifiers.progress import CancelToken
    from bcigui.data.trialset import TrialSet

log = logging.getLogger(__name__)

CacheKey = tuple[str, int, int, str, int, int]


@dataclass(frozen=True)
class Problem:
    """One thing that stops training, shown inline in the data panel.

    Attributes
    ----------
    role : {"train", "test", "split"}
        Which part of the panel it belongs to.
    row : int or None
        The table row (0-based) of the offending pair, None for a problem of the whole set.
    path : Path or None
        The offending file.
    message : str
        What is wrong and how to fix it (the core's message, which names the file).
    """

    role: str
    row: int | None
    path: Path | None
    message: str


@dataclass(frozen=True)
class SetSummary:
    """What a loaded set holds, for the summary line."""

    n_files: int
    n_trials: int
    n_channels: int
    min_times: int
    max_times: int
    class_counts: dict[Any, int]

    @classmethod
    def of(cls, trials: TrialSet, n_files: int) -> SetSummary:
        """Summarise a TrialSet read from ``n_files`` pairs."""
        lengths = trials.lengths
        return cls(
            n_files=n_files,
            n_trials=trials.n_trials,
            n_channels=trials.n_channels,
            min_times=int(lengths.min()),
            max_times=int(lengths.max()),
            class_counts=trials.class_counts(),
        )

    @property
    def shape_text(self) -> str:
        """``"n_trials x channels x samples"`` (a range of samples for ragged sets)."""
        from bcigui.errors import UserText

        times = (
            str(self.min_times)
            if self.min_times == self.max_times
            else f"{self.min_times}-{self.max_times}"
        )
        return UserText.of(
            "{n} trials x {c} channels x {t} samples", n=self.n_trials, c=self.n_channels, t=times
        )

    @property
    def classes_text(self) -> str:
        """``"NonTarget: 400, Target: 80"``."""
        return ", ".join(f"{k}: {v}" for k, v in self.class_counts.items())


@dataclass
class DataCheck:
    """The outcome of :func:`check_data`."""

    train: TrialSet | None = None
    test: TrialSet | None = None
    train_summary: SetSummary | None = None
    test_summary: SetSummary | None = None
    problems: list[Problem] = field(default_factory=list)
    cache: dict[CacheKey, Any] = field(default_factory=dict)
    split_note: str = ""
    cv_scheme: str | None = None
    #: The folds cross-validation will run: grouped CV over fewer recordings than the chosen
    #: folds holds out one recording per fold (None without cross-validation or data).
    cv_folds: int | None = None
    #: The recordings grouped CV holds out (0 for stratified k-fold).
    cv_groups: int = 0

    @property
    def ok(self) -> bool:
        """True when the training set (and a test set, without cross-validation) is fine."""
        evaluable = self.test is not None or self.cv_scheme is not None
        return not self.problems and self.train is not None and evaluable

    @property
    def ragged(self) -> bool:
        """Whether trials differ in length (only sequence models take them)."""
        return any(
            s is not None and s.min_times != s.max_times
            for s in (self.train_summary, self.test_summary)
        )


@dataclass(frozen=True)
class DataRequest:
    """What to check: the two tables and the split settings."""

    train_rows: Sequence[Row]
    test_rows: Sequence[Row]
    split: bool = False
    split_percent: int = 20
    stratify: bool = True
    #: Epoched EEG recordings (a TrialSet) used instead of ``train_rows`` / ``test_rows``.
    train_trials: TrialSet | None = None
    test_trials: TrialSet | None = None
    #: Cross-validation instead of a test set: ``"kfold"`` or ``"grouped"`` (by recording).
    cv_scheme: str | None = None
    cv_folds: int = 5


@contextlib.contextmanager
def _quiet_loader() -> Iterator[None]:
    """Silence the loader's per-call INFO line while reading files one pair at a time."""
    loader = logging.getLogger("bcigui.data.npy_io")
    level = loader.level
    loader.setLevel(max(level, logging.WARNING))
    try:
        yield
    finally:
        loader.setLevel(level)


def _cache_key(x: Path, y: Path) -> CacheKey | None:
    try:
        sx, sy = x.stat(), y.stat()
    except OSError:
        return None
    return (str(x), sx.st_size, sx.st_mtime_ns, str(y), sy.st_size, sy.st_mtime_ns)


def _read_pair(x: Path, y: Path, role: str, cache: dict[CacheKey, Any], new: dict) -> Any:
    """A TrialSet for one pair, or raise the core's error."""
    from bcigui.data.npy_io import load_seed_files

    key = _cache_key(x, y)
    if key is not None and key in cache:
        new[key] = cache[key]
        return cache[key]
    trials = load_seed_files([x], [y], role=role)
    if key is not None:
        new[key] = trials
    return trials


def _load_set(
    rows: Sequence[Row],
    role: str,
    cache: dict[CacheKey, Any],
    new_cache: dict[CacheKey, Any],
    problems: list[Problem],
    cancel: Any,
) -> Any:
    """Read every pair of a table; record problems; merge the good pairs."""
    import numpy as np

    from bcigui.data.labels import check_label_kinds
    from bcigui.data.trialset import TrialSet
    from bcigui.errors import DataFileError, UserText, user_text_of

    parts: list[tuple[int, Path, Any]] = []
    first: tuple[Path, int] | None = None
    for i, (x, y) in enumerate(rows):
        cancel.raise_if_cancelled()
        if x is None or y is None:
            present = x if y is None else y
            assert present is not None
            msg = (
                UserText.of(
                    "{f}: no label file paired with it; add one (or remove the row)", f=present.name
                )
                if y is None
                else UserText.of(
                    "{f}: no X file paired with it; add one (or remove the row)", f=present.name
                )
            )
            problems.append(Problem(role, i, present, msg))
            continue
        try:
            trials = _read_pair(x, y, role, cache, new_cache)
        except DataFileError as exc:
            problems.append(Problem(role, i, exc.path, user_text_of(exc)))
            continue
        except Exception as exc:  # any other core refusal still belongs to this row
            message = UserText.of("{f}: {problem}", f=x.name, problem=user_text_of(exc))
            problems.append(Problem(role, i, x, message))
            continue
        if first is None:
            first = (x, trials.n_channels)
        elif trials.n_channels != first[1]:
            msg = UserText.of(
                "{f}: has {n} features, but the first file {first} has {m} (every file must "
                "hold the same features in the same order)",
                f=x,
                n=trials.n_channels,
                first=first[0].name,
                m=first[1],
            )
            problems.append(Problem(role, i, x, msg))
            continue
        parts.append((i, y, trials))
    if not parts:
        return None
    try:
        check_label_kinds([p[2].y for p in parts], [p[1] for p in parts])
    except Exception as exc:
        problems.append(Problem(role, None, None, user_text_of(exc)))
        return None
    if len(parts) == 1:
        return parts[0][2]
    return TrialSet(
        trials=[t for _, _, ts in parts for t in ts.trials],
        y=np.concatenate([ts.y for _, _, ts in parts]),
        sources=tuple(s for _, _, ts in parts for s in ts.sources),
    )


def _check_cv(train: Any, scheme: str, folds: int, out: DataCheck) -> None:
    """Whether ``train`` can be cross-validated with ``folds`` folds of ``scheme``; sets
    ``out.cv_folds`` to the folds that will actually run (as ``make_splits`` chooses them)."""
    from bcigui.classifiers.cross_validation import trial_groups

    problems = out.problems
    smallest = min(train.class_counts().values())
    out.cv_folds = folds
    if scheme == "grouped":
        found = trial_groups(train)
        groups = [] if found is None else sorted(set(found.tolist()))
        out.cv_groups = len(groups)
        if len(groups) <= folds:  # LeaveOneGroupOut: one fold per recording
            out.cv_folds = len(groups)
        if len(groups) < 2:
            problems.append(
                Problem(
                    "split",
                    None,
                    None,
                    "cross-validation grouped by recording needs trials from at least 2 "
                    f"recordings (files); these come from {len(groups)}. Add recordings or "
                    "choose stratified k-fold",
                )
            )
    elif smallest < folds:
        problems.append(
            Problem(
                "split",
                None,
                None,
                f"{folds}-fold cross-validation needs at least {folds} trials of every class; "
                f"the smallest class has {smallest}. Use fewer folds or add trials",
            )
        )


def check_data(
    request: DataRequest, cache: dict[CacheKey, Any] | None = None
) -> Callable[[Callable[..., None], CancelToken], DataCheck]:
    """The worker job that loads and checks ``request`` (see the module docstring)."""
    cache = dict(cache or {})

    def job(progress: Callable[..., None], cancel: CancelToken) -> DataCheck:
        with _quiet_loader():
            out = _check(request, cache, progress, cancel)
        log.info(
            "checked %d training and %d test file pairs: %d problems",
            len(request.train_rows),
            len(request.test_rows),
            len(out.problems),
        )
        return out

    return job


def _check(
    request: DataRequest, cache: dict[CacheKey, Any], progress: Callable[..., None], cancel: Any
) -> DataCheck:
    """The body of :func:`check_data`'s job."""
    import numpy as np

    from bcigui.app.fitting import split_trials
    from bcigui.classifiers.checks import check_test_against_train
    from bcigui.errors import DataError, UserText, user_text_of

    out = DataCheck(cv_scheme=request.cv_scheme)
    n_rows = len(request.train_rows) + (0 if request.split else len(request.test_rows))
    progress(0.0, UserText.of("reading {n} file pairs", n=n_rows))
    if request.train_trials is not None:
        train = request.train_trials
        n_train_files = len(train.files())
    else:
        train = _load_set(request.train_rows, "train", cache, out.cache, out.problems, cancel)
        n_train_files = len(request.train_rows)
    if train is not None:
        out.train_summary = SetSummary.of(train, n_train_files)
    if request.cv_scheme is not None:
        if train is not None:
            _check_cv(train, request.cv_scheme, request.cv_folds, out)
    elif request.test_trials is not None:
        out.test = request.test_trials
        out.test_summary = SetSummary.of(out.test, len(out.test.files()))
    elif request.split:
        if train is not None and not any(p.role == "train" for p in out.problems):
            try:
                fit, test = split_trials(
                    train, request.split_percent / 100, stratify=request.stratify
                )
            except DataError as exc:
                out.problems.append(Problem("split", None, None, user_text_of(exc)))
            else:
                how = " (stratified)" if request.stratify else ""
                if train.recordings is not None:
                    how = " (whole recordings)"
                out.split_note = f"{request.split_percent}% of the training trials held out{how}"
                train, out.test = fit, test
                out.train_summary = SetSummary.of(fit, len(request.train_rows))
                out.test_summary = SetSummary.of(test, 0)
    elif request.test_rows:
        out.test = _load_set(request.test_rows, "test", cache, out.cache, out.problems, cancel)
        if out.test is not None:
            out.test_summary = SetSummary.of(out.test, len(request.test_rows))
    out.train = train
    if train is not None and out.test is not None and not out.problems:
        try:
            check_test_against_train(train, out.test)
        except Exception as exc:
            out.problems.append(Problem("test", None, None, user_text_of(exc)))
    if train is not None and train.y is not None and len(np.unique(train.y)) < 2:
        out.problems.append(
            Problem(
                "train",
                None,
                None,
                (
                    f"the training files hold only one class ('{train.y[0]}'): "
                    "a classifier needs at least two"
                ),
            )
        )
    progress(1.0, UserText.of("files checked"))
    return out


def ensure_demo_dataset(kind: str, folder: Path) -> Callable[[Callable[..., None], Any], dict]:
    """The worker job that writes demo set ``kind`` under ``folder/demo/<kind>`` once.

    Returns ``{"xTrain", "yTrain", "xTest", "yTest"}`` lists of Paths; a set already written
    (its ``info.json`` exists) is listed instead of written again.
    """
    from bcigui.errors import UserText

    target = folder / "demo" / kind

    def job(progress: Callable[..., None], cancel: Any) -> dict[str, list[Path]]:
        from bcigui.app.pairing import natural_key

        info = target / "info.json"
        if info.is_file():
            files = {}
            for role, sub in (("Train", "train"), ("Test", "test")):
                names = sorted((target / sub).glob("*.npy"), key=natural_key)
                files[f"x{role}"] = [p for p in names if p.stem.endswith("_x")]
                files[f"y{role}"] = [p for p in names if p.stem.endswith("_y")]
            if files["xTrain"] and len(files["xTrain"]) == len(files["yTrain"]):
                return files
        from bcigui.data.synthetic import write_demo_dataset

        progress(0.0, UserText.of("writing the {k} demo data set to {t}", k=kind, t=target))
        tmp = target.with_name(f".{kind}.partial")
        if tmp.exists():
            import shutil

            shutil.rmtree(tmp)
        written = write_demo_dataset(kind, tmp, random_state=0)  # type: ignore[arg-type]
        cancel.raise_if_cancelled()
        if target.exists():
            import shutil

            shutil.rmtree(target)
        tmp.rename(target)
        progress(1.0, UserText.of("demo data written"))
        return {k: [target / p.relative_to(tmp) for p in v] for k, v in written.items()}

    return job
