"""The registry of classifier types: ``model_type`` name -> class (the store and GUI use it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from bcigui.classifiers.base import BaseClassifier

_REGISTRY: dict[str, type[BaseClassifier]] = {}
_BUILTIN_MODULES = (
    "bcigui.classifiers.lstm",
    "bcigui.classifiers.svm",
    "bcigui.classifiers.svnn",
    "bcigui.classifiers.shrinkage_lda",
    "bcigui.classifiers.xdawn_riemann",
    "bcigui.classifiers.csp_lda",
    "bcigui.classifiers.eegnet",
)

C = TypeVar("C", bound="type[BaseClassifier]")


def register(cls: C) -> C:
    """Class decorator: make ``cls`` loadable and listable under ``cls.model_type``."""
    _REGISTRY[cls.model_type] = cls
    return cls


def _load_builtins() -> None:
    import importlib

    for name in _BUILTIN_MODULES:
        importlib.import_module(name)


def get_classifier_class(model_type: str) -> type[BaseClassifier]:
    """The class registered as ``model_type``; ``KeyError`` if none."""
    if model_type not in _REGISTRY:
        _load_builtins()
    return _REGISTRY[model_type]


def available_types() -> dict[str, type[BaseClassifier]]:
    """Every registered classifier type, by name."""
    _load_builtins()
    return dict(_REGISTRY)
