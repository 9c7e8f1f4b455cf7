"""Atomic file writes: a crash leaves the old file or the new complete one, never half a file.

The data goes to a hidden temporary file in the destination folder, is flushed and fsync'ed,
and then takes the destination's name in one step (``os.replace``, or a hard link when an
existing file must never be replaced). The folder is fsync'ed afterwards on POSIX so the new
name survives a power cut.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import secrets
from collections.abc import Iterable
from os import PathLike
from pathlib import Path

logger = logging.getLogger(__name__)

TEMP_SUFFIX = ".tmp"

#: errno values meaning "this file system cannot make hard links".
_NO_LINK_ERRNOS = frozenset(
    code
    for code in (
        getattr(errno, "EPERM", None),
        getattr(errno, "ENOTSUP", None),
        getattr(errno, "EOPNOTSUPP", None),
        getattr(errno, "ENOSYS", None),
        getattr(errno, "EMLINK", None),
    )
    if code is not None
)


def is_temp_name(name: str) -> bool:
    """True for the name of a temporary file this module creates (``.<name>.<hex>.tmp``)."""
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


def _open_temp(folder: Path, final_name: str) -> tuple[int, Path]:
    """Create a new temporary file beside the destination; the umask applies to its mode."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        temp = folder / f".{final_name}.{secrets.token_hex(6)}{TEMP_SUFFIX}"
        try:
            return os.open(temp, flags, 0o666), temp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "could not create a unique temporary file", str(folder))


def _fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX only; a no-op on Windows)."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as exc:  # pragma: no cover - exotic file systems
        logger.debug("cannot open %s to fsync it: %s", folder, exc)
        return
    try:
        os.fsync(fd)
    except OSError as exc:  # pragma: no cover - some file systems refuse
        logger.debug("fsync of folder %s failed: %s", folder, exc)
    finally:
        os.close(fd)


def _move_into_place(temp: Path, path: Path, overwrite: bool) -> None:
    """Give the temporary file its final name."""
    if overwrite:
        os.replace(temp, path)
        return
    if os.name == "nt":
        # On Windows os.rename refuses an existing destination: atomic and never replacing.
        os.rename(temp, path)
        return
    try:
        os.link(temp, path)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_LINK_ERRNOS:
            raise
        # No hard links on this file system: check, then rename (a small race remains).
        logger.debug("hard links unsupported in %s (%s); falling back", path.parent, exc)
        if os.path.lexists(path):
            raise FileExistsError(errno.EEXIST, "file exists", str(path)) from exc
        os.replace(temp, path)
        return
    try:
        os.unlink(temp)
    except OSError as exc:  # pragma: no cover - the file is in place; only a stray name is left
        logger.warning("could not remove temporary file %s: %s", temp, exc)


def _with_path(exc: OSError, path: Path) -> OSError:
    """The same kind of OSError, naming the destination file."""
    if exc.errno is None:
        return exc
    return OSError(exc.errno, exc.strerror or os.strerror(exc.errno), str(path))


def atomic_write_bytes(
    path: str | PathLike[str],
    data: bytes | bytearray | memoryview | Iterable[bytes],
    *,
    overwrite: bool = True,
) -> Path:
    """Write a file atomically.

    Parameters
    ----------
    path : path-like
        The destination. Missing parent folders are created.
    data : bytes-like or iterable of bytes
        The whole content, or chunks of it (for example from a generator).
    overwrite : bool
        When False an existing ``path`` is never replaced, even by a concurrent writer, and
        :class:`FileExistsError` is raised instead.

    Returns
    -------
    Path
        The destination path.

    Raises
    ------
    FileExistsError
        ``overwrite=False`` and ``path`` exists.
    OSError
        The write failed (disk full, permission denied...); the message names ``path``. The
        previous content of ``path``, if any, is intact and no temporary file is left.
    """
    path = Path(path)
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _with_path(exc, path) from exc
    if not overwrite and os.path.lexists(path):
        raise FileExistsError(errno.EEXIST, "file exists", str(path))
    chunks: Iterable[bytes]
    if isinstance(data, (bytes, bytearray, memoryview)):
        chunks = (bytes(data),)
    else:
        chunks = data
    try:
        fd, temp = _open_temp(folder, path.name)
    except FileExistsError:
        raise
    except OSError as exc:
        raise _with_path(exc, path) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        _move_into_place(temp, path, overwrite)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, FileExistsError):
            raise FileExistsError(errno.EEXIST, "file exists", str(path)) from exc
        if isinstance(exc, OSError):
            raise _with_path(exc, path) from exc
        raise
    _fsync_folder(folder)
    logger.debug("wrote %s atomically", path)
    return path
