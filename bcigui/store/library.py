"""Library operations on a model store: import, export, delete to trash, restore, annotations,
champion, verify.

User annotations (display name, notes, tags, the per-label "champion") live in a sidecar JSON
file beside each model (``<model>.bcimodel.meta.json``), written atomically, so they survive an
index rebuild and travel with export and import. Deleted models go to
``<store>/.trash/<timestamp>/<label>/<file>`` with their sidecar and can be restored until the
trash is purged. Every function takes the store's :class:`~bcigui.store.index.ModelIndex` and
keeps it up to date; :class:`~bcigui.store.manager.ModelManager` wraps them with its cache and
change events.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bcigui.errors import ConfigError, ModelFileError
from bcigui.store.atomic import atomic_write_bytes
from bcigui.store.paths import validate_name

if TYPE_CHECKING:
    from bcigui.store.index import ModelIndex, ModelRecord

logger = logging.getLogger(__name__)

SIDECAR_SUFFIX = ".meta.json"
TRASH_DIR = ".trash"
TRASH_INFO = ".entry.json"
_KEEP: Any = object()


@dataclass(frozen=True)
class Annotations:
    """User annotations of one model (the sidecar file's content).

    Attributes
    ----------
    display_name : str or None
        A name to show instead of the file name.
    notes : str
        Free text.
    tags : tuple of str
        Short keywords.
    champion : bool
        The label's preferred model (``get_or_load_model`` picks it over newer ones).
    """

    display_name: str | None = None
    notes: str = ""
    tags: tuple[str, ...] = ()
    champion: bool = False

    def to_json(self) -> dict[str, Any]:
        """The sidecar's JSON object."""
        return {
            "display_name": self.display_name,
            "notes": self.notes,
            "tags": list(self.tags),
            "champion": self.champion,
        }


@dataclass(frozen=True)
class TrashEntry:
    """A deleted model waiting in the trash.

    Attributes
    ----------
    id : str
        The entry's folder name under ``.trash/`` (its deletion time).
    folder : Path
        That folder.
    original : str
        Where the model was, relative to the store.
    deleted_utc : str
        When it was deleted (ISO 8601).
    size : int
        Size of the model file in bytes.
    """

    id: str
    folder: Path
    original: str
    deleted_utc: str
    size: int = 0
    info: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def path(self) -> Path:
        """The model file inside the trash."""
        return self.folder / self.original


def sidecar_path(model_path: str | PathLike[str]) -> Path:
    """The annotations file of a model: ``<model path>.meta.json``."""
    return Path(f"{model_path}{SIDECAR_SUFFIX}")


def read_annotations(model_path: str | PathLike[str]) -> Annotations:
    """The annotations of a model; empty ones when it has none or the sidecar is unreadable."""
    path = sidecar_path(model_path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Annotations()
    except (OSError, ValueError) as exc:
        logger.warning("ignoring unreadable annotations %s: %s", path, exc)
        return Annotations()
    if not isinstance(raw, dict):
        logger.warning("ignoring annotations %s: not a JSON object", path)
        return Annotations()
    name = raw.get("display_name")
    tags = raw.get("tags")
    return Annotations(
        display_name=name if isinstance(name, str) and name else None,
        notes=raw["notes"] if isinstance(raw.get("notes"), str) else "",
        tags=tuple(t for t in tags if isinstance(t, str)) if isinstance(tags, list) else (),
        champion=raw.get("champion") is True,
    )


def write_annotations(model_path: str | PathLike[str], annotations: Annotations) -> Path:
    """Write a model's sidecar atomically; returns its path."""
    text = json.dumps(annotations.to_json(), indent=2, ensure_ascii=False)
    return atomic_write_bytes(sidecar_path(model_path), text.encode("utf-8"), overwrite=True)


def _existing_model(index: ModelIndex, path: str | PathLike[str]) -> tuple[str, Path]:
    relpath = index.relpath(path)
    full = index.store_dir / relpath
    if not full.is_file():
        raise FileNotFoundError(errno.ENOENT, "no such model file", str(full))
    return relpath, full


def update_annotations(
    index: ModelIndex,
    path: str | PathLike[str],
    *,
    display_name: Any = _KEEP,
    notes: Any = _KEEP,
    tags: Any = _KEEP,
    champion: Any = _KEEP,
) -> Annotations:
    """Change some annotations of a model (the others are kept) and re-index it.

    Setting ``champion=True`` clears the champion flag of every other model of the same label.
    """
    relpath, full = _existing_model(index, path)
    old = read_annotations(full)
    if tags is not _KEEP:
        if isinstance(tags, str) or not all(isinstance(t, str) for t in tags):
            raise ConfigError("tags must be a list of strings")
        tags = tuple(dict.fromkeys(t.strip() for t in tags if t.strip()))
    if display_name is not _KEEP and display_name is not None and not isinstance(display_name, str):
        raise ConfigError("display_name must be a string or None")
    if notes is not _KEEP and not isinstance(notes, str):
        raise ConfigError("notes must be a string")
    new = Annotations(
        display_name=old.display_name if display_name is _KEEP else (display_name or None),
        notes=old.notes if notes is _KEEP else notes,
        tags=old.tags if tags is _KEEP else tags,
        champion=old.champion if champion is _KEEP else bool(champion),
    )
    if new.champion and not old.champion:
        record = index.get(relpath) or index.upsert(relpath)
        label = record.label if record is not None else None
        if label is not None:
            _clear_champions(index, label, keep=relpath)
    write_annotations(full, new)
    index.upsert(relpath)
    return new


def _clear_champions(index: ModelIndex, label: str, keep: str | None) -> list[str]:
    """Remove the champion flag from every model of ``label`` except ``keep``."""
    index.reconcile(label)
    cleared = []
    for record in index.query(label=label, champion=True):
        if record.relpath == keep:
            continue
        notes = read_annotations(record.path)
        write_annotations(
            record.path,
            Annotations(notes.display_name, notes.notes, notes.tags, champion=False),
        )
        index.upsert(record.relpath)
        cleared.append(record.relpath)
    return cleared


def _keep_single_champion(index: ModelIndex, full: Path) -> None:
    """After an import or restore: drop the new file's champion flag if the label has one."""
    notes = read_annotations(full)
    if not notes.champion:
        return
    record = index.upsert(full)
    if record is None or record.label is None:
        return
    others = [
        r for r in index.query(label=record.label, champion=True) if r.relpath != record.relpath
    ]
    if others:
        logger.info("%s keeps its champion; %s is not marked champion", others[0].path, full)
        write_annotations(
            full, Annotations(notes.display_name, notes.notes, notes.tags, champion=False)
        )
        index.upsert(full)


# --------------------------------------------------------------------------- import / export
def import_model(
    index: ModelIndex,
    source: str | PathLike[str],
    *,
    label: str | None = None,
    allow_duplicate: bool = False,
) -> Path:
    """Copy a model file from elsewhere into the store after verifying it.

    Parameters
    ----------
    index : ModelIndex
        The store's index.
    source : path-like
        A ``.bcimodel`` file; its sidecar (``<source>.meta.json``) comes along when present.
    label : str, optional
        The label folder to put it in; the manifest's label by default.
    allow_duplicate : bool
        Import even when the store already holds this model (same uuid and payload hash);
        by default the existing file's path is returned instead.

    Returns
    -------
    Path
        Where the model now is: ``<store>/<label>/<file name>``, or a fresh name when that
        is taken (an existing file is never overwritten).

    Raises
    ------
    FileNotFoundError
        ``source`` does not exist.
    ModelFileError
        ``source`` is not a valid, intact model file (every checksum is verified).
    """
    from bcigui.store.model_file import MODEL_FILE_SUFFIX, read_manifest, read_model_file
    from bcigui.store.paths import generate_model_path

    source = Path(source)
    if label is not None:
        validate_name(label, "label")
    contents = read_model_file(source, verify=True)
    manifest = contents.manifest
    label = validate_name(label or manifest.get("label") or "imported", "label")
    with contextlib.suppress(ValueError):
        inside = index.relpath(source.resolve())
        if (index.store_dir / inside).resolve() == source.resolve() and not inside.startswith("."):
            index.upsert(inside)
            return index.store_dir / inside
    if not allow_duplicate:
        index.reconcile(label)
        for record in index.query(label=label):
            if record.uuid == manifest["uuid"] and (
                record.payload_sha256 == manifest["payload_sha256"]
            ):
                logger.info("%s is already in the store as %s", source, record.path)
                return record.path
    data = source.read_bytes()
    name = source.name if source.suffix == MODEL_FILE_SUFFIX else source.stem + MODEL_FILE_SUFFIX
    dest = index.store_dir / label / name
    for _ in range(100):
        try:
            atomic_write_bytes(dest, data, overwrite=False)
            break
        except FileExistsError:
            dest = generate_model_path(manifest["model_type"], label, index.store_dir)
    else:  # pragma: no cover - 100 collisions
        raise FileExistsError(errno.EEXIST, "no free file name", str(dest))
    copied = read_manifest(dest)
    if copied.get("payload_sha256") != manifest["payload_sha256"]:  # changed while copying
        dest.unlink()
        raise ModelFileError(source, "the file changed while it was imported; try again")
    sidecar = sidecar_path(source)
    if sidecar.is_file():
        write_annotations(dest, read_annotations(source))
    index.upsert(dest)
    _keep_single_champion(index, dest)
    logger.info("imported %s as %s", source, dest)
    return dest


def export_model(
    index: ModelIndex,
    path: str | PathLike[str],
    dest: str | PathLike[str],
    *,
    overwrite: bool = False,
) -> Path:
    """Copy a model (and its annotations sidecar) out of the store.

    Parameters
    ----------
    index : ModelIndex
        The store's index.
    path : path-like
        The model, absolute or relative to the store.
    dest : path-like
        A folder (the file keeps its name; made if missing) or a file path ending in
        ``.bcimodel``.
    overwrite : bool
        Replace an existing destination file.

    Returns
    -------
    Path
        The exported file.
    """
    _relpath, full = _existing_model(index, path)
    dest = Path(dest)
    if dest.is_dir() or dest.suffix != full.suffix:
        dest = dest / full.name
    atomic_write_bytes(dest, full.read_bytes(), overwrite=overwrite)
    if sidecar_path(full).is_file():
        atomic_write_bytes(sidecar_path(dest), sidecar_path(full).read_bytes(), overwrite=overwrite)
    logger.info("exported %s to %s", full, dest)
    return dest


# --------------------------------------------------------------------------- trash
def _now_utc() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def delete_model(index: ModelIndex, path: str | PathLike[str]) -> TrashEntry:
    """Move a model and its sidecar into ``<store>/.trash/<timestamp>/`` (restorable).

    Raises
    ------
    FileNotFoundError
        The model does not exist (the message names it).
    """
    relpath, full = _existing_model(index, path)
    trash = index.store_dir / TRASH_DIR
    stamp = datetime.now().strftime("%Y%m%d_%H%M%S_%f")
    folder = trash / stamp
    for counter in range(2, 1000):
        try:
            folder.mkdir(parents=True)
            break
        except FileExistsError:
            folder = trash / f"{stamp}_{counter}"
    record = index.get(relpath)
    info: dict[str, Any] = {
        "original": relpath,
        "deleted_utc": _now_utc(),
        "size": full.stat().st_size,
        "model_type": record.model_type if record else None,
        "label": record.label if record else None,
        "uuid": record.uuid if record else None,
    }
    atomic_write_bytes(folder / TRASH_INFO, json.dumps(info, indent=2).encode("utf-8"))
    target = folder / relpath
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(full, target)
    if sidecar_path(full).exists():
        os.replace(sidecar_path(full), sidecar_path(target))
    index.remove(relpath)
    logger.info("moved %s to the trash (%s)", full, folder)
    return TrashEntry(folder.name, folder, relpath, info["deleted_utc"], info["size"], info)


def list_trash(store_dir: str | PathLike[str]) -> list[TrashEntry]:
    """The trash's entries, newest first."""
    trash = Path(store_dir) / TRASH_DIR
    entries = []
    for folder in sorted(trash.iterdir() if trash.is_dir() else [], reverse=True):
        if not folder.is_dir():
            continue
        try:
            info = json.loads((folder / TRASH_INFO).read_text(encoding="utf-8"))
            original = str(info["original"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            logger.warning(
                "skipping trash entry %s without a readable %s: %s", folder, TRASH_INFO, exc
            )
            continue
        entries.append(
            TrashEntry(
                folder.name,
                folder,
                original,
                str(info.get("deleted_utc", "")),
                int(info.get("size") or 0),
                info,
            )
        )
    return entries


def _find_entry(store_dir: Path, entry: TrashEntry | str) -> TrashEntry:
    wanted = entry.id if isinstance(entry, TrashEntry) else str(entry)
    for candidate in list_trash(store_dir):
        if wanted in (candidate.id, candidate.original, str(candidate.path)):
            return candidate
    raise FileNotFoundError(errno.ENOENT, "no such entry in the trash", wanted)


def _move_no_replace(src: Path, dest: Path) -> None:
    """Rename ``src`` to ``dest``; FileExistsError when ``dest`` exists (never replaces)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dest)
    except FileExistsError:
        raise
    except OSError:
        if dest.exists():
            raise FileExistsError(errno.EEXIST, "file exists", str(dest)) from None
        os.replace(src, dest)
        return
    os.unlink(src)


def restore_model(index: ModelIndex, entry: TrashEntry | str) -> Path:
    """Put a trashed model back where it was (a fresh name if that place is taken).

    Parameters
    ----------
    index : ModelIndex
        The store's index.
    entry : TrashEntry or str
        The entry, its id, or the model's original relative path.

    Returns
    -------
    Path
        The restored model file.
    """
    found = _find_entry(index.store_dir, entry)
    src = found.path
    if not src.is_file():
        raise FileNotFoundError(errno.ENOENT, "the trashed model file is missing", str(src))
    dest = index.store_dir / found.original
    counter = 1
    while True:
        try:
            _move_no_replace(src, dest)
            break
        except FileExistsError:
            counter += 1
            original = Path(found.original)
            dest = (
                index.store_dir
                / original.parent
                / f"{original.stem}_restored{counter}{original.suffix}"
            )
    if sidecar_path(src).exists():
        os.replace(sidecar_path(src), sidecar_path(dest))
    shutil.rmtree(found.folder, ignore_errors=True)
    index.upsert(dest)
    _keep_single_champion(index, dest)
    logger.info("restored %s from the trash", dest)
    return dest


def purge_trash(store_dir: str | PathLike[str], entry: TrashEntry | str | None = None) -> int:
    """Delete trash entries for good: one, or all of them (default). Returns how many."""
    store_dir = Path(store_dir)
    entries = list_trash(store_dir) if entry is None else [_find_entry(store_dir, entry)]
    for item in entries:
        shutil.rmtree(item.folder, ignore_errors=True)
    if entry is None:
        shutil.rmtree(store_dir / TRASH_DIR, ignore_errors=True)
    logger.info("purged %d trash entries from %s", len(entries), store_dir)
    return len(entries)


# --------------------------------------------------------------------------- verify
def verify_all(index: ModelIndex) -> list[ModelRecord]:
    """Re-hash every model's payload and record the result in the index.

    Returns
    -------
    list of ModelRecord
        The broken models, each with its reason.
    """
    from bcigui.store.index import STATUS_BROKEN, STATUS_LEGACY
    from bcigui.store.model_file import inspect_model_file

    index.reconcile()
    for record in index.query(sort="relpath", descending=False):
        if record.status == STATUS_LEGACY:
            continue
        status, reason = inspect_model_file(record.path)
        if status == "ok":
            index.upsert(record.relpath)  # re-read: the manifest decides the rest
        else:
            index.set_status(record.relpath, STATUS_BROKEN, reason)
    broken = index.query(status=STATUS_BROKEN, sort="relpath", descending=False)
    logger.info("verified %s: %d broken model files", index.store_dir, len(broken))
    return broken
