"""Saving a trained classifier to a ``.bcimodel`` file and loading it back as the right class.

The classifier hands over its payload (Keras or skops bytes), its fitted preprocessing and its
training record; this module turns them into a manifest and back. Nothing here unpickles.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from bcigui.classifiers.preprocessing import FittedPreprocessing
from bcigui.classifiers.signal import FittedSignal
from bcigui.errors import ModelFileError

if TYPE_CHECKING:
    from bcigui.classifiers.base import BaseClassifier

log = logging.getLogger(__name__)


class ModelVersionWarning(UserWarning):
    """A model file was saved with other library versions than the running ones."""


def build_manifest(model: BaseClassifier, label: str) -> dict[str, Any]:
    """The manifest fields that describe a trained classifier (the file adds uuid, hashes...)."""
    info = model.training_info_
    classes = model.classes_
    return {
        "model_type": model.model_type,
        "label": label,
        "classes": [c.item() if isinstance(c, np.generic) else c for c in classes],
        "label_kind": "int" if np.issubdtype(classes.dtype, np.integer) else "str",
        "input_signature": model._input_signature(),
        "preprocessing": _preprocessing_manifest(model),
        "hyperparameters": model.model_dump(mode="json"),
        "metrics": info.get("metrics"),
        "history": model.history_,
        "training_seconds": info.get("training_seconds"),
        "train_data": info.get("train_data"),
        "test_data": info.get("test_data"),
        "trained_versions": info.get("versions"),
        "epoching": info.get("epoching"),
        "cross_validation": info.get("cross_validation"),
        # a study's best configuration: study id, CV scores, the spec (bcigui.app.study)
        "study": info.get("study"),
        "training_warnings": info.get("warnings") or [],
    }


def _preprocessing_manifest(model: BaseClassifier) -> dict[str, Any]:
    """The fitted preprocessing, with the signal stage under ``"signal"`` when it is fitted."""
    section = model.preprocessing_.to_manifest()
    if model._signal is not None:
        section["signal"] = model._signal.to_manifest()
    return section


def save_classifier(
    model: BaseClassifier, path: Path, *, label: str | None, overwrite: bool
) -> Path:
    """Write ``model`` to ``path`` atomically (see :meth:`BaseClassifier.save`)."""
    from bcigui.modelfile.model_file import write_model_file

    model._require_fitted()
    if path.suffix != ".bcimodel":
        raise ModelFileError(path, "model files must end in .bcimodel")
    label = label if label is not None else model.training_info_.get("label") or path.parent.name
    payload, payload_name = model._payload_to_bytes()
    manifest = build_manifest(model, label)
    write_model_file(
        path, manifest, payload, payload_name, model.preprocessing_.to_arrays(), overwrite=overwrite
    )
    model.training_info_["label"] = label
    log.info("saved %s to %s", model.display_name, path)
    return path


def load_classifier(path: str | Path, expected: type[BaseClassifier]) -> BaseClassifier:
    """Read ``path`` and rebuild the classifier it holds (see :meth:`BaseClassifier.load`)."""
    from bcigui.classifiers.base import BaseClassifier
    from bcigui.classifiers.registry import get_classifier_class
    from bcigui.modelfile.model_file import read_model_file
    from bcigui.modelfile.versions import library_versions, version_differences

    contents = read_model_file(path)
    manifest = contents.manifest
    model_type = manifest["model_type"]
    try:
        klass = get_classifier_class(model_type)
    except KeyError:
        raise ModelFileError(path, f"unknown model type {model_type!r}") from None
    if expected is not BaseClassifier and not issubclass(klass, expected):
        raise ModelFileError(
            path,
            f"holds a {klass.display_name} model, not a {expected.display_name} model; "
            f"load it with {klass.__name__}.load() or bcigui.load_model()",
        )
    try:
        model = klass.model_validate(manifest["hyperparameters"])
        classes = np.asarray(manifest["classes"])
        if manifest.get("label_kind") == "int":
            classes = classes.astype(np.int64)
        model._classes = classes
        model._prep = FittedPreprocessing.from_saved(manifest["preprocessing"], contents.arrays)
        signal_meta = manifest["preprocessing"].get("signal")  # absent in older model files
        model._signal = None if signal_meta is None else FittedSignal.from_manifest(signal_meta)
        model._history = {k: list(v) for k, v in (manifest.get("history") or {}).items()}
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelFileError(path, f"manifest is inconsistent: {exc}") from exc
    _check_classes(path, classes)
    model._payload_from_bytes(contents.payload, contents.payload_name, Path(path))
    n_payload = _payload_class_count(model)
    if n_payload is not None and n_payload != len(classes):
        raise ModelFileError(
            path,
            f"manifest lists {len(classes)} classes but the stored model predicts {n_payload}: "
            "the file was altered or assembled from different models",
        )
    saved_versions = manifest.get("trained_versions") or manifest.get("versions") or {}
    diffs = version_differences(saved_versions, library_versions())
    model._info = {
        "training_seconds": manifest.get("training_seconds"),
        "metrics": manifest.get("metrics"),
        "train_data": manifest.get("train_data"),
        "test_data": manifest.get("test_data"),
        "versions": saved_versions,
        "label": manifest.get("label"),
        "path": str(path),
        "uuid": manifest.get("uuid"),
        "created_utc": manifest.get("created_utc"),
        "version_warnings": diffs,
        "epoching": manifest.get("epoching"),
        "cross_validation": manifest.get("cross_validation"),
        "study": manifest.get("study"),
        "warnings": list(manifest.get("training_warnings") or []),
    }
    if diffs:
        message = f"{path}: saved with other library versions: " + "; ".join(diffs)
        warnings.warn(message, ModelVersionWarning, stacklevel=3)
        log.warning(message)
    return model


def _check_classes(path: str | Path, classes: np.ndarray) -> None:
    """The manifest's classes: a flat list of at least two distinct labels."""
    if classes.ndim != 1 or len(classes) < 2:
        raise ModelFileError(
            path, f"manifest lists {classes.size} class(es); a classifier has at least two"
        )
    if len(np.unique(classes)) != len(classes):
        raise ModelFileError(path, "manifest lists a class twice")


def _payload_class_count(model: BaseClassifier) -> int | None:
    """How many classes the loaded payload predicts (None when it cannot say cheaply)."""
    estimator = getattr(model, "_estimator", None)
    payload_classes = getattr(estimator, "classes_", None)
    if payload_classes is not None:
        return len(payload_classes)
    network = getattr(model, "_network", None)
    shape = getattr(network, "output_shape", None)
    if isinstance(shape, tuple) and shape and isinstance(shape[-1], int):
        return int(shape[-1])
    return None
