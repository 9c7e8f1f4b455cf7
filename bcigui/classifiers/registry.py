"""The registry of classifier types: ``model_type`` name -> class (the store and GUI use it).

:data:`BUILTIN_CLASSIFIERS` is the one list of bcigui's own classifiers: the registry imports
those modules on first use, and ``bcigui`` exposes the names lazily from it. A classifier module
registers its class with :func:`register`, declaring there the types its ``skops`` payload may
hold (``payload_types``): the loader trusts exactly those (plus plain data,
:data:`bcigui.modelfile.payloads.PLAIN_DATA_TYPES`), and a save refuses a payload that holds
anything else, before writing, so that no model file is written that could not be read back.
A classifier defined elsewhere (a lab's own module) registers the same way and gets the GUI
form, the library and the seed API without any other change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeVar, overload

if TYPE_CHECKING:
    from bcigui.classifiers.base import BaseClassifier

#: bcigui's own classifiers: public class name -> the module that defines and registers it.
BUILTIN_CLASSIFIERS: dict[str, str] = {
    "LSTMNet": "bcigui.classifiers.lstm",
    "SVM": "bcigui.classifiers.svm",
    "SVNN": "bcigui.classifiers.svnn",
    "ShrinkageLDA": "bcigui.classifiers.shrinkage_lda",
    "XdawnRiemann": "bcigui.classifiers.xdawn_riemann",
    "CSPLDA": "bcigui.classifiers.csp_lda",
    "EEGNet": "bcigui.classifiers.eegnet",
}

_REGISTRY: dict[str, type[BaseClassifier]] = {}
_PAYLOAD_TYPES: dict[type, tuple[str, ...]] = {}

C = TypeVar("C", bound="type[BaseClassifier]")


@overload
def register(cls: C, /) -> C: ...


@overload
def register(*, payload_types: Iterable[str] = ()) -> Callable[[C], C]: ...


def register(cls: C | None = None, /, *, payload_types: Iterable[str] = ()) -> C | Callable[[C], C]:
    """Class decorator: make ``cls`` loadable and listable under ``cls.model_type``.

    Use it bare (``@register``) or with the types the classifier's ``skops`` payload may hold
    (``@register(payload_types=("sklearn.svm._classes.SVC", ...))``, dotted ``module.Class``
    names as skops records them; plain data types need not be listed). A subclass trusts its
    own declared types and those of the registered classes it derives from.

    Raises
    ------
    ValueError
        When a payload type is not a dotted ``module.Class`` name.
    """
    declared = tuple(payload_types)
    bad = [name for name in declared if "." not in name or " " in name]
    if bad:
        raise ValueError(
            f"register(payload_types=...): {bad} are not dotted type names; write them as "
            "skops records them, e.g. 'sklearn.svm._classes.SVC'"
        )

    def add(klass: C) -> C:
        _REGISTRY[klass.model_type] = klass
        _PAYLOAD_TYPES[klass] = declared
        return klass

    return add(cls) if cls is not None else add


def unregister(model_type: str) -> None:
    """Forget the classifier registered as ``model_type`` (nothing happens if there is none)."""
    klass = _REGISTRY.pop(model_type, None)
    if klass is not None:
        _PAYLOAD_TYPES.pop(klass, None)


def trusted_payload_types(cls: type) -> tuple[str, ...]:
    """Every type a ``skops`` payload of ``cls`` may hold, sorted.

    Plain data (:data:`~bcigui.modelfile.payloads.PLAIN_DATA_TYPES`) plus the ``payload_types``
    declared at the registration of ``cls`` and of the registered classes it derives from.
    """
    from bcigui.modelfile.payloads import PLAIN_DATA_TYPES

    names = set(PLAIN_DATA_TYPES)
    for klass in cls.__mro__:
        names.update(_PAYLOAD_TYPES.get(klass, ()))
    return tuple(sorted(names))


def _load_builtins() -> None:
    import importlib

    for module in dict.fromkeys(BUILTIN_CLASSIFIERS.values()):
        importlib.import_module(module)


def get_classifier_class(model_type: str) -> type[BaseClassifier]:
    """The class registered as ``model_type``; ``KeyError`` if none."""
    if model_type not in _REGISTRY:
        _load_builtins()
    return _REGISTRY[model_type]


def available_types() -> dict[str, type[BaseClassifier]]:
    """Every registered classifier type, by name: the built-ins in :data:`BUILTIN_CLASSIFIERS`'
    order, then the others in the order they registered (never in import order, which
    depends on what was imported first)."""
    _load_builtins()
    order = list(BUILTIN_CLASSIFIERS)

    def rank(item: tuple[str, type[BaseClassifier]]) -> int:
        name = item[1].__name__
        return order.index(name) if name in order else len(order)

    return dict(sorted(_REGISTRY.items(), key=rank))  # sorted is stable: others keep their order
