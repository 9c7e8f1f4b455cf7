"""A model's "online readiness": its pseudo-online speller evaluation, kept beside the model.

The model file itself is content-hashed and never rewritten after it is saved, so the result
of ``simulate-speller`` (symbol accuracy and bit rate against repetitions, fixed and dynamic
stopping) is kept in a sidecar JSON file, ``<model>.bcimodel.online.json``, written atomically
like the annotations sidecar. The library and the model description read it from there.
"""

from __future__ import annotations

import json
import logging
from os import PathLike
from pathlib import Path
from typing import Any

from bcigui.modelfile.atomic import atomic_write_bytes

logger = logging.getLogger(__name__)

READINESS_SUFFIX = ".online.json"


def readiness_path(model_path: str | PathLike[str]) -> Path:
    """The readiness file of a model: ``<model path>.online.json``."""
    return Path(f"{model_path}{READINESS_SUFFIX}")


def write_readiness(model_path: str | PathLike[str], readiness: dict[str, Any]) -> Path:
    """Write a model's online readiness atomically (replacing the previous one)."""
    if not Path(model_path).is_file():
        raise FileNotFoundError(f"no model file {model_path}")
    text = json.dumps(readiness, indent=2, ensure_ascii=False)
    return atomic_write_bytes(readiness_path(model_path), text.encode("utf-8"), overwrite=True)


def read_readiness(model_path: str | PathLike[str]) -> dict[str, Any] | None:
    """The model's online readiness, or None when it has none (or it is unreadable)."""
    path = readiness_path(model_path)
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        logger.warning("ignoring unreadable online readiness %s: %s", path, exc)
        return None
    return value if isinstance(value, dict) else None
