"""Watching the store folder: files that appear or disappear trigger a (debounced) reconcile."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

#: Quiet time after the last file-system change before the store is reconciled.
DEBOUNCE_MS = 400


def folder_snapshot(store: Path) -> frozenset[tuple[str, int, int]]:
    """(relative path, size, mtime_ns) of every model-related file, ignoring the index files."""
    entries: set[tuple[str, int, int]] = set()
    try:
        with os.scandir(store) as top:
            for entry in top:
                if entry.name.startswith(("index.sqlite3", ".")):
                    continue
                if entry.is_dir():
                    with os.scandir(entry.path) as inner:
                        for item in inner:
                            if item.is_file():
                                st = item.stat()
                                entries.add(
                                    (f"{entry.name}/{item.name}", st.st_size, st.st_mtime_ns)
                                )
                elif entry.is_file():
                    st = entry.stat()
                    entries.add((entry.name, st.st_size, st.st_mtime_ns))
    except OSError:
        pass
    return frozenset(entries)


class StoreWatcher(QObject):
    """Emits :attr:`changed` once the store's files changed and stayed quiet for a moment.

    Signals
    -------
    changed()
        Files in the store or its label folders changed (debounced; the index's own files
        are ignored, so a reconcile does not trigger another one).
    """

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._touched)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self._settle)
        self.store: Path | None = None
        self._snapshot: frozenset[tuple[str, int, int]] = frozenset()

    def watch(self, store: Path) -> None:
        """Watch ``store`` and its label folders (replacing what was watched)."""
        self.store = Path(store)
        self._snapshot = folder_snapshot(self.store)
        self._rewatch()

    def _rewatch(self) -> None:
        if self.store is None:
            return
        old = self.watcher.directories()
        if old:
            self.watcher.removePaths(old)
        folders = [str(self.store)]
        try:
            folders += [
                str(p) for p in self.store.iterdir() if p.is_dir() and not p.name.startswith(".")
            ]
        except OSError:
            pass
        self.watcher.addPaths([f for f in folders if os.path.isdir(f)])

    def _touched(self, _path: str) -> None:
        self.timer.start()

    def _settle(self) -> None:
        if self.store is None:
            return
        snapshot = folder_snapshot(self.store)
        self._rewatch()
        if snapshot != self._snapshot:
            self._snapshot = snapshot
            self.changed.emit()
