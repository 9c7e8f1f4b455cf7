"""Loading the Qt-free core off the GUI thread, and TensorFlow only when a network needs it.

The window must paint before anything heavy is imported: scikit-learn and SciPy (imported by
``bcigui.errors``, the data layer and the classifiers) take seconds on a cold disk, TensorFlow
even longer. So the GUI modules import the core lazily, and the window's first job,
:func:`load_core`, imports it in a worker thread. TensorFlow is imported by
:func:`ensure_tensorflow`, inside the first job that builds a Keras model.

Heavy imports run inside :func:`imports_without_collection`: a garbage-collection pass over
the hundreds of thousands of objects those libraries create holds the GIL for 0.1-0.3 s and
freezes the window (see DESIGN.md), so the collector is paused during the imports and their
objects are then frozen (never scanned again), without a collection pass.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

_tensorflow_ready = threading.Event()


@dataclass(frozen=True)
class CoreInfo:
    """What :func:`load_core` hands to the window.

    Attributes
    ----------
    types : dict of str to type
        The registered classifier classes by ``model_type`` (``available_types()``).
    store_dir : Path
        The default model store folder in effect.
    versions : dict of str to str
        Python and library versions.
    """

    types: dict[str, type]
    store_dir: Path
    versions: dict[str, str] = field(default_factory=dict)


@contextlib.contextmanager
def imports_without_collection() -> Iterator[None]:
    """Run heavy imports with the cyclic garbage collector off, then freeze what they made.

    A collection pass over the hundreds of thousands of objects that scikit-learn, SciPy or
    TensorFlow create holds the GIL for 0.1-0.3 s and freezes the window (measured: the stalls
    while TensorFlow imports were collections, and so was the ``gc.collect()`` meant to prevent
    them). So the collector is paused during the imports and :func:`gc.freeze` then moves every
    object that exists into the permanent generation, without a pass: the collector never scans
    them again. Reference counting still frees everything else meanwhile.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def load_core(store_dir: Path | None = None) -> Callable[[Callable[..., None], Any], CoreInfo]:
    """The job that imports the core (and pyqtgraph) and returns a :class:`CoreInfo`.

    Parameters
    ----------
    store_dir : Path, optional
        Make this the default store folder (from ``--store`` or Preferences).
    """

    def job(progress: Callable[..., None], cancel: Any) -> CoreInfo:
        progress(0.0, "loading the classifiers")
        with imports_without_collection():
            import bcigui.data.npy_io  # noqa: F401  (the data layer, for the file checks)
            from bcigui.classifiers.registry import available_types
            from bcigui.store import paths
            from bcigui.store.versions import library_versions

            if store_dir is not None:
                paths.set_default_store_dir(store_dir)
            types = available_types()
            progress(0.6, "loading the plotting library")
            import pyqtgraph  # noqa: F401  (0.5 s of imports the GUI thread need not pay)
        progress(1.0, "ready")
        return CoreInfo(dict(types), paths.default_store_dir(), library_versions())

    return job


def tensorflow_ready() -> bool:
    """Whether TensorFlow/Keras finished importing in this process."""
    return _tensorflow_ready.is_set()


#: TensorFlow's big shared libraries on Linux, loaded before ``import tensorflow`` (see below).
_TENSORFLOW_LIBRARIES = ("libtensorflow_framework.so.2", "libtensorflow_cc.so.2")


def preload_tensorflow_libraries() -> None:
    """Map TensorFlow's shared libraries before importing it, without holding the GIL (Linux).

    Python's import of an extension module holds the GIL while the dynamic loader maps it and
    runs its static initialisers: for ``libtensorflow_cc`` (750 MB) that froze the window for
    ~0.4-0.6 s. ``ctypes.CDLL`` holds the GIL as well (Python 3.11), but a *call* through
    ctypes releases it, so libc's ``dlopen`` is called directly (``RTLD_NOW | RTLD_LOCAL``, as
    the import would; ``RTLD_GLOBAL`` crashes TensorFlow). The import then finds the libraries
    already mapped. The handles are kept (never closed). Any failure only costs the stall back.
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import importlib.util

    try:
        spec = importlib.util.find_spec("tensorflow")
        libc = ctypes.CDLL(None)
        dlopen = libc.dlopen
    except (ImportError, ValueError, OSError, AttributeError):
        return
    if spec is None or not spec.submodule_search_locations:
        return
    dlopen.restype = ctypes.c_void_p
    dlopen.argtypes = [ctypes.c_char_p, ctypes.c_int]
    folder = Path(next(iter(spec.submodule_search_locations)))
    for name in _TENSORFLOW_LIBRARIES:
        path = folder / name
        if path.is_file() and not dlopen(str(path).encode(), os.RTLD_NOW | os.RTLD_LOCAL):
            log.debug("could not preload %s", path)


def ensure_tensorflow(progress: Callable[..., None]) -> None:
    """Import Keras (and TensorFlow) once, then freeze the collector; call in a worker."""
    if _tensorflow_ready.is_set():
        return
    if "keras" not in sys.modules:
        progress(0.0, "loading TensorFlow (first network of this session, a few seconds)")
    with imports_without_collection():
        preload_tensorflow_libraries()
        import keras  # noqa: F401
    _tensorflow_ready.set()
    log.info("TensorFlow loaded")
