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

The library operations are plain functions over the store folder in
:mod:`bcigui.store.library` (import, export, verify), :mod:`bcigui.store.trash` and
:mod:`bcigui.store.annotations`; the manager keeps its cache and observers in step with them.
Prototype pickles are converted by :mod:`bcigui.store.legacy` and saved by :meth:`save`.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from bcigui.errors import ConfigError, ModelFileError
from bcigui.modelfile.paths import default_store_dir, validate_name, write_fresh_model_file
from bcigui.store import library, trash
from bcigui.store.annotations import Annotations, update_annotations
from bcigui.store.events import Listener, StoreEvent
from bcigui.store.hybridmethod import hybridmethod
from bcigui.store.index import ModelIndex, ReconcileReport
from bcigui.store.records import STATUS_BROKEN, ModelRecord
from bcigui.store.trash import TrashEntry

if TYPE_CHECKING:
    from bcigui.classifiers.base import BaseClassifier

logger = logging.getLogger(__name__)

#: Manifest fields a model file fills in when it is written; a re-written model gets new ones.
_FILE_FIELDS = (
    "schema_version",
    "uuid",
    "created_utc",
    "payload_sha256",
    "payload_size",
    "arrays_sha256",
    "versions",
    "bcigui_version",
    "payload_name",
)


@dataclass
class _CacheEntry:
    """A model in memory and the size of its file (the cache's byte estimate)."""

    model: Any
    nbytes: int


class ModelManager:
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

    def __init__(
        self,
        store_dir: str | PathLike[str] | None = None,
        max_models: int = 8,
        max_bytes: int = 2 * 1024**3,
    ) -> None:
        folder = Path(store_dir) if store_dir is not None else default_store_dir()
        self.store_dir = Path(os.path.abspath(folder))
        self.max_models = int(max_models)
        self.max_bytes = int(max_bytes)
        self.index = ModelIndex(self.store_dir)
        self._default_for: Path | None = None
        self._lock = threading.RLock()
        self._cache: OrderedDict[Path, _CacheEntry] = OrderedDict()
        self._bytes = 0
        self._loading: dict[Path, Future[Any]] = {}
        self._latest: dict[tuple[str, str, bool], Path] = {}
        self._listeners: list[Listener] = []
        self._stats = {"hits": 0, "misses": 0, "loads": 0, "evictions": 0}
        self._reconciled = False

    def __repr__(self) -> str:
        return f"ModelManager(store_dir={str(self.store_dir)!r}, max_models={self.max_models})"

    @classmethod
    def default(cls) -> ModelManager:
        """The manager of the default store, made on first use and remade when it moves.

        The class-level calls (``ModelManager.get_or_load_model(...)``) use it. When
        :func:`~bcigui.modelfile.paths.set_default_store_dir` points elsewhere, the next call
        makes a new manager for the new folder (observers are carried over; the cache is not,
        and the old manager is closed). Subclasses share the one default manager.
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
                ModelManager._default = current = fresh
        return current

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
        """The absolute path of a model, relative paths taken inside the store first."""
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
            self._forget_latest()
            self._evict_paths(changed)
            paths = [
                self.store_dir / rel for rel in (*report.added, *report.updated, *report.removed)
            ]
            self._emit("store-changed", "reconcile", paths)
        return report

    def _forget_latest(self) -> None:
        """Forget which models answered ``get_or_load_model`` (the store changed under them)."""
        with self._lock:
            self._latest.clear()

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
            self._cache[key] = _CacheEntry(model, size)
            self._bytes += size
            while len(self._cache) > 1 and (
                len(self._cache) > self.max_models or self._bytes > self.max_bytes
            ):
                path, entry = self._cache.popitem(last=False)
                self._bytes -= entry.nbytes
                self._stats["evictions"] += 1
                evicted.append(path)
        return evicted

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
        """The model that last answered ``get_or_load_model`` for ``key``, when still in memory."""
        with self._lock:
            path = self._latest.get(key)
            entry = self._cache.get(path) if path is not None else None
            if entry is None:
                return None
            self._cache.move_to_end(path)  # type: ignore[arg-type]
            self._stats["hits"] += 1
            return entry.model

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

    # ------------------------------------------------------------------ loading
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

    # ------------------------------------------------------------------ saving
    def _write(
        self, model: BaseClassifier, label: str, imported_from: Mapping[str, Any] | None
    ) -> Path:
        """Write ``model`` under a fresh name in ``<store>/<label>/`` and index it."""
        validate_name(label, "label")
        self._ensure_index()
        if imported_from is None:
            path = model.save_to_store(label, store_dir=self.store_dir)
        else:
            path = _save_with_provenance(model, label, self.store_dir, imported_from)
        key = self._key(path)
        self.index.upsert(key)
        return key

    @hybridmethod
    def save(
        self,
        model: BaseClassifier,
        label: str,
        *,
        imported_from: Mapping[str, Any] | None = None,
    ) -> Path:
        """Save a trained model into the store and index it (it is not kept in memory).

        Parameters
        ----------
        model : BaseClassifier
            A trained classifier (a converted prototype model, for example).
        label : str
            The label folder.
        imported_from : mapping, optional
            Where the model comes from, recorded as the manifest's ``imported_from``
            (JSON-like values); observers then hear an ``import`` instead of a ``save``.

        Returns
        -------
        Path
            ``<store>/<label>/<type>_<timestamp>.bcimodel`` (never overwrites a file).

        Raises
        ------
        bcigui.errors.NotFittedError
            The model was never trained.
        bcigui.errors.ConfigError
            ``label`` is not a valid name.
        """
        path = self._write(model, label, imported_from)
        self._forget_latest()
        self._emit("store-changed", "save" if imported_from is None else "import", [path])
        return path

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
        key = self._write(model, label, None)
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
        return key

    # ------------------------------------------------------------------ library
    @hybridmethod
    def import_model(
        self, source: str | PathLike[str], label: str | None = None, allow_duplicate: bool = False
    ) -> Path:
        """Verify a model file from elsewhere and copy it into the store (see
        :func:`bcigui.store.library.import_model`)."""
        self._ensure_index()
        path = library.import_model(
            self.index, source, label=label, allow_duplicate=allow_duplicate
        )
        self._forget_latest()
        self._emit("store-changed", "import", [path])
        return path

    def find_duplicate(
        self, source: str | PathLike[str], label: str | None = None
    ) -> ModelRecord | None:
        """The stored model that importing ``source`` would duplicate, or None (see
        :func:`bcigui.store.library.find_duplicate`)."""
        self._ensure_index()
        return library.find_duplicate(self.index, source, label=label)

    @hybridmethod
    def import_legacy(
        self,
        path: str | PathLike[str],
        trust: bool = False,
        label: str | None = None,
        n_features: int | None = None,
    ) -> Path:
        """Convert a prototype ``.pkl`` and save it into this store.

        Parameters
        ----------
        path : path-like
            The pickle.
        trust : bool
            You trust where it comes from; nothing is read without ``trust=True``.
        label : str, optional
            The label; by default the pickle's folder when it sits in ``models/<label>/`` or
            ``<store>/<label>/``, else ``"legacy"``.
        n_features : int, optional
            Features per time step of the seed's ``(T, F)`` trials, when the pickle does not
            record it.

        Returns
        -------
        Path
            The new model file; its manifest's ``imported_from`` names the pickle and its
            SHA-256 (see :func:`bcigui.store.legacy.convert_pickle` for what can be raised).
        """
        from bcigui.store import legacy

        converted = legacy.convert_pickle(path, trust=trust, n_features=n_features)
        if label is None:
            label = legacy.label_from_location(Path(path), self.store_dir)
        dest = self.save(converted.model, label, imported_from=converted.imported_from)
        logger.info("imported legacy pickle %s as %s", path, dest)
        return dest

    @hybridmethod
    def export_model(
        self, path: str | PathLike[str], dest: str | PathLike[str], overwrite: bool = False
    ) -> Path:
        """Copy a model and its annotations out of the store; returns the new file."""
        return library.export_model(self.index, self._key(path), dest, overwrite=overwrite)

    @hybridmethod
    def delete(self, path: str | PathLike[str]) -> TrashEntry:
        """Move a model to the trash (restorable); it leaves the cache, running queries go on."""
        self._ensure_index()
        key = self._key(path)
        entry = trash.delete_model(self.index, key)
        self._evict_paths({key})
        self._emit("store-changed", "delete", [key])
        return entry

    @hybridmethod
    def restore(self, entry: TrashEntry | str) -> Path:
        """Bring a trashed model back; returns where it is now."""
        self._ensure_index()
        path = trash.restore_model(self.index, entry)
        self._forget_latest()
        self._emit("store-changed", "restore", [path])
        return path

    @hybridmethod
    def list_trash(self) -> list[TrashEntry]:
        """The trash's entries, newest first."""
        return trash.list_trash(self.store_dir)

    @hybridmethod
    def purge_trash(self, entry: TrashEntry | str | None = None) -> int:
        """Delete trash entries for good (all by default); returns how many."""
        return trash.purge_trash(self.store_dir, entry)

    @hybridmethod
    def annotate(self, path: str | PathLike[str], **changes: Any) -> Annotations:
        """Change a model's ``display_name``, ``notes``, ``tags`` or ``champion`` flag."""
        unknown = set(changes) - {"display_name", "notes", "tags", "champion"}
        if unknown:
            raise ConfigError(
                f"unknown annotation(s) {sorted(unknown)}; use display_name, "
                "notes, tags or champion"
            )
        self._ensure_index()
        key = self._key(path)
        notes = update_annotations(self.index, key, **changes)
        if "champion" in changes:
            self._forget_latest()
        self._emit("store-changed", "annotate", [key])
        return notes

    @hybridmethod
    def set_champion(self, path: str | PathLike[str], champion: bool = True) -> None:
        """Mark a model as its label's champion (clearing the previous one), or unmark it."""
        self.annotate(path, champion=champion)

    @hybridmethod
    def verify_all(self) -> list[ModelRecord]:
        """Re-hash every payload; returns the broken models (their status is updated)."""
        self._reconciled = True
        broken = library.verify_all(self.index)
        self._forget_latest()
        self._emit("store-changed", "verify", [r.path for r in broken])
        return broken

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


def _save_with_provenance(
    model: BaseClassifier, label: str, store_dir: Path, imported_from: Mapping[str, Any]
) -> Path:
    """Save ``model`` under a fresh name with ``imported_from`` added to its manifest.

    The model is first saved to a temporary folder (the classifier makes its manifest and
    payload), then re-written with the extra field; the new file gets its own uuid, time and
    checksums.
    """
    from bcigui.modelfile._jsonable import to_jsonable
    from bcigui.modelfile.model_file import read_model_file, write_model_file

    with tempfile.TemporaryDirectory(prefix="bcigui-import-") as tmp:
        contents = read_model_file(model.save(Path(tmp) / "model.bcimodel", label=label))
    manifest = {k: v for k, v in contents.manifest.items() if k not in _FILE_FIELDS}
    manifest["imported_from"] = to_jsonable(dict(imported_from))
    return write_fresh_model_file(
        lambda dest: write_model_file(
            dest, manifest, contents.payload, contents.payload_name, contents.arrays
        ),
        model.model_type,
        label,
        store_dir,
    )
