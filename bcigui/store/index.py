"""The SQLite index of a model store: list thousands of models without opening them.

The index (``<store>/index.sqlite3``, WAL mode) holds one row per model file: where it is, its
size and modification time, its status (``ok``, ``broken`` with a reason, or
``legacy-untrusted`` for prototype ``.pkl`` files) and the manifest fields the library shows
and filters on. It is only a cache of the files: :meth:`ModelIndex.reconcile` brings it in line
with the folder (new, changed and removed files; only ``manifest.json`` is read, payloads are
never hashed here), and a missing or corrupt database is rebuilt from the files.

Rows come back as :class:`~bcigui.store.records.ModelRecord` objects; walking the folder and
reading manifests into rows is :mod:`bcigui.store.scan`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any, TypeVar

from bcigui.store.annotations import SIDECAR_SUFFIX
from bcigui.store.records import COLUMNS, ModelRecord
from bcigui.store.scan import index_row, scan_folder

logger = logging.getLogger(__name__)

INDEX_NAME = "index.sqlite3"
_SCHEMA = 3  # 2: cross-validation columns; 3: near_chance
_SORTABLE = frozenset(
    "created_utc label model_type accuracy balanced_accuracy roc_auc f1_macro size relpath "
    "training_seconds display_name mtime_ns status cv_accuracy cv_balanced_accuracy "
    "cv_roc_auc".split()
)
_CREATE = f"""
CREATE TABLE IF NOT EXISTS models (
    relpath TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, meta_mtime_ns INTEGER,
    status TEXT NOT NULL, reason TEXT, payload_sha256 TEXT, uuid TEXT, model_type TEXT,
    label TEXT, created_utc TEXT, classes TEXT, n_features INTEGER, n_times INTEGER,
    accuracy REAL, balanced_accuracy REAL, roc_auc REAL, f1_macro REAL,
    training_seconds REAL, cv_scheme TEXT, cv_accuracy REAL, cv_balanced_accuracy REAL,
    cv_roc_auc REAL, near_chance TEXT, versions TEXT, display_name TEXT, notes TEXT, tags TEXT,
    champion INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS models_type_label ON models (model_type, label, created_utc);
PRAGMA user_version = {_SCHEMA};
"""
_SELECT = f"SELECT {', '.join(COLUMNS)} FROM models"
_INSERT = (
    f"INSERT OR REPLACE INTO models ({', '.join(COLUMNS)}) VALUES "
    f"({', '.join('?' * len(COLUMNS))})"
)
T = TypeVar("T")


@dataclass(frozen=True)
class ReconcileReport:
    """What a reconcile changed (relative paths)."""

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    rebuilt: bool = False

    @property
    def changed(self) -> bool:
        """True when any row was added, updated or removed."""
        return bool(self.added or self.updated or self.removed or self.rebuilt)


class ModelIndex:
    """The SQLite index of one store folder. Thread-safe; several processes may share it.

    Rows are mirrored in memory as :class:`ModelRecord` objects; queries select only the
    matching paths in SQL and return the mirrored records. Changes committed by other
    processes are noticed through SQLite's ``data_version`` and reload the mirror.

    Parameters
    ----------
    store_dir : path-like
        The store folder (need not exist yet).
    """

    def __init__(self, store_dir: str | PathLike[str]) -> None:
        self.store_dir = Path(store_dir)
        self.db_path = self.store_dir / INDEX_NAME
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._rebuilt = False
        self._records: dict[str, ModelRecord] | None = None
        self._data_version = -1

    # ------------------------------------------------------------------ connection
    def _open(self) -> sqlite3.Connection:
        if self._conn is None:
            self.store_dir.mkdir(parents=True, exist_ok=True)
            try:
                self._conn = self._connect()
            except sqlite3.DatabaseError as exc:
                logger.warning("model index %s is corrupt (%s); rebuilding it", self.db_path, exc)
                self._discard_db()
                self._conn = self._connect()
                self._rebuilt = True
        return self._conn

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self.db_path, timeout=60.0, isolation_level=None, check_same_thread=False
        )
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise sqlite3.DatabaseError(f"integrity check failed: {check}")
            if version not in (0, _SCHEMA):
                logger.info("model index %s has schema %s; recreating it", self.db_path, version)
                conn.execute("DROP TABLE IF EXISTS models")
            conn.executescript(_CREATE)
        except BaseException:
            conn.close()
            raise
        self._records = None
        return conn

    def _discard_db(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            self._conn = None
        self._records = None
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{self.db_path}{suffix}")

    def _run(self, action: Callable[[sqlite3.Connection], T], *, fill: bool = True) -> T:
        """Run ``action`` on the connection; a corrupt database is rebuilt and ``action`` rerun.

        With ``fill``, a database that was just recreated is filled from the files first.
        """
        with self._lock:
            try:
                conn = self._open()
                if fill and self._rebuilt:
                    self._reconcile_locked(None)
                return action(conn)
            except sqlite3.DatabaseError as exc:
                if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                    raise
                logger.warning("model index %s failed (%s); rebuilding it", self.db_path, exc)
                self._discard_db()
                self._rebuilt = True
                self._reconcile_locked(None)
                return action(self._open())

    def _write(self, conn: sqlite3.Connection, rows: Sequence[tuple[Any, ...]],
               removed: Sequence[str]) -> None:  # fmt: skip
        """Insert or replace ``rows`` and delete ``removed`` in one transaction (lock held)."""
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany(_INSERT, rows)
            conn.executemany("DELETE FROM models WHERE relpath = ?", [(r,) for r in removed])
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        if self._records is not None:
            for row in rows:
                self._records[row[0]] = ModelRecord._from_row(self.store_dir, row)
            for relpath in removed:
                self._records.pop(relpath, None)

    def _mirror(self, conn: sqlite3.Connection) -> dict[str, ModelRecord]:
        """The in-memory records, reloaded when another connection changed the database."""
        version = conn.execute("PRAGMA data_version").fetchone()[0]
        if self._records is None or version != self._data_version:
            rows = conn.execute(_SELECT).fetchall()
            self._records = {row[0]: ModelRecord._from_row(self.store_dir, row) for row in rows}
            self._data_version = version
        return self._records

    def close(self) -> None:
        """Close the database connection (it reopens on the next call)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
            self._records = None

    # ------------------------------------------------------------------ reconcile
    def reconcile(self, subdir: str | None = None) -> ReconcileReport:
        """Bring the index in line with the files.

        Parameters
        ----------
        subdir : str, optional
            Only look at ``<store>/<subdir>/`` (a label folder); the whole store by default.

        Returns
        -------
        ReconcileReport
            The relative paths added, re-read (size or mtime changed, or their sidecar
            changed) and removed; ``rebuilt`` when the database had to be recreated.
        """
        if subdir is not None:
            return self._run(lambda _conn: self._reconcile_locked(subdir))
        return self._run(lambda _conn: self._reconcile_locked(None), fill=False)

    def rebuild(self) -> ReconcileReport:
        """Delete the database and index every file again."""
        with self._lock:
            self._discard_db()
            self._rebuilt = True
            return self._reconcile_locked(None)

    def _reconcile_locked(self, subdir: str | None) -> ReconcileReport:
        conn = self._open()
        prefix = "" if subdir is None else subdir.strip("/") + "/"
        found: dict[str, tuple[int, int]] = {}
        sidecars: dict[str, int] = {}
        scan_folder(self.store_dir / prefix, prefix, found, sidecars)
        sql = "SELECT relpath, size, mtime_ns, meta_mtime_ns FROM models WHERE relpath LIKE ? "
        rows = conn.execute(sql + "ESCAPE '\\'", (_escape_like(prefix) + "%",)).fetchall()
        existing = {r[0]: (r[1], r[2], r[3]) for r in rows}
        new = [rel for rel in found if rel not in existing]
        changed = [rel for rel, stat in found.items() if rel in existing and (
            existing[rel][:2] != stat or existing[rel][2] != sidecars.get(rel))]  # fmt: skip
        removed = [rel for rel in existing if rel not in found]
        records = [
            index_row(self.store_dir, rel, *found[rel], sidecars.get(rel)) for rel in new + changed
        ]
        if subdir is None and not existing and self._records is None:  # filling an empty index:
            self._records = {}  # the mirror comes for free from the rows written
            self._data_version = conn.execute("PRAGMA data_version").fetchone()[0]
        if records or removed:
            self._write(conn, records, removed)
        rebuilt, self._rebuilt = self._rebuilt, False
        report = ReconcileReport(tuple(new), tuple(changed), tuple(removed), rebuilt)
        if report.changed:
            counts = (len(new), len(changed), len(removed), " (rebuilt)" if rebuilt else "")
            logger.info("index of %s: %d added, %d updated, %d removed%s", self.store_dir, *counts)
        return report

    def upsert(self, path: str | PathLike[str]) -> ModelRecord | None:
        """Index (or re-index) one file now; returns its record, None if it does not exist."""
        relpath = self.relpath(path)
        full = self.store_dir / relpath
        try:
            st = full.stat()
        except FileNotFoundError:
            self.remove(relpath)
            return None
        try:
            meta_mtime: int | None = Path(f"{full}{SIDECAR_SUFFIX}").stat().st_mtime_ns
        except FileNotFoundError:
            meta_mtime = None
        row = index_row(self.store_dir, relpath, st.st_size, st.st_mtime_ns, meta_mtime)
        self._run(lambda conn: self._write(conn, [row], []))
        return self.get(relpath)

    def remove(self, path: str | PathLike[str]) -> None:
        """Drop the row of ``path`` (the file is not touched)."""
        relpath = self.relpath(path)
        self._run(lambda conn: self._write(conn, [], [relpath]))

    def set_status(self, path: str | PathLike[str], status: str, reason: str | None) -> None:
        """Record the result of a verification or a failed load for ``path``."""
        relpath = self.relpath(path)

        def update(conn: sqlite3.Connection) -> None:
            row = conn.execute(_SELECT + " WHERE relpath = ?", (relpath,)).fetchone()
            if row is not None:
                values = dict(zip(COLUMNS, row, strict=True))
                values.update(status=status, reason=reason)
                self._write(conn, [tuple(values[c] for c in COLUMNS)], [])

        self._run(update)

    def relpath(self, path: str | PathLike[str]) -> str:
        """``path`` relative to the store, ``/``-separated (relative paths are kept)."""
        p = Path(path)
        if not p.is_absolute():
            return p.as_posix()
        try:
            return p.relative_to(self.store_dir).as_posix()
        except ValueError:
            try:
                return p.resolve().relative_to(self.store_dir.resolve()).as_posix()
            except ValueError:
                raise ValueError(f"{path} is not inside the model store {self.store_dir}") from None

    # ------------------------------------------------------------------ queries
    def query(
        self, *, label: str | None = None, model_type: str | None = None,
        status: str | None = None, text: str | None = None, champion: bool | None = None,
        sort: str = "created_utc", descending: bool = True, limit: int | None = None,
    ) -> list[ModelRecord]:  # fmt: skip
        """Records matching every given filter (see :meth:`ModelManager.list`)."""
        if sort not in _SORTABLE:
            raise ValueError(f"cannot sort by {sort!r}; choose one of {sorted(_SORTABLE)}")
        where: list[str] = []
        args: list[Any] = []
        for column, value in (("label", label), ("model_type", model_type), ("status", status)):
            if value is not None:
                where.append(f"{column} = ?")
                args.append(value)
        if champion is not None:
            where.append("champion = ?")
            args.append(int(champion))
        if text:
            columns = ("relpath", "label", "model_type", "display_name", "notes", "tags")
            where.append("(" + " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in columns) + ")")
            args.extend(["%" + _escape_like(text) + "%"] * len(columns))
        order = "DESC" if descending else "ASC"
        sql = "SELECT relpath FROM models" + (" WHERE " + " AND ".join(where) if where else "")
        sql += f" ORDER BY {sort} IS NULL, {sort} {order}, relpath {order}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"

        def run(conn: sqlite3.Connection) -> list[ModelRecord]:
            records = self._mirror(conn)
            return [records[r] for (r,) in conn.execute(sql, args) if r in records]

        return self._run(run)

    def get(self, path: str | PathLike[str]) -> ModelRecord | None:
        """The record of one file, or None when it is not indexed."""
        relpath = self.relpath(path)
        return self._run(lambda conn: self._mirror(conn).get(relpath))

    def count(self) -> int:
        """Number of indexed files."""
        return self._run(lambda conn: len(self._mirror(conn)))

    def labels(self) -> list[str]:
        """The labels present in the index, sorted."""
        records = self._run(lambda conn: list(self._mirror(conn).values()))
        return sorted({r.label for r in records if r.label is not None})


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
