"""The store's trash: deleted models wait in ``<store>/.trash/`` until restored or purged.

Deleted models go to ``<store>/.trash/<timestamp>/<label>/<file>`` with their annotations
sidecar and a small ``.entry.json`` describing them, and can be restored (to a fresh name when
their old place is taken) until the trash is purged.
"""

from __future__ import annotations

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

from bcigui.modelfile.atomic import atomic_write_bytes
from bcigui.store.annotations import companion_paths, existing_model, keep_single_champion

if TYPE_CHECKING:
    from bcigui.store.index import ModelIndex

logger = logging.getLogger(__name__)

TRASH_DIR = ".trash"
TRASH_INFO = ".entry.json"


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


def _now_utc() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def delete_model(index: ModelIndex, path: str | PathLike[str]) -> TrashEntry:
    """Move a model and its sidecar into ``<store>/.trash/<timestamp>/`` (restorable).

    Raises
    ------
    FileNotFoundError
        The model does not exist (the message names it).
    """
    relpath, full = existing_model(index, path)
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
    for companion in companion_paths(full):
        os.replace(companion, f"{target}{companion.name[len(full.name) :]}")
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
    for companion in companion_paths(src):
        os.replace(companion, f"{dest}{companion.name[len(src.name) :]}")
    shutil.rmtree(found.folder, ignore_errors=True)
    index.upsert(dest)
    keep_single_champion(index, dest)
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
