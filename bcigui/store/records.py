"""The rows of the model index as Python objects: :class:`ModelRecord` and the column layout.

A :class:`ModelRecord` is what the library lists for one model file; it is built from an index
row (never from the file) and is cheap to make, so the index can mirror thousands of them.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from bcigui.modelfile.versions import library_versions, version_differences

STATUS_OK, STATUS_BROKEN, STATUS_LEGACY = "ok", "broken", "legacy-untrusted"
#: The columns of the index's ``models`` table, in order (a row is a tuple of these).
COLUMNS = tuple(
    "relpath size mtime_ns meta_mtime_ns status reason payload_sha256 uuid model_type label "
    "created_utc classes n_features n_times accuracy balanced_accuracy roc_auc f1_macro "
    "training_seconds cv_scheme cv_accuracy cv_balanced_accuracy cv_roc_auc near_chance versions "
    "display_name notes tags champion".split()
)
#: The test metrics a record carries.
METRICS = ("accuracy", "balanced_accuracy", "roc_auc", "f1_macro")
#: The cross-validation means a record carries (column ``cv_<metric>``).
CV_METRICS = ("accuracy", "balanced_accuracy", "roc_auc")


def cv_values(manifest: Mapping[str, Any]) -> dict[str, Any]:
    """The ``cv_*`` index columns from a manifest's ``cross_validation`` entry (None if absent).

    Parameters
    ----------
    manifest : mapping
        A decoded model manifest; ``manifest["cross_validation"]`` is
        :meth:`bcigui.classifiers.cross_validation.CVResult.to_dict` output.
    """
    cv = manifest.get("cross_validation")
    cv = cv if isinstance(cv, Mapping) else {}
    summary = cv.get("summary")
    summary = summary if isinstance(summary, Mapping) else {}
    values: dict[str, Any] = {"cv_scheme": None}
    if isinstance(cv.get("scheme"), str):
        values["cv_scheme"] = f"{cv['scheme']} x{cv.get('n_splits', '?')}"
    for metric in CV_METRICS:
        entry = summary.get(metric)
        mean = entry.get("mean") if isinstance(entry, Mapping) else None
        numeric = isinstance(mean, int | float) and not isinstance(mean, bool)
        values[f"cv_{metric}"] = float(mean) if numeric else None  # type: ignore[arg-type]
    return values


def near_chance_text(manifest: Mapping[str, Any]) -> str | None:
    """The ``near_chance`` index column: the verdict's text, or None when not near chance.

    The verdict is in the manifest's test ``metrics`` or, for a cross-validated model, in its
    ``cross_validation`` entry (:meth:`bcigui.classifiers.chance.ChanceVerdict.to_dict`).
    """
    from bcigui.classifiers.chance import ChanceVerdict

    for key in ("metrics", "cross_validation"):
        entry = manifest.get(key)
        if isinstance(entry, Mapping):
            try:
                verdict = ChanceVerdict.from_dict(entry.get("near_chance"))
            except TypeError:  # a damaged entry: no verdict, not a broken file
                verdict = None
            if verdict is not None:
                return verdict.text()
    return None


@functools.lru_cache(maxsize=1)
def running_versions() -> dict[str, str]:
    """The running library versions (cached: they do not change within a process)."""
    return library_versions()


@functools.lru_cache(maxsize=4096)
def _json_tuple(text: str | None) -> tuple[Any, ...]:
    return tuple(json.loads(text)) if text else ()


@functools.lru_cache(maxsize=4096)
def _json_mapping(text: str | None) -> Mapping[str, str]:
    return MappingProxyType(json.loads(text) if text else {})


@dataclass(frozen=True)
class ModelRecord:
    """One indexed model file, as the library lists it (read from the index, not the file).

    Attributes
    ----------
    store_dir : Path
        The store the file belongs to.
    relpath : str
        The file's path relative to the store, with ``/`` separators.
    size, mtime_ns : int
        File size in bytes and modification time (ns) when it was indexed.
    status : str
        ``"ok"`` (manifest readable; payload hashes are checked on load and by verify),
        ``"broken"`` (see ``reason``) or ``"legacy-untrusted"`` (a prototype pickle).
    reason : str or None
        Why the file is broken.
    payload_sha256, uuid, model_type, label, created_utc : str or None
        From the manifest; ``label`` is the file's folder when it sits in ``<store>/<label>/``.
    classes : tuple
        Class values in model order.
    n_features, n_times : int or None
        The input shape the model expects (features per time step, samples per trial).
    accuracy, balanced_accuracy, roc_auc, f1_macro, training_seconds : float or None
        Test metrics and training time from the manifest.
    cv_scheme : str or None
        Cross-validation scheme and folds (``"grouped x3"``), when the model was
        cross-validated.
    cv_accuracy, cv_balanced_accuracy, cv_roc_auc : float or None
        Cross-validation means from the manifest.
    near_chance : str or None
        Why the model's result is within noise of chance, with the likely causes (None when
        it is clearly better than a guess).
    versions : mapping of str to str
        Library versions the model was trained with.
    display_name, notes, tags, champion
        User annotations from the sidecar file.
    """

    store_dir: Path
    relpath: str
    size: int
    mtime_ns: int
    status: str
    reason: str | None
    payload_sha256: str | None
    uuid: str | None
    model_type: str | None
    label: str | None
    created_utc: str | None
    classes: tuple[Any, ...]
    n_features: int | None
    n_times: int | None
    accuracy: float | None
    balanced_accuracy: float | None
    roc_auc: float | None
    f1_macro: float | None
    training_seconds: float | None
    cv_scheme: str | None
    cv_accuracy: float | None
    cv_balanced_accuracy: float | None
    cv_roc_auc: float | None
    near_chance: str | None
    versions: Mapping[str, str] = field(hash=False)  # a read-only mapping: not hashable
    display_name: str | None
    notes: str
    tags: tuple[str, ...]
    champion: bool

    @classmethod
    def _from_row(cls, store_dir: Path, row: Sequence[Any]) -> ModelRecord:
        """Build from an index row (fast path: 10,000 of these must take milliseconds)."""
        values = dict(zip(COLUMNS, row, strict=True))
        del values["meta_mtime_ns"]
        values.update(
            store_dir=store_dir, classes=_json_tuple(values["classes"]),
            versions=_json_mapping(values["versions"]), notes=values["notes"] or "",
            tags=_json_tuple(values["tags"]), champion=bool(values["champion"]),
        )  # fmt: skip
        record = object.__new__(cls)
        object.__setattr__(record, "__dict__", values)
        return record

    @property
    def path(self) -> Path:
        """The absolute path of the model file."""
        return self.store_dir / self.relpath

    @property
    def name(self) -> str:
        """The display name, or the file name without extension."""
        return self.display_name or Path(self.relpath).stem

    @property
    def ok(self) -> bool:
        """True when the file's manifest is readable (status ``"ok"``)."""
        return self.status == STATUS_OK

    @property
    def metrics(self) -> dict[str, float | None]:
        """The key test metrics by name."""
        return {name: getattr(self, name) for name in METRICS}

    @property
    def version_differences(self) -> list[str]:
        """Load-relevant libraries whose version differs from the running ones (one line each)."""
        return version_differences(self.versions, running_versions())

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (paths as strings, version differences included)."""
        out: dict[str, Any] = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        out.update(
            store_dir=str(self.store_dir), path=str(self.path), classes=list(self.classes),
            tags=list(self.tags), versions=dict(self.versions),
            version_differences=self.version_differences,
        )  # fmt: skip
        return out
