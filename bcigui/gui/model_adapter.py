"""A Qt adapter over the Qt-free :class:`~bcigui.store.manager.ModelManager`.

One instance, owned by the main window, is shared by the Model Library and Inference tabs.
The manager's observer callbacks run on whichever thread made the change; the adapter
re-emits them as Qt signals, which reach GUI-thread receivers through queued connections.
Fast calls (listing from the SQLite index, annotations, delete, restore, evict) run in the GUI
thread; slow ones (load, reconcile, verify, import, export) run as WorkerPool jobs in the
``"library"`` lane.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal

from bcigui.gui.workers import Worker, WorkerPool

if TYPE_CHECKING:  # annotations only: the store is imported once the core is loaded
    from bcigui.store.annotations import Annotations
    from bcigui.store.events import StoreEvent
    from bcigui.store.manager import ModelManager
    from bcigui.store.records import ModelRecord
    from bcigui.store.trash import TrashEntry

log = logging.getLogger(__name__)

T = TypeVar("T")

NO_STORE = (
    "no model store is attached yet: wait until the classifiers are loaded "
    "(the status bar says Ready)"
)

LIBRARY_LANE = "library"


class ModelLibrary(QObject):
    """Signals and worker jobs around one ModelManager.

    Parameters
    ----------
    pool : WorkerPool
        Where the slow calls run.

    Signals
    -------
    storeChanged(object)
        Files were saved, deleted, imported, restored, annotated or reconciled (the
        StoreEvent, or None after each reconcile and :meth:`refresh`).
    cacheChanged(object)
        A model was loaded into memory or evicted (the StoreEvent).
    ready()
        A store is attached (:attr:`manager` is usable).
    """

    storeChanged = Signal(object)
    cacheChanged = Signal(object)
    ready = Signal()
    _event = Signal(object)

    def __init__(self, pool: WorkerPool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = pool
        self.manager: ModelManager | None = None
        #: Bounds of the manager's memory cache: (models, bytes).
        self.cache_limits: tuple[int, int] = (8, 2 * 1024**3)
        self._unsubscribe: Callable[[], None] | None = None
        self._event.connect(self._dispatch)

    # -- store ---------------------------------------------------------------------------------
    @property
    def store_dir(self) -> Path | None:
        """The attached store folder (None before the core is loaded)."""
        return None if self.manager is None else Path(self.manager.store_dir)

    def set_store(self, store_dir: Path) -> None:
        """Attach a ModelManager over ``store_dir`` (call after the core is loaded)."""
        from bcigui.store.manager import ModelManager

        if self.manager is not None and self.store_dir == Path(store_dir).absolute():
            return
        self.close()
        Path(store_dir).mkdir(parents=True, exist_ok=True)
        max_models, max_bytes = self.cache_limits
        self.manager = ModelManager(store_dir, max_models=max_models, max_bytes=max_bytes)
        self._unsubscribe = self.manager.subscribe(self._event.emit)
        self.ready.emit()
        self.reconcile()  # builds the index off the GUI thread, then the views read it

    def set_cache_limits(self, max_models: int, max_bytes: int) -> None:
        """Bound the memory cache (now, and for every store attached later)."""
        self.cache_limits = (int(max_models), int(max_bytes))
        if self.manager is not None:
            self.manager.set_cache_limits(max_models, max_bytes)
            self.cacheChanged.emit(None)

    def close(self) -> None:
        """Detach from the current manager."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self.manager is not None:
            try:
                self.manager.close()
            except Exception:
                log.exception("closing the model manager failed")
            self.manager = None

    def attached_manager(self) -> ModelManager:
        """The attached manager; raises ``RuntimeError`` before a store is attached."""
        if self.manager is None:
            raise RuntimeError(NO_STORE)
        return self.manager

    def _dispatch(self, event: StoreEvent | None) -> None:
        if getattr(event, "kind", "") == "cache-changed":
            self.cacheChanged.emit(event)
        else:
            self.storeChanged.emit(event)

    # -- fast calls (GUI thread) ---------------------------------------------------------------
    def records(self, **filters: Any) -> list[ModelRecord]:
        """Every indexed model matching ``filters`` (see ``ModelManager.list``); no file opened."""
        if self.manager is None:
            return []
        return list(self.manager.list(**filters))

    def record(self, path: Path) -> ModelRecord | None:
        """The index record of ``path`` (None when unknown)."""
        return None if self.manager is None else self.manager.record(path)

    def cached_paths(self) -> set[Path]:
        """Paths of the models in memory now."""
        if self.manager is None:
            return set()
        return set(self.manager.cached_paths())

    def cache_info(self) -> dict[str, int]:
        """The manager's cache statistics (empty before a store is attached)."""
        return {} if self.manager is None else dict(self.manager.cache_info())

    def unload(self, path: Path | None = None) -> int:
        """Evict ``path`` (or every model) from memory."""
        return 0 if self.manager is None else int(self.manager.evict(path))

    def delete(self, path: Path) -> TrashEntry:
        """Move a model to the trash; returns the TrashEntry."""
        return self.attached_manager().delete(path)

    def restore(self, entry: TrashEntry) -> Path:
        """Bring a trashed model back; returns its path."""
        return Path(self.attached_manager().restore(entry))

    def trash(self) -> list[TrashEntry]:
        """The trash's entries."""
        return [] if self.manager is None else list(self.manager.list_trash())

    def annotate(self, path: Path, **changes: Any) -> Annotations:
        """Set display name, notes or tags."""
        return self.attached_manager().annotate(path, **changes)

    def set_champion(self, path: Path, champion: bool = True) -> None:
        """Mark (or unmark) ``path`` as its label's champion."""
        self.attached_manager().set_champion(path, champion)

    # -- slow calls (workers) ------------------------------------------------------------------
    def submit(self, fn: Callable[[ModelManager], T], name: str) -> Worker:
        """Run ``fn(manager)`` in the library lane; returns the Worker."""
        manager = self.manager

        def job(progress: Callable[..., None], cancel: Any) -> T:
            progress(0.0, name)
            if manager is None:  # reported by the worker's error signal, like any failure
                raise RuntimeError(NO_STORE)
            return fn(manager)

        return self.pool.submit(job, name=name, lane=LIBRARY_LANE)

    def reconcile(self) -> Worker | None:
        """Bring the index in line with the files (in a worker)."""
        if self.manager is None or self.pool.closed:  # nothing to do while the window closes
            return None
        worker = self.submit(lambda m: m.reconcile(), "reconcile the store")
        worker.finished.connect(self.refresh)  # also when nothing changed (first listing)
        return worker

    def refresh(self) -> None:
        """Tell the views to re-read the index (after a change made elsewhere)."""
        self.storeChanged.emit(None)

    def load(self, path: Path) -> Worker:
        """Load ``path`` into memory (in a worker); the result is the classifier."""
        return self.submit(lambda m: m.get(path), f"load {Path(path).name}")

    def import_model(self, source: Path) -> Worker:
        """Verify and copy a ``.bcimodel`` file into the store; the result is its new path."""
        return self.submit(lambda m: m.import_model(source), f"import {Path(source).name}")

    def import_legacy(self, source: Path, **kwargs: Any) -> Worker:
        """Convert a trusted legacy ``.pkl`` (only after the user confirmed)."""
        return self.submit(
            lambda m: m.import_legacy(source, trust=True, **kwargs), f"import {Path(source).name}"
        )

    def export_model(self, path: Path, dest: Path) -> Worker:
        """Copy a model file out of the store."""
        return self.submit(lambda m: m.export_model(path, dest), f"export {Path(path).name}")

    def verify_all(self) -> Worker:
        """Re-hash every model; the result is the list of broken records."""
        return self.submit(lambda m: m.verify_all(), "verify every model")
