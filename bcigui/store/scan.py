"""Reading a store folder for the index: find the files, read manifests cheaply, build rows.

:func:`scan_folder` walks the store (skipping the trash and hidden files, removing stale
temporary files of interrupted saves), :func:`fast_manifest` reads a manifest with a few seeks
instead of :mod:`zipfile`, and :func:`index_row` turns one file (its manifest and its
annotations sidecar) into a row of the index's ``models`` table. Payloads are never hashed here.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import struct
import time
import zlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bcigui.errors import ModelFileError
from bcigui.modelfile._zipsafe import MAX_COMPRESSION_RATIO, MAX_UNCOMPRESSED_BYTES, safe_name
from bcigui.modelfile.atomic import is_temp_name
from bcigui.modelfile.manifest import MAX_MANIFEST_BYTES, decode_manifest
from bcigui.modelfile.model_file import (
    ARRAYS_NAME,
    MANIFEST_NAME,
    MODEL_FILE_SUFFIX,
    PAYLOAD_DIR,
    read_manifest,
)
from bcigui.store.annotations import SIDECAR_SUFFIX, Annotations, read_annotations
from bcigui.store.records import (
    COLUMNS,
    METRICS,
    STATUS_BROKEN,
    STATUS_LEGACY,
    STATUS_OK,
    cv_values,
    near_chance_text,
)

logger = logging.getLogger(__name__)

LEGACY_SUFFIX = ".pkl"
#: Temporary files of interrupted saves older than this (seconds) are removed by reconcile.
STALE_TEMP_SECONDS = 60.0
#: Manifest fields a model needs beyond those the file format itself checks.
_NEEDED_FIELDS = ("classes", "hyperparameters", "preprocessing")

_EOCD = struct.Struct("<4s4H2LH")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_LOCAL = struct.Struct("<4s5H3L2H")
_TAIL_BYTES = 4096  # the central directory of a model file fits: one read for both


def scan_folder(
    folder: Path, prefix: str, found: dict[str, tuple[int, int]], sidecars: dict[str, int]
) -> None:
    """Collect the model files and sidecars under ``folder`` (recursively).

    Parameters
    ----------
    folder : Path
        The folder to list; a missing one is skipped.
    prefix : str
        ``folder`` relative to the store, ``/``-terminated (``""`` for the store itself).
    found : dict
        Filled with relative path -> ``(size, mtime_ns)`` of every ``.bcimodel`` and ``.pkl``.
    sidecars : dict
        Filled with the model's relative path -> ``mtime_ns`` of its annotations sidecar.
    """
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
                scan_folder(Path(entry.path), f"{prefix}{name}/", found, sidecars)
            elif name.endswith((MODEL_FILE_SUFFIX, LEGACY_SUFFIX)):
                st = entry.stat(follow_symlinks=False)
                found[prefix + name] = (st.st_size, st.st_mtime_ns)
            elif name.endswith(SIDECAR_SUFFIX):
                model_name = prefix + name[: -len(SIDECAR_SUFFIX)]
                sidecars[model_name] = entry.stat(follow_symlinks=False).st_mtime_ns
        except OSError as exc:  # vanished while scanning
            logger.debug("skipping %s: %s", entry.path, exc)


def index_row(
    store_dir: Path, relpath: str, size: int, mtime_ns: int, meta_mtime_ns: int | None
) -> tuple[Any, ...]:
    """The database row of one file (reads its manifest and sidecar), in :data:`COLUMNS` order.

    Parameters
    ----------
    store_dir : Path
        The store.
    relpath : str
        The file relative to the store, ``/``-separated.
    size, mtime_ns : int
        The file's size and modification time.
    meta_mtime_ns : int or None
        The sidecar's modification time; None when the file has no sidecar.
    """
    path = store_dir / relpath
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
        values.update(manifest_values(path))
    values["label"] = _folder_label(relpath) or values.pop("manifest_label", None)
    return tuple(values.get(column) for column in COLUMNS)


def fast_manifest(path: Path) -> dict[str, Any] | None:
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
    manifest = decode_manifest(raw, path)
    if payloads[0][len(PAYLOAD_DIR) :] != manifest["payload_name"] or (
        (ARRAYS_NAME in members) != ("arrays_sha256" in manifest)
    ):
        return None
    expected = manifest.get("payload_size")
    if isinstance(expected, int) and expected != members[payloads[0]][3]:
        raise ModelFileError(path, "payload size does not match the manifest: the file was "
                             "modified or damaged")  # fmt: skip
    return manifest


def manifest_values(path: Path) -> dict[str, Any]:
    """Index columns from a model file's manifest; status broken with the reason on failure."""
    try:
        manifest = fast_manifest(path) or read_manifest(path)
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
        **{k: _number(metrics.get(k)) for k in METRICS},
        **cv_values(manifest),
        near_chance=near_chance_text(manifest),
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
