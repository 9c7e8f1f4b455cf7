"""Heavy imports without window stalls: TensorFlow loaded once, off the caller's thread.

Heavy imports run inside :func:`imports_without_collection`: a garbage-collection pass over
the hundreds of thousands of objects those libraries create holds the GIL for 0.1-0.3 s and
freezes a window running in the same process (see DESIGN.md), so the collector is paused
during the imports and their objects are then frozen (never scanned again), without a
collection pass. :func:`ensure_tensorflow` imports Keras inside the first job that builds a
Keras model. Qt-free: the window's core loader (``bcigui.gui.core``) and every application
job use it.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

log = logging.getLogger(__name__)

_tensorflow_ready = threading.Event()


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
    from bcigui.errors import UserText

    if _tensorflow_ready.is_set():
        return
    if "keras" not in sys.modules:
        progress(
            0.0, UserText.of("loading TensorFlow (first network of this session, a few seconds)")
        )
    with imports_without_collection():
        preload_tensorflow_libraries()
        import keras  # noqa: F401
    _tensorflow_ready.set()
    log.info("TensorFlow loaded")
