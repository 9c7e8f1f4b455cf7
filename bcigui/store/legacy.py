"""Import the prototype's pickled models (``models/<label>/<type>_<timestamp>.pkl``).

A pickle can run any code when it is opened, so nothing is unpickled without an explicit trust
decision (``trust=True``). Even then the file is read by the restricted unpickler of
:mod:`bcigui.store.legacy_unpickler`: the prototype's classes become inert
stand-ins that only collect their state, every other global must be on a short allow-list, and
anything else (``os.system``, ``eval``, ``subprocess``...) is refused before it can run.

The prototype fed its SVM (and SVNN) each trial's seed ``(T, F)`` array flattened time-major
without scaling, and its LSTM the ``(T, F)`` sequence unscaled; the converted model gets the
same preprocessing (features reordered to bcigui's channel-major flattening), so ``query``
on seed data gives the prototype's predictions.

:func:`convert_pickle` returns the converted classifier with its provenance;
:meth:`bcigui.store.manager.ModelManager.import_legacy` saves and indexes it, and
:func:`import_legacy` (``bcigui.import_legacy``) does both for a manager.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from bcigui.errors import ConfigError, ModelFileError
from bcigui.modelfile.paths import validate_name
from bcigui.store.legacy_unpickler import LegacyObject, UntrustedPickleError, unpickle_restricted

if TYPE_CHECKING:
    from bcigui.classifiers.base import BaseClassifier
    from bcigui.store.manager import ModelManager

logger = logging.getLogger(__name__)

MAX_PICKLE_BYTES = 2 * 1024**3
_MODEL_ATTRS = ("_svc_model", "_tf_model", "_keras_model", "_model", "_estimator", "_network")
_FEATURE_KEYS = (
    "input_feature_dim",
    "n_features",
    "num_features",
    "feature_dim",
    "input_dim",
    "n_channels",
    "num_channels",
)


# --------------------------------------------------------------------------- conversion
def _plain(value: Any) -> Any:
    """Stand-ins and containers as plain JSON-like values."""
    if isinstance(value, LegacyObject):
        if value.state is None and value.args:  # an Enum member or similar
            return (
                _plain(value.args[0]) if len(value.args) == 1 else [_plain(a) for a in value.args]
            )
        return {k: _plain(v) for k, v in value.fields().items()}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return repr(value)


def _find_key(tree: Any, keys: tuple[str, ...]) -> int | None:
    if isinstance(tree, dict):
        for key in keys:
            value = tree.get(key)
            if isinstance(value, int) and not isinstance(value, bool) and value > 0:
                return value
        for value in tree.values():
            found = _find_key(value, keys)
            if found is not None:
                return found
    elif isinstance(tree, list):
        for value in tree:
            found = _find_key(value, keys)
            if found is not None:
                return found
    return None


def _build_config(klass: type[BaseClassifier], fields: dict[str, Any], **fixed: Any) -> Any:
    """Our config from the prototype's fields where they validate; the rest is dropped."""
    from pydantic import ValidationError

    values = {k: v for k, v in fields.items() if k in klass.model_fields and k not in fixed}
    for _ in range(len(values) + 1):
        try:
            return klass.model_validate({**values, **fixed})
        except ValidationError as exc:
            bad = {str(err["loc"][0]) for err in exc.errors() if err.get("loc")}
            bad &= set(values)
            if not bad:
                raise
            logger.warning(
                "legacy %s: dropping fields it cannot use: %s", klass.__name__, sorted(bad)
            )
            for name in bad:
                values.pop(name)
    return klass.model_validate(fixed)


def _classes(private: dict[str, Any], fallback: np.ndarray) -> np.ndarray:
    for key in ("_classes", "classes_", "_label_classes"):
        if private.get(key) is not None:
            return np.asarray(private[key])
    for key in ("_label_encoder", "_encoder", "_le"):
        encoder = private.get(key)
        if encoder is not None and hasattr(encoder, "classes_"):
            return np.asarray(encoder.classes_)
    return np.asarray(fallback)


def _split_features(n_in: int, n_features: int | None, path: Path) -> tuple[int, int]:
    """(F, T) of a flattened (T, F) input of length ``n_in``."""
    if n_features is None:
        raise ConfigError(
            f"{path}: the pickle does not say how many features (channels) per time step its "
            f"{n_in} inputs hold; pass n_features=<F> to import_legacy"
        )
    if n_in % n_features:
        raise ConfigError(f"{path}: {n_in} inputs cannot be {n_features} features per step")
    return n_features, n_in // n_features


def _reorder(n_features: int, n_times: int) -> np.ndarray:
    """Column order turning the prototype's time-major flattening into bcigui's channel-major."""
    return np.arange(n_times * n_features).reshape(n_times, n_features).T.ravel()


def convert(obj: Any, path: Path, *, n_features: int | None = None) -> BaseClassifier:
    """Turn an unpickled prototype model into a fitted bcigui classifier.

    Parameters
    ----------
    obj : LegacyObject
        The prototype's LSTMNet, SVM or SVNN config with its trained model.
    path : Path
        The pickle, for messages.
    n_features : int, optional
        Features per time step (F of the seed's ``(T, F)`` trials) when the pickle does not
        say it (needed for SVM and SVNN).
    """
    from bcigui.classifiers.config import InputAdapter, SequenceAdapter
    from bcigui.classifiers.lstm import LSTMNet
    from bcigui.classifiers.preprocessing import FittedPreprocessing
    from bcigui.classifiers.svm import SVM
    from bcigui.classifiers.svnn import SVNN
    from bcigui.modelfile.versions import library_versions

    if not isinstance(obj, LegacyObject):
        raise ModelFileError(path, f"holds a {type(obj).__name__}, not a prototype model")
    kind = obj.legacy_name.rsplit(".", 1)[-1]
    fields, private = _plain(obj), obj.private()
    trained = next((private[k] for k in _MODEL_ATTRS if private.get(k) is not None), None)
    if trained is None:
        raise ModelFileError(path, f"the prototype {kind} holds no trained model")
    n_features = n_features or _find_key(fields, _FEATURE_KEYS)
    model: Any
    if kind == "SVM":
        from sklearn.svm import SVC

        kernels = ("linear", "poly", "rbf", "sigmoid")
        if not isinstance(trained, SVC) or trained.kernel not in kernels:
            raise ModelFileError(path, "the prototype SVM does not hold a usable sklearn SVC")
        n_feat, n_times = _split_features(int(trained.support_vectors_.shape[1]), n_features, path)
        trained.support_vectors_ = np.ascontiguousarray(
            trained.support_vectors_[:, _reorder(n_feat, n_times)]
        )
        model = _build_config(
            SVM,
            fields,
            probability=trained.probability is True,  # "deprecated" (the default) means no
            input_adapter=InputAdapter(reduce_3d="flatten", scale="none", detrend="none"),
        )
        model._estimator = trained
        classes = _classes(private, trained.classes_)
        prep = FittedPreprocessing("vector", model.input_adapter, n_feat, n_times)
        scaler = private.get("_scaler")
        if scaler is not None and hasattr(scaler, "mean_"):
            order = _reorder(n_feat, n_times)
            model.input_adapter = InputAdapter(
                reduce_3d="flatten", scale="standard", detrend="none"
            )
            prep = FittedPreprocessing(
                "vector",
                model.input_adapter,
                n_feat,
                n_times,
                np.asarray(scaler.mean_, np.float32)[order],
                np.asarray(scaler.scale_, np.float32)[order],
            )
    elif kind in ("LSTMNet", "SVNN"):
        if not hasattr(trained, "output_shape") or not hasattr(trained, "input_shape"):
            raise ModelFileError(path, f"the prototype {kind} does not hold a Keras model")
        n_out = int(trained.output_shape[-1])
        classes = _classes(private, np.arange(n_out))
        if n_out < 2 or n_out != len(classes):
            raise ModelFileError(
                path,
                f"the network has {n_out} outputs for {len(classes)} "
                "classes; only softmax outputs (one per class) are supported",
            )
        if kind == "LSTMNet":
            sequence_adapter = SequenceAdapter(scale="none", detrend="none")
            model = _build_config(LSTMNet, fields, input_adapter=sequence_adapter)
            n_steps = int(trained.input_shape[-1])
            prep = FittedPreprocessing("sequence", sequence_adapter, n_steps, None)
        else:
            n_feat, n_times = _split_features(int(trained.input_shape[-1]), n_features, path)
            _reorder_first_dense(trained, _reorder(n_feat, n_times), path)
            adapter = InputAdapter(reduce_3d="flatten", scale="none", detrend="none")
            model = _build_config(SVNN, fields, input_adapter=adapter)
            prep = FittedPreprocessing("vector", adapter, n_feat, n_times)
        model._network = trained
    else:
        raise ModelFileError(path, f"unknown prototype model class {obj.legacy_name}")
    if classes.dtype.kind in "iu":
        classes = classes.astype(np.int64)
    model._classes = classes
    model._prep = prep
    model._history = {}
    model._info = {
        "training_seconds": None,
        "metrics": None,
        "train_data": None,
        "test_data": None,
        "versions": library_versions(),
        "label": None,
    }
    return model  # type: ignore[no-any-return]


def label_from_location(path: Path, store_dir: Path) -> str:
    """``<label>`` of ``.../models/<label>/x.pkl`` or ``<store>/<label>/x.pkl``, else "legacy"."""
    parent = path.resolve().parent
    if parent.parent.name == "models" or parent.parent == store_dir.resolve():
        try:
            return validate_name(parent.name, "label")
        except ConfigError:
            pass
    return "legacy"


def _reorder_first_dense(network: Any, order: np.ndarray, path: Path) -> None:
    layers = [layer for layer in network.layers if layer.weights]
    first = layers[0] if layers else None
    if first is None or type(first).__name__ != "Dense":
        raise ModelFileError(path, "the prototype SVNN does not start with a Dense layer")
    weights = first.get_weights()
    weights[0] = weights[0][order]
    first.set_weights(weights)


@dataclass(frozen=True)
class LegacyModel:
    """A prototype model converted to a fitted bcigui classifier, and where it came from.

    Attributes
    ----------
    model : BaseClassifier
        The converted, fitted classifier (not saved yet).
    imported_from : dict
        ``legacy_pickle`` (the pickle's absolute path), ``sha256`` (of its bytes),
        ``prototype_class`` and ``prototype_config`` (its fields as JSON-like values): what a
        saved model file records as ``imported_from``.
    """

    model: BaseClassifier
    imported_from: dict[str, Any]


def convert_pickle(
    path: str | PathLike[str], trust: bool = False, *, n_features: int | None = None
) -> LegacyModel:
    """Read a prototype pickle through the restricted unpickler and convert its model.

    Parameters
    ----------
    path : path-like
        The ``.pkl`` file.
    trust : bool
        You trust where the file comes from. Without it nothing is read and
        :class:`UntrustedPickleError` is raised.
    n_features : int, optional
        Features per time step of the seed's ``(T, F)`` trials, when the pickle does not
        record it (SVM and SVNN need it to reorder their flattened inputs).

    Returns
    -------
    LegacyModel
        The fitted classifier and its provenance; save it with
        :meth:`bcigui.store.manager.ModelManager.save` (``imported_from=...``).

    Raises
    ------
    UntrustedPickleError
        ``trust`` is not True, or the pickle names a global that is not allowed (nothing
        in it was run).
    FileNotFoundError, ModelFileError, ConfigError
        A missing file, a pickle that is not a prototype model, missing shape information.
    """
    path = Path(path)
    if trust is not True:
        raise UntrustedPickleError(
            path,
            "a legacy pickle can run any code when it is opened, so nothing was read; "
            "import it only if you trust its origin: import_legacy(path, trust=True)",
        )
    with open(path, "rb") as handle:  # FileNotFoundError names the path
        data = handle.read(MAX_PICKLE_BYTES + 1)
    if len(data) > MAX_PICKLE_BYTES:
        raise ModelFileError(path, "the legacy pickle is implausibly large")
    obj = unpickle_restricted(data, path)
    model = convert(obj, path, n_features=n_features)
    imported_from = {
        "legacy_pickle": str(path.resolve()),
        "sha256": hashlib.sha256(data).hexdigest(),
        "prototype_class": obj.legacy_name,
        "prototype_config": _plain(obj),
    }
    return LegacyModel(model, imported_from)


def import_legacy(
    path: str | PathLike[str],
    trust: bool = False,
    manager: ModelManager | None = None,
    *,
    label: str | None = None,
    n_features: int | None = None,
) -> Path:
    """Convert a prototype pickle into a ``.bcimodel`` file in the store.

    Parameters
    ----------
    path : path-like
        The ``.pkl`` file.
    trust : bool
        You trust where the file comes from. Without it nothing is read and
        :class:`UntrustedPickleError` is raised.
    manager : ModelManager, optional
        The store to import into; the default manager's store by default.
    label : str, optional
        The label; by default the pickle's folder when it sits in ``models/<label>/`` or in
        ``<store>/<label>/``, else ``"legacy"``.
    n_features : int, optional
        Features per time step of the seed's ``(T, F)`` trials, when the pickle does not
        record it (SVM and SVNN need it to reorder their flattened inputs).

    Returns
    -------
    Path
        The new model file (``<store>/<label>/<type>_<timestamp>.bcimodel``); its manifest
        records ``imported_from`` (the pickle's path and SHA-256).

    Raises
    ------
    UntrustedPickleError, FileNotFoundError, ModelFileError, ConfigError
        As :func:`convert_pickle`; ConfigError also for an invalid ``label``.
    """
    from bcigui.store.manager import ModelManager

    manager = manager if manager is not None else ModelManager.default()
    return manager.import_legacy(path, trust=trust, label=label, n_features=n_features)
