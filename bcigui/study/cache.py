"""Finished rows on disk: an append-only JSON-lines file in the study's output folder.

Every finished task is appended as one line and flushed (and fsync'ed) before the next one is
reported, so a study killed halfway loses no finished row, and a rerun with the same output
folder takes the rows whose key (data hash, pipeline and parameters digest, fold, CV settings)
it already has instead of refitting them. A last line cut short by the kill is ignored.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from bcigui.study.tasks import ResultRow

log = logging.getLogger(__name__)

#: The cache file's name in the output folder.
CACHE_NAME = "rows.jsonl"


class ResultCache:
    """The rows of earlier runs by key, and the file new rows are appended to.

    Parameters
    ----------
    out_dir : path
        The study's output folder (created if needed).
    """

    def __init__(self, out_dir: str | Path) -> None:
        self.path = Path(out_dir) / CACHE_NAME
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._rows: dict[str, ResultRow] = {}
        if self.path.exists():
            self._read()

    def _read(self) -> None:
        with open(self.path, encoding="utf-8") as fh:
            for number, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    row = ResultRow.from_dict(json.loads(line))
                except (json.JSONDecodeError, TypeError) as exc:
                    log.warning("%s line %d is incomplete, ignored (%s)", self.path, number, exc)
                    continue
                if row.ok:  # failed tasks are tried again
                    self._rows[row.key] = row

    def get(self, key: str) -> ResultRow | None:
        """The finished row of ``key`` from an earlier run (marked ``cached``), or None."""
        row = self._rows.get(key)
        if row is None:
            return None
        return _as_cached(row)

    def append(self, row: ResultRow) -> None:
        """Write ``row`` as one line, flushed to disk before returning."""
        line = json.dumps(row.to_dict(), allow_nan=True, separators=(",", ":"))
        with open(self.path, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        if row.ok:
            self._rows[row.key] = row

    def __len__(self) -> int:
        return len(self._rows)


def _as_cached(row: ResultRow) -> ResultRow:
    copy = ResultRow.from_dict(row.to_dict())
    copy.cached = True
    return copy
