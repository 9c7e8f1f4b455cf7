"""Safe reading of one user ``.npy`` file.

The header is parsed and checked before any data is read, and the data is read as plain bytes
(the equivalent of ``numpy.load(path, allow_pickle=False)``): a data file never runs code. Every
problem becomes a :class:`~bcigui.errors.DataFileError` that names the file and says what to do.
"""

from __future__ import annotations

import errno
import functools
import io
import math
import os
import stat
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np

from bcigui.errors import DataFileError, UserText

__all__ = ["MissingDataFileError", "read_npy", "stat_user_file"]

PathArg = str | PathLike[str]

_SAVE_FIX = UserText.of("save it with numpy.save(path, array)")


class MissingDataFileError(DataFileError, FileNotFoundError):
    """A data file that does not exist: both a :class:`DataFileError` and a FileNotFoundError."""

    def __init__(self, path: PathArg, problem: str = "", fix: str | None = None):
        super().__init__(path, problem or UserText.of("does not exist"), fix)
        self.errno = errno.ENOENT
        self.strerror = os.strerror(errno.ENOENT)
        self.filename = str(path)

    def __str__(self) -> str:  # OSError.__str__ would print "[Errno 2] ..." instead
        return str(self.args[0])

    def __reduce__(self) -> tuple[type, tuple[Path, str, str | None]]:  # survives pickling
        return (type(self), (self.path, self.problem, self.fix))


def _open_binary(path: Path) -> Any:
    """Open ``path`` for binary reading (a seam for tests that simulate unreadable files)."""
    return open(path, "rb")


def _os_problem(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return UserText.of("cannot be read: permission denied")
    return UserText.of("cannot be read: {reason}", reason=exc.strerror or exc)


def _check_dtype(path: Path, dtype: np.dtype, allow_strings: bool) -> None:
    """Refuse dtypes bcigui does not read (objects, complex, structured, strings for X)."""
    kind = dtype.kind
    if dtype.hasobject:
        raise DataFileError(
            path,
            UserText.of("holds Python objects (pickled data); bcigui never unpickles data files"),
            UserText.of(
                "convert it to a numeric array, e.g. np.asarray(x, dtype=np.float32), and save "
                "it with numpy.save(path, array, allow_pickle=False)"
            ),
        )
    if kind == "c":
        raise DataFileError(
            path,
            f"holds complex numbers (dtype {dtype}); EEG samples must be real",
            "save the real part or the magnitude (np.abs) instead",
        )
    if kind == "V":
        raise DataFileError(
            path, f"holds structured records (dtype {dtype}), not a plain numeric array"
        )
    if kind in "US":
        if allow_strings:
            return
        raise DataFileError(path, f"holds strings (dtype {dtype}), not numbers")
    if kind not in "biuf":
        raise DataFileError(path, f"holds values of dtype {dtype}, not numbers")


def stat_user_file(path: Path, kind: str) -> os.stat_result:
    """``os.stat`` of a user's data file, refusing a missing path or a directory.

    Parameters
    ----------
    path : Path
        The file.
    kind : str
        What the file should be, for the message about a directory (``".npy"``).

    Raises
    ------
    MissingDataFileError
        The path does not exist.
    DataFileError
        The path cannot be examined, or is a directory.
    """
    try:
        st = path.stat()
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise MissingDataFileError(path) from exc
    except OSError as exc:
        raise DataFileError(path, _os_problem(exc)) from exc
    if stat.S_ISDIR(st.st_mode):
        raise DataFileError(
            path,
            UserText.of("is a directory, not a {kind} file", kind=kind),
            UserText.of("choose the {kind} files inside it", kind=kind),
        )
    return st


def read_npy(
    path: PathArg, *, allow_strings: bool = False, allow_empty: bool = False
) -> np.ndarray:
    """Read a user's ``.npy`` file safely.

    The header is parsed and checked before any data is read; the data is then read with
    ``allow_pickle=False`` from the same file handle.

    Parameters
    ----------
    path : path-like
        The ``.npy`` file.
    allow_strings : bool
        Accept string arrays (label files); numeric, boolean data is always accepted.
    allow_empty : bool
        Accept arrays with no elements (callers that give a more specific message).

    Returns
    -------
    ndarray
        The array as stored (any shape; dtype bool, int, uint, float, or string when allowed;
        byte order and memory order as in the file).

    Raises
    ------
    MissingDataFileError
        The file does not exist (also a FileNotFoundError).
    DataFileError
        A directory or other non-file, an unreadable file, not a ``.npy`` file (whatever its
        name: the suffix is checked by :func:`~bcigui.data.formats.read_trial_array`), pickled
        objects, complex, structured or (unless allowed) string data, a truncated file, an
        empty array, or any other reading problem.
    """
    p = path if isinstance(path, Path) else Path(path)
    st = stat_user_file(p, ".npy")
    if not stat.S_ISREG(st.st_mode):
        raise DataFileError(p, "is not a regular file (a pipe, socket or device)")
    if st.st_size == 0:
        raise DataFileError(
            p, UserText.of("is an empty file (0 bytes), not a NumPy .npy file"), _SAVE_FIX
        )
    try:
        fp = _open_binary(p)
    except FileNotFoundError as exc:  # listed a moment ago, removed or renamed since
        raise MissingDataFileError(p, "disappeared before it could be read") from exc
    except OSError as exc:
        raise DataFileError(p, _os_problem(exc)) from exc
    try:
        with fp:
            return _read_checked(p, fp, st.st_size, allow_strings, allow_empty)
    except DataFileError:
        raise
    except OSError as exc:
        raise DataFileError(p, _os_problem(exc)) from exc
    except Exception as exc:  # anything else numpy raises on a damaged file
        raise DataFileError(
            p, UserText.of("cannot be read as a .npy array: {reason}", reason=exc)
        ) from exc


@functools.lru_cache(maxsize=512)
def _parse_header(version: tuple[int, int], raw: bytes) -> tuple[tuple[int, ...], bool, np.dtype]:
    """Parse a raw ``.npy`` header (length field + text) with numpy's own parser, memoised.

    Seed data sets hold thousands of files with the same header; numpy parses a header with
    ``ast.literal_eval``, which dominates the cost of reading a small file.
    """
    reader = (
        np.lib.format.read_array_header_1_0
        if version == (1, 0)
        else np.lib.format.read_array_header_2_0
    )
    shape, fortran_order, dtype = reader(io.BytesIO(raw))
    return tuple(int(n) for n in shape), bool(fortran_order), dtype


def _read_checked(
    p: Path, fp: Any, file_size: int, allow_strings: bool, allow_empty: bool
) -> np.ndarray:
    """Check the header of an open ``.npy`` file, then read its data without unpickling."""
    try:
        version = np.lib.format.read_magic(fp)
    except ValueError as exc:
        problem = UserText.of("is not a NumPy .npy file (bad magic string)")
        raise DataFileError(p, problem, _SAVE_FIX) from exc
    if version not in ((1, 0), (2, 0), (3, 0)):
        raise DataFileError(
            p, f"uses .npy format version {version[0]}.{version[1]}, which is not supported"
        )
    length_field = fp.read(2 if version == (1, 0) else 4)
    raw = length_field + fp.read(int.from_bytes(length_field, "little"))
    try:
        shape, fortran_order, dtype = _parse_header(version, raw)
    except ValueError as exc:
        raise DataFileError(p, f"has a damaged .npy header: {exc}") from exc
    if any(n < 0 for n in shape):
        raise DataFileError(p, f"has a damaged .npy header: negative shape {shape}")
    _check_dtype(p, dtype, allow_strings)
    size = math.prod(shape)
    if size == 0 and not allow_empty:
        raise DataFileError(p, f"is empty (shape {shape})")
    expected = size * dtype.itemsize
    present = file_size - fp.tell()
    if present < expected:
        raise DataFileError(
            p,
            f"is truncated: header promises {expected} bytes of data, file has {present}",
            "the file was not completely written or copied; save or copy it again",
        )
    # What numpy.lib.format.read_array does for a non-object dtype (objects were refused
    # above, and fromfile cannot unpickle): the data is plain bytes.
    data = np.fromfile(fp, dtype=dtype, count=size)
    if data.size != size:  # the file shrank after it was measured (someone is rewriting it)
        raise DataFileError(
            p,
            f"is truncated: header promises {size} values, only {data.size} could be read",
            "the file changed while it was being read; wait until it is written and retry",
        )
    if fortran_order:
        return data.reshape(shape[::-1]).transpose()
    return data.reshape(shape)
