"""The state and internal helpers behind :class:`~bcigui.store.manager.ModelManager`.

:class:`ManagerCore` holds a manager's store, index, memory cache and observers, and the
bookkeeping its public methods share: path keys, reconciling the index once, inserting into
and evicting from the bounded LRU cache, and notifying observers. It has no public methods of
its own; :class:`~bcigui.store.manager.ModelManager` is the class to use.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from concurrent.futures import Future
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any

from bcigui.modelfile.paths import default_store_dir
from bcigui.store.events import Listener, StoreEvent
from bcigui.store.index import ModelIndex, ReconcileReport

logger = logging.getLogger(__name__)


@dataclass
class _Entry:
    model: Any
    nbytes: int


class ManagerCore:
    """A model store with a shared memory cache: state and shared helpers (no public API).

    Parameters
    ----------
    store_dir : path-like, optional
        The store folder; :func:`~bcigui.modelfile.paths.default_store_dir` by default.
    max_models : int
        At most this many models in memory (0 disables the cache).
    max_bytes : int
        At most about this many bytes of models in memory (file sizes as the estimate); the
        most recently used model stays even when it alone is larger.
    """

    def __init__(
        self,
        store_dir: str | PathLike[str] | None = None,
        max_models: int = 8,
        max_bytes: int = 2 * 1024**3,
    ) -> None:
        self.store_dir = Path(store_dir) if store_dir is not None else default_store_dir()
        self.store_dir = Path(os.path.abspath(self.store_dir))
        self.max_models = int(max_models)
        self.max_bytes = int(max_bytes)
        self.index = ModelIndex(self.store_dir)
        self._lock = threading.RLock()
        self._cache: OrderedDict[Path, _Entry] = OrderedDict()
        self._bytes = 0
        self._loading: dict[Path, Future[Any]] = {}
        self._latest: dict[tuple[str, str, bool], Path] = {}
        self._listeners: list[Listener] = []
        self._stats = {"hits": 0, "misses": 0, "loads": 0, "evictions": 0}
        self._reconciled = False

    def __repr__(self) -> str:
        return f"ModelManager(store_dir={str(self.store_dir)!r}, max_models={self.max_models})"

    # ------------------------------------------------------------------ observers
    def _emit(self, kind: str, action: str, paths: tuple[Path, ...] | list[Path]) -> None:
        with self._lock:
            listeners = list(self._listeners)
        event = StoreEvent(kind, action, tuple(paths))
        for callback in listeners:
            try:
                callback(event)
            except Exception:
                logger.exception("model store observer %r failed on %s", callback, event)

    # ------------------------------------------------------------------ paths and index
    def _key(self, path: str | PathLike[str]) -> Path:
        p = Path(path)
        if not p.is_absolute():
            in_store = self.store_dir / p
            p = in_store if in_store.exists() or not p.exists() else p
        return Path(os.path.abspath(p))

    def _in_store(self, path: Path) -> bool:
        try:
            path.relative_to(self.store_dir)
        except ValueError:
            return False
        return True

    def _ensure_index(self) -> None:
        if not self._reconciled:
            self._reconciled = True
            self._after_reconcile(self.index.reconcile())

    def _after_reconcile(self, report: ReconcileReport) -> ReconcileReport:
        if report.changed:
            changed = {self.store_dir / rel for rel in (*report.updated, *report.removed)}
            with self._lock:
                self._latest.clear()
            self._evict_paths(changed)
            paths = [
                self.store_dir / rel for rel in (*report.added, *report.updated, *report.removed)
            ]
            self._emit("store-changed", "reconcile", paths)
        return report

    def _forget_label(self, path: Path) -> None:
        with self._lock:
            self._latest.clear()

    def _saved(self, path: Path, action: str) -> None:
        """Index a file written by another module (legacy import) and tell the observers."""
        self._ensure_index()
        self.index.upsert(path)
        self._forget_label(path)
        self._emit("store-changed", action, [path])

    # ------------------------------------------------------------------ cache
    def _insert(self, key: Path, model: Any, size: int, *, loading: bool = False) -> list[Path]:
        """Put a model in the cache and evict least recently used ones beyond the bounds."""
        evicted: list[Path] = []
        with self._lock:
            if loading:
                self._loading.pop(key, None)
            if self.max_models <= 0:
                return evicted
            old = self._cache.pop(key, None)
            if old is not None:
                self._bytes -= old.nbytes
            self._cache[key] = _Entry(model, size)
            self._bytes += size
            while len(self._cache) > 1 and (
                len(self._cache) > self.max_models or self._bytes > self.max_bytes
            ):
                path, entry = self._cache.popitem(last=False)
                self._bytes -= entry.nbytes
                self._stats["evictions"] += 1
                evicted.append(path)
        return evicted

    def set_cache_limits(self, max_models: int, max_bytes: int) -> list[Path]:
        """Change the memory cache's bounds; evicts least recently used models beyond them.

        Parameters
        ----------
        max_models : int
            Models kept in memory (0 turns the cache off).
        max_bytes : int
            Total model-file bytes kept in memory (the newest model stays even when larger).

        Returns
        -------
        list of Path
            The models evicted.
        """
        if max_models < 0 or max_bytes < 0:
            raise ValueError(
                f"cache limits must be >= 0, got {max_models} models and {max_bytes} bytes"
            )
        with self._lock:
            self.max_models = int(max_models)
            self.max_bytes = int(max_bytes)
            keep = 0 if self.max_models == 0 else 1
            excess: set[Path] = set()
            count, size = len(self._cache), self._bytes
            for path, entry in self._cache.items():  # least recently used first
                if count <= keep or (count <= self.max_models and size <= self.max_bytes):
                    break
                excess.add(path)
                count -= 1
                size -= entry.nbytes
        return self._evict_paths(excess) if excess else []

    def _evict_paths(self, paths: set[Path]) -> list[Path]:
        evicted = []
        with self._lock:
            for path in paths:
                entry = self._cache.pop(path, None)
                if entry is not None:
                    self._bytes -= entry.nbytes
                    self._stats["evictions"] += 1
                    evicted.append(path)
            for key in [k for k, v in self._latest.items() if v in paths]:
                del self._latest[key]
        if evicted:
            self._emit("cache-changed", "evict", evicted)
        return evicted

    def _cached(self, key: tuple[str, str, bool]) -> Any:
        with self._lock:
            path = self._latest.get(key)
            entry = self._cache.get(path) if path is not None else None
            if entry is None:
                return None
            self._cache.move_to_end(path)  # type: ignore[arg-type]
            self._stats["hits"] += 1
            return entry.model
