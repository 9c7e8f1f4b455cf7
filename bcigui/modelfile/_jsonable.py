"""Conversion of manifest values to plain JSON (numpy types, NaN, paths, pydantic models)."""

from __future__ import annotations

import dataclasses
import math
import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from enum import Enum
from pathlib import PurePath
from typing import Any

import numpy as np


def utc_now_iso() -> str:
    """The current UTC time as ISO 8601 with microseconds and a ``Z``.

    Returns
    -------
    str
        For example ``"2025-01-31T14:05:09.123456Z"``.
    """
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _key(key: Any, where: str) -> str:
    if isinstance(key, str):
        return str(key)
    if isinstance(key, (bool, int, float, np.generic, Enum, uuid.UUID, PurePath)):
        converted = to_jsonable(key, where)
        return json_scalar_text(converted)
    raise TypeError(f"{where}: a key of type {type(key).__name__} cannot go into JSON")


def json_scalar_text(value: Any) -> str:
    """How a converted scalar reads as a JSON object key (``True`` -> ``"true"``)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def to_jsonable(value: Any, where: str = "manifest") -> Any:
    """Convert a value to plain JSON types, recursively.

    Parameters
    ----------
    value : object
        Dicts, lists, tuples, sets, str, int, float, bool, None, numpy scalars and arrays,
        paths, dates, enums, UUIDs, dataclasses and pydantic models.
    where : str
        Where the value sits, for error messages.

    Returns
    -------
    object
        Only dict (str keys), list, str, int, float, bool and None. NaN and infinities become
        None (JSON has no such numbers); numpy values become Python ones.

    Raises
    ------
    TypeError
        For values that have no JSON form (bytes, arbitrary objects).
    """
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, np.ndarray):
        if value.dtype.hasobject:
            return [to_jsonable(item, f"{where}[]") for item in value.tolist()]
        return to_jsonable(value.tolist(), where)
    if isinstance(value, np.generic):
        item = value.item()
        if isinstance(item, (bytes, complex)) or item is value:
            raise TypeError(f"{where}: a {type(value).__name__} cannot go into JSON")
        return to_jsonable(item, where)
    if isinstance(value, Mapping):
        return {
            _key(key, where): to_jsonable(item, f"{where}.{key}") for key, item in value.items()
        }
    if isinstance(value, (list, tuple)):
        return [to_jsonable(item, f"{where}[{index}]") for index, item in enumerate(value)]
    if isinstance(value, (set, frozenset)):
        items = [to_jsonable(item, f"{where}{{}}") for item in value]
        try:
            return sorted(items)
        except TypeError:
            return items
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, Enum):
        return to_jsonable(value.value, where)
    if isinstance(value, uuid.UUID):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_jsonable(dataclasses.asdict(value), where)
    model_dump = getattr(value, "model_dump", None)
    if callable(model_dump):  # a pydantic model
        return to_jsonable(model_dump(mode="json"), where)
    raise TypeError(f"{where}: a {type(value).__name__} cannot go into JSON")
