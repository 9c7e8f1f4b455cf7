"""The common base of every classifier: the seed API on top of scikit-learn's conventions.

A classifier is a pydantic config object (its fields are its hyperparameters, validated, with
errors that name the field) and, at the same time, a scikit-learn estimator:

* ``fit(X, y)`` / ``predict(X)`` / ``predict_proba(X)`` / ``score`` / ``get_params`` /
  ``set_params`` / ``sklearn.base.clone`` work, and learned attributes end in ``_``
  (``classes_``, ``n_features_in_``, ``history_``...);
* the seed's calls work verbatim: ``Model.fit(cfg, xTest, yTest, xTrain, yTrain, epochs=...,
  batch_size=..., model_label=...) -> TrainResult``, ``Model.train(...) -> EvaluationMetrics``,
  ``Model.query(cfg, data, return_logits=False)``, ``cfg.save(path)``, ``Model.load(path)``,
  ``Model._generate_model_path(label)``.

``fit`` tells the two apart by its arguments: four data arguments (or any of the keywords
``xTest``, ``yTest``, ``xTrain``, ``yTrain``) select the seed call.
"""

from __future__ import annotations

import logging
import time
import warnings
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr
from sklearn.base import BaseEstimator, ClassifierMixin

from bcigui.classifiers.chance import context_causes, training_context
from bcigui.classifiers.checks import check_test_against_train, files_hint, seed_keywords
from bcigui.classifiers.form_hints import form_hint
from bcigui.classifiers.metrics import EvaluationMetrics, TrainResult, compute_metrics
from bcigui.classifiers.paradigm import ParadigmWarning
from bcigui.classifiers.preprocessing import FittedPreprocessing
from bcigui.classifiers.progress import CancelToken, ProgressCallback, no_progress
from bcigui.classifiers.provenance import describe_training_data
from bcigui.classifiers.signal import FittedSignal, SignalPreprocessing
from bcigui.data.inputs import as_trialset
from bcigui.data.trialset import TrialSet
from bcigui.errors import ConfigError, DataError, NotFittedError, UserText

log = logging.getLogger(__name__)

_SEED_DATA_KEYS = ("xTest", "yTest", "xTrain", "yTrain")


class BaseClassifier(BaseModel, ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """Shared behaviour of every bcigui classifier (see the module docstring)."""

    model_config = ConfigDict(
        extra="forbid",
        validate_assignment=True,
        protected_namespaces=(),
        revalidate_instances="never",
    )

    #: Short type name used in file names and the store (``lstm``, ``svm``...).
    model_type: ClassVar[str] = "base"
    #: Human-readable name for the GUI.
    display_name: ClassVar[str] = "Classifier"

    class_weight: Any = Field(
        "balanced",
        description="None, 'balanced' (weights inverse to class frequency) or a dict.",
        json_schema_extra=form_hint(
            group="training", order=60, label="Class weighting", choices=["balanced"]
        ),
    )
    random_state: int | None = Field(
        0,
        description="Seed for reproducible results (None: random).",
        json_schema_extra=form_hint(
            group="training",
            order=80,
            label="Seed",
            none_text="random",
            bounds={"ge": 0, "le": 2**31 - 2},
        ),
    )
    signal: SignalPreprocessing = Field(
        default_factory=SignalPreprocessing,
        description="Channels, reference, filters, resampling, baseline and crop; fitted on the "
        "training trials and applied identically to every query (defaults: off).",
    )

    _classes: np.ndarray | None = PrivateAttr(default=None)
    _prep: FittedPreprocessing | None = PrivateAttr(default=None)
    _signal: FittedSignal | None = PrivateAttr(default=None)
    _history: dict[str, list[float]] = PrivateAttr(default_factory=dict)
    _info: dict[str, Any] = PrivateAttr(default_factory=dict)

    # ==================================================================== scikit-learn side
    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """Hyperparameters by name (scikit-learn convention)."""
        return {name: getattr(self, name) for name in type(self).model_fields}

    def set_params(self, **params: Any) -> BaseClassifier:
        """Set hyperparameters by name; unknown names raise ``ValueError``."""
        for name, value in params.items():
            if name not in type(self).model_fields:
                raise ValueError(
                    f"Invalid parameter {name!r} for {type(self).__name__}; valid parameters: "
                    f"{sorted(type(self).model_fields)}"
                )
            setattr(self, name, value)  # validated: a bad value raises, naming the field
            if self.__dict__[name] is not value and self.__dict__[name] == value:
                # keep the caller's object (pydantic copies lists), as scikit-learn expects
                self.__dict__[name] = value
        return self

    def __sklearn_clone__(self) -> BaseClassifier:
        return type(self).model_validate(self.model_dump())

    def __sklearn_is_fitted__(self) -> bool:
        return self._classes is not None

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.non_deterministic = False
        tags.input_tags.three_d_array = True  # type: ignore[attr-defined]
        return tags

    def __repr__(self) -> str:
        fields = type(self).model_fields
        changed = {
            k: v
            for k, v in self.get_params().items()
            if v != fields[k].get_default(call_default_factory=True)
        }
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in changed.items())})"

    __str__ = __repr__

    # learned attributes
    @property
    def classes_(self) -> np.ndarray:
        """Class values in model order, shape ``(n_classes,)``."""
        return self._require_fitted()

    @property
    def n_features_in_(self) -> int:
        """Features (channels) per time step the model was trained on."""
        self._require_fitted()
        assert self._prep is not None
        return self._prep.n_channels

    @property
    def history_(self) -> dict[str, list[float]]:
        """Per-epoch training curves (empty for models without epochs)."""
        self._require_fitted()
        return self._history

    @property
    def preprocessing_(self) -> FittedPreprocessing:
        """The preprocessing fitted on the training set."""
        self._require_fitted()
        assert self._prep is not None
        return self._prep

    @property
    def signal_(self) -> FittedSignal | None:
        """The fitted signal stage (None for model files saved before it existed)."""
        self._require_fitted()
        return self._signal

    @property
    def training_warnings_(self) -> list[str]:
        """Warnings about the training data found by the last fit (e.g. a paradigm mismatch)."""
        self._require_fitted()
        return list(self._info.get("warnings") or [])

    @property
    def training_info_(self) -> dict[str, Any]:
        """Metrics, timing, provenance and versions of the last fit or load."""
        self._require_fitted()
        return self._info

    def _require_fitted(self) -> np.ndarray:
        if self._classes is None:
            raise NotFittedError()
        return self._classes

    # ======================================================================== fitting
    def fit(self, X: Any = None, y: Any = None, *args: Any, **kwargs: Any) -> Any:
        """Train the model: seed call or scikit-learn call.

        Seed call: ``fit(xTest, yTest, xTrain, yTrain, epochs=None, batch_size=None,
        model_label=None, progress=None, cancel=None, store_dir=None) -> TrainResult``.
        Data are lists of seed ``.npy`` paths, arrays in seed orientation ``(N, T, F)`` or lists
        of ``(T, F)`` arrays, or TrialSets. With ``model_label`` the model is saved to
        ``<store>/<label>/<type>_<timestamp>.bcimodel``.

        scikit-learn call: ``fit(X, y) -> self`` with ``X`` of shape
        ``(n_trials, n_channels, n_times)`` or ``(n_trials, n_features)``.
        """
        if args or any(k in kwargs for k in _SEED_DATA_KEYS):
            if X is not None:
                kwargs["xTest"] = X
            if y is not None:
                kwargs["yTest"] = y
            return self._seed_fit(**seed_keywords(args, kwargs))
        return self._sklearn_fit(X, y, **kwargs)

    def _sklearn_fit(self, X: Any, y: Any, **fit_params: Any) -> BaseClassifier:
        if y is None:
            raise DataError("fit(X, y) needs labels y (one per trial)")
        from sklearn.utils.multiclass import type_of_target

        kind = type_of_target(np.asarray(y)) if np.ndim(y) == 1 else "multi-output"
        if kind in ("continuous", "continuous-multioutput", "multi-output"):
            raise DataError(
                f"Unknown label type: {kind}. Labels must be class values (integers or strings), "
                "one per trial"
            )
        trials = as_trialset(X, y, role="train", orientation="canonical")
        if fit_params.get("sample_weight") is not None:
            raise ConfigError("sample_weight is not supported; use class_weight")
        self.fit_trials(trials)
        return self

    def _seed_fit(
        self,
        xTest: Any = None,
        yTest: Any = None,
        xTrain: Any = None,
        yTrain: Any = None,
        epochs: int | None = None,
        batch_size: int | None = None,
        model_label: str | None = None,
        *,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
        store_dir: str | Path | None = None,
    ) -> TrainResult:
        if xTrain is None or yTrain is None:
            raise DataError("xTrain and yTrain are required (lists of .npy paths or arrays)")
        if xTest is None or yTest is None:
            raise DataError("xTest and yTest are required (lists of .npy paths or arrays)")
        train = as_trialset(xTrain, yTrain, role="train")
        test = as_trialset(xTest, yTest, role="test")
        return self.fit_and_evaluate(
            train, test, epochs=epochs, batch_size=batch_size, model_label=model_label,
            progress=progress, cancel=cancel, store_dir=store_dir,
        )  # fmt: skip

    def fit_and_evaluate(
        self,
        train: TrialSet,
        test: TrialSet,
        *,
        epochs: int | None = None,
        batch_size: int | None = None,
        model_label: str | None = None,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
        store_dir: str | Path | None = None,
        provenance: dict[str, Any] | None = None,
        save: bool = True,
    ) -> TrainResult:
        """Fit on ``train``, score on ``test``, optionally save; the seed ``fit`` in TrialSets.

        ``provenance`` adds entries to ``training_info_`` (and so to the saved manifest), e.g.
        ``{"epoching": ...}`` for trials epoched from recordings. With ``save=False`` a labelled
        model is not saved (the caller decides, e.g. after a near-chance verdict).
        """
        progress = progress or no_progress
        overrides = {k: v for k, v in (("epochs", epochs), ("batch_size", batch_size)) if v}
        if overrides and not all(k in type(self).model_fields for k in overrides):
            log.info("%s has no epochs/batch size; ignoring %s", self.display_name, overrides)
            overrides = {k: v for k, v in overrides.items() if k in type(self).model_fields}
        if overrides:
            self.set_params(**overrides)
        if model_label is not None:
            from bcigui.modelfile.paths import validate_name

            validate_name(model_label, "model_label")
        check_test_against_train(train, test)
        self.fit_trials(train, progress=progress, cancel=cancel)
        started = time.perf_counter()
        progress(0.99, UserText.of("evaluating on the test set"))
        proba = self._predict_proba_trials(test)
        metrics = compute_metrics(self._encode(test), proba, self.classes_, started=started)
        verdict = metrics.chance_verdict
        if verdict is not None:
            verdict = verdict.with_causes(context_causes(training_context(self)))
            metrics.near_chance = verdict.to_dict()
            log.warning("%s: %s", self.display_name, verdict.text())
        self._info.update(
            metrics=metrics.to_dict(),
            test_data=describe_training_data(test),
            label=model_label,
            **(provenance or {}),
        )
        log.info("%s trained: %s", self.display_name, metrics.summary())
        result = TrainResult.of(self, metrics, label=model_label)
        if model_label is not None and save:
            result.saved_path = self.save_to_store(model_label, store_dir=store_dir)
        progress(1.0, UserText.of("done"))
        return result

    def train(self, *args: Any, **kwargs: Any) -> EvaluationMetrics:
        """Legacy seed call: like the seed ``fit`` but returns only the test metrics."""
        result: TrainResult = self._seed_fit(*args, **kwargs)
        return result.metrics

    def fit_trials(
        self,
        trials: TrialSet,
        *,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> BaseClassifier:
        """Fit on a labelled TrialSet. On error or cancellation the previous state is kept.

        The ``signal`` stage (:class:`~bcigui.classifiers.signal.SignalPreprocessing`) is fitted
        first and the subclass's ``_fit_core`` sees the transformed trials; every prediction
        applies the same transform to the query trials first.
        """
        from bcigui.modelfile.versions import library_versions

        if trials.y is None:
            raise DataError("training data have no labels")
        classes = np.unique(trials.y)
        if len(classes) < 2:
            raise DataError(
                f"training data hold only one class ({str(classes[0])!r}) in "
                f"{files_hint(trials)}: a classifier needs at least two"
            )
        saved_state = self._snapshot()
        started = time.perf_counter()
        try:
            # the signal stage runs first: subclasses only ever see preprocessed trials
            self._signal = FittedSignal.fit(trials, self.signal)
            prepared = self._signal.transform(trials)
            self._validate_for_data(prepared, classes)
            self._classes = classes
            y_idx = np.searchsorted(classes, trials.y)
            self._history = {}
            self._fit_core(prepared, y_idx, progress or no_progress, cancel or CancelToken())
        except BaseException:
            self._restore(saved_state)
            raise
        training_seconds = time.perf_counter() - started
        found = self._data_warnings(prepared, y_idx)
        for message in found:
            warnings.warn(message, ParadigmWarning, stacklevel=2)
            log.warning(message)
        self._info = {
            "training_seconds": training_seconds,
            "train_data": describe_training_data(trials),
            "versions": library_versions(),
            "label": None,
            "warnings": found,
        }
        if trials.epoching is not None:  # cut from recordings: new ones are cut the same way
            self._info["epoching"] = trials.epoching
        return self

    # ======================================================================== prediction
    def query(
        self,
        data: Any = None,
        return_logits: bool = False,
        *,
        sequences: Any = None,
    ) -> Any:
        """Predict trials in the seed orientation; labels come back as the user's values.

        Parameters
        ----------
        data, sequences : list of (T, F) arrays, (N, T, F) array, TrialSet or .npy paths
            ``sequences`` is the LSTM seed's keyword for ``data``.
        return_logits : bool
            Also return the class probabilities, shape ``(n_trials, n_classes)``, columns in
            ``classes_`` order, rows summing to 1.

        Returns
        -------
        predictions : ndarray, shape (n_trials,)
        probabilities : ndarray, shape (n_trials, n_classes)
            Only with ``return_logits=True``.
        """
        self._require_fitted()
        if data is None:
            data = sequences
        trials = as_trialset(data, role="query")
        proba = self._predict_proba_trials(trials)
        preds = self.classes_[np.argmax(proba, axis=1)]
        return (preds, proba) if return_logits else preds

    def predict_trials(self, trials: TrialSet) -> tuple[np.ndarray, np.ndarray]:
        """Predictions and probabilities for a canonical TrialSet."""
        proba = self._predict_proba_trials(trials)
        return self.classes_[np.argmax(proba, axis=1)], proba

    def predict_proba(self, X: Any) -> np.ndarray:
        """Class probabilities for canonical ``X`` (scikit-learn call)."""
        return self._predict_proba_trials(as_trialset(X, orientation="canonical"))

    def predict(self, X: Any) -> np.ndarray:
        """Predicted classes for canonical ``X`` (scikit-learn call)."""
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def _predict_proba_trials(self, trials: TrialSet) -> np.ndarray:
        self._require_fitted()
        assert self._prep is not None
        if self._signal is not None:  # None: a model file from before the signal stage
            trials = self._signal.transform(trials)
        self._prep.check(trials)
        proba = np.asarray(self._predict_proba_core(trials), dtype=np.float64)
        return proba / proba.sum(axis=1, keepdims=True)

    # ======================================================================== persistence
    @classmethod
    def _generate_model_path(
        cls, label: str, store_dir: str | Path | None = None, model_type: str | None = None
    ) -> Path:
        """Seed helper: ``<store>/<label>/<type>_<YYYYmmdd_HHMMSS_micro>.bcimodel`` (unique)."""
        from bcigui.modelfile.paths import generate_model_path

        return generate_model_path(model_type or cls.model_type, label, store_dir)

    def save_to_store(self, label: str, store_dir: str | Path | None = None) -> Path:
        """Save under ``<store>/<label>/<type>_<timestamp>.bcimodel``; never overwrites."""
        from bcigui.modelfile.paths import write_fresh_model_file

        return write_fresh_model_file(
            lambda path: self.save(path, label=label), self.model_type, label, store_dir
        )

    def save(self, path: str | Path, *, label: str | None = None, overwrite: bool = False) -> Path:
        """Write the trained model to ``path`` as a ``.bcimodel`` file.

        The write is atomic: a crash leaves the old state or the complete new file. An existing
        file is only replaced with ``overwrite=True`` (``FileExistsError`` otherwise).
        """
        from bcigui.classifiers.persistence import save_classifier

        return save_classifier(self, Path(path), label=label, overwrite=overwrite)

    @classmethod
    def load(cls, path: str | Path) -> BaseClassifier:
        """Read a ``.bcimodel`` file; ``BaseClassifier.load`` picks the class from the file.

        Raises ``FileNotFoundError`` (naming the path) or :class:`~bcigui.errors.ModelFileError`
        (damaged, tampered, foreign, too new, or of another model type); a file saved with other
        library versions loads with a :class:`ModelVersionWarning` naming both versions.
        """
        from bcigui.classifiers.persistence import load_classifier

        return load_classifier(path, expected=cls)

    # ======================================================================== hooks
    def _validate_for_data(self, trials: TrialSet, classes: np.ndarray) -> None:
        """Check config against the data before training (subclasses extend)."""

    def _data_warnings(self, trials: TrialSet, y_idx: np.ndarray) -> list[str]:
        """Messages about training data this model is not made for (subclasses extend).

        Called after a successful fit with the (signal-preprocessed) training trials; each
        message is issued as a :class:`ParadigmWarning`, logged, and kept in
        :attr:`training_warnings_` and ``TrainResult.warnings``.
        """
        return []

    def _fit_core(
        self,
        trials: TrialSet,
        y_idx: np.ndarray,
        progress: ProgressCallback,
        cancel: CancelToken,
    ) -> None:
        raise NotImplementedError

    def _predict_proba_core(self, trials: TrialSet) -> np.ndarray:
        raise NotImplementedError

    def _payload_to_bytes(self) -> tuple[bytes, str]:
        raise NotImplementedError

    def _payload_from_bytes(self, payload: bytes, name: str, path: Path) -> None:
        raise NotImplementedError

    def _input_signature(self) -> dict[str, Any]:
        assert self._prep is not None
        train = self._info.get("train_data") or {}
        return {
            "orientation": "seed (T, F) per trial; canonical (n_channels, n_times)",
            "n_features": self._prep.n_channels,
            "n_times": self._prep.n_times,
            "sfreq": train.get("sfreq"),
            "ch_names": train.get("ch_names"),
        }

    def _snapshot(self) -> dict[str, Any]:
        return dict(self.__pydantic_private__ or {})

    def _restore(self, state: dict[str, Any]) -> None:
        for key, value in state.items():
            setattr(self, key, value)

    # ======================================================================== helpers
    def _encode(self, trials: TrialSet) -> np.ndarray:
        """Class indices of ``trials.y``; unseen labels raise DataError."""
        assert trials.y is not None
        return np.searchsorted(self.classes_, trials.y)
