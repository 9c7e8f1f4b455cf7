"""Turn whatever a user passes (paths, arrays, lists of arrays, a TrialSet) into a TrialSet.

Two orientations exist and are never guessed:

* the seed API (``fit(xTest, yTest, xTrain, yTrain)``, ``query(data)``) reads arrays as the
  seed documents them: one trial ``(T, F)`` (time x features) or a stack ``(N, T, F)``;
* the scikit-learn API (``fit(X, y)``, ``predict(X)``) reads the MNE / pyRiemann convention
  ``(n_trials, n_channels, n_times)`` or plain feature matrices ``(n_trials, n_features)``.

A :class:`TrialSet` is always canonical and passes through unchanged.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np

from bcigui.data.labels import normalize_labels
from bcigui.data.npy_io import load_seed_files
from bcigui.data.trialset import TrialSet, TrialSource
from bcigui.errors import DataError, UserText

Orientation = Literal["seed", "canonical"]

_ROLE_NAMES = {"train": ("xTrain", "yTrain"), "test": ("xTest", "yTest"), "query": ("x", "y")}


def _is_pathlike(value: object) -> bool:
    return isinstance(value, str | os.PathLike)


def as_trialset(
    data: Any,
    labels: Any = None,
    *,
    role: str = "query",
    orientation: Orientation = "seed",
) -> TrialSet:
    """Coerce ``data`` (and optional ``labels``) to a :class:`TrialSet`.

    Parameters
    ----------
    data : TrialSet, path, list of paths, ndarray or list of ndarray
        Paths are seed ``.npy`` files. Arrays follow ``orientation`` (see the module docstring).
    labels : path, list of paths or array-like, optional
        Label files aligned with ``data`` paths, or label values aligned with array trials.
    role : {'train', 'test', 'query'}
        Only used to name arguments in error messages (``xTrain``, ``yTest``...).
    orientation : {'seed', 'canonical'}
        How to read bare arrays.

    Raises
    ------
    DataError
        With a message naming the argument or file and the problem.
    """
    x_name, y_name = _ROLE_NAMES.get(role, ("data", "labels"))
    if isinstance(data, TrialSet):
        if labels is not None:
            raise DataError(f"{y_name}: pass labels inside the TrialSet, not separately")
        return data
    if data is None:
        raise DataError(f"{x_name}: no data given")
    if _is_pathlike(data):
        data = [data]
        if labels is not None and _is_pathlike(labels):
            labels = [labels]
    if hasattr(data, "toarray") or type(data).__module__.startswith("scipy.sparse"):
        raise TypeError(f"{x_name}: sparse input is not supported; pass a dense array")
    if isinstance(data, Sequence) and not isinstance(data, np.ndarray):
        if len(data) == 0:
            raise DataError(f"{x_name} is empty: give at least one file or trial")
        if all(_is_pathlike(d) for d in data):
            if labels is not None and not (
                isinstance(labels, Sequence) and all(_is_pathlike(v) for v in labels)
            ):
                raise DataError(f"{y_name}: with {x_name} given as files, give label files too")
            return load_seed_files(list(data), None if labels is None else list(labels), role=role)
        if any(_is_pathlike(d) for d in data):
            raise DataError(f"{x_name} mixes file paths and arrays: give one or the other")
        if orientation == "canonical" and not all(np.ndim(d) == 2 for d in data):
            return as_trialset(np.asarray(data), labels, role=role, orientation=orientation)
        arrays = [_check_array(np.asarray(d), f"{x_name}[{i}]") for i, d in enumerate(data)]
        for i, a in enumerate(arrays):
            if a.ndim != 2:
                raise DataError(
                    f"{x_name}[{i}] has shape {a.shape}: each trial in a list must be 2-D "
                    + ("(T, F)" if orientation == "seed" else "(n_channels, n_times)")
                )
        trials = [a.T if orientation == "seed" else a for a in arrays]
        return _build(trials, labels, x_name, y_name)
    array = _check_array(np.asarray(data), x_name)
    if orientation == "seed":
        if array.ndim == 2:
            trials = [array.T]
        elif array.ndim == 3:
            trials = list(np.transpose(array, (0, 2, 1)))
        else:
            raise DataError(f"{x_name} has shape {array.shape}: expected (T, F) or (N, T, F)")
    else:
        if array.ndim == 2:
            trials = list(array[:, :, None])  # feature matrix: one time sample per trial
        elif array.ndim == 3:
            trials = list(array)
        else:
            raise DataError(
                f"{x_name} has shape {array.shape}: expected (n_trials, n_channels, n_times) "
                "or (n_trials, n_features)"
            )
    return _build(trials, labels, x_name, y_name)


def _check_array(array: np.ndarray, name: str) -> np.ndarray:
    if array.dtype == object or not (
        np.issubdtype(array.dtype, np.number) or array.dtype == np.bool_
    ):
        raise DataError(f"{name}: expected numbers, got an array of {array.dtype}")
    if np.iscomplexobj(array):
        raise DataError(f"{name}: complex values are not supported")
    if array.size == 0:
        raise DataError(f"{name} is empty (shape {array.shape})")
    array = array.astype(np.float32, copy=False)
    if not np.all(np.isfinite(array)):
        bad = np.argwhere(~np.isfinite(array))[0]
        raise DataError(f"{name} contains NaN or infinite values (first at index {tuple(bad)})")
    return array


def _build(trials: list[np.ndarray], labels: Any, x_name: str, y_name: str) -> TrialSet:
    y = None
    if labels is not None:
        y = np.asarray(labels)
        if y.dtype == object:  # a list of Python strs or ints: make it a typed array
            values = y.ravel().tolist()
            if all(isinstance(v, str) for v in values):
                y = y.astype(str)
            elif all(isinstance(v, int | np.integer) and not isinstance(v, bool) for v in values):
                y = y.astype(np.int64)
        y = normalize_labels(y, Path(y_name))
        if y.ndim != 1:
            raise DataError(f"{y_name} has shape {y.shape}: expected one label per trial")
        if len(y) != len(trials):
            raise DataError(
                UserText.of(
                    "{y} has {n} labels for {m} trials in {x}",
                    y=y_name,
                    n=len(y),
                    m=len(trials),
                    x=x_name,
                )
            )
    return TrialSet(
        trials=[np.ascontiguousarray(t, dtype=np.float32) for t in trials],
        y=y,
        sources=tuple(TrialSource(f"<{x_name}>", i) for i in range(len(trials))),
    )
