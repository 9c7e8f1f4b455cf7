"""What the installer bundle leaves out: the trim rules that ``bcigui.spec`` applies.

Kept apart from the spec so that they can be read, tested and measured on their own. Every
rule names something the app never imports or reads; ``bcigui --self-test`` and
``bcigui --check-bundle`` (``packaging/bundle_check.py``) run in the trimmed bundle to prove it.
"""

from __future__ import annotations

from collections.abc import Iterable
from fnmatch import fnmatch

#: Python packages the app never imports. modulegraph would otherwise follow optional imports
#: (imports inside function bodies and ``try: import ...`` blocks) and pull them in with their
#: data and libraries.
#: (matplotlib stays: ``import pyriemann`` imports ``matplotlib.pyplot`` in pyriemann.stats.)
EXCLUDED_MODULES: list[str] = [
    "pandas",
    "IPython",
    "ipykernel",
    "jupyter_client",
    "notebook",
    "tkinter",
    "_tkinter",
    "pytest",
    "_pytest",
    "hypothesis",
    "pygments",
    "jedi",
    "PyQt5",
    "PyQt6",
    "PySide2",
    "OpenGL",
    "pyqtgraph.opengl",  # (PySide6.QtOpenGL stays: pyqtgraph's curves import it)
    "pyqtgraph.examples",
    "pyqtgraph.jupyter",
    "pyqtgraph.canvas",
    "pyqtgraph.flowchart",
    "PySide6.QtNetwork",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtMultimedia",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.Qt3DCore",
    "PySide6.QtDesigner",
    "PySide6.QtUiTools",
    "PySide6.QtHelp",
    "PySide6.QtSql",
    "PySide6.QtPrintSupport",
    "PySide6.QtTest",
    "tensorboard",
    "grpc",
    "clang",
    "setuptools",
    "pkg_resources",
    "pip",
    "wheel",
    "mypy",
    "PyInstaller",
    "torch",
    "jax",
    "mne.viz",
    "mne.gui",
    "mne.report",
    "mne.commands",
    "pyvista",
    "pyvistaqt",
    "numba",
    "sphinx",
    "docutils",
]

#: Sub-packages skipped when collecting the lazily imported submodules of mne and pyRiemann.
_SKIPPED_SUBMODULE_PARTS = ("tests", "conftest", "viz", "gui", "report", "commands")


#: array_api_compat namespaces for libraries that are not installed (pyRiemann uses numpy's).
_FOREIGN_ARRAY_LIBRARIES = ("torch", "cupy", "dask", "jax", "paddle", "ndonnx", "sparse")


#: Dask sub-packages a study never imports (dataframes need pandas, which is not bundled).
_SKIPPED_DASK_PARTS = ("dataframe", "array", "bag", "diagnostics", "tests", "widgets")


def keep_dask_module(name: str) -> bool:
    """Whether ``collect_submodules("dask")`` keeps ``name`` (the core and delayed only)."""
    return not any(part in _SKIPPED_DASK_PARTS for part in name.split(".")[1:])


def keep_array_api_module(name: str) -> bool:
    """Whether ``collect_submodules("array_api_compat")`` keeps ``name`` (numpy's only)."""
    return not any(part in _FOREIGN_ARRAY_LIBRARIES for part in name.split(".")[1:])


def keep_submodule(name: str) -> bool:
    """Whether ``collect_submodules`` should keep module ``name`` (no tests, no plotting)."""
    parts = name.split(".")
    return not any(part in _SKIPPED_SUBMODULE_PARTS for part in parts[1:])


#: MNE data files not needed to read, epoch and decode recordings: test data and the
#: FreeSurfer/head-model files used for source imaging and 3-D plots.
MNE_DATA_EXCLUDES: list[str] = [
    "**/tests/**",
    "**/*.py",
    "data/fsaverage/**",
    "data/image/**",
    "data/helmets/**",
    "icons/**",
    "report/**",
    "viz/**",
    "gui/**",
]

#: Distributions whose metadata the app reads at run time (bcigui.modelfile.versions records them
#: in every model file; a missing one would read "not installed" and flag version mismatches).
METADATA_DISTRIBUTIONS: list[str] = [
    "numpy",
    "scikit-learn",
    "tensorflow-cpu",
    "keras",
    "skops",
    "pydantic",
    "scipy",
    "mne",
    "pyriemann",
    "pylsl",
    "mne-lsl",
    "dask",
    "distributed",
]

#: Bundle paths (TOC destination names) that are dropped: Qt pieces outside the modules in
#: use, headers, static libraries, tests.
DROPPED_PATHS: list[str] = [
    # Qt: only the platform plugins for X11 (xcb) and tests (offscreen) and the image formats
    # the icons use; Qt's own translations except Spanish (the app's next language)
    "PySide6/Qt/plugins/platforms/libqwayland*",
    "PySide6/Qt/plugins/platforms/libqeglfs*",
    "PySide6/Qt/plugins/platforms/libqlinuxfb*",
    "PySide6/Qt/plugins/platforms/libqminimal*",
    "PySide6/Qt/plugins/platforms/libqvnc*",
    "PySide6/Qt/plugins/platforms/libqvkkhrdisplay*",
    "PySide6/Qt/plugins/wayland-*",
    "PySide6/Qt/plugins/egldeviceintegrations/*",
    "PySide6/Qt/plugins/platforminputcontexts/*",
    "PySide6/Qt/plugins/generic/*",
    "PySide6/Qt/plugins/networkinformation/*",
    "PySide6/Qt/plugins/tls/*",
    "PySide6/Qt/plugins/imageformats/libqtiff*",
    "PySide6/Qt/plugins/imageformats/libqwebp*",
    "PySide6/Qt/plugins/imageformats/libqpdf*",
    "PySide6/Qt/plugins/platformthemes/libqgtk3*",
    "PySide6/Qt/lib/libQt6Wayland*",
    "PySide6/Qt/lib/libQt6WlShell*",
    "PySide6/Qt/lib/libQt6EglFS*",
    "PySide6/Qt/lib/libQt6EglFs*",
    "PySide6/Qt/lib/libQt6Pdf*",
    "PySide6/Qt/lib/libQt6Quick*",
    "PySide6/Qt/lib/libQt6Qml*",
    "PySide6/Qt/lib/libQt6Network*",
    "PySide6/Qt/lib/libQt6VirtualKeyboard*",
    "PySide6/Qt/translations/qtbase_[!e]*",
    "PySide6/Qt/translations/qtbase_e[!s]*",
    "PySide6/Qt/translations/qt_*",
    "PySide6/Qt/translations/qtdeclarative_*",
    "PySide6/Qt/translations/qtmultimedia_*",
    "PySide6/Qt/translations/qtwebsockets_*",
    "PySide6/Qt/translations/qtserialport_*",
    "PySide6/Qt/translations/qtconnectivity_*",
    "PySide6/Qt/translations/qtlocation_*",
    "PySide6/Qt/translations/qtwebengine_*",
    "PySide6/Qt/translations/qthelp_*",
    "PySide6/Qt/translations/designer_*",
    "PySide6/Qt/translations/linguist_*",
    "PySide6/Qt/translations/assistant_*",
    # TensorFlow: C/C++ headers and sources for building extensions; extension libraries
    # that no import loads (the XLA op wrappers and StableHLO bindings: their Python modules
    # are imported, the shared libraries never are)
    "tensorflow/include/*",
    "tensorflow/xla_aot_runtime_src/*",
    "tensorflow/compiler/tf2xla/ops/_xla_ops.so",
    "tensorflow/compiler/mlir/stablehlo/stablehlo_extension.so",
    "tensorflow/python/framework/lib_native_proto_caster.so",
    # package metadata: only METADATA is read (the version); RECORD lists every file
    "*.dist-info/RECORD",
    # MNE's source-space icosahedra (source imaging, not reading or decoding)
    "mne/data/icos.fif.gz",
    "*.a",
    "*.lib",
    "*/tests/*",
    "*/test/data/*",
]

#: Shared libraries whose symbol tables build_bundle.py strips (``strip --strip-unneeded``):
#: TensorFlow's (~226 MiB of symbols), libpython (17 MiB) and the extension modules of the
#: big packages (~20 MiB). Never the libraries auditwheel vendored into ``<package>.libs/``
#: (numpy's and scipy's OpenBLAS, ...): stripping those makes them unloadable ("ELF load
#: command address/offset not page-aligned"). fnmatch's ``*`` crosses folders.
STRIPPED_PATHS: list[str] = [
    "tensorflow/*.so*",
    "libpython3*.so*",
    "numpy/*.so",
    "scipy/*.so",
    "sklearn/*.so",
    "h5py/*.so",
    "pydantic_core/*.so",
    "PySide6/*.so*",
    "matplotlib/*.so",
    "kiwisolver/*.so",
]

#: Exceptions to DROPPED_PATHS: mne needs its .pyi stubs (lazy_loader reads them).
KEPT_PATHS: list[str] = ["mne/*.pyi"]


def dropped(dest: str) -> bool:
    """Whether the bundle path ``dest`` is cut from the trimmed bundle."""
    path = dest.replace("\\", "/")
    if any(fnmatch(path, pattern) for pattern in KEPT_PATHS):
        return False
    return any(fnmatch(path, pattern) for pattern in DROPPED_PATHS)


def trim_toc(toc: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The entries of a PyInstaller TOC (dest, source, kind) whose dest is not dropped."""
    return [entry for entry in toc if not dropped(entry[0])]
