"""Payload codecs that cannot run code when reading: Keras ``.keras`` and ``skops``.

Keras models are loaded with ``safe_mode=True`` after a scan of their configuration that
refuses ``Lambda`` layers. scikit-learn estimators are loaded with skops after every type
named in the file (not only those skops itself distrusts) has been checked against an
explicit list that the caller passes (the classifier's declared types plus
:data:`PLAIN_DATA_TYPES`); :func:`untrusted_skops_types` runs the same check on a payload about
to be saved.

Keras, TensorFlow and skops are imported inside the functions, never at module import.
"""

from __future__ import annotations

import io
import json
import logging
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from os import PathLike
from pathlib import Path
from typing import Any

from bcigui.errors import ModelFileError
from bcigui.modelfile._zipsafe import (
    MAX_COMPRESSION_RATIO,
    MAX_UNCOMPRESSED_BYTES,
    RATIO_CHECK_MIN_BYTES,
    check_name,
)

logger = logging.getLogger(__name__)

KERAS_PAYLOAD_NAME = "model.keras"
SKOPS_PAYLOAD_NAME = "model.skops"

#: Plain values any scikit-learn payload may hold, as skops records them (module.Class). The
#: estimator types come from the caller: each classifier declares its own at its registration
#: (:func:`bcigui.classifiers.registry.register`) and passes the whole list to the functions
#: below.
PLAIN_DATA_TYPES: tuple[str, ...] = (
    "builtins.bool",
    "builtins.dict",
    "builtins.float",
    "builtins.int",
    "builtins.list",
    "builtins.str",
    "builtins.tuple",
    "numpy.bool",
    "numpy.float32",
    "numpy.float64",
    "numpy.int32",
    "numpy.int64",
    "numpy.ndarray",
    "numpy.str_",
)

#: skops node kinds those types need; others (functions, reduce, methods...) are refused.
SKOPS_ALLOWED_NODES: tuple[str, ...] = (
    "CachedNode",
    "DictNode",
    "JsonNode",
    "ListNode",
    "NdArrayNode",
    "ObjectNode",
    "TupleNode",
    "TypeNode",
)

_MAX_SCHEMA_BYTES = 64 * 1024**2


def _source(source: str | PathLike[str] | None, default: str) -> Path:
    return Path(source) if source is not None else Path(default)


def _check_inner_archive(archive: zipfile.ZipFile, source: Path, what: str) -> None:
    """Names and sizes of a payload archive (a ``.keras`` or ``.skops`` zip)."""
    total = 0
    for info in archive.infolist():
        check_name(info.filename, source)
        total += info.file_size
        ratio_bad = info.file_size > RATIO_CHECK_MIN_BYTES and (
            info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1)
        )
        if total > MAX_UNCOMPRESSED_BYTES or ratio_bad:
            raise ModelFileError(source, f"refused: the {what} payload is a zip bomb")


# --------------------------------------------------------------------------- Keras


def keras_to_bytes(model: Any) -> bytes:
    """Serialize a Keras model to the bytes of a ``.keras`` file.

    Parameters
    ----------
    model : keras.Model
        The model.

    Returns
    -------
    bytes
    """
    with tempfile.TemporaryDirectory(prefix="bcigui-keras-") as folder:
        target = Path(folder) / KERAS_PAYLOAD_NAME
        model.save(target)
        return target.read_bytes()


def _iter_configs(node: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(node, Mapping):
        yield node
        for value in node.values():
            yield from _iter_configs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _iter_configs(value)


def _read_inner_json(
    data: bytes,
    source: Path,
    kind: str,
    member: str,
    what: str,
    object_hook: Callable[[dict[str, Any]], Any] | None = None,
) -> Any:
    """The JSON document ``member`` of a payload archive, read within the size limits.

    Parameters
    ----------
    data : bytes
        The payload archive (``.keras`` or skops zip).
    source : Path
        The model file, for error messages.
    kind : str
        ``"Keras"`` or ``"scikit-learn"``, for error messages.
    member : str
        The archive member (``"config.json"``, ``"schema.json"``).
    what : str
        What the member is, for error messages (``"configuration"``, ``"schema"``).
    object_hook : callable, optional
        Passed to :func:`json.loads` (sees every JSON object as it is parsed).

    Raises
    ------
    ModelFileError
        A damaged or oversized archive or member.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_inner_archive(archive, source, kind)
            info = archive.getinfo(member)
            if info.file_size > _MAX_SCHEMA_BYTES:
                raise ModelFileError(source, f"the {kind} payload's {what} is too large")
            return json.loads(archive.read(info).decode("utf-8"), object_hook=object_hook)
    except ModelFileError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError, RecursionError) as exc:
        raise ModelFileError(source, f"the {kind} payload is damaged ({exc})") from None


def _scan_keras_config(data: bytes, source: Path) -> None:
    """Refuse a ``.keras`` archive that is damaged, oversized or holds a Lambda layer."""
    config = _read_inner_json(data, source, "Keras", "config.json", "configuration")
    for item in _iter_configs(config):
        if item.get("class_name") == "Lambda":
            raise ModelFileError(source, "contains a Lambda layer (arbitrary code); refused")


def keras_from_bytes(
    data: bytes,
    custom_objects: Mapping[str, Any] | None = None,
    *,
    source: str | PathLike[str] | None = None,
) -> Any:
    """Load a Keras model from ``.keras`` bytes in safe mode, without compiling it.

    Parameters
    ----------
    data : bytes
        The ``.keras`` archive.
    custom_objects : mapping, optional
        Custom layers or functions the model needs (bcigui's own classes).
    source : path-like, optional
        The model file, for error messages.

    Returns
    -------
    keras.Model

    Raises
    ------
    ModelFileError
        The payload is damaged, holds a ``Lambda`` layer or anything else Keras' safe mode
        refuses.
    """
    where = _source(source, "<keras payload>")
    _scan_keras_config(data, where)
    import keras

    with tempfile.TemporaryDirectory(prefix="bcigui-keras-") as folder:
        target = Path(folder) / KERAS_PAYLOAD_NAME
        target.write_bytes(data)
        try:
            model = keras.saving.load_model(
                target,
                custom_objects=dict(custom_objects) if custom_objects else None,
                compile=False,
                safe_mode=True,
            )
        except Exception as exc:
            text = str(exc)
            if "Lambda" in text:
                raise ModelFileError(
                    where, "contains a Lambda layer (arbitrary code); refused"
                ) from None
            if "safe_mode" in text:
                raise ModelFileError(where, f"refused by Keras safe mode ({text})") from None
            raise ModelFileError(
                where, f"the Keras model cannot be loaded ({type(exc).__name__}: {text})"
            ) from exc
    return model


# --------------------------------------------------------------------------- scikit-learn


def sklearn_to_bytes(estimator: Any) -> bytes:
    """Serialize a scikit-learn estimator with skops.

    Parameters
    ----------
    estimator : object
        A (usually fitted) estimator.

    Returns
    -------
    bytes
        A skops archive.
    """
    import skops.io

    return bytes(skops.io.dumps(estimator))


def _collector(types: set[str], loaders: set[str]) -> Callable[[dict[str, Any]], Any]:
    """A ``json.loads`` object hook that records every ``module.Class`` and node kind named
    anywhere in a skops schema (it sees every JSON object, at any depth, as it is parsed)."""

    def hook(node: dict[str, Any]) -> dict[str, Any]:
        module, name = node.get("__module__"), node.get("__class__")
        if module is not None or name is not None:
            types.add(f"{module}.{name}")
        loader = node.get("__loader__")
        if loader is not None:
            loaders.add(str(loader))
        return node

    return hook


def skops_payload_types(data: bytes, *, source: str | PathLike[str] | None = None) -> list[str]:
    """Every type a skops payload names, sorted; nothing is loaded.

    Parameters
    ----------
    data : bytes
        The skops archive.
    source : path-like, optional
        The model file, for error messages.

    Returns
    -------
    list of str
        Dotted type names; also any node kind outside :data:`SKOPS_ALLOWED_NODES`, written
        ``"skops node <Kind>"``.
    """
    where = _source(source, "<scikit-learn payload>")
    types: set[str] = set()
    loaders: set[str] = set()
    _read_inner_json(
        data, where, "scikit-learn", "schema.json", "schema", _collector(types, loaders)
    )
    bad_nodes = {f"skops node {kind}" for kind in loaders - set(SKOPS_ALLOWED_NODES)}
    return sorted(types | bad_nodes)


def untrusted_skops_types(
    data: bytes, trusted: Sequence[str], *, source: str | PathLike[str] | None = None
) -> list[str]:
    """The types a skops payload names that ``trusted`` does not list, sorted; nothing is loaded.

    :func:`sklearn_from_bytes` refuses a payload exactly when this list is not empty, so a
    writer can check a payload with it before saving.

    Parameters
    ----------
    data : bytes
        The skops archive.
    trusted : sequence of str
        Dotted names of the types the payload may contain.
    source : path-like, optional
        The model file, for error messages.

    Returns
    -------
    list of str
        Dotted type names (and ``"skops node <Kind>"`` for node kinds skops would need to run
        code).
    """
    return sorted(set(skops_payload_types(data, source=source)) - set(trusted))


def sklearn_from_bytes(
    data: bytes,
    trusted: Sequence[str],
    *,
    source: str | PathLike[str] | None = None,
) -> Any:
    """Load a scikit-learn estimator from skops bytes, trusting only the listed types.

    Parameters
    ----------
    data : bytes
        The skops archive.
    trusted : sequence of str
        Dotted names of the types the payload may contain (the classifier's declared types
        plus :data:`PLAIN_DATA_TYPES`). Every type the file names must be listed, including
        those skops trusts by default.
    source : path-like, optional
        The model file, for error messages.

    Returns
    -------
    object
        The estimator.

    Raises
    ------
    ModelFileError
        The payload is damaged or names a type that is not trusted (for example
        ``builtins.eval`` or ``posix.system``); nothing from it was constructed.
    """
    where = _source(source, "<scikit-learn payload>")
    import skops.io

    named = skops_payload_types(data, source=where)
    untrusted = sorted(set(named) - set(trusted))  # as untrusted_skops_types, one scan
    if untrusted:
        raise ModelFileError(
            where,
            "the scikit-learn payload uses types that are not trusted: "
            f"{', '.join(untrusted)}; refused",
        )
    try:
        # every type the schema names is on our list; skops checks again while it loads and
        # refuses anything our scan did not see (UntrustedTypesFoundException)
        return skops.io.loads(data, trusted=sorted(set(named)))
    except Exception as exc:
        raise ModelFileError(
            where, f"the scikit-learn model cannot be loaded ({type(exc).__name__}: {exc})"
        ) from exc
