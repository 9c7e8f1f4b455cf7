"""ModelManager: the shared, thread-safe entry point to a model store and its memory cache.

The seed's calls work on the class itself, over a default manager bound to the default store
(:func:`bcigui.modelfile.paths.default_store_dir`, followed when it changes)::

    saved_path = ModelManager.save_and_cache(svm_cfg, "svm", "p300")
    model = ModelManager.get_or_load_model("svm", "p300")   # memory, else newest on disk, else None

``ModelManager(store_dir=...)`` instances serve other stores. Every method also works on an
instance. Loaded models are kept in a bounded LRU cache (by count and by approximate bytes) and
handed to every caller as the same object; loading one path from several threads at once loads
it once. Observers registered with :meth:`ModelManager.subscribe` hear about store and cache
changes (the GUI adapter turns them into Qt signals).

The class is assembled from :mod:`bcigui.store.manager_core` (state, cache bookkeeping,
observers), :mod:`bcigui.store.manager_library` (import, export, trash, annotations, verify)
and :mod:`bcigui.store.default_manager` (the class-level calls).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from bcigui.errors import ConfigError, ModelFileError
from bcigui.modelfile.paths import validate_name
from bcigui.store.default_manager import P as P
from bcigui.store.default_manager import R as R
from bcigui.store.default_manager import default_manager, hybridmethod
from bcigui.store.events import Listener
from bcigui.store.events import StoreEvent as StoreEvent
from bcigui.store.index import STATUS_BROKEN, ModelRecord, ReconcileReport
from bcigui.store.manager_core import _Entry as _Entry
from bcigui.store.manager_library import LibraryMethods

if TYPE_CHECKING:
    from bcigui.classifiers.base import BaseClassifier

logger = logging.getLogger(__name__)


class ModelManager(LibraryMethods):
    """A model store with a shared memory cache.

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

    _default: ClassVar[ModelManager | None] = None
    _default_lock: ClassVar[threading.Lock] = threading.Lock()

    @classmethod
    def default(cls) -> ModelManager:
        """The manager of the default store, made on first use and remade when it moves.

        The class-level calls (``ModelManager.get_or_load_model(...)``) use it. When
        :func:`~bcigui.modelfile.paths.set_default_store_dir` points elsewhere, the next call makes
        a new manager for the new folder (observers are carried over; the cache is not).
        """
        return default_manager(cls, ModelManager)

    _default_for: Path | None = None

    def close(self) -> None:
        """Empty the cache and close the index database."""
        self.evict()
        self.index.close()

    # ------------------------------------------------------------------ observers
    @hybridmethod
    def subscribe(self, callback: Listener) -> Callable[[], None]:
        """Call ``callback(event)`` (a :class:`StoreEvent`) on every store or cache change.

        Callbacks run in the thread that made the change; exceptions they raise are logged.

        Returns
        -------
        callable
            Call it (no arguments) to unsubscribe.
        """
        with self._lock:
            self._listeners.append(callback)

        def unsubscribe() -> None:
            with self._lock:
                if callback in self._listeners:
                    self._listeners.remove(callback)

        return unsubscribe

    # ------------------------------------------------------------------ index
    @hybridmethod
    def reconcile(self) -> ReconcileReport:
        """Bring the index in line with the folder (new, changed, removed files)."""
        self._reconciled = True
        return self._after_reconcile(self.index.reconcile())

    @hybridmethod
    def record(self, path: str | PathLike[str]) -> ModelRecord | None:
        """The index record of one model file (None when it is not in the store)."""
        self._ensure_index()
        key = self._key(path)
        return self.index.get(key) if self._in_store(key) else None

    # ------------------------------------------------------------------ loading and cache
    @hybridmethod
    def load(self, path: str | PathLike[str]) -> BaseClassifier:
        """Load a model from disk (not cached); verifies every checksum.

        Raises
        ------
        FileNotFoundError
            The file does not exist (the message names it).
        bcigui.errors.ModelFileError
            The file is damaged, foreign or too new (it is then marked broken in the index).

        Warns
        -----
        ModelVersionWarning
            The model was saved with other library versions (both versions are named).
        """
        from bcigui.classifiers.base import BaseClassifier

        key = self._key(path)
        try:
            model = BaseClassifier.load(key)
        except FileNotFoundError:
            if self._in_store(key):
                self.index.remove(key)
            raise
        except ModelFileError as exc:
            if self._in_store(key) and key.exists():
                self.index.set_status(key, STATUS_BROKEN, exc.problem)
            raise
        with self._lock:
            self._stats["loads"] += 1
        return model

    @hybridmethod
    def get(self, path: str | PathLike[str]) -> BaseClassifier:
        """The model at ``path`` from memory, loading it (once, even from many threads) first."""
        key = self._key(path)
        with self._lock:
            entry = self._cache.get(key)
            if entry is not None:
                self._cache.move_to_end(key)
                self._stats["hits"] += 1
                return entry.model  # type: ignore[no-any-return]
            future = self._loading.get(key)
            owner = future is None
            if future is None:
                future = self._loading[key] = Future()
                self._stats["misses"] += 1
        if not owner:
            return future.result()  # type: ignore[no-any-return]
        try:
            model = self.load(key)
            size = key.stat().st_size
        except BaseException as exc:
            with self._lock:
                self._loading.pop(key, None)
            future.set_exception(exc)
            raise
        if key.exists():
            evicted = self._insert(key, model, size, loading=True)
        else:  # deleted while it was loading: hand it out, keep nothing
            evicted = []
            with self._lock:
                self._loading.pop(key, None)
        future.set_result(model)
        self._emit("cache-changed", "load", [key])
        if evicted:
            self._emit("cache-changed", "evict", evicted)
        return model

    @hybridmethod
    def evict(self, path: str | PathLike[str] | None = None) -> int:
        """Drop one model (or every model, with no argument) from memory; returns how many."""
        with self._lock:
            paths = set(self._cache) if path is None else {self._key(path)}
        return len(self._evict_paths(paths))

    @hybridmethod
    def cache_info(self) -> dict[str, int]:
        """Cache statistics: hits, misses, loads, evictions, size, max_models, bytes, max_bytes."""
        with self._lock:
            return {
                **self._stats,
                "size": len(self._cache),
                "max_models": self.max_models,
                "bytes": self._bytes,
                "max_bytes": self.max_bytes,
            }

    def cached_paths(self) -> list[Path]:
        """Paths of the models in memory now, least recently used first."""
        with self._lock:
            return list(self._cache)

    def is_cached(self, path: str | Path) -> bool:
        """Whether the model at ``path`` is in memory (no disk access, no cache statistics)."""
        key = self._key(path)
        with self._lock:
            return key in self._cache

    @hybridmethod
    def get_or_load_model(
        self, model_type: str, label: str, prefer_champion: bool = True
    ) -> BaseClassifier | None:
        """The seed call: the model of that type and label from memory, else from disk.

        Parameters
        ----------
        model_type : str
            ``"lstm"``, ``"svm"``, ``"svnn"`` or any registered type.
        label : str
            The label it was saved under.
        prefer_champion : bool
            Take the label's champion (when it has this type) over newer models.

        Returns
        -------
        BaseClassifier or None
            The champion or the newest model by manifest creation time (not by file name);
            files that turn out broken are skipped. None when the store has none.
        """
        key = (model_type, label, bool(prefer_champion))
        model = self._cached(key)
        if model is not None:
            return model  # type: ignore[no-any-return]
        validate_name(label, "label")
        self._ensure_index()
        self._after_reconcile(self.index.reconcile(label))
        candidates = self.index.query(label=label, model_type=model_type, status="ok")
        if prefer_champion:
            candidates.sort(key=lambda r: not r.champion)  # stable: champion first, then newest
        for record in candidates:
            try:
                model = self.get(record.path)
            except (FileNotFoundError, ModelFileError) as exc:
                logger.warning("skipping %s: %s", record.path, exc)
                continue
            with self._lock:
                self._latest[key] = self._key(record.path)
            return model  # type: ignore[no-any-return]
        return None

    @hybridmethod
    def save_and_cache(self, model: BaseClassifier, model_type: str, label: str) -> Path:
        """The seed call: save a trained model under ``<store>/<label>/`` and keep it in memory.

        Returns
        -------
        Path
            ``<store>/<label>/<type>_<timestamp>.bcimodel`` (never overwrites a file).

        Raises
        ------
        bcigui.errors.NotFittedError
            The model was never trained.
        bcigui.errors.ConfigError
            ``model_type`` is not the model's type, or ``label`` is not a valid name.
        """
        model._require_fitted()
        if str(model_type).lower() != model.model_type:
            raise ConfigError(
                f"model_type {model_type!r} does not match the model, which is a "
                f"{type(model).__name__} ({model.model_type!r})"
            )
        validate_name(label, "label")
        self._ensure_index()
        path = model.save_to_store(label, store_dir=self.store_dir)
        key = self._key(path)
        self.index.upsert(key)
        has_champion = bool(
            self.index.query(label=label, model_type=model.model_type, champion=True, limit=1)
        )
        evicted = self._insert(key, model, key.stat().st_size)
        with self._lock:
            self._latest[(model.model_type, label, False)] = key
            if has_champion:
                self._latest.pop((model.model_type, label, True), None)
            else:
                self._latest[(model.model_type, label, True)] = key
        self._emit("store-changed", "save", [key])
        self._emit("cache-changed", "load", [key])
        if evicted:
            self._emit("cache-changed", "evict", evicted)
        return path

    # defined last: the name shadows the builtin inside the class body
    @hybridmethod
    def list(
        self,
        label: str | None = None,
        model_type: str | None = None,
        status: str | None = None,
        text: str | None = None,
        sort: str = "created_utc",
        descending: bool = True,
    ) -> list[ModelRecord]:
        """Indexed models matching every given filter; model files are not opened.

        Parameters
        ----------
        label, model_type, status : str, optional
            Exact matches (status ``ok``, ``broken`` or ``legacy-untrusted``).
        text : str, optional
            Case-insensitive substring of the path, label, type, display name, notes or tags.
        sort : str
            ``created_utc`` (default), ``accuracy``, ``balanced_accuracy``, ``roc_auc``,
            ``f1_macro``, ``label``, ``model_type``, ``size``, ``relpath``, ``display_name``...
        descending : bool
            Largest (newest) first.
        """
        self._ensure_index()
        return self.index.query(
            label=label,
            model_type=model_type,
            status=status,
            text=text,
            sort=sort,
            descending=descending,
        )
