"""Checks of training and test data against each other, with messages that name the files."""

from __future__ import annotations

from typing import Any

import numpy as np

from bcigui.data.trialset import TrialSet
from bcigui.errors import DataError


def label_kind(y: np.ndarray | None) -> str:
    """``'int'``, ``'str'`` or ``'none'`` for a label array."""
    if y is None:
        return "none"
    return "int" if np.issubdtype(y.dtype, np.integer) else "str"


def files_hint(trials: TrialSet) -> str:
    """The first source file of ``trials`` and how many more there are, for messages."""
    files = trials.files()
    if not files:
        return "the data"
    return files[0] if len(files) == 1 else f"{files[0]} and {len(files) - 1} more files"


def check_test_against_train(train: TrialSet, test: TrialSet) -> None:
    """Raise :class:`DataError` when ``test`` cannot be scored by a model trained on ``train``."""
    if test.y is None:
        raise DataError("test data have no labels")
    if train.y is None:
        raise DataError("training data have no labels")
    if label_kind(train.y) != label_kind(test.y):
        raise DataError(
            "training labels and test labels differ in kind (integers vs strings): "
            f"{files_hint(train)} vs {files_hint(test)}"
        )
    unseen = sorted(set(np.unique(test.y).tolist()) - set(np.unique(train.y).tolist()))
    if unseen:
        raise DataError(
            f"test data contain classes never seen in training: {unseen} "
            f"(in {files_hint(test)}); the model cannot predict them"
        )
    if test.n_channels != train.n_channels:
        raise DataError(
            f"test trials have {test.n_channels} features but training trials have "
            f"{train.n_channels} ({files_hint(test)})"
        )


def seed_keywords(args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
    """Positional seed arguments after xTest, yTest (xTrain, yTrain, epochs, batch_size,
    model_label) as keywords, so that ``fit(X, y, ...)`` and the seed call share one signature."""
    names = ("xTrain", "yTrain", "epochs", "batch_size", "model_label")
    if len(args) > len(names):
        raise TypeError(f"fit() takes at most 7 positional data arguments, got {len(args) + 2}")
    for name, value in zip(names, args, strict=False):
        if name in kwargs:
            raise TypeError(f"fit() got multiple values for argument {name!r}")
        kwargs[name] = value
    return kwargs
