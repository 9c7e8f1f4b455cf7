"""EEGLAB event fields as extra event keys (``"square/position=1"``).

MNE turns an EEGLAB ``.set`` file's events into annotations named by their ``type`` only; extra
fields of ``EEG.event`` (the tutorial data's ``position``, 1 or 2) are lost, yet they are often
what distinguishes the conditions. This module reads ``EEG.event`` with
``scipy.io.loadmat`` and offers every such field with a few distinct scalar values as extra
keys ``"<type>/<field>=<value>"``, so that they can be mapped to classes like any other event.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

_STANDARD_FIELDS = frozenset({"type", "latency", "urevent", "duration", "epoch"})
#: A field with more distinct values than this is an identifier, not a condition.
MAX_VALUES = 12


def _event_struct(path: Path) -> Any:
    from scipy.io import loadmat

    try:
        mat = loadmat(
            path, struct_as_record=False, squeeze_me=True, variable_names=["EEG", "event"]
        )
    except (NotImplementedError, ValueError, OSError) as exc:  # e.g. MATLAB v7.3 (HDF5) files
        log.info("%s: EEG.event fields not read (%s)", path, exc)
        return None
    if "EEG" in mat:
        return getattr(mat["EEG"], "event", None)
    return mat.get("event")


def _scalar(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    arr = np.asarray(value)
    if arr.size != 1 or arr.dtype.kind not in "iufb":
        return None
    number = arr.item()
    return str(int(number)) if float(number).is_integer() else f"{number:g}"


def eeglab_field_events(path: Path, sfreq_first_samp: int = 0) -> dict[str, list[int]]:
    """Extra event keys of an EEGLAB ``.set`` file and their samples.

    Parameters
    ----------
    path : Path
        The ``.set`` file.
    sfreq_first_samp : int
        ``raw.first_samp`` (added to the 0-based sample of each event).

    Returns
    -------
    dict of str to list of int
        ``"<type>/<field>=<value>"`` -> samples, for fields with 2..MAX_VALUES distinct values;
        empty when the file has none (or cannot be read this way).
    """
    events = _event_struct(path)
    if events is None:
        return {}
    events = np.atleast_1d(events)
    found: dict[tuple[str, str], dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for event in events:
        names = getattr(event, "_fieldnames", [])
        kind = _scalar(getattr(event, "type", None))
        latency = getattr(event, "latency", None)
        if kind is None or latency is None or np.asarray(latency).size != 1:
            continue
        sample = round(float(np.asarray(latency).item()) - 1) + sfreq_first_samp
        for field in names:
            if field in _STANDARD_FIELDS:
                continue
            value = _scalar(getattr(event, field))
            if value is not None:
                found[(kind, field)][value].append(sample)
    keys: dict[str, list[int]] = {}
    for (kind, field), by_value in sorted(found.items()):
        if 2 <= len(by_value) <= MAX_VALUES:
            for value, samples in sorted(by_value.items()):
                keys[f"{kind}/{field}={value}"] = samples
    return keys
