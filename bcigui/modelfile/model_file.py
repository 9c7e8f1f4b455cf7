"""The ``.bcimodel`` file: one self-describing, code-free file per trained model.

A ``.bcimodel`` file is a zip archive holding exactly:

``manifest.json``
    A JSON object: schema version, uuid, creation time (UTC), model type, label, classes,
    preprocessing, hyperparameters, metrics, library versions, and the SHA-256 of the payload
    (and of ``arrays.npz`` when present).
``payload/<name>``
    The model itself, in a format that cannot run code when read: ``model.keras`` (loaded
    with Keras ``safe_mode=True``) or ``model.skops`` (loaded with an explicit trusted-type
    list); see :mod:`bcigui.modelfile.payloads`.
``arrays.npz`` (optional)
    Numeric numpy arrays (fitted preprocessing state), read with ``allow_pickle=False``.

Reading validates everything before anything is decoded: the zip structure, member names,
sizes (zip bombs), the manifest fields (see :mod:`bcigui.modelfile.manifest`) and the checksums.
Every problem is reported as a :class:`~bcigui.errors.ModelFileError` that names the file.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import logging
import time
import uuid
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np

from bcigui._version import __version__
from bcigui.errors import ModelFileError
from bcigui.modelfile._jsonable import to_jsonable, utc_now_iso
from bcigui.modelfile._zipsafe import (
    MAX_UNCOMPRESSED_BYTES,
    RATIO_CHECK_MIN_BYTES,
    check_members,
    load_npz_safely,
    npz_bytes,
    open_zip,
    read_member,
    safe_name,
)
from bcigui.modelfile.atomic import atomic_write_bytes
from bcigui.modelfile.manifest import MAX_MANIFEST_BYTES, SCHEMA_VERSION
from bcigui.modelfile.manifest import check_manifest as _check_manifest
from bcigui.modelfile.manifest import decode_manifest as _decode_manifest
from bcigui.modelfile.versions import library_versions

logger = logging.getLogger(__name__)

MODEL_FILE_SUFFIX = ".bcimodel"
MANIFEST_NAME = "manifest.json"
ARRAYS_NAME = "arrays.npz"
PAYLOAD_DIR = "payload/"

__all__ = [
    "MODEL_FILE_SUFFIX",
    "SCHEMA_VERSION",
    "ModelFileContents",
    "ModelFileNotFoundError",
    "inspect_model_file",
    "read_manifest",
    "read_model_file",
    "to_jsonable",
    "write_model_file",
]


class ModelFileNotFoundError(ModelFileError, FileNotFoundError):
    """A model file that does not exist (also a :class:`FileNotFoundError`)."""

    def __init__(self, path: str | PathLike[str], problem: str = "no such model file") -> None:
        super().__init__(path, problem)
        self.errno = errno.ENOENT
        self.strerror = problem
        self.filename = str(self.path)

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


@dataclass(frozen=True, eq=False)
class ModelFileContents:
    """Everything a ``.bcimodel`` file holds, read and verified, nothing decoded yet.

    Attributes
    ----------
    manifest : dict
        The manifest (a JSON object).
    payload : bytes
        The payload file's bytes (a ``.keras`` or ``.skops`` archive).
    payload_name : str
        The payload's file name, ``"model.keras"`` or ``"model.skops"``.
    arrays : dict of str to ndarray
        The arrays of ``arrays.npz``; empty when the file has none.
    path : Path
        The file that was read.
    """

    manifest: dict[str, Any]
    payload: bytes
    payload_name: str
    arrays: dict[str, np.ndarray] = field(default_factory=dict)
    path: Path = field(default_factory=Path)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _zip_entry(name: str, compress_type: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
    info.compress_type = compress_type
    info.external_attr = 0o644 << 16
    return info


def write_model_file(
    path: str | PathLike[str],
    manifest: Mapping[str, Any],
    payload: bytes,
    payload_name: str,
    arrays: Mapping[str, np.ndarray] | None = None,
    *,
    overwrite: bool = False,
) -> dict[str, Any]:
    """Write a ``.bcimodel`` file atomically.

    Parameters
    ----------
    path : path-like
        The destination; parent folders are created.
    manifest : mapping
        Descriptive fields; must contain ``model_type``. Values are converted to JSON with
        :func:`to_jsonable` (numpy scalars and arrays become numbers and lists, NaN and
        infinities become null).
    payload : bytes
        The serialized model (see :mod:`bcigui.modelfile.payloads`).
    payload_name : str
        Its file name inside the archive, ``"model.keras"`` or ``"model.skops"``.
    arrays : mapping of str to ndarray, optional
        Numeric arrays to keep beside the model (no object dtype).
    overwrite : bool
        Replace an existing file at ``path``. When False (default) an existing file is never
        replaced and :class:`FileExistsError` is raised.

    Returns
    -------
    dict
        The manifest as written, with ``schema_version``, ``uuid``, ``created_utc``,
        ``payload_name``, ``payload_sha256``, ``payload_size``, ``arrays_sha256`` (with
        arrays), ``versions`` and ``bcigui_version`` filled in.

    Raises
    ------
    ValueError, TypeError
        An unusable manifest, payload name or array.
    FileExistsError
        ``overwrite=False`` and ``path`` exists.
    OSError
        The file could not be written; the previous file, if any, is intact.
    """
    path = Path(path)
    if not isinstance(payload, (bytes, bytearray, memoryview)):
        raise TypeError(f"payload must be bytes, got {type(payload).__name__}")
    payload = bytes(payload)
    if not isinstance(payload_name, str) or not safe_name(payload_name):
        raise ValueError(f"payload name {payload_name!r} is not a plain file name")
    final: dict[str, Any] = to_jsonable(dict(manifest))
    if not isinstance(final.get("model_type"), str) or not final["model_type"]:
        raise ValueError("the manifest needs a 'model_type' string")
    final["schema_version"] = SCHEMA_VERSION
    if not final.get("uuid"):
        final["uuid"] = str(uuid.uuid4())
    if not final.get("created_utc"):
        final["created_utc"] = utc_now_iso()
    final["payload_name"] = payload_name
    final["payload_sha256"] = _sha256(payload)
    final["payload_size"] = len(payload)
    npz = npz_bytes(arrays) if arrays else None
    if npz is not None:
        final["arrays_sha256"] = _sha256(npz)
    else:
        final.pop("arrays_sha256", None)
    if not final.get("versions"):
        final["versions"] = library_versions()
    final["bcigui_version"] = __version__
    _check_manifest(final, path)
    text = json.dumps(final, indent=2, allow_nan=False, ensure_ascii=False).encode("utf-8")
    total = len(text) + len(payload) + (len(npz) if npz is not None else 0)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise ValueError(f"{path}: the model is {total} bytes, more than a model file may hold")

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", allowZip64=True) as archive:
        archive.writestr(_zip_entry(MANIFEST_NAME, zipfile.ZIP_DEFLATED), text)
        if npz is not None:
            # Large arrays are stored: a highly compressible one would look like a zip bomb.
            small = len(npz) <= RATIO_CHECK_MIN_BYTES
            kind = zipfile.ZIP_DEFLATED if small else zipfile.ZIP_STORED
            archive.writestr(_zip_entry(ARRAYS_NAME, kind), npz)
        archive.writestr(_zip_entry(PAYLOAD_DIR + payload_name, zipfile.ZIP_STORED), payload)
    atomic_write_bytes(path, buffer.getvalue(), overwrite=overwrite)
    logger.info("saved model file %s (%s, %d bytes)", path, final["model_type"], total)
    return final


def _read(
    path: str | PathLike[str], *, with_payload: bool, verify: bool, max_uncompressed: int
) -> ModelFileContents:
    path = Path(path)
    with open_zip(path, ModelFileNotFoundError) as archive:
        members = check_members(
            archive,
            path,
            allowed={MANIFEST_NAME, ARRAYS_NAME},
            payload_dir=PAYLOAD_DIR,
            max_uncompressed=max_uncompressed,
        )
        if MANIFEST_NAME not in members:
            raise ModelFileError(path, "manifest.json is missing: not a bcimodel file")
        manifest_info = members[MANIFEST_NAME]
        if manifest_info.file_size > MAX_MANIFEST_BYTES:
            raise ModelFileError(path, "manifest.json is implausibly large")
        manifest = _decode_manifest(read_member(archive, manifest_info, path), path)

        payload_members = [name for name in members if name.startswith(PAYLOAD_DIR)]
        if not payload_members:
            raise ModelFileError(path, "the model payload is missing")
        member_name = payload_members[0]
        payload_name = member_name[len(PAYLOAD_DIR) :]
        if payload_name != manifest["payload_name"]:
            raise ModelFileError(
                path,
                f"the manifest names payload {manifest['payload_name']!r} but the file holds "
                f"{payload_name!r}",
            )
        if (ARRAYS_NAME in members) != ("arrays_sha256" in manifest):
            raise ModelFileError(
                path, "arrays.npz and the manifest's 'arrays_sha256' do not go together"
            )
        if not with_payload:
            return ModelFileContents(manifest, b"", payload_name, {}, path)

        payload = read_member(archive, members[member_name], path)
        if verify:
            size = manifest.get("payload_size")
            if _sha256(payload) != manifest["payload_sha256"] or (
                size is not None and size != len(payload)
            ):
                raise ModelFileError(
                    path, "payload checksum mismatch: the file was modified or damaged"
                )
        arrays: dict[str, np.ndarray] = {}
        if ARRAYS_NAME in members:
            npz = read_member(archive, members[ARRAYS_NAME], path)
            if verify and _sha256(npz) != manifest["arrays_sha256"]:
                raise ModelFileError(
                    path, "arrays checksum mismatch: the file was modified or damaged"
                )
            arrays = load_npz_safely(npz, path, max_uncompressed=max_uncompressed)
    return ModelFileContents(manifest, payload, payload_name, arrays, path)


def read_model_file(
    path: str | PathLike[str],
    *,
    verify: bool = True,
    max_uncompressed: int = MAX_UNCOMPRESSED_BYTES,
) -> ModelFileContents:
    """Read and verify a ``.bcimodel`` file; nothing in it is executed or decoded.

    Parameters
    ----------
    path : path-like
        The model file.
    verify : bool
        Check the payload and array checksums against the manifest.
    max_uncompressed : int
        Refuse files whose members add up to more bytes than this (zip bombs).

    Returns
    -------
    ModelFileContents

    Raises
    ------
    ModelFileNotFoundError
        ``path`` does not exist.
    ModelFileError
        Anything else wrong with the file (a folder, empty, not a zip, a pickle, damaged,
        foreign members, a zip bomb, a bad manifest, a newer schema, a checksum mismatch,
        object arrays); the message names the file and the problem.
    """
    return _read(path, with_payload=True, verify=verify, max_uncompressed=max_uncompressed)


def read_manifest(
    path: str | PathLike[str], *, max_uncompressed: int = MAX_UNCOMPRESSED_BYTES
) -> dict[str, Any]:
    """Read and validate only the manifest of a ``.bcimodel`` file (cheap: no hashing).

    Parameters
    ----------
    path : path-like
        The model file.
    max_uncompressed : int
        Refuse files whose members add up to more bytes than this (zip bombs).

    Returns
    -------
    dict
        The manifest.

    Raises
    ------
    ModelFileNotFoundError, ModelFileError
        As :func:`read_model_file`, except checksum mismatches, which are not looked for.
    """
    return _read(path, with_payload=False, verify=False, max_uncompressed=max_uncompressed).manifest


def inspect_model_file(path: str | PathLike[str]) -> tuple[str, str | None]:
    """Tell whether a model file is readable, without raising.

    Parameters
    ----------
    path : path-like
        The model file.

    Returns
    -------
    tuple
        ``("ok", None)``, or ``("broken", reason)`` with the reason in words.
    """
    try:
        read_model_file(path, verify=True)
    except ModelFileError as exc:
        return "broken", exc.problem
    except (OSError, MemoryError) as exc:
        return "broken", f"cannot be read ({exc})"
    return "ok", None
