"""Exceptions raised by the bcigui core.

Every error that comes from a user's file names the file and says what is wrong with it,
so that the API and the GUI can show the message as it is.
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path

from sklearn.exceptions import NotFittedError as _SklearnNotFitted


class BciguiError(Exception):
    """Base class of every error bcigui raises on purpose."""


class DataError(BciguiError, ValueError):
    """Training or query data that cannot be used (shapes, labels, list lengths...)."""


class DataFileError(DataError):
    """A data file that cannot be used.

    Parameters
    ----------
    path : path-like
        The offending file.
    problem : str
        What is wrong with it, in words a user understands.
    fix : str, optional
        What the user can do about it.
    """

    def __init__(self, path: str | PathLike[str], problem: str, fix: str | None = None) -> None:
        self.path = Path(path)
        self.problem = problem
        self.fix = fix
        message = f"{self.path}: {problem}"
        if fix:
            message += f" ({fix})"
        super().__init__(message)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.path, self.problem, self.fix))


class ConfigError(BciguiError, ValueError):
    """An invalid classifier setting or an impossible combination of settings."""


class ModelFileError(BciguiError, ValueError):
    """A model file that cannot be read or trusted (damaged, tampered, foreign, too new).

    Parameters
    ----------
    path : path-like
        The model file.
    problem : str
        What is wrong with it.
    """

    def __init__(self, path: str | PathLike[str], problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.path, self.problem))


class NotFittedError(BciguiError, _SklearnNotFitted):
    """query()/predict() on a model that was never trained."""

    def __init__(self, message: str = "model not trained: call fit() before query()") -> None:
        super().__init__(message)


class Cancelled(BciguiError):
    """Training was cancelled through its cancel token; nothing was saved."""


class TrainingError(BciguiError, RuntimeError):
    """Training ran but failed (for example the loss became NaN); nothing was saved."""
