"""Where a model's data came from: a JSON-safe description with file hashes."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

from bcigui.data.trialset import TrialSet

log = logging.getLogger(__name__)

#: Hash at most this many files per data set (a store of 10,000 one-trial files stays quick);
#: the rest are counted, and a combined hash of their names and sizes is kept.
MAX_HASHED_FILES = 2000


def file_sha256(path: str | Path, chunk: int = 1 << 20) -> str:
    """SHA-256 of a file's bytes, as hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def describe_training_data(trials: TrialSet) -> dict[str, Any]:
    """Shape, classes and source files (with SHA-256) of a TrialSet, for the model manifest."""
    lengths = trials.lengths
    files: list[dict[str, Any]] = []
    others = hashlib.sha256()
    n_others = 0
    for name in trials.files():
        path = Path(name)
        if not path.is_file():
            continue
        if len(files) < MAX_HASHED_FILES:
            files.append({"path": str(path.resolve()), "sha256": file_sha256(path)})
        else:
            n_others += 1
            others.update(f"{path.resolve()}:{path.stat().st_size}".encode())
    return {
        "n_trials": trials.n_trials,
        "n_channels": trials.n_channels,
        "n_times": int(lengths[0])
        if not trials.is_ragged
        else [int(lengths.min()), int(lengths.max())],
        "sfreq": trials.sfreq,
        "ch_names": list(trials.ch_names) if trials.ch_names else None,
        "class_counts": {str(k): v for k, v in trials.class_counts().items()},
        "files": files,
        "more_files": {"count": n_others, "names_sizes_sha256": others.hexdigest()}
        if n_others
        else None,
    }
