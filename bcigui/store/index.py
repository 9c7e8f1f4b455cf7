"""The SQLite index of a model store: list thousands of models without opening them.

The index (``<store>/index.sqlite3``, WAL mode) holds one row per model file: where it is, its
size and modification time, its status (``ok``, ``broken`` with a reason, or
``legacy-untrusted`` for prototype ``.pkl`` files) and the manifest fields the library shows
and filters on. It is only a cache of the files: :meth:`ModelIndex.reconcile` brings it in line
with the folder (new, changed and removed files; only ``manifest.json`` is read, payloads are
never hashed here), and a missing or corrupt database is rebuilt from the files.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import logging
import os
import sqlite3
import struct
import threading
import time
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from os import PathLike
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from bcigui.errors import ModelFileError
from bcigui.store._zipsafe import MAX_COMPRESSION_RATIO, MAX_UNCOMPRESSED_BYTES, safe_name
from bcigui.store.atomic import is_temp_name
from bcigui.store.library import SIDECAR_SUFFIX, Annotations, read_annotations
from bcigui.store.model_file import (
    ARRAYS_NAME,
    MANIFEST_NAME,
    MAX_MANIFEST_BYTES,
    MODEL_FILE_SUFFIX,
    PAYLOAD_DIR,
    _decode_manifest,
    read_manifest,
)
from bcigui.store.versions import library_versions, version_differences

logger = logging.getLogger(__name__)

INDEX_NAME = "index.sqlite3"
TRASH_DIR = ".trash"
LEGACY_SUFFIX = ".pkl"
STATUS_OK, STATUS_BROKEN, STATUS_LEGACY = "ok", "broken", "legacy-untrusted"
#: Temporary files of interrupted saves older than this (seconds) are removed by reconcile.
STALE_TEMP_SECONDS = 60.0
_SCHEMA = 1
#: Manifest fields a model needs beyond those the file format itself checks.
_NEEDED_FIELDS = ("classes", "hyperparameters", "preprocessing")
_COLUMNS = tuple(
    "relpath size mtime_ns meta_mtime_ns status reason payload_sha256 uuid model_type label "
    "created_utc classes n_features n_times accuracy balanced_accuracy roc_auc f1_macro "
    "training_seconds versions display_name notes tags champion".split()
)
_SORTABLE = frozenset(
    "created_utc label model_type accuracy balanced_accuracy roc_auc f1_macro size relpath "
    "training_seconds display_name mtime_ns status".split()
)
_CREATE = f"""
CREATE TABLE IF NOT EXISTS models (
    relpath TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, meta_mtime_ns INTEGER,
    status TEXT NOT NULL, reason TEXT, payload_sha256 TEXT, uuid TEXT, model_type TEXT,
    label TEXT, created_utc TEXT, classes TEXT, n_features INTEGER, n_times INTEGER,
    accuracy REAL, balanced_accuracy REAL, roc_auc REAL, f1_macro REAL,
    training_seconds REAL, versions TEXT, display_name TEXT, notes TEXT, tags TEXT,
    champion INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS models_type_label ON models (model_type, label, created_utc);
PRAGMA user_version = {_SCHEMA};
"""
_METRICS = ("accuracy", "balanced_accuracy", "roc_auc", "f1_macro")
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM models"
_INSERT = (
    f"INSERT OR REPLACE INTO models ({', '.join(_COLUMNS)}) VALUES "
    f"({', '.join('?' * len(_COLUMNS))})"
)
T = TypeVar("T")


@functools.lru_cache(maxsize=1)
def running_versions() -> dict[str, str]:
    """The running library versions (cached: they do not change within a process)."""
    return library_versions()


@functools.lru_cache(maxsize=4096)
def _json_tuple(text: str | None) -> tuple[Any, ...]:
    return tuple(json.loads(text)) if text else ()


@functools.lru_cache(maxsize=4096)
def _json_mapping(text: str | None) -> Mapping[str, str]:
    return MappingProxyType(json.loads(text) if text else {})


@dataclass(frozen=True)
class ModelRecord:
    """One indexed model file, as the library lists it (read from the index, not the file).

    Attributes
    ----------
    store_dir : Path
        The store the file belongs to.
    relpath : str
        The file's path relative to the store, with ``/`` separators.
    size, mtime_ns : int
        File size in bytes and modification time (ns) when it was indexed.
    status : str
        ``"ok"`` (manifest readable; payload hashes are checked on load and by verify),
        ``"broken"`` (see ``reason``) or ``"legacy-untrusted"`` (a prototype pickle).
    reason : str or None
        Why the file is broken.
    payload_sha256, uuid, model_type, label, created_utc : str or None
        From the manifest; ``label`` is the file's folder when it sits in ``<store>/<label>/``.
    classes : tuple
        Class values in model order.
    n_features, n_times : int or None
        The input shape the model expects (features per time step, samples per trial).
    accuracy, balanced_accuracy, roc_auc, f1_macro, training_seconds : float or None
        Test metrics and training time from the manifest.
    versions : mapping of str to str
        Library versions the model was trained with.
    display_name, notes, tags, champion
        User annotations from the sidecar file.
    """

    store_dir: Path
    relpath: str
    size: int
    mtime_ns: int
    status: str
    reason: str | None
    payload_sha256: str | None
    uuid: str | None
    model_type: str | None
    label: str | None
    created_utc: str | None
    classes: tuple[Any, ...]
    n_features: int | None
    n_times: int | None
    accuracy: float | None
    balanced_accuracy: float | None
    roc_auc: float | None
    f1_macro: float | None
    training_seconds: float | None
    versions: Mapping[str, str]
    display_name: str | None
    notes: str
    tags: tuple[str, ...]
    champion: bool

    @classmethod
    def _from_row(cls, store_dir: Path, row: Sequence[Any]) -> ModelRecord:
        """Build from an index row (fast path: 10,000 of these must take milliseconds)."""
        values = dict(zip(_COLUMNS, row, strict=True))
        del values["meta_mtime_ns"]
        values.update(
            store_dir=store_dir, classes=_json_tuple(values["classes"]),
            versions=_json_mapping(values["versions"]), notes=values["notes"] or "",
            tags=_json_tuple(values["tags"]), champion=bool(values["champion"]),
        )  # fmt: skip
        record = object.__new__(cls)
        object.__setattr__(record, "__dict__", values)
        return record

    @property
    def path(self) -> Path:
        """The absolute path of the model file."""
        return self.store_dir / self.relpath

    @property
    def name(self) -> str:
        """The display name, or the file name without extension."""
        return self.display_name or Path(self.relpath).stem

    @property
    def ok(self) -> bool:
        """True when the file's manifest is readable (status ``"ok"``)."""
        return self.status == STATUS_OK

    @property
    def metrics(self) -> dict[str, float | None]:
        """The key test metrics by name."""
        return {name: getattr(self, name) for name in _METRICS}

    @property
    def version_differences(self) -> list[str]:
        """Load-relevant libraries whose version differs from the running ones (one line each)."""
        return version_differences(self.versions, running_versions())

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (paths as strings, version differences included)."""
        out: dict[str, Any] = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        out.update(
            store_dir=str(self.store_dir), path=str(self.path), classes=list(self.classes),
            tags=list(self.tags), versions=dict(self.versions),
            version_differences=self.version_differences,
        )  # fmt: skip
        return out


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
        self._scan(self.store_dir / prefix, prefix, found, sidecars)
        sql = "SELECT relpath, size, mtime_ns, meta_mtime_ns FROM models WHERE relpath LIKE ? "
        rows = conn.execute(sql + "ESCAPE '\\'", (_escape_like(prefix) + "%",)).fetchall()
        existing = {r[0]: (r[1], r[2], r[3]) for r in rows}
        new = [rel for rel in found if rel not in existing]
        changed = [rel for rel, stat in found.items() if rel in existing and (
            existing[rel][:2] != stat or existing[rel][2] != sidecars.get(rel))]  # fmt: skip
        removed = [rel for rel in existing if rel not in found]
        records = [self._row(rel, *found[rel], sidecars.get(rel)) for rel in new + changed]
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

    def _scan(
        self, folder: Path, prefix: str, found: dict[str, tuple[int, int]], sidecars: dict[str, int]
    ) -> None:
        try:
            entries = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError):
            return
        except OSError as exc:
            logger.warning("cannot list %s: %s", folder, exc)
            return
        now = time.time()
        for entry in entries:
            name = entry.name
            try:
                if name.startswith("."):  # the trash, temporary files, hidden files
                    if is_temp_name(name) and entry.is_file(follow_symlinks=False):
                        _remove_if_stale(entry, now)
                elif entry.is_dir(follow_symlinks=False):
                    self._scan(Path(entry.path), f"{prefix}{name}/", found, sidecars)
                elif name.endswith((MODEL_FILE_SUFFIX, LEGACY_SUFFIX)):
                    st = entry.stat(follow_symlinks=False)
                    found[prefix + name] = (st.st_size, st.st_mtime_ns)
                elif name.endswith(SIDECAR_SUFFIX):
                    model_name = prefix + name[: -len(SIDECAR_SUFFIX)]
                    sidecars[model_name] = entry.stat(follow_symlinks=False).st_mtime_ns
            except OSError as exc:  # vanished while scanning
                logger.debug("skipping %s: %s", entry.path, exc)

    # ------------------------------------------------------------------ rows
    def _row(
        self, relpath: str, size: int, mtime_ns: int, meta_mtime_ns: int | None
    ) -> tuple[Any, ...]:
        """The database row of one file (reads its manifest and sidecar)."""
        path = self.store_dir / relpath
        notes = read_annotations(path) if meta_mtime_ns is not None else Annotations()
        values: dict[str, Any] = {
            "relpath": relpath, "size": size, "mtime_ns": mtime_ns, "meta_mtime_ns": meta_mtime_ns,
            "display_name": notes.display_name, "notes": notes.notes,
            "tags": _json_text(notes.tags), "champion": int(notes.champion),
        }  # fmt: skip
        if relpath.endswith(LEGACY_SUFFIX):
            kind = Path(relpath).name.split("_", 1)[0].lower()
            values.update(
                status=STATUS_LEGACY, model_type=kind if kind in ("lstm", "svm", "svnn") else None,
                created_utc=_mtime_iso(mtime_ns),
                reason="prototype pickle: import it with import_legacy(path, trust=True)",
            )  # fmt: skip
        else:
            values.update(_manifest_values(path))
        values["label"] = _folder_label(relpath) or values.pop("manifest_label", None)
        return tuple(values.get(column) for column in _COLUMNS)

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
        row = self._row(relpath, st.st_size, st.st_mtime_ns, meta_mtime)
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
                values = dict(zip(_COLUMNS, row, strict=True))
                values.update(status=status, reason=reason)
                self._write(conn, [tuple(values[c] for c in _COLUMNS)], [])

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


_EOCD = struct.Struct("<4s4H2LH")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_LOCAL = struct.Struct("<4s5H3L2H")
_TAIL_BYTES = 4096  # the central directory of a model file fits: one read for both


def _fast_manifest(path: Path) -> dict[str, Any] | None:
    """The manifest of a plainly written model file, read with a few seeks and no zipfile.

    Returns None whenever the file is not exactly what :func:`write_model_file` writes (no
    zip64, no comment, known members only...); the caller then asks :func:`read_manifest`,
    which gives the authoritative answer or error. Also refuses (ModelFileError) a payload
    whose size differs from the manifest's, which :func:`read_model_file` would refuse.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        size = os.fstat(fd).st_size
        if size < _EOCD.size + _CENTRAL.size + _LOCAL.size:
            return None
        tail_start = max(size - _TAIL_BYTES, 0)
        tail = os.pread(fd, size - tail_start, tail_start)
        sig, _d, _dc, _n, count, cd_size, cd_offset, comment = _EOCD.unpack_from(
            tail, len(tail) - 22
        )
        if sig != b"PK\x05\x06" or comment or cd_offset + cd_size + _EOCD.size != size:
            return None
        if cd_offset >= tail_start:
            central = tail[cd_offset - tail_start : cd_offset - tail_start + cd_size]
        else:
            central = os.pread(fd, cd_size, cd_offset)
        members: dict[str, tuple[int, int, int, int, int]] = {}
        pos = total = 0
        for _ in range(count):
            fields = _CENTRAL.unpack_from(central, pos)
            flags, method, _t, _d, crc, csize, usize, name_len, extra_len = fields[3:12]
            comment_len, offset = fields[12], fields[16]
            name = central[pos + 46 : pos + 46 + name_len].decode("utf-8", "replace")
            pos += 46 + name_len + extra_len + comment_len
            payload = name.startswith(PAYLOAD_DIR) and safe_name(name[len(PAYLOAD_DIR) :])
            total += usize
            if (
                fields[0] != b"PK\x01\x02" or name in members or flags & 0x1
                or (name not in (MANIFEST_NAME, ARRAYS_NAME) and not payload)
                or method not in (0, 8) or (method == 0 and csize != usize)
                or offset + csize > cd_offset or 0xFFFFFFFF in (csize, usize, offset)
                or (usize > 1024**2 and usize > MAX_COMPRESSION_RATIO * max(csize, 1))
            ):  # fmt: skip
                return None
            members[name] = (method, crc, csize, usize, offset)
        payloads = [name for name in members if name.startswith(PAYLOAD_DIR)]
        if (
            MANIFEST_NAME not in members or len(payloads) != 1 or total > MAX_UNCOMPRESSED_BYTES
            or members[MANIFEST_NAME][3] > MAX_MANIFEST_BYTES
        ):  # fmt: skip
            return None
        method, crc, csize, usize, offset = members[MANIFEST_NAME]
        head = os.pread(fd, _LOCAL.size + 64 + csize, offset)  # the name and extra fit in 64
        local = _LOCAL.unpack_from(head)
        start = _LOCAL.size + local[9] + local[10]
        raw = head[start : start + csize] if start <= _LOCAL.size + 64 else b""
    finally:
        os.close(fd)
    try:
        raw = zlib.decompress(raw, -15, usize) if method == 8 else raw
    except zlib.error:
        return None
    if local[0] != b"PK\x03\x04" or len(raw) != usize or zlib.crc32(raw) != crc:
        return None
    manifest = _decode_manifest(raw, path)
    if payloads[0][len(PAYLOAD_DIR) :] != manifest["payload_name"] or (
        (ARRAYS_NAME in members) != ("arrays_sha256" in manifest)
    ):
        return None
    expected = manifest.get("payload_size")
    if isinstance(expected, int) and expected != members[payloads[0]][3]:
        raise ModelFileError(path, "payload size does not match the manifest: the file was "
                             "modified or damaged")  # fmt: skip
    return manifest


def _manifest_values(path: Path) -> dict[str, Any]:
    """Index columns from a model file's manifest; status broken with the reason on failure."""
    try:
        manifest = _fast_manifest(path) or read_manifest(path)
    except ModelFileError as exc:
        return {"status": STATUS_BROKEN, "reason": exc.problem}
    except (OSError, MemoryError) as exc:
        return {"status": STATUS_BROKEN, "reason": f"cannot be read ({exc})"}
    values: dict[str, Any] = {"status": STATUS_OK, "reason": None}
    missing = [name for name in _NEEDED_FIELDS if name not in manifest]
    if missing:
        values.update(status=STATUS_BROKEN, reason=f"manifest field '{missing[0]}' is missing")
    raw_metrics = manifest.get("metrics")
    metrics: dict[str, Any] = raw_metrics if isinstance(raw_metrics, dict) else {}
    raw_signature = manifest.get("input_signature")
    signature: dict[str, Any] = raw_signature if isinstance(raw_signature, dict) else {}
    classes = manifest.get("classes")
    versions = manifest.get("trained_versions") or manifest.get("versions")
    versions = {str(k): str(v) for k, v in sorted(versions.items())} if isinstance(
        versions, dict) else {}  # fmt: skip
    values.update(
        payload_sha256=manifest.get("payload_sha256"),
        uuid=manifest.get("uuid"),
        model_type=manifest.get("model_type"),
        created_utc=_text(manifest.get("created_utc")),
        classes=_json_text(tuple(classes) if isinstance(classes, list) else ()),
        n_features=_integer(signature.get("n_features")),
        n_times=_integer(signature.get("n_times")),
        training_seconds=_number(manifest.get("training_seconds")),
        versions=_json_text(tuple(versions.items()), mapping=True),
        **{k: _number(metrics.get(k)) for k in _METRICS},
    )
    values["manifest_label"] = _text(manifest.get("label"))
    return values


def _json_text(items: tuple[Any, ...], *, mapping: bool = False) -> str:
    """JSON of a list (or, with ``mapping``, of a dict given as items), memoised: thousands of
    models share the same classes, versions and tags."""
    try:  # the types are part of the key: 1, 1.0 and True are equal but not the same JSON
        return _json_memo(items, tuple(map(type, items)), mapping)
    except TypeError:  # unhashable values (nested lists): no memo
        return json.dumps(dict(items) if mapping else list(items))


@functools.lru_cache(maxsize=1024)
def _json_memo(items: tuple[Any, ...], _types: tuple[type, ...], mapping: bool) -> str:
    return json.dumps(dict(items) if mapping else list(items))


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    value = float(value)
    return value if value == value and abs(value) != float("inf") else None


def _integer(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _mtime_iso(mtime_ns: int) -> str:
    return datetime.fromtimestamp(mtime_ns / 1e9, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _folder_label(relpath: str) -> str | None:
    parts = relpath.split("/")
    return parts[0] if len(parts) == 2 else None


def _remove_if_stale(entry: os.DirEntry[str], now: float) -> None:
    try:
        if now - entry.stat(follow_symlinks=False).st_mtime > STALE_TEMP_SECONDS:
            os.unlink(entry.path)
            logger.info("removed stale temporary file %s", entry.path)
    except OSError as exc:
        logger.debug("cannot remove temporary file %s: %s", entry.path, exc)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
