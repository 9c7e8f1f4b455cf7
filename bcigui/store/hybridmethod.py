"""The ``hybridmethod`` descriptor: a method callable on an instance or on its class.

Called on the class, it runs on the class's default instance (``owner.default()``). This is how
``ModelManager.get_or_load_model(...)`` (the seed's class-level calls) reaches the default
manager while ``ModelManager(store_dir=...).get_or_load_model(...)`` uses that instance.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from types import MethodType
from typing import Concatenate, Generic, ParamSpec, Protocol, Self, TypeVar

Params = ParamSpec("Params")
Result = TypeVar("Result")


class HasDefault(Protocol):
    """A class with a default instance."""

    @classmethod
    def default(cls) -> Self:
        """The instance that class-level calls use."""
        ...


Owner = TypeVar("Owner", bound=HasDefault)


class hybridmethod(Generic[Owner, Params, Result]):
    """A method callable on an instance, or on the class, where it uses ``owner.default()``."""

    def __init__(self, func: Callable[Concatenate[Owner, Params], Result]) -> None:
        self.func = func
        functools.update_wrapper(self, func)  # type: ignore[arg-type]

    def __get__(self, obj: Owner | None, owner: type[Owner]) -> Callable[Params, Result]:
        return MethodType(self.func, obj if obj is not None else owner.default())
