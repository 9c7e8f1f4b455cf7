"""Pairing seed X files with their label files by name (Qt-free).

Seed data come as two aligned lists: X files and label files. Users pick or drop both kinds at
once, so the app sorts them by name: a file whose name has a label token (``y``, ``label``,
``labels``, ``lbl``, ``target``, ``yTrain``...) is a label file, every other ``.npy`` file is an
X file, and an X file pairs with the label file whose name is the same once the role tokens are
removed: ``train_0001_x.npy`` + ``train_0001_y.npy``, ``xTrain_3.npy`` + ``yTrain_3.npy``,
``sub01.npy`` + ``sub01_labels.npy``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

from bcigui.data.formats import TRIAL_FILE_FORMATS

Row = tuple[Path | None, Path | None]
"""One table row: (X file, label file); either may be missing."""

Role = Literal["x", "y"]

_SPLIT = re.compile(r"[_\-.\s]+")
_LABEL_TOKENS = frozenset(
    {
        "y",
        "ys",
        "label",
        "labels",
        "lbl",
        "lbls",
        "target",
        "targets",
        "class",
        "classes",
        "ytrain",
        "ytest",
        "yval",
        "yvalid",
    }
)
_X_TOKENS = frozenset(
    {"x", "xs", "data", "eeg", "features", "feats", "xtrain", "xtest", "xval", "xvalid"}
)


def _tokens(path: Path) -> list[str]:
    return [t for t in _SPLIT.split(path.stem.lower()) if t]


def is_label_file(path: str | Path) -> bool:
    """Whether the name of ``path`` marks it as a label file."""
    return any(t in _LABEL_TOKENS for t in _tokens(Path(path)))


def pair_key(path: str | Path) -> str:
    """The name of ``path`` without its role tokens, for matching X and label files."""
    p = Path(path)
    kept = [t for t in _tokens(p) if t not in _LABEL_TOKENS and t not in _X_TOKENS]
    return str(p.parent / "_".join(kept))


def natural_key(path: Path | None) -> list[object]:
    """Sort key that orders ``trial_2`` before ``trial_10``."""
    if path is None:
        return []
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", str(path))]


def folder_contents(folder: str | Path) -> tuple[list[Path], list[Path]]:
    """The trial files (``.npy``) directly in ``folder`` and its other (not hidden) files.

    Returns
    -------
    trial_files, other_files : list of Path
        Both in natural name order; ``other_files`` are what adding the folder leaves out.
    """
    folder = Path(folder)
    patterns = [pattern for fmt in TRIAL_FILE_FORMATS for pattern in fmt.patterns]
    trial = sorted({f for pt in patterns for f in folder.glob(pt)}, key=natural_key)
    taken = set(trial)
    other = [
        f
        for f in sorted(folder.iterdir(), key=natural_key)
        if f.is_file() and f not in taken and not f.name.startswith(".")
    ]
    return trial, other


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, folders replaced by the trial files (``.npy``) they hold (not recursive)."""
    out: list[Path] = []
    for item in paths:
        p = Path(item)
        if p.is_dir():
            out.extend(folder_contents(p)[0])
        else:
            out.append(p)
    return out


def merge_rows(
    rows: Sequence[Row], new_paths: Iterable[str | Path], role: Role | None = None
) -> list[Row]:
    """Add files to a pairing table.

    Parameters
    ----------
    rows : sequence of (Path or None, Path or None)
        The table now.
    new_paths : iterable of path-like
        Files (or folders of ``.npy`` files) to add; files already in the table are skipped.
    role : {"x", "y"} or None
        Treat every new file as an X file or a label file; None sorts them by name.

    Returns
    -------
    list of (Path or None, Path or None)
        Existing rows first, completed where a new file pairs with a half-empty row, then the
        new pairs in natural name order, X files without a label file and label files without
        an X file last among the new rows.
    """
    table: list[list[Path | None]] = [[x, y] for x, y in rows]
    present = {p for row in rows for p in row if p is not None}
    fresh = [p for p in dict.fromkeys(expand_paths(new_paths)) if p not in present]
    if role is None:
        xs = [p for p in fresh if not is_label_file(p)]
        ys = [p for p in fresh if is_label_file(p)]
    else:
        xs, ys = (fresh, []) if role == "x" else ([], fresh)
    col_x, col_y = 0, 1
    # 1. complete half-empty rows: by name first, then (explicit role only) in order
    for col, files in ((col_x, xs), (col_y, ys)):
        other = 1 - col
        for row in table:
            if row[col] is None and row[other] is not None:
                key = pair_key(row[other])  # type: ignore[arg-type]
                match = next((f for f in files if pair_key(f) == key), None)
                if match is not None:
                    row[col] = match
                    files.remove(match)
        if role is not None:
            for row in table:
                if row[col] is None and files:
                    row[col] = files.pop(0)
    # 2. pair the remaining new files with each other
    by_key: dict[str, list[Path]] = {}
    for y in sorted(ys, key=natural_key):
        by_key.setdefault(pair_key(y), []).append(y)
    new_rows: list[list[Path | None]] = []
    for x in sorted(xs, key=natural_key):
        partners = by_key.get(pair_key(x))
        new_rows.append([x, partners.pop(0) if partners else None])
    leftovers = [y for group in by_key.values() for y in group]
    new_rows.sort(key=lambda r: (r[1] is None, natural_key(r[0])))
    new_rows.extend([None, y] for y in sorted(leftovers, key=natural_key))
    return [(x, y) for x, y in table + new_rows]
