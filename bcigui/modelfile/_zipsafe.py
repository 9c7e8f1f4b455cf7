"""Defensive reading of zip archives from untrusted files (model files and their ``.npz``).

Checks happen on the central directory before any member is decompressed: file type, member
names (no absolute paths, no ``..``), duplicates, encryption, compression methods, total size
and compression ratio (zip bombs). Members are then read with a size cap, so a header that lies
about a size cannot make the reader allocate more than the limit.
"""

from __future__ import annotations

import contextlib
import io
import logging
import math
import os
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import numpy as np

from bcigui.errors import ModelFileError

logger = logging.getLogger(__name__)

MAX_UNCOMPRESSED_BYTES = 2 * 1024**3
MAX_COMPRESSION_RATIO = 200
RATIO_CHECK_MIN_BYTES = 1024**2

_SAFE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]{0,127}")
_DRIVE = re.compile(r"^[A-Za-z]:")
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    OSError,
    OverflowError,
)

PICKLE_HINT = (
    "not a bcimodel file (it looks like a Python pickle; legacy .pkl models must be imported "
    "with import_legacy(..., trust=True))"
)


def safe_name(name: str) -> bool:
    """True for a plain file name: letters, digits, ``._-``; no leading dot, no ``..``."""
    return bool(_SAFE_NAME.fullmatch(name)) and ".." not in name


def _not_a_zip(path: Path, head: bytes) -> ModelFileError:
    if head[:1] == b"\x80":
        return ModelFileError(path, PICKLE_HINT)
    if head.startswith(b"\x89HDF"):
        return ModelFileError(path, "not a bcimodel file (it looks like an HDF5 .h5 file)")
    if head.startswith(b"\x93NUMPY"):
        return ModelFileError(path, "not a bcimodel file (it looks like a numpy .npy file)")
    return ModelFileError(path, "not a bcimodel file (it is not a zip archive)")


@contextlib.contextmanager
def open_zip(path: Path, not_found: Callable[[Path], ModelFileError]) -> Iterator[zipfile.ZipFile]:
    """Open a file as a zip archive, turning every failure into a ModelFileError.

    Parameters
    ----------
    path : Path
        The file.
    not_found : callable
        Makes the error (a ModelFileError subclass) raised when the file does not exist.

    Yields
    ------
    zipfile.ZipFile
    """
    try:
        handle = open(path, "rb")
    except FileNotFoundError:
        raise not_found(path) from None
    except IsADirectoryError:
        raise ModelFileError(path, "is a folder, not a model file") from None
    except PermissionError:
        if path.is_dir():
            raise ModelFileError(path, "is a folder, not a model file") from None
        raise ModelFileError(path, "cannot be read: permission denied") from None
    except OSError as exc:
        raise ModelFileError(path, f"cannot be read ({exc.strerror or exc})") from None
    with handle:
        if path.is_dir():  # pragma: no cover - Windows opens folders differently
            raise ModelFileError(path, "is a folder, not a model file")
        size = os.fstat(handle.fileno()).st_size
        if size == 0:
            raise ModelFileError(path, "is empty (0 bytes): the save was interrupted or failed")
        head = handle.read(8)
        if not head.startswith(b"PK"):
            raise _not_a_zip(path, head)
        handle.seek(0)
        try:
            archive = zipfile.ZipFile(handle)
        except _ZIP_ERRORS as exc:
            raise ModelFileError(
                path, f"the file is truncated or damaged (not a readable zip archive: {exc})"
            ) from None
        with archive:
            yield archive


def check_name(name: str, path: Path) -> None:
    """Refuse an archive member name that is absolute, contains ``..`` or a backslash."""
    parts = name.replace("\\", "/").split("/")
    if (
        name.startswith(("/", "\\"))
        or _DRIVE.match(name)
        or "\\" in name
        or ".." in parts
        or "\x00" in name
    ):
        raise ModelFileError(path, f"unsafe member name {name!r} (absolute or contains '..')")


def check_members(
    archive: zipfile.ZipFile,
    path: Path,
    *,
    allowed: set[str],
    payload_dir: str | None,
    max_uncompressed: int,
) -> dict[str, zipfile.ZipInfo]:
    """Validate the central directory of an archive.

    Parameters
    ----------
    archive : zipfile.ZipFile
        The open archive.
    path : Path
        The file, for messages.
    allowed : set of str
        Member names allowed at the top level.
    payload_dir : str or None
        A folder prefix (``"payload/"``) under which exactly one plain file is allowed.
    max_uncompressed : int
        Upper bound on the members' total uncompressed size.

    Returns
    -------
    dict of str to zipfile.ZipInfo
        The members by name.
    """
    infos = archive.infolist()
    try:
        file_size: int | None = os.fstat(archive.fp.fileno()).st_size  # type: ignore[union-attr]
    except (AttributeError, OSError, io.UnsupportedOperation):
        file_size = None
    members: dict[str, zipfile.ZipInfo] = {}
    total = 0
    payloads = 0
    for info in infos:
        name = info.filename
        check_name(name, path)
        if name in members:
            raise ModelFileError(path, f"member {name!r} appears twice in the archive")
        if payload_dir is not None and name.startswith(payload_dir):
            if not safe_name(name[len(payload_dir) :]):
                raise ModelFileError(path, f"unexpected member {name!r} in the archive")
            payloads += 1
        elif name not in allowed:
            raise ModelFileError(path, f"unexpected member {name!r} in the archive")
        if info.flag_bits & 0x1:
            raise ModelFileError(path, f"member {name!r} is encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ModelFileError(path, f"member {name!r} uses an unsupported compression")
        if info.compress_type == zipfile.ZIP_STORED and info.compress_size != info.file_size:
            raise ModelFileError(path, f"the file is damaged: member {name!r} has a bad size")
        if file_size is not None and info.header_offset + info.compress_size > file_size:
            raise ModelFileError(path, f"the file is truncated: member {name!r} is cut off")
        total += info.file_size
        if total > max_uncompressed:
            raise ModelFileError(
                path,
                f"refused: its content would unpack to more than {max_uncompressed} bytes "
                "(a zip bomb or not a model file)",
            )
        if info.file_size > RATIO_CHECK_MIN_BYTES and (
            info.compress_size == 0 or info.file_size / info.compress_size > MAX_COMPRESSION_RATIO
        ):
            raise ModelFileError(
                path,
                f"refused: member {name!r} has an absurd compression ratio (a zip bomb)",
            )
        members[name] = info
    if payload_dir is not None and payloads > 1:
        raise ModelFileError(path, "the archive holds more than one payload")
    return members


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> bytes:
    """Read one member, never more than its declared size; CRC checked."""
    try:
        with archive.open(info) as member:
            data = member.read(info.file_size + 1)
    except _ZIP_ERRORS as exc:
        raise ModelFileError(
            path, f"the file is damaged: {info.filename} cannot be read ({exc})"
        ) from None
    if len(data) != info.file_size:
        raise ModelFileError(path, f"the file is damaged: {info.filename} has the wrong size")
    return data


def _array_header(member: IO[bytes]) -> tuple[tuple[int, ...], np.dtype]:
    version = np.lib.format.read_magic(member)
    if version == (1, 0):
        shape, _, dtype = np.lib.format.read_array_header_1_0(member)
    elif version == (2, 0):
        shape, _, dtype = np.lib.format.read_array_header_2_0(member)
    else:
        raise ValueError(f"unsupported .npy format version {version}")
    return shape, dtype


def load_npz_safely(data: bytes, path: Path, *, max_uncompressed: int) -> dict[str, np.ndarray]:
    """Load the arrays of an in-memory ``.npz`` with every check and no pickle.

    Parameters
    ----------
    data : bytes
        The ``.npz`` archive.
    path : Path
        The model file, for messages.
    max_uncompressed : int
        Upper bound on the arrays' total size.

    Returns
    -------
    dict of str to ndarray
    """
    arrays: dict[str, np.ndarray] = {}
    try:
        npz = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS as exc:
        raise ModelFileError(path, f"arrays.npz is damaged ({exc})") from None
    with npz:
        for info in npz.infolist():
            name = info.filename
            check_name(name, path)
            if not name.endswith(".npy") or not safe_name(name) or name[:-4] in arrays:
                raise ModelFileError(path, f"arrays.npz holds an unexpected member {name!r}")
            if info.flag_bits & 0x1 or info.compress_type not in (
                zipfile.ZIP_STORED,
                zipfile.ZIP_DEFLATED,
            ):
                raise ModelFileError(path, f"arrays.npz member {name!r} cannot be read safely")
            if info.file_size > max_uncompressed or (
                info.file_size > RATIO_CHECK_MIN_BYTES
                and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1)
            ):
                raise ModelFileError(path, f"refused: arrays.npz member {name!r} is a zip bomb")
            try:
                with npz.open(info) as member:
                    shape, dtype = _array_header(member)
                    if dtype.hasobject:
                        raise ModelFileError(
                            path,
                            f"arrays.npz holds an object array {name[:-4]!r} (pickled Python "
                            "objects); refused",
                        )
                    count = math.prod(int(n) for n in shape)
                    if count * dtype.itemsize > info.file_size:
                        raise ModelFileError(
                            path, f"the file is damaged: array {name[:-4]!r} is cut off"
                        )
                with npz.open(info) as member:
                    arrays[name[:-4]] = np.lib.format.read_array(member, allow_pickle=False)
            except ModelFileError:
                raise
            except _ZIP_ERRORS as exc:
                raise ModelFileError(
                    path, f"arrays.npz member {name!r} cannot be read ({exc})"
                ) from None
    return arrays


def npz_bytes(arrays: Mapping[str, Any]) -> bytes:
    """Serialize numeric arrays as an uncompressed ``.npz`` (the format of ``np.savez``).

    Parameters
    ----------
    arrays : mapping of str to array-like
        Names (plain file-name characters) to arrays; object dtypes are refused.

    Returns
    -------
    bytes
        The archive, with a fixed timestamp so equal arrays give equal bytes.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED, allowZip64=True) as npz:
        for name in sorted(arrays):
            if not isinstance(name, str) or not safe_name(name):
                raise ValueError(
                    f"array name {name!r} must be letters, digits, '-', '_' or '.', "
                    "not starting with '.'"
                )
            array = np.asarray(arrays[name])
            if array.dtype.hasobject:
                raise TypeError(
                    f"array {name!r} has dtype {array.dtype}: only numeric arrays can be stored; "
                    "put Python objects in the manifest"
                )
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            with npz.open(info, "w", force_zip64=True) as member:
                np.lib.format.write_array(member, array, allow_pickle=False)
    return buffer.getvalue()
