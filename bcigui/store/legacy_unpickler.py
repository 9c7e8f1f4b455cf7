"""The restricted unpickler that reads the prototype's pickles without running their code.

The prototype's classes (``backend.classes.ClasificationModel.LSTM.LSTMNet``, ``...SVM.SVM``,
``...SVNN.SVNN`` and their config blocks) become inert stand-ins (:class:`LegacyObject`) that
only collect their state, and every other global must be on a short allow-list (numpy arrays,
the scikit-learn SVC, LabelEncoder and StandardScaler, and Keras' own model pickling, whose
``.keras`` bytes are loaded in safe mode). Anything else (``os.system``, ``eval``,
``subprocess``...) is refused before it can run. Conversion into bcigui models is
:mod:`bcigui.store.legacy`.
"""

from __future__ import annotations

import io
import pickle
import re
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from bcigui.errors import ModelFileError

PROTOTYPE_PREFIX = "backend.classes.ClasificationModel"
_CLASS_NAME = re.compile(r"[A-Z][A-Za-z0-9_]*")


class UntrustedPickleError(ModelFileError):
    """A legacy pickle was not opened (no trust) or held a global that is not allowed."""


class LegacyObject:
    """Inert stand-in for a prototype class: it only records how it was built."""

    legacy_name: ClassVar[str] = ""
    args: tuple[Any, ...] = ()
    state: Any = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args = args

    def __setstate__(self, state: Any) -> None:
        self.state = state

    def fields(self) -> dict[str, Any]:
        """The pydantic field values (``__dict__`` of the pickled state)."""
        state = self.state[0] if isinstance(self.state, tuple) else self.state
        if isinstance(state, dict):
            inner = state.get("__dict__", state)
            return dict(inner) if isinstance(inner, dict) else {}
        return {}

    def private(self) -> dict[str, Any]:
        """The pydantic private attributes (``__pydantic_private__``)."""
        state = self.state[0] if isinstance(self.state, tuple) else self.state
        private = state.get("__pydantic_private__") if isinstance(state, dict) else None
        return dict(private) if isinstance(private, dict) else {}


class _KerasModelClass:
    """Stands for a Keras model class; only its ``_unpickle_model`` can be reached."""


_STANDINS: dict[str, type[LegacyObject]] = {}


def _standin(module: str, name: str) -> type[LegacyObject]:
    qualified = f"{module}.{name}"
    if qualified not in _STANDINS:
        _STANDINS[qualified] = type(name, (LegacyObject,), {"legacy_name": qualified})
    return _STANDINS[qualified]


def _allowed_globals() -> dict[tuple[str, str], Any]:
    from numpy._core.multiarray import _reconstruct, scalar  # type: ignore[attr-defined]
    from numpy._core.numeric import _frombuffer  # type: ignore[attr-defined]
    from sklearn.preprocessing import LabelEncoder, StandardScaler
    from sklearn.svm import SVC

    allowed: dict[tuple[str, str], Any] = {
        ("numpy", "ndarray"): np.ndarray,
        ("numpy", "dtype"): np.dtype,
        ("builtins", "set"): set,
        ("builtins", "frozenset"): frozenset,
        ("builtins", "slice"): slice,
        ("builtins", "complex"): complex,
        ("builtins", "bytearray"): bytearray,
        ("builtins", "bytes"): bytes,
        ("builtins", "object"): object,
        ("builtins", "getattr"): _restricted_getattr,
        ("copyreg", "_reconstructor"): _restricted_reconstructor,
        ("_codecs", "encode"): _latin1_encode,
        ("collections", "OrderedDict"): OrderedDict,
        ("_io", "BytesIO"): io.BytesIO,
        ("io", "BytesIO"): io.BytesIO,
        ("sklearn.svm._classes", "SVC"): SVC,
        ("sklearn.preprocessing._label", "LabelEncoder"): LabelEncoder,
        ("sklearn.preprocessing._data", "StandardScaler"): StandardScaler,
    }
    for core in ("numpy.core", "numpy._core"):
        allowed[(f"{core}.multiarray", "_reconstruct")] = _reconstruct
        allowed[(f"{core}.multiarray", "scalar")] = scalar
        allowed[(f"{core}.numeric", "_frombuffer")] = _frombuffer
    for module, name in (
        ("keras.src.models.functional", "Functional"),
        ("keras.src.models.sequential", "Sequential"),
        ("keras.src.models.model", "Model"),
    ):
        allowed[(module, name)] = _KerasModelClass
    return allowed


def _restricted_getattr(obj: Any, name: str) -> Any:
    if obj is _KerasModelClass and name == "_unpickle_model":
        return _unpickle_keras
    raise pickle.UnpicklingError(f"refused getattr({getattr(obj, '__name__', obj)!r}, {name!r})")


def _restricted_reconstructor(cls: Any, base: Any, state: Any) -> Any:
    if base is not object or state is not None or not isinstance(cls, type):
        raise pickle.UnpicklingError("refused copyreg._reconstructor with a non-object base")
    return object.__new__(cls)


def _latin1_encode(text: str, encoding: str = "utf-8") -> bytes:
    if encoding not in ("latin1", "latin-1") or not isinstance(text, str):
        raise pickle.UnpicklingError(f"refused _codecs.encode with encoding {encoding!r}")
    return text.encode("latin1")


_CURRENT = threading.local()  # the pickle being read, for error messages


def _unpickle_keras(buffer: Any) -> Any:
    """Keras' ``_unpickle_model``, but in safe mode and with bcigui's checks."""
    from bcigui.classifiers.keras_layers import CUSTOM_OBJECTS
    from bcigui.modelfile.payloads import keras_from_bytes

    if not isinstance(buffer, io.BytesIO):
        raise pickle.UnpicklingError("refused Keras model: its data are not a byte buffer")
    source = getattr(_CURRENT, "source", None)
    return keras_from_bytes(buffer.getvalue(), CUSTOM_OBJECTS, source=source)


class RestrictedUnpickler(pickle.Unpickler):
    """An unpickler that resolves only allowed globals (see the module docstring)."""

    _COMPAT = {"__builtin__": "builtins", "copy_reg": "copyreg"}

    def __init__(self, file: Any) -> None:
        super().__init__(file)
        self._allowed = _allowed_globals()

    def find_class(self, module: str, name: str) -> Any:
        """The allowed object named ``module.name``; UnpicklingError for anything else."""
        module = self._COMPAT.get(module, module)
        found = self._allowed.get((module, name))
        if found is not None:
            return found
        if module.startswith(PROTOTYPE_PREFIX) and _CLASS_NAME.fullmatch(name):
            return _standin(module, name)
        raise pickle.UnpicklingError(f"refused global {module}.{name}")

    def persistent_load(self, pid: Any) -> Any:
        """Persistent ids are never resolved."""
        raise pickle.UnpicklingError("refused persistent id in pickle")


def unpickle_restricted(data: bytes, source: Path) -> Any:
    """Unpickle ``data`` with :class:`RestrictedUnpickler`; failures are errors on ``source``."""
    _CURRENT.source = source
    try:
        return RestrictedUnpickler(io.BytesIO(data)).load()
    except pickle.UnpicklingError as exc:
        raise UntrustedPickleError(source, f"{exc}; nothing was run") from None
    except ModelFileError:
        raise
    except Exception as exc:
        raise ModelFileError(
            source, f"cannot read the legacy pickle ({type(exc).__name__}: {exc})"
        ) from exc
    finally:
        _CURRENT.source = None
