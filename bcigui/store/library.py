"""Library operations on a model store: import, export and verify.

Every function takes the store's :class:`~bcigui.store.index.ModelIndex` and keeps it up to
date; :class:`~bcigui.store.manager.ModelManager` wraps them with its cache and change events.
Annotation sidecars and the champion flag are :mod:`bcigui.store.annotations`, the trash
(delete, restore, purge) is :mod:`bcigui.store.trash`.
"""

from __future__ import annotations

import contextlib
import logging
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

from bcigui.errors import ModelFileError
from bcigui.modelfile.atomic import atomic_write_bytes
from bcigui.modelfile.paths import validate_name, write_fresh_model_file
from bcigui.store.annotations import (
    companion_paths,
    existing_model,
    keep_single_champion,
    read_annotations,
    sidecar_path,
    write_annotations,
)
from bcigui.store.readiness import read_readiness, write_readiness

if TYPE_CHECKING:
    from bcigui.store.index import ModelIndex
    from bcigui.store.records import ModelRecord

logger = logging.getLogger(__name__)


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
    from bcigui.modelfile.model_file import MODEL_FILE_SUFFIX, read_manifest, read_model_file

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
        existing = _same_model(index, manifest, label)
        if existing is not None:
            logger.info("%s is already in the store as %s; nothing imported", source, existing.path)
            return existing.path
    data = source.read_bytes()
    name = source.name if source.suffix == MODEL_FILE_SUFFIX else source.stem + MODEL_FILE_SUFFIX
    dest = write_fresh_model_file(
        lambda path: atomic_write_bytes(path, data, overwrite=False),
        manifest["model_type"],
        label,
        index.store_dir,
        first=index.store_dir / label / name,
    )
    copied = read_manifest(dest)
    if copied.get("payload_sha256") != manifest["payload_sha256"]:  # changed while copying
        dest.unlink()
        raise ModelFileError(source, "the file changed while it was imported; try again")
    if sidecar_path(source).is_file():
        write_annotations(dest, read_annotations(source))
    readiness = read_readiness(source)
    if readiness is not None:
        write_readiness(dest, readiness)
    index.upsert(dest)
    keep_single_champion(index, dest)
    logger.info("imported %s as %s", source, dest)
    return dest


def find_duplicate(
    index: ModelIndex, source: str | PathLike[str], *, label: str | None = None
) -> ModelRecord | None:
    """The model of the store that ``source`` would duplicate, if any.

    Parameters
    ----------
    index : ModelIndex
        The store's index.
    source : path-like
        A ``.bcimodel`` file (only its manifest is read).
    label : str, optional
        The label it would be imported under; the manifest's label by default.

    Returns
    -------
    ModelRecord or None
        The model with the same uuid and payload hash under that label: importing ``source``
        would write nothing and return its path.
    """
    from bcigui.modelfile.model_file import read_manifest

    manifest = read_manifest(source)
    label = validate_name(label or manifest.get("label") or "imported", "label")
    return _same_model(index, manifest, label)


def _same_model(index: ModelIndex, manifest: dict, label: str) -> ModelRecord | None:
    index.reconcile(label)
    for record in index.query(label=label):
        if record.uuid == manifest["uuid"] and record.payload_sha256 == manifest["payload_sha256"]:
            return record
    return None


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
    _relpath, full = existing_model(index, path)
    dest = Path(dest)
    if dest.is_dir() or dest.suffix != full.suffix:
        dest = dest / full.name
    atomic_write_bytes(dest, full.read_bytes(), overwrite=overwrite)
    for companion in companion_paths(full):
        suffix = companion.name[len(full.name) :]
        atomic_write_bytes(Path(f"{dest}{suffix}"), companion.read_bytes(), overwrite=overwrite)
    logger.info("exported %s to %s", full, dest)
    return dest


# --------------------------------------------------------------------------- verify
def verify_all(index: ModelIndex) -> list[ModelRecord]:
    """Re-hash every model's payload and record the result in the index.

    Returns
    -------
    list of ModelRecord
        The broken models, each with its reason.
    """
    from bcigui.modelfile.model_file import inspect_model_file
    from bcigui.store.records import STATUS_BROKEN, STATUS_LEGACY

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
