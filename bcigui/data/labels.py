"""Label values from seed ``.npy`` label files: normalisation, per-frame mode, kind checks.

Labels are the user's own values: integers (``0``, ``1``) or strings (``"Target"``,
``"arriba"``). Floats that hold whole numbers (``1.0``) become integers, since NumPy often
saves integer labels as floats; any other float is refused, because a class name cannot be
``0.5``.
"""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike
from pathlib import Path

import numpy as np

from bcigui.errors import DataError, DataFileError

__all__ = ["check_label_kinds", "label_kind", "normalize_labels", "reduce_label"]

_LABEL_FIX = "save class labels as integers (0, 1, ...) or strings ('Target', 'arriba', ...)"


def normalize_labels(array: np.ndarray, path: str | PathLike[str]) -> np.ndarray:
    """Bring label values to one of two kinds: int64 or str.

    Parameters
    ----------
    array : ndarray, any shape
        Raw label values as read from a file.
    path : path-like
        The label file, named in error messages.

    Returns
    -------
    ndarray, same shape as ``array``
        ``int64`` for integer, boolean and whole-number float labels; a NumPy unicode array
        (``<U...``) for string labels (bytes are decoded as UTF-8).

    Raises
    ------
    DataFileError
        Non-integral or non-finite floats, bytes that are not UTF-8, or any other dtype.
    """
    arr = np.asarray(array)
    kind = arr.dtype.kind
    if kind in "iub":
        if kind == "u" and arr.size and int(arr.max()) > np.iinfo(np.int64).max:
            raise DataFileError(path, "holds integer labels too large for int64", _LABEL_FIX)
        return arr.astype(np.int64)
    if kind == "f":
        finite = np.isfinite(arr)
        whole = finite & (arr == np.round(arr)) if arr.size else finite
        if not whole.all():
            bad_index = tuple(int(i) for i in np.argwhere(~whole)[0])
            bad = arr[bad_index] if arr.ndim else arr[()]
            bad = bad.item() if isinstance(bad, np.generic) else bad  # 1.5, not np.float64(1.5)
            where = f" at index {bad_index}" if arr.ndim else ""
            raise DataFileError(
                path,
                f"labels must be integers or strings, found {bad!r}{where}",
                _LABEL_FIX,
            )
        if arr.size and bool((np.abs(arr.astype(np.float64)) >= 2.0**63).any()):  # int64 wraps
            raise DataFileError(path, "holds integer labels too large for int64", _LABEL_FIX)
        return arr.astype(np.int64)
    if kind == "U":
        return arr
    if kind == "S":
        try:
            return np.char.decode(arr, "utf-8")
        except UnicodeDecodeError as exc:
            problem = f"holds byte-string labels that are not UTF-8: {exc}"
            raise DataFileError(path, problem) from exc
    raise DataFileError(
        path, f"labels must be integers or strings, found dtype {arr.dtype}", _LABEL_FIX
    )


def reduce_label(values: np.ndarray, path: str | PathLike[str]) -> np.generic:
    """The most frequent value of a per-frame label vector (the seed's behaviour).

    Parameters
    ----------
    values : ndarray, shape (n_frames,)
        Normalised labels (see :func:`normalize_labels`) of the frames of one trial.
    path : path-like
        The label file, named in error messages.

    Returns
    -------
    numpy scalar
        The mode of ``values``.

    Raises
    ------
    DataFileError
        When ``values`` is empty or two or more values are equally most frequent.
    """
    flat = np.asarray(values).ravel()
    if flat.size == 0:
        raise DataFileError(path, "has no label values")
    first = flat[0]
    if flat.size == 1 or bool((flat == first).all()):
        return first  # type: ignore[no-any-return]
    uniques, counts = np.unique(flat, return_counts=True)
    top = counts.max()
    winners = uniques[counts == top]
    if winners.size > 1:
        names = " and ".join(repr(w.item()) for w in winners[:2])
        more = f" (and {winners.size - 2} more)" if winners.size > 2 else ""
        raise DataFileError(
            path,
            f"label is ambiguous: values {names}{more} are equally frequent "
            f"({int(top)} of {flat.size} frames each)",
            "give each trial one label, or make one value the most frequent",
        )
    return winners[0]  # type: ignore[no-any-return]


def label_kind(labels: np.ndarray) -> str:
    """``"int"`` or ``"str"``: the kind of normalised labels."""
    return "str" if np.asarray(labels).dtype.kind in "US" else "int"


def check_label_kinds(ys: Sequence[np.ndarray], paths: Sequence[str | PathLike[str]]) -> None:
    """Refuse label files that mix integer and string labels.

    Parameters
    ----------
    ys : sequence of ndarray
        Normalised labels, one array per label file.
    paths : sequence of path-like
        The label files, aligned with ``ys``.

    Raises
    ------
    DataError
        When some files hold integer labels and others string labels (``1`` and ``"1"`` would
        otherwise become two different classes).
    """
    first_of: dict[str, Path] = {}
    for y, path in zip(ys, paths, strict=True):
        first_of.setdefault(label_kind(y), Path(path))
    if len(first_of) > 1:
        raise DataError(
            f"label files mix integer labels ({first_of['int']}) and string labels "
            f"({first_of['str']}): save every label file with the same kind of labels"
        )
