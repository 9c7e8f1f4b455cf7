"""Class-level calls on :class:`~bcigui.store.manager.ModelManager`: the default manager.

``ModelManager.get_or_load_model(...)`` (the seed's calls) work on the class itself: the
:class:`hybridmethod` descriptor binds such calls to the default manager, which
:func:`default_manager` makes on first use for the default store
(:func:`bcigui.modelfile.paths.default_store_dir`) and remakes when that store moves.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from types import MethodType
from typing import TYPE_CHECKING, Concatenate, Generic, ParamSpec, TypeVar

from bcigui.modelfile.paths import default_store_dir

if TYPE_CHECKING:
    from bcigui.store.manager import ModelManager

P = ParamSpec("P")
R = TypeVar("R")


class hybridmethod(Generic[P, R]):
    """A method callable on an instance, or on the class, where it uses the default manager."""

    def __init__(self, func: Callable[Concatenate[ModelManager, P], R]) -> None:
        self.func = func
        functools.update_wrapper(self, func)  # type: ignore[arg-type]

    def __get__(self, obj: ModelManager | None, owner: type[ModelManager]) -> Callable[P, R]:
        return MethodType(self.func, obj if obj is not None else owner.default())


def default_manager(cls: type[ModelManager], holder: type[ModelManager]) -> ModelManager:
    """The manager of the default store, made on first use and remade when it moves.

    When :func:`~bcigui.modelfile.paths.set_default_store_dir` points elsewhere, the next call makes
    a new manager for the new folder (observers are carried over; the cache is not, and the old
    manager is closed).

    Parameters
    ----------
    cls : type
        The class asked for its default; it makes the new manager.
    holder : type
        The class whose ``_default`` attribute keeps the shared default manager (under its
        ``_default_lock``), so that subclasses share one default.

    Returns
    -------
    ModelManager
        The default manager, bound to the current default store.
    """
    store = default_store_dir()
    current = cls._default
    if current is not None and current._default_for == store:
        return current
    with cls._default_lock:
        current = cls._default
        if current is None or current._default_for != store:
            fresh = cls(store)
            fresh._default_for = store
            if current is not None:  # observers of "the default manager" keep hearing
                fresh._listeners = list(current._listeners)
                current.close()
            holder._default = current = fresh
    return current
