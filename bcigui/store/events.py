"""Change notifications of a model store: what :class:`~bcigui.store.manager.ModelManager`
tells the observers registered with :meth:`~bcigui.store.manager.ModelManager.subscribe`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class StoreEvent:
    """What changed, for observers.

    Attributes
    ----------
    kind : str
        ``"store-changed"`` (files saved, deleted, imported, restored, annotated, verified or
        found by reconcile) or ``"cache-changed"`` (a model was loaded into or evicted from
        memory).
    action : str
        ``save``, ``delete``, ``import``, ``restore``, ``annotate``, ``verify``, ``reconcile``,
        ``load`` or ``evict``.
    paths : tuple of Path
        The model files concerned.
    """

    kind: str
    action: str
    paths: tuple[Path, ...] = ()

    def __getitem__(self, key: str) -> Any:
        """Dict-style access (``event["kind"]``)."""
        return getattr(self, key)


#: An observer: called with each :class:`StoreEvent`.
Listener = Callable[[StoreEvent], None]
