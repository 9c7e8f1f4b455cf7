"""Library versions recorded in every model file, and the differences that matter on load.

Versions come from package metadata (:mod:`importlib.metadata`), so asking for them never
imports TensorFlow or Keras.
"""

from __future__ import annotations

import functools
import logging
import platform
from collections.abc import Mapping
from importlib import metadata

from bcigui._version import __version__

logger = logging.getLogger(__name__)

#: Key in the versions dict -> distributions that provide it, first installed one wins.
_DISTRIBUTIONS: dict[str, tuple[str, ...]] = {
    "numpy": ("numpy",),
    "scikit-learn": ("scikit-learn",),
    "tensorflow": ("tensorflow-cpu", "tensorflow", "tensorflow-macos", "tensorflow-intel"),
    "keras": ("keras",),
    "skops": ("skops",),
    "pydantic": ("pydantic",),
}

#: Libraries whose version decides whether a saved payload loads (and loads identically).
LOAD_RELEVANT_LIBRARIES: tuple[str, ...] = (
    "scikit-learn",
    "keras",
    "tensorflow",
    "numpy",
    "skops",
)

NOT_INSTALLED = "not installed"


def _distribution_version(names: tuple[str, ...]) -> str:
    for name in names:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return NOT_INSTALLED


def library_versions() -> dict[str, str]:
    """Versions of Python and of the libraries a model file depends on.

    They are read from package metadata once per process (the running libraries stay the same);
    every call returns a fresh copy, so callers may change the dict they get.

    Returns
    -------
    dict of str to str
        Keys ``python``, ``numpy``, ``scikit-learn``, ``tensorflow``, ``keras``, ``skops``,
        ``pydantic`` and ``bcigui``; a library that is missing maps to ``"not installed"``.
        TensorFlow is found whether it was installed as ``tensorflow-cpu`` or ``tensorflow``.
    """
    return dict(_read_library_versions())


@functools.lru_cache(maxsize=1)
def _read_library_versions() -> dict[str, str]:
    """The versions, read from package metadata (memoised: about 8 ms per read)."""
    versions = {"python": platform.python_version()}
    for key, names in _DISTRIBUTIONS.items():
        versions[key] = _distribution_version(names)
    versions["bcigui"] = __version__
    return versions


def version_differences(saved: Mapping[str, object], running: Mapping[str, object]) -> list[str]:
    """Describe the load-relevant libraries whose version differs between save and now.

    Parameters
    ----------
    saved : mapping
        The ``versions`` block of a model file's manifest.
    running : mapping
        Usually :func:`library_versions`.

    Returns
    -------
    list of str
        One line per differing library, such as
        ``"scikit-learn: saved with 1.8.0, running 1.9.1"``; empty when everything matches.
        Libraries the file does not record are skipped.
    """
    lines: list[str] = []
    for name in LOAD_RELEVANT_LIBRARIES:
        if name not in saved:
            continue
        was = str(saved[name])
        now = str(running.get(name, NOT_INSTALLED))
        if was != now:
            lines.append(f"{name}: saved with {was}, running {now}")
    return lines
