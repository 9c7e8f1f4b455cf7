"""Names a package exports but imports only on first use (PEP 562 module ``__getattr__``)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(
    package: str, names: Mapping[str, str], namespace: dict[str, Any], extra: tuple[str, ...] = ()
) -> tuple[list[str], Callable[[str], Any], Callable[[], list[str]]]:
    """``__all__``, ``__getattr__`` and ``__dir__`` for a package whose names load lazily.

    Parameters
    ----------
    package : str
        The package's name, for the AttributeError message.
    names : mapping of str to str
        Exported name -> the module that defines it.
    namespace : dict
        The package's ``globals()``: a name is cached there once imported.
    extra : tuple of str
        Names defined eagerly in the package that ``__all__`` also lists.
    """
    exported = [*extra, *sorted(names)]

    def getattr_(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def dir_() -> list[str]:
        return exported

    return exported, getattr_, dir_
