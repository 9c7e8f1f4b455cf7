"""Where models live: the default store folder and collision-free model file names.

A model is stored as ``<store>/<label>/<type>_<YYYYmmdd_HHMMSS_micro>.bcimodel`` (the seed's
naming). Names are made unique within the process and against files already on disk, and
:func:`write_fresh_model_file` takes the next name when another process wins a race for one.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import sys
import threading
from collections.abc import Callable
from datetime import datetime
from os import PathLike
from pathlib import Path

from bcigui.errors import ConfigError

logger = logging.getLogger(__name__)

STORE_ENV_VAR = "BCIGUI_STORE"
MAX_NAME_LENGTH = 64
_NAME_PATTERN = re.compile(r"[A-Za-z0-9._-]+")
_TIMESTAMP_FORMAT = "%Y%m%d_%H%M%S_%f"

_override: Path | None = None
_issued: set[Path] = set()
_issued_lock = threading.Lock()


def _user_data_dir() -> Path:
    """The per-user data folder of bcigui for this platform."""
    home = Path.home()
    if sys.platform == "win32":
        base = os.environ.get("APPDATA")
        root = Path(base) if base else home / "AppData" / "Roaming"
    elif sys.platform == "darwin":
        root = home / "Library" / "Application Support"
    else:
        base = os.environ.get("XDG_DATA_HOME")
        root = Path(base) if base else home / ".local" / "share"
    return root / "bcigui" / "models"


def _checkout_models_dir() -> Path | None:
    """The repository's ``models/`` folder when bcigui runs from a source checkout."""
    repo_root = Path(__file__).resolve().parents[2]
    if (repo_root / "pyproject.toml").is_file() and (repo_root / "bcigui").is_dir():
        return repo_root / "models"
    return None


def default_store_dir() -> Path:
    """The folder models are saved to when no other is given.

    Returns
    -------
    Path
        In order: the folder set with :func:`set_default_store_dir`; the ``BCIGUI_STORE``
        environment variable; the repository's ``models/`` folder in a source checkout; the
        per-user data folder (``$XDG_DATA_HOME/bcigui/models`` or
        ``~/.local/share/bcigui/models`` on Linux, ``%APPDATA%\\bcigui\\models`` on Windows,
        ``~/Library/Application Support/bcigui/models`` on macOS).
    """
    if _override is not None:
        return _override
    env = os.environ.get(STORE_ENV_VAR)
    if env:
        return Path(env).expanduser()
    checkout = _checkout_models_dir()
    if checkout is not None:
        return checkout
    return _user_data_dir()


def set_default_store_dir(path: str | PathLike[str] | None) -> None:
    """Override the default store folder for this process.

    Parameters
    ----------
    path : path-like or None
        The new default folder, or None to go back to the automatic choice.
    """
    global _override
    _override = None if path is None else Path(path).expanduser()
    logger.debug("default store folder set to %s", _override)


def validate_name(value: str, what: str = "label") -> str:
    """Check that a label or model type can be used as one path component.

    Parameters
    ----------
    value : str
        The label or model type.
    what : str
        How to call it in the error message.

    Returns
    -------
    str
        ``value`` unchanged.

    Raises
    ------
    ConfigError
        When ``value`` is empty, longer than 64 characters, starts with a dot, contains ``..``,
        a path separator or any character other than letters, digits, ``-``, ``_`` and ``.``.
    """
    if not isinstance(value, str):
        raise ConfigError(f"{what} must be a string, got {type(value).__name__}")
    rule = f"use 1 to {MAX_NAME_LENGTH} letters, digits, '-', '_' or '.', not starting with '.'"
    if not value:
        raise ConfigError(f"{what} is empty: {rule}")
    if len(value) > MAX_NAME_LENGTH:
        raise ConfigError(f"{what} {value[:20]!r}... is {len(value)} characters long: {rule}")
    if "/" in value or "\\" in value or os.sep in value:
        raise ConfigError(f"{what} {value!r} contains a path separator: {rule}")
    if ".." in value:
        raise ConfigError(f"{what} {value!r} contains '..': {rule}")
    if value.startswith("."):
        raise ConfigError(f"{what} {value!r} starts with '.': {rule}")
    if not _NAME_PATTERN.fullmatch(value):
        bad = sorted({c for c in value if not _NAME_PATTERN.fullmatch(c)})
        raise ConfigError(f"{what} {value!r} contains {''.join(bad)!r}: {rule}")
    return value


def generate_model_path(
    model_type: str,
    label: str,
    store_dir: str | PathLike[str] | None = None,
    ext: str = ".bcimodel",
) -> Path:
    """A new, unused path for a model file.

    Parameters
    ----------
    model_type : str
        The model type (``"LSTMNet"``, ``"SVM"``, ...); validated like ``label``.
    label : str
        The user's label; becomes the sub-folder.
    store_dir : path-like, optional
        The store folder; :func:`default_store_dir` when omitted.
    ext : str
        File extension, with its dot.

    Returns
    -------
    Path
        ``<store_dir>/<label>/<model_type>_<YYYYmmdd_HHMMSS_micro><ext>`` in local time. If that
        name exists on disk or was already handed out by this process, ``_2``, ``_3``, ... is
        appended. The file is not created; writers should refuse to overwrite (see
        :func:`bcigui.modelfile.atomic.atomic_write_bytes` with ``overwrite=False``).

    Raises
    ------
    ConfigError
        When ``model_type``, ``label`` or ``ext`` is not a valid name.
    """
    validate_name(model_type, "model type")
    validate_name(label, "label")
    if not ext.startswith(".") or not _NAME_PATTERN.fullmatch(ext[1:]) or ".." in ext:
        raise ConfigError(f"extension {ext!r} must be a dot followed by letters or digits")
    folder = Path(store_dir) if store_dir is not None else default_store_dir()
    stem = f"{model_type}_{datetime.now().strftime(_TIMESTAMP_FORMAT)}"
    folder = folder / label
    with _issued_lock:
        candidate = folder / f"{stem}{ext}"
        counter = 2
        while candidate in _issued or candidate.exists():
            candidate = folder / f"{stem}_{counter}{ext}"
            counter += 1
        _issued.add(candidate)
    return candidate


def write_fresh_model_file(
    write: Callable[[Path], object],
    model_type: str,
    label: str,
    store_dir: str | PathLike[str] | None = None,
    *,
    first: Path | None = None,
    attempts: int = 100,
) -> Path:
    """Write a new model file under a fresh name, never replacing one (retry on collision).

    Parameters
    ----------
    write : callable
        ``write(path)`` writes the file exclusively: it raises :class:`FileExistsError` when
        ``path`` exists (another process took the name first), and the next name is tried.
        :func:`bcigui.modelfile.atomic.atomic_write_bytes` with ``overwrite=False`` does that.
    model_type, label : str
        Name the file: ``<store_dir>/<label>/<model_type>_<timestamp>.bcimodel`` (see
        :func:`generate_model_path`).
    store_dir : path-like, optional
        The store folder; :func:`default_store_dir` when omitted.
    first : Path, optional
        The name to try before generated ones (an imported file keeps its name when it can).
    attempts : int
        Names tried before giving up.

    Returns
    -------
    Path
        The path written.

    Raises
    ------
    FileExistsError
        Every one of the ``attempts`` names was taken.
    ConfigError
        ``model_type`` or ``label`` is not a valid name.
    """
    path = first if first is not None else generate_model_path(model_type, label, store_dir)
    for _ in range(attempts):
        try:
            write(path)
            return path
        except FileExistsError:
            logger.debug("%s was taken; trying the next name", path)
        path = generate_model_path(model_type, label, store_dir)
    raise FileExistsError(
        errno.EEXIST,
        f"no free file name for a {model_type} model of label {label!r} after {attempts} tries",
        str(path),
    )
