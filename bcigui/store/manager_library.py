"""The library operations of :class:`~bcigui.store.manager.ModelManager`.

Import, export, delete to trash, restore, annotations and champion, verify and legacy import,
each a thin wrapper over :mod:`bcigui.store.library` (or :mod:`bcigui.store.legacy`) that keeps
the manager's cache in step and tells its observers. Like every public method of the manager,
they work on an instance or on the class (the default manager).
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from bcigui.errors import ConfigError
from bcigui.store import library
from bcigui.store.default_manager import hybridmethod
from bcigui.store.manager_core import ManagerCore

if TYPE_CHECKING:
    from bcigui.store.manager import ModelManager
    from bcigui.store.records import ModelRecord


class LibraryMethods(ManagerCore):
    """The library operations of a model manager (a base of ModelManager, not used alone)."""

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
        self._forget_label(path)
        self._emit("store-changed", "import", [path])
        return path

    @hybridmethod
    def export_model(
        self, path: str | PathLike[str], dest: str | PathLike[str], overwrite: bool = False
    ) -> Path:
        """Copy a model and its annotations out of the store; returns the new file."""
        return library.export_model(self.index, self._key(path), dest, overwrite=overwrite)

    @hybridmethod
    def delete(self, path: str | PathLike[str]) -> library.TrashEntry:
        """Move a model to the trash (restorable); it leaves the cache, running queries go on."""
        self._ensure_index()
        key = self._key(path)
        entry = library.delete_model(self.index, key)
        self._evict_paths({key})
        self._emit("store-changed", "delete", [key])
        return entry

    @hybridmethod
    def restore(self, entry: library.TrashEntry | str) -> Path:
        """Bring a trashed model back; returns where it is now."""
        self._ensure_index()
        path = library.restore_model(self.index, entry)
        self._forget_label(path)
        self._emit("store-changed", "restore", [path])
        return path

    @hybridmethod
    def list_trash(self) -> list[library.TrashEntry]:
        """The trash's entries, newest first."""
        return library.list_trash(self.store_dir)

    @hybridmethod
    def purge_trash(self, entry: library.TrashEntry | str | None = None) -> int:
        """Delete trash entries for good (all by default); returns how many."""
        return library.purge_trash(self.store_dir, entry)

    @hybridmethod
    def annotate(self, path: str | PathLike[str], **changes: Any) -> library.Annotations:
        """Change a model's ``display_name``, ``notes``, ``tags`` or ``champion`` flag."""
        unknown = set(changes) - {"display_name", "notes", "tags", "champion"}
        if unknown:
            raise ConfigError(
                f"unknown annotation(s) {sorted(unknown)}; use display_name, "
                "notes, tags or champion"
            )
        self._ensure_index()
        key = self._key(path)
        notes = library.update_annotations(self.index, key, **changes)
        if "champion" in changes:
            with self._lock:
                self._latest.clear()
        self._emit("store-changed", "annotate", [key])
        return notes

    @hybridmethod
    def set_champion(self, path: str | PathLike[str], champion: bool = True) -> None:
        """Mark a model as its label's champion (clearing the previous one), or unmark it."""
        cast("ModelManager", self).annotate(path, champion=champion)

    @hybridmethod
    def verify_all(self) -> list[ModelRecord]:
        """Re-hash every payload; returns the broken models (their status is updated)."""
        self._reconciled = True
        broken = library.verify_all(self.index)
        with self._lock:
            self._latest.clear()
        self._emit("store-changed", "verify", [r.path for r in broken])
        return broken

    @hybridmethod
    def import_legacy(
        self,
        path: str | PathLike[str],
        trust: bool = False,
        label: str | None = None,
        n_features: int | None = None,
    ) -> Path:
        """Convert a prototype ``.pkl`` into a model file of this store (see
        :func:`bcigui.store.legacy.import_legacy`; nothing is read without ``trust=True``)."""
        from bcigui.store.legacy import import_legacy

        return import_legacy(
            path, trust=trust, manager=cast("ModelManager", self), label=label,
            n_features=n_features,
        )  # fmt: skip
