"""Pairing X files with label files by name (Qt-free)."""

from __future__ import annotations

from pathlib import Path

from bcigui.app.pairing import is_label_file, merge_rows, pair_key


def test_label_files_are_recognised() -> None:
    assert is_label_file("train_0001_y.npy")
    assert is_label_file("yTrain_3.npy")
    assert is_label_file("sub01_labels.npy")
    assert not is_label_file("train_0001_x.npy")
    assert not is_label_file("sub01.npy")
    assert pair_key("a/train_1_x.npy") == pair_key("a/train_1_y.npy")
    assert pair_key("xTrain_3.npy") == pair_key("yTrain_3.npy")


def test_mixed_selection_is_paired_in_natural_order() -> None:
    names = ["t_10_y.npy", "t_2_x.npy", "t_10_x.npy", "t_2_y.npy", "orphan_y.npy", "lonely_x.npy"]
    rows = merge_rows([], [Path(n) for n in names])
    assert [(x and x.name, y and y.name) for x, y in rows] == [
        ("t_2_x.npy", "t_2_y.npy"),
        ("t_10_x.npy", "t_10_y.npy"),
        ("lonely_x.npy", None),
        (None, "orphan_y.npy"),
    ]


def test_adding_labels_later_completes_rows() -> None:
    rows = merge_rows([], [Path("s1_x.npy"), Path("s2_x.npy")])
    rows = merge_rows(rows, [Path("s2_y.npy")])
    assert rows == [(Path("s1_x.npy"), None), (Path("s2_x.npy"), Path("s2_y.npy"))]
    # with an explicit role, files fill the empty cells in order whatever their names
    rows = merge_rows(rows, [Path("whatever.npy")], role="y")
    assert rows[0] == (Path("s1_x.npy"), Path("whatever.npy"))


def test_duplicates_are_skipped_and_folders_expanded(tmp_path: Path) -> None:
    for name in ("a_x.npy", "a_y.npy", "notes.txt"):
        (tmp_path / name).write_bytes(b"")
    rows = merge_rows([], [tmp_path])
    assert rows == [(tmp_path / "a_x.npy", tmp_path / "a_y.npy")]
    assert merge_rows(rows, [tmp_path / "a_x.npy"]) == rows
