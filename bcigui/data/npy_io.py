"""The seed's ``.npy`` contract: safe reading of user files, loading and writing trial sets.

A seed data set is two aligned lists of paths, ``xTrain`` and ``yTrain`` (and ``xTest`` /
``yTest``). An X file holds one trial ``(T, F)`` (time x features, the seed's orientation) or a
stack ``(N, T, F)``; its label file holds a scalar, a per-frame vector ``(T,)`` reduced to its
mode, or ``(N,)`` for a stack. bcigui turns them into a :class:`~bcigui.data.TrialSet` of
float32 trials in the canonical ``(n_channels, n_times)`` orientation.

Every file goes through :func:`~bcigui.data.formats.read_trial_array`, which picks the reader
of its suffix from :data:`~bcigui.data.formats.TRIAL_FILE_FORMATS`; for ``.npy`` that is
:func:`~bcigui.data.npy_file.read_npy` (re-exported here), which checks the header first and
never unpickles, so a data file never runs code. Every problem is reported as a
:class:`~bcigui.errors.DataFileError` that names the file.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from os import PathLike
from pathlib import Path
from typing import Literal

import numpy as np

from bcigui.data.formats import read_trial_array, trial_file_kinds
from bcigui.data.labels import check_label_kinds, normalize_labels, reduce_label
from bcigui.data.npy_file import MissingDataFileError, PathArg, read_npy
from bcigui.data.trialset import TrialSet, TrialSource
from bcigui.errors import DataError, DataFileError, UserText

__all__ = [
    "MissingDataFileError",
    "load_seed_files",
    "read_labels_file",
    "read_npy",
    "read_trials_file",
    "write_seed_files",
]

logger = logging.getLogger(__name__)

_ROLE_NAMES: dict[str, tuple[str, str]] = {
    "train": ("xTrain", "yTrain"),
    "test": ("xTest", "yTest"),
    "query": ("x", "y"),
}
_SHAPE_FIX = UserText.of(
    "save one trial as (T, F) = (time, features) or a stack of trials as (N, T, F)"
)


def _where(mask: np.ndarray) -> tuple[tuple[int, ...], str]:
    """First True index of ``mask`` (a 2-D trial or 3-D stack) and its description."""
    idx = tuple(int(i) for i in np.argwhere(mask)[0])
    names = ("sample", "feature") if len(idx) == 2 else ("trial", "sample", "feature")
    return idx, f"index {idx}: " + ", ".join(f"{n} {i}" for n, i in zip(names, idx, strict=True))


def _to_canonical(p: Path, arr: np.ndarray) -> np.ndarray:
    """File array ``(T, F)`` or ``(N, T, F)``, any real dtype -> float32 ``(N, F, T)``.

    NaN, infinities and values that overflow float32 are refused, with their index in the
    file's own shape.
    """
    if arr.dtype.kind == "f":
        bad = ~np.isfinite(arr)
        if bad.any():
            idx, where = _where(bad)
            raise DataFileError(
                p,
                UserText.of(
                    "contains NaN or infinite values (first at {where}, value {value}; {n} in all)",
                    where=where,
                    value=arr[idx],
                    n=int(bad.sum()),
                ),
                UserText.of("remove or interpolate the bad samples before saving"),
            )
    stack = arr[np.newaxis] if arr.ndim == 2 else arr
    with np.errstate(over="ignore", invalid="ignore"):
        out = np.ascontiguousarray(stack.transpose(0, 2, 1), dtype=np.float32)
    if arr.dtype.kind == "f" and arr.dtype.itemsize > 4 and not np.isfinite(out).all():
        bad = ~np.isfinite(out.transpose(0, 2, 1).reshape(arr.shape))
        idx, where = _where(bad)
        raise DataFileError(
            p,
            f"holds values too large for float32 (first at {where}, value {arr[idx]})",
            "check the units: EEG is expected in volts or microvolts",
        )
    return out


def _read_trials(path: PathArg) -> tuple[list[np.ndarray], bool]:
    """Trials of an X file and whether the file held a single trial ``(T, F)``."""
    p = path if isinstance(path, Path) else Path(path)
    arr = read_trial_array(p, allow_empty=True)
    if arr.ndim not in (2, 3):
        hint = {
            0: "it holds a single number",
            1: "a single-feature trial must be saved as (T, 1)",
        }.get(arr.ndim, f"{arr.ndim} dimensions are too many")
        raise DataFileError(
            p,
            f"has shape {arr.shape}: expected one trial (T, F) or a stack (N, T, F); {hint}",
            _SHAPE_FIX,
        )
    single = arr.ndim == 2
    n, t, f = (1, *arr.shape) if single else arr.shape
    if n == 0:
        raise DataFileError(
            p, UserText.of("holds no trials (shape {shape})", shape=arr.shape), _SHAPE_FIX
        )
    if t == 0:
        raise DataFileError(p, f"has no time samples (T = 0, shape {arr.shape})", _SHAPE_FIX)
    if f == 0:
        raise DataFileError(p, f"has no features (F = 0, shape {arr.shape})", _SHAPE_FIX)
    return list(_to_canonical(p, arr)), single


def read_trials_file(path: PathArg) -> list[np.ndarray]:
    """Read the trials of one seed X file.

    Parameters
    ----------
    path : path-like
        A ``.npy`` file holding one trial of shape ``(T, F)`` (time x features) or a stack of
        trials ``(N, T, F)``; any real numeric dtype and either memory order.

    Returns
    -------
    list of ndarray
        ``N`` (1 for a single trial) C-contiguous float32 arrays of shape ``(F, T)``, the
        canonical ``(n_channels, n_times)`` orientation.

    Raises
    ------
    DataFileError
        Everything :func:`~bcigui.data.formats.read_trial_array` refuses, a number of
        dimensions other than 2 or 3, no trials, samples or features, NaN or infinite values.
    """
    return _read_trials(path)[0]


def _name_of(x_path: PathArg | None) -> str:
    return Path(x_path).name if x_path is not None else "its X file"


def read_labels_file(
    path: PathArg, n_trials: int, single_trial: bool, *, x_path: PathArg | None = None
) -> np.ndarray:
    """Read the labels of one seed label file, one per trial of its X file.

    Parameters
    ----------
    path : path-like
        The label ``.npy`` file: a scalar (every trial of the X file has it), a per-frame
        vector ``(T,)`` or ``(1,)`` for a single trial (reduced to its mode), ``(N,)`` for a
        stack of ``N`` trials, or ``(N, T)`` per-frame labels for a stack (mode per row).
    n_trials : int
        Number of trials in the matching X file.
    single_trial : bool
        Whether the X file holds a single ``(T, F)`` trial rather than a stack.
    x_path : path-like, optional
        The matching X file, named in count-mismatch messages.

    Returns
    -------
    ndarray, shape (n_trials,)
        int64 or unicode labels.

    Raises
    ------
    DataFileError
        Unreadable file, labels that are neither integers nor strings, a tie for the mode, or
        a label count that does not match ``n_trials``.
    """
    p = path if isinstance(path, Path) else Path(path)
    y = normalize_labels(read_trial_array(p, allow_strings=True), p)
    if y.ndim == 0:
        return np.repeat(y[np.newaxis], n_trials)
    if y.ndim == 1:
        if single_trial or (n_trials == 1 and y.size != 1):
            return np.asarray([reduce_label(y, p)])
        if y.size == n_trials:
            return y
        raise DataFileError(
            p,
            UserText.of(
                "{n} labels for {m} trials in {f}", n=y.size, m=n_trials, f=_name_of(x_path)
            ),
            UserText.of("give one label per trial, or one label for all of them"),
        )
    if y.ndim == 2:
        if single_trial and 1 in y.shape:
            return np.asarray([reduce_label(y.ravel(), p)])
        if not single_trial and y.shape[0] == n_trials:
            return np.asarray([reduce_label(row, p) for row in y])
    kind = "one trial" if single_trial else f"a stack of {n_trials} trials"
    raise DataFileError(
        p,
        f"has shape {y.shape}, which does not fit {_name_of(x_path)} ({kind})",
        "a label file holds a scalar, a per-frame vector (T,), or one label per trial (N,)",
    )


def _path_list(paths: object, name: str) -> list[Path]:
    if isinstance(paths, (str, PathLike)):
        return [Path(paths)]
    if not isinstance(paths, Iterable):
        raise DataError(
            f"{name} must be a list of {trial_file_kinds()} file paths, got {type(paths).__name__}"
        )
    out: list[Path] = []
    for i, item in enumerate(paths):
        if not isinstance(item, (str, PathLike)):
            raise DataError(
                f"{name}[{i}] is a {type(item).__name__}, not a file path (to train on arrays "
                "in memory, build a TrialSet with TrialSet.from_array)"
            )
        out.append(Path(item))
    return out


def load_seed_files(
    x_paths: Iterable[PathArg] | PathArg,
    y_paths: Iterable[PathArg] | PathArg | None = None,
    *,
    role: str = "train",
) -> TrialSet:
    """Load a seed data set: aligned lists of X files and label files.

    Parameters
    ----------
    x_paths : sequence of path-like
        X files, each one trial ``(T, F)`` or a stack ``(N, T, F)``; all with the same ``F``.
    y_paths : sequence of path-like, optional
        Label files aligned with ``x_paths`` (see :func:`read_labels_file`); None for
        unlabelled (query) data.
    role : {"train", "test", "query"}
        Which seed argument the lists are, for messages (``xTrain``/``yTrain``,
        ``xTest``/``yTest``, ``x``/``y``).

    Returns
    -------
    TrialSet
        Float32 trials ``(F, T_i)`` in file order; ``y`` of shape ``(n_trials,)`` (int64 or
        unicode) or None; ``sfreq`` and ``ch_names`` None; one ``TrialSource(file, index)`` per
        trial.

    Raises
    ------
    DataError
        Empty list, lists of different lengths, or integer and string labels mixed.
    DataFileError
        Any bad file, or a file whose feature count differs from the first file's.
    """
    if role not in _ROLE_NAMES:
        raise ValueError(f"role must be one of {sorted(_ROLE_NAMES)}, got {role!r}")
    x_name, y_name = _ROLE_NAMES[role]
    xs = _path_list(x_paths, x_name)
    ys = None if y_paths is None else _path_list(y_paths, y_name)
    if not xs:
        raise DataError(f"{x_name} is empty: give at least one {trial_file_kinds()} file")
    if ys is not None and len(ys) != len(xs):
        longer, name = (xs, x_name) if len(xs) > len(ys) else (ys, y_name)
        raise DataError(
            f"{x_name} has {len(xs)} files but {y_name} has {len(ys)} (first {name} file "
            f"without a partner: {longer[min(len(xs), len(ys))].name}); the lists must be aligned"
        )
    trials: list[np.ndarray] = []
    sources: list[TrialSource] = []
    labels: list[np.ndarray] = []
    n_features = -1
    for i, xp in enumerate(xs):
        file_trials, single = _read_trials(xp)
        f = file_trials[0].shape[0]
        if n_features < 0:
            n_features = f
        elif f != n_features:
            raise DataFileError(
                xp,
                f"has {f} features, but the first {x_name} file {xs[0].name} has {n_features}",
                "every file must hold the same features (channels) in the same order",
            )
        file_name = str(xp)
        trials.extend(file_trials)
        sources.extend(TrialSource(file_name, j) for j in range(len(file_trials)))
        if ys is not None:
            labels.append(read_labels_file(ys[i], len(file_trials), single, x_path=xp))
    y = None
    if ys is not None:
        check_label_kinds(labels, ys)
        y = np.concatenate(labels)
    logger.info("%s: %d trials from %d files", x_name, len(trials), len(xs))
    return TrialSet(trials=trials, y=y, sources=tuple(sources))


def _labels_for_saving(y: np.ndarray | None) -> np.ndarray | None:
    if y is None:
        return None
    arr = np.asarray(y)
    if arr.dtype.kind == "O":
        arr = np.asarray(arr.tolist())
    if arr.dtype.kind not in "biufUS":
        raise DataError(f"labels of dtype {arr.dtype} cannot be saved without pickling")
    return arr


def write_seed_files(
    trialset: TrialSet,
    folder: PathArg,
    *,
    layout: Literal["per_trial", "stack"] = "per_trial",
    prefix: str = "trial",
) -> tuple[list[Path], list[Path]]:
    """Write a trial set as seed-style ``.npy`` files.

    Parameters
    ----------
    trialset : TrialSet
        Trials to write; ``X`` files are written in the seed's ``(T, F)`` orientation, float32.
    folder : path-like
        Destination folder, created if needed; existing files of the same name are replaced.
    layout : {"per_trial", "stack"}
        ``"per_trial"``: ``<prefix>_<i>_x.npy`` of shape ``(T, F)`` and a scalar
        ``<prefix>_<i>_y.npy`` per trial. ``"stack"``: one ``<prefix>_x.npy`` of shape
        ``(N, T, F)`` and one ``<prefix>_y.npy`` of shape ``(N,)`` (equal-length trials only).
    prefix : str
        File name prefix.

    Returns
    -------
    x_paths, y_paths : list of Path
        The files written, aligned; ``y_paths`` is empty for an unlabelled trial set.
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    y = _labels_for_saving(trialset.y)
    x_paths: list[Path] = []
    y_paths: list[Path] = []
    if layout == "per_trial":
        width = max(4, len(str(trialset.n_trials - 1)))
        for i, trial in enumerate(trialset.trials):
            stem = f"{prefix}_{i:0{width}d}"
            x_paths.append(out / f"{stem}_x.npy")
            x_file = np.ascontiguousarray(trial.T, dtype=np.float32)
            np.save(x_paths[-1], x_file, allow_pickle=False)
            if y is not None:
                y_paths.append(out / f"{stem}_y.npy")
                np.save(y_paths[-1], y[i], allow_pickle=False)
    elif layout == "stack":
        X = np.ascontiguousarray(trialset.X.transpose(0, 2, 1), dtype=np.float32)
        x_paths.append(out / f"{prefix}_x.npy")
        np.save(x_paths[-1], X, allow_pickle=False)
        if y is not None:
            y_paths.append(out / f"{prefix}_y.npy")
            np.save(y_paths[-1], y, allow_pickle=False)
    else:
        raise ValueError(f"layout must be 'per_trial' or 'stack', got {layout!r}")
    logger.info("wrote %d trials to %s (%s layout)", trialset.n_trials, out, layout)
    return x_paths, y_paths
