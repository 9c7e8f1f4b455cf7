"""Payload codecs: skops with an explicit trusted-type list, Keras in safe mode."""

from __future__ import annotations

import functools
import os
import pathlib
import subprocess
import sys

import numpy as np
import pytest
from sklearn.calibration import CalibratedClassifierCV
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import GaussianNB
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer, LabelEncoder, StandardScaler
from sklearn.svm import SVC

from bcigui.errors import ModelFileError
from bcigui.modelfile.model_file import read_model_file, write_model_file
from bcigui.modelfile.payloads import (
    PLAIN_DATA_TYPES,
    SKOPS_PAYLOAD_NAME,
    keras_from_bytes,
    keras_to_bytes,
    sklearn_from_bytes,
    sklearn_to_bytes,
    skops_payload_types,
    untrusted_skops_types,
)

#: The estimator types of the payloads below: the codec trusts what its caller lists.
SKLEARN_TRUSTED_TYPES = (
    *PLAIN_DATA_TYPES,
    "sklearn.calibration.CalibratedClassifierCV",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.discriminant_analysis.LinearDiscriminantAnalysis",
    "sklearn.isotonic.IsotonicRegression",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.model_selection._split.StratifiedKFold",
    "sklearn.pipeline.Pipeline",
    "sklearn.preprocessing._data.StandardScaler",
    "sklearn.preprocessing._label.LabelEncoder",
    "sklearn.svm._classes.SVC",
)

RNG = np.random.default_rng(0)
X = RNG.normal(size=(60, 8)).astype(np.float32)
Y = np.repeat(["left", "right", "rest"], 20)


class MarkerOnLoad:
    """Restoring this object's state creates a marker file: proof that code ran."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __getstate__(self):
        return {"marker": self.marker}

    def __setstate__(self, state):
        pathlib.Path(state["marker"]).touch()
        self.__dict__.update(state)


@functools.cache
def estimators():
    calibrated = CalibratedClassifierCV(SVC(C=2.0), ensemble=False)
    return {
        "svm_pipeline": make_pipeline(StandardScaler(), calibrated).fit(X, Y),
        "svc": SVC().fit(X, Y),
        "lda": Pipeline([("s", StandardScaler()), ("c", LinearDiscriminantAnalysis())]).fit(X, Y),
        "logreg": LogisticRegression(max_iter=300).fit(X, Y == "left"),
        "isotonic": CalibratedClassifierCV(SVC(), method="isotonic", cv=3).fit(X, Y),
    }


@pytest.mark.parametrize("name", ["svm_pipeline", "svc", "lda", "logreg", "isotonic"])
def test_sklearn_round_trip(name):
    estimator = estimators()[name]
    data = sklearn_to_bytes(estimator)
    assert set(skops_payload_types(data)) <= set(SKLEARN_TRUSTED_TYPES)
    loaded = sklearn_from_bytes(data, SKLEARN_TRUSTED_TYPES)
    np.testing.assert_array_equal(loaded.predict(X), estimator.predict(X))
    if hasattr(estimator, "predict_proba"):
        np.testing.assert_array_equal(loaded.predict_proba(X), estimator.predict_proba(X))


def test_label_encoder_round_trip():
    encoder = LabelEncoder().fit(Y)
    loaded = sklearn_from_bytes(sklearn_to_bytes(encoder), SKLEARN_TRUSTED_TYPES)
    np.testing.assert_array_equal(loaded.classes_, encoder.classes_)


def test_plain_data_types_are_full_dotted_names():
    assert isinstance(PLAIN_DATA_TYPES, tuple)
    assert all("." in name and " " not in name for name in PLAIN_DATA_TYPES)


def test_untrusted_types_are_those_the_loader_refuses():
    data = sklearn_to_bytes(GaussianNB().fit(X, Y))
    assert untrusted_skops_types(data, SKLEARN_TRUSTED_TYPES) == ["sklearn.naive_bayes.GaussianNB"]
    extra = (*SKLEARN_TRUSTED_TYPES, "sklearn.naive_bayes.GaussianNB")
    assert untrusted_skops_types(data, extra) == []
    assert "numpy.ndarray" in untrusted_skops_types(data, ())


def test_model_file_with_sklearn_payload(tmp_path):
    estimator = estimators()["svm_pipeline"]
    path = tmp_path / "SVM.bcimodel"
    write_model_file(path, {"model_type": "SVM"}, sklearn_to_bytes(estimator), SKOPS_PAYLOAD_NAME)
    contents = read_model_file(path)
    loaded = sklearn_from_bytes(contents.payload, SKLEARN_TRUSTED_TYPES, source=contents.path)
    np.testing.assert_array_equal(loaded.predict_proba(X), estimator.predict_proba(X))


@pytest.mark.parametrize(
    ("func", "expected"),
    [(eval, "builtins.eval"), (os.system, f"{os.system.__module__}.system")],
)
def test_dangerous_functions_are_refused(tmp_path, func, expected):
    data = sklearn_to_bytes(FunctionTransformer(func=func))
    with pytest.raises(ModelFileError) as info:
        sklearn_from_bytes(data, SKLEARN_TRUSTED_TYPES, source=tmp_path / "m.bcimodel")
    message = str(info.value)
    assert str(tmp_path / "m.bcimodel") in message
    assert expected in message and "not trusted" in message


def test_untrusted_object_is_never_constructed(tmp_path):
    marker = tmp_path / "marker"
    data = sklearn_to_bytes({"scaler": StandardScaler(), "evil": MarkerOnLoad(str(marker))})
    with pytest.raises(ModelFileError, match=r"test_payloads\.MarkerOnLoad"):
        sklearn_from_bytes(data, SKLEARN_TRUSTED_TYPES, source="m.bcimodel")
    assert not marker.exists()
    # The payload is live: trusting the type would have run its code.
    import skops.io

    skops.io.loads(data, trusted=skops.io.get_untrusted_types(data=data))
    assert marker.exists()


def test_types_skops_trusts_by_default_still_need_our_list():
    data = sklearn_to_bytes(GaussianNB().fit(X, Y))
    with pytest.raises(ModelFileError, match=r"sklearn\.naive_bayes\.GaussianNB"):
        sklearn_from_bytes(data, SKLEARN_TRUSTED_TYPES)
    extra = (*SKLEARN_TRUSTED_TYPES, "sklearn.naive_bayes.GaussianNB")
    assert sklearn_from_bytes(data, extra).predict(X[:3]).shape == (3,)


def test_damaged_skops_payload():
    data = sklearn_to_bytes(StandardScaler())
    with pytest.raises(ModelFileError, match="damaged"):
        sklearn_from_bytes(data[: len(data) // 2], SKLEARN_TRUSTED_TYPES, source="x.bcimodel")
    with pytest.raises(ModelFileError, match="damaged"):
        sklearn_from_bytes(b"not a zip", SKLEARN_TRUSTED_TYPES, source="x.bcimodel")


def test_importing_the_store_loads_no_tensorflow():
    code = (
        "import sys, bcigui.modelfile.payloads, bcigui.modelfile.model_file;"
        "import bcigui.modelfile.paths;"
        "bad = [m for m in ('tensorflow', 'keras', 'skops', 'PySide6') if m in sys.modules];"
        "sys.exit(str(bad) if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]


# --------------------------------------------------------------------------- Keras


@pytest.fixture(scope="module")
def keras():
    return pytest.importorskip("keras")


def tiny_model(keras, *layers):
    inputs = keras.Input(shape=(8,))
    hidden = keras.layers.Dense(4, activation="relu")(inputs)
    for layer in layers:
        hidden = layer(hidden)
    outputs = keras.layers.Dense(3, activation="softmax")(hidden)
    return keras.Model(inputs, outputs)


def test_keras_round_trip(keras):
    model = tiny_model(keras)
    data = keras_to_bytes(model)
    loaded = keras_from_bytes(data, source="LSTMNet.bcimodel")
    np.testing.assert_array_equal(loaded.predict_on_batch(X), model.predict_on_batch(X))


def test_keras_lambda_layer_is_refused_and_never_run(keras, tmp_path):
    marker = tmp_path / "marker"

    def touch_marker(x):
        marker.touch()
        return x * 2

    model = tiny_model(keras, keras.layers.Lambda(lambda x: touch_marker(x)))
    data = keras_to_bytes(model)
    marker.unlink()
    with pytest.raises(ModelFileError) as info:
        keras_from_bytes(data, source=tmp_path / "m.bcimodel")
    assert "contains a Lambda layer (arbitrary code); refused" in str(info.value)
    assert str(tmp_path / "m.bcimodel") in str(info.value)
    assert not marker.exists()


def test_keras_safe_mode_backs_up_the_scan(keras, monkeypatch, tmp_path):
    from bcigui.modelfile import payloads

    monkeypatch.setattr(payloads, "_scan_keras_config", lambda data, source: None)
    model = tiny_model(keras, keras.layers.Lambda(lambda x: x * 2))
    with pytest.raises(ModelFileError, match="Lambda layer"):
        keras_from_bytes(keras_to_bytes(model), source=tmp_path / "m.bcimodel")


def test_damaged_keras_payload(keras):
    data = keras_to_bytes(tiny_model(keras))
    with pytest.raises(ModelFileError, match="damaged"):
        keras_from_bytes(data[: len(data) // 2], source="m.bcimodel")
    with pytest.raises(ModelFileError, match="damaged"):
        keras_from_bytes(b"\x80\x04 pickle", source="m.bcimodel")
