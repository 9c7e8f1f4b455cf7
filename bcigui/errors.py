"""Exceptions raised by the bcigui core.

Every error that comes from a user's file names the file and says what is wrong with it,
so that the API and the GUI can show the message as it is.

Messages stay English in the API, the CLI and the logs (``str(exc)``). Those a user meets in
the window also carry a translatable form, :class:`UserText`: an English template with
``{name}`` fields and the values for them. ``str()`` of a :class:`UserText` is the English
sentence, so the core uses it like any string; the window translates the template (context
``"errors"`` of its catalogue) and then fills in the values. Templates must be string literals
in ``UserText.of("...", ...)`` calls: the catalogue tool finds them in the source, and a test
checks that each has a translation (a new one cannot slip through untranslated).
"""

from __future__ import annotations

from collections.abc import Iterable
from os import PathLike
from pathlib import Path
from typing import Any

from sklearn.exceptions import NotFittedError as _SklearnNotFitted


class UserText(str):
    """An English sentence that the window can show translated.

    The string itself is the English text (logs, CLI, API); :attr:`template` and
    :attr:`params` let the GUI translate the template and fill in the values (themselves
    :class:`UserText` or plain values). :meth:`joined` keeps the parts of a list.

    Examples
    --------
    >>> text = UserText.of("{path}: no label file", path="a_x.npy")
    >>> str(text), text.template, text.params
    ('a_x.npy: no label file', '{path}: no label file', {'path': 'a_x.npy'})
    """

    template: str | None
    params: dict[str, Any]
    parts: tuple[str, ...] | None

    @classmethod
    def of(cls, template: str, /, **params: Any) -> UserText:
        """The sentence ``template.format(**params)``, translatable as a whole."""
        text = cls(template.format(**params))
        text.template, text.params, text.parts = template, dict(params), None
        return text

    @classmethod
    def joined(cls, separator: str, parts: Iterable[str]) -> UserText:
        """``separator.join(parts)``, each part translated on its own."""
        items = tuple(parts)
        text = cls(separator.join(items))
        text.template, text.params, text.parts = separator, {}, items
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_user_text, (str(self), self.template, self.params, self.parts))


def _rebuild_user_text(
    text: str, template: str | None, params: dict[str, Any], parts: tuple[str, ...] | None
) -> UserText:
    rebuilt = UserText(text)
    rebuilt.template, rebuilt.params, rebuilt.parts = template, params, parts
    return rebuilt


def user_text_of(value: object) -> str:
    """What a user should read for ``value``: its :class:`UserText`, else ``str(value)``.

    For an exception: the :class:`UserText` it was raised with (its first argument, or
    :meth:`BciguiError.user_text`), else its English message.
    """
    if isinstance(value, BciguiError):
        return value.user_text()
    if isinstance(value, BaseException):
        first = value.args[0] if len(value.args) == 1 else None
        return first if isinstance(first, UserText) else str(value)
    return value if isinstance(value, str) else str(value)


class BciguiError(Exception):
    """Base class of every error bcigui raises on purpose.

    Raise it with a :class:`UserText` message (``DataError(UserText.of("...", n=3))``) where a
    user meets it in the window; ``str(exc)`` is the English text either way.
    """

    def user_text(self) -> str:
        """The message as a :class:`UserText` when it was raised with one, else English."""
        first = self.args[0] if len(self.args) == 1 else None
        return first if isinstance(first, UserText) else str(self)


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

    def user_text(self) -> str:
        """``path: problem (fix)`` with the problem and fix translatable (:class:`UserText`)."""
        if self.fix:
            return UserText.of(
                "{path}: {problem} ({fix})", path=str(self.path), problem=self.problem, fix=self.fix
            )
        return UserText.of("{path}: {problem}", path=str(self.path), problem=self.problem)

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

    def user_text(self) -> str:
        """``path: problem`` with the problem translatable (:class:`UserText`)."""
        return UserText.of("{path}: {problem}", path=str(self.path), problem=self.problem)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.path, self.problem))


class NotFittedError(BciguiError, _SklearnNotFitted):
    """query()/predict() on a model that was never trained."""

    def __init__(self, message: str = "model not trained: call fit() before query()") -> None:
        super().__init__(message)

    def user_text(self) -> str:
        """ "Model not trained", in the user's words (the API's message names fit/query)."""
        return UserText.of("Model not trained: train it before predicting.")


class Cancelled(BciguiError):
    """Training was cancelled through its cancel token; nothing was saved."""

    def user_text(self) -> str:
        """Says that nothing was saved."""
        return UserText.of("Stopped; nothing was saved.")


class TrainingError(BciguiError, RuntimeError):
    """Training ran but failed (for example the loss became NaN); nothing was saved."""
