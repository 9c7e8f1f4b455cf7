"""Loading the Qt-free core off the GUI thread, and TensorFlow only when a network needs it.

The window must paint before anything heavy is imported: scikit-learn and SciPy (imported by
``bcigui.errors``, the data layer and the classifiers) take seconds on a cold disk, TensorFlow
even longer. So the GUI modules import the core lazily, and the window's first job,
:func:`load_core`, imports it in a worker thread. TensorFlow is imported by
:func:`bcigui.app.runtime.ensure_tensorflow`, inside the first job that builds a Keras model;
both run their imports inside :func:`bcigui.app.runtime.imports_without_collection`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bcigui.app.runtime import imports_without_collection

if TYPE_CHECKING:  # annotations only: the classifiers are imported by load_core's job
    from bcigui.classifiers.base import BaseClassifier


@dataclass(frozen=True)
class CoreInfo:
    """What :func:`load_core` hands to the window.

    Attributes
    ----------
    types : dict of str to type of BaseClassifier
        The registered classifier classes by ``model_type`` (``available_types()``).
    store_dir : Path
        The default model store folder in effect.
    versions : dict of str to str
        Python and library versions.
    """

    types: dict[str, type[BaseClassifier]]
    store_dir: Path
    versions: dict[str, str] = field(default_factory=dict)


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
            from bcigui.modelfile import paths
            from bcigui.modelfile.versions import library_versions

            if store_dir is not None:
                paths.set_default_store_dir(store_dir)
            types = available_types()
            progress(0.6, "loading the plotting library")
            import pyqtgraph  # noqa: F401  (0.5 s of imports the GUI thread need not pay)
        progress(1.0, "ready")
        return CoreInfo(dict(types), paths.default_store_dir(), library_versions())

    return job
