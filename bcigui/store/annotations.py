"""User annotations of a model: the sidecar file and the per-label champion flag.

User annotations (display name, notes, tags, the per-label "champion") live in a sidecar JSON
file beside each model (``<model>.bcimodel.meta.json``), written atomically, so they survive an
index rebuild and travel with export and import. At most one model per label is the champion:
setting the flag clears it elsewhere, and an imported or restored champion yields to the
label's current one.
"""

from __future__ import annotations

import errno
import json
import logging
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bcigui.errors import ConfigError
from bcigui.modelfile.atomic import atomic_write_bytes
from bcigui.store.readiness import readiness_path

if TYPE_CHECKING:
    from bcigui.store.index import ModelIndex

logger = logging.getLogger(__name__)

SIDECAR_SUFFIX = ".meta.json"
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


def companion_paths(model_path: str | PathLike[str]) -> list[Path]:
    """The files kept beside a model that go wherever it goes (export, import, trash, restore):
    the annotations sidecar and the online-readiness file, those that exist."""
    return [p for p in (sidecar_path(model_path), readiness_path(model_path)) if p.is_file()]


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


def existing_model(index: ModelIndex, path: str | PathLike[str]) -> tuple[str, Path]:
    """``(relpath, absolute path)`` of a model file in the store.

    Raises
    ------
    FileNotFoundError
        The file does not exist (the message names it).
    """
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
    relpath, full = existing_model(index, path)
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
            clear_champions(index, label, keep=relpath)
    write_annotations(full, new)
    index.upsert(relpath)
    return new


def clear_champions(index: ModelIndex, label: str, keep: str | None) -> list[str]:
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


def keep_single_champion(index: ModelIndex, full: Path) -> None:
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
