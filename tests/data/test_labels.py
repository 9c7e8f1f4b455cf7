"""Label normalisation, the per-frame mode and the int/str kind check."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bcigui.data.labels import check_label_kinds, label_kind, normalize_labels, reduce_label
from bcigui.errors import DataError, DataFileError

LABELS = Path("session1_y.npy")


@pytest.mark.parametrize(
    "raw",
    [np.array([0, 1, 2], np.int32), np.array([0, 1, 2], np.uint8), np.array([0.0, 1.0, 2.0])],
)
def test_integer_like_labels_become_int64(raw: np.ndarray) -> None:
    out = normalize_labels(raw, LABELS)
    assert out.dtype == np.int64
    assert out.tolist() == [0, 1, 2]


def test_bool_labels_become_int64() -> None:
    assert normalize_labels(np.array([True, False]), LABELS).tolist() == [1, 0]


def test_scalar_float_label() -> None:
    out = normalize_labels(np.array(3.0), LABELS)
    assert out.ndim == 0 and out.dtype == np.int64 and int(out) == 3


def test_string_and_bytes_labels() -> None:
    assert normalize_labels(np.array(["Target", "NonTarget"]), LABELS).tolist() == [
        "Target",
        "NonTarget",
    ]
    decoded = normalize_labels(np.array([b"arriba", b"abajo"]), LABELS)
    assert decoded.dtype.kind == "U"
    assert decoded.tolist() == ["arriba", "abajo"]


@pytest.mark.parametrize("bad", [np.array([0.0, 0.5]), np.array([1.0, np.nan]), np.array(np.inf)])
def test_non_integral_float_labels_are_refused(bad: np.ndarray) -> None:
    with pytest.raises(DataFileError, match="labels must be integers or strings") as exc:
        normalize_labels(bad, LABELS)
    assert LABELS.name in str(exc.value)


def test_other_dtypes_are_refused() -> None:
    with pytest.raises(DataFileError, match="complex") as exc:
        normalize_labels(np.array([1 + 2j]), LABELS)
    assert LABELS.name in str(exc.value)


def test_mode() -> None:
    assert reduce_label(np.array([2, 1, 2, 2, 3]), LABELS) == 2
    assert reduce_label(np.array(["a", "b", "b"]), LABELS) == "b"
    assert reduce_label(np.array([7]), LABELS) == 7
    assert reduce_label(np.array([4, 4, 4]), LABELS) == 4


def test_mode_tie_is_ambiguous() -> None:
    with pytest.raises(DataFileError, match="label is ambiguous: values 'a' and 'b'") as exc:
        reduce_label(np.array(["a", "b", "b", "a"]), LABELS)
    assert "equally frequent" in str(exc.value)
    assert LABELS.name in str(exc.value)


def test_mode_of_nothing() -> None:
    with pytest.raises(DataFileError, match="no label values") as exc:
        reduce_label(np.array([], dtype=np.int64), LABELS)
    assert LABELS.name in str(exc.value)


def test_label_kind() -> None:
    assert label_kind(np.array([1, 2])) == "int"
    assert label_kind(np.array(["x"])) == "str"


def test_check_label_kinds_accepts_one_kind() -> None:
    check_label_kinds([np.array([0, 1]), np.array([2])], ["a.npy", "b.npy"])
    check_label_kinds([np.array(["x"]), np.array(["yy"])], ["a.npy", "b.npy"])


def test_check_label_kinds_refuses_a_mix() -> None:
    with pytest.raises(DataError, match="mix integer labels") as exc:
        check_label_kinds(
            [np.array(["x"]), np.array([1]), np.array([2])], ["s.npy", "i.npy", "j.npy"]
        )
    assert "i.npy" in str(exc.value) and "s.npy" in str(exc.value)
