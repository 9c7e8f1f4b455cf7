"""Load any ``.bcimodel`` file as the right classifier class."""

from __future__ import annotations

from pathlib import Path

from bcigui.classifiers.base import BaseClassifier


def load_model(path: str | Path) -> BaseClassifier:
    """Read a model file; the class comes from its manifest (``lstm``, ``svm``, ``svnn``...).

    Raises
    ------
    FileNotFoundError
        When ``path`` does not exist (the message names it).
    bcigui.errors.ModelFileError
        When the file is not a bcigui model, is damaged or tampered with, or too new.
    """
    return BaseClassifier.load(path)
