"""Bad data at the classifier level: each is a clear error and nothing is saved."""

from __future__ import annotations

import numpy as np
import pytest

from bcigui import SVM, SVNN, ConfigError, DataError, LSTMNet, NotFittedError, TrainingError
from bcigui.data.npy_io import write_seed_files
from bcigui.data.synthetic import make_p300
from tests.classifiers.models import small_lstm


def _arrays(n=60, t=16, f=3, seed=0, labels=("a", "b")):
    rng = np.random.default_rng(seed)
    y = np.array([labels[i % len(labels)] for i in range(n)])
    X = rng.normal(size=(n, t, f)).astype(np.float32)
    return X, y


def _store_files(isolated_store):
    return list(isolated_store.rglob("*.bcimodel"))


def test_query_before_fit():
    for cls in (SVM, SVNN, LSTMNet):
        with pytest.raises(
            NotFittedError, match=r"model not trained: call fit\(\) before query\(\)"
        ):
            cls.query(cls(), np.zeros((2, 5, 3)))


def test_only_one_class(tmp_path, isolated_store):
    ts = make_p300(n_trials=30, random_state=1)
    ts = ts.subset(np.flatnonzero(ts.y == "NonTarget"))
    xs, ys = write_seed_files(ts, tmp_path / "one")
    with pytest.raises(DataError, match="only one class") as info:
        SVM.fit(SVM(), xs, ys, xs, ys, model_label="p300")
    assert "one" in str(info.value)  # names the files' folder
    assert _store_files(isolated_store) == []


def test_test_classes_unseen_in_training(isolated_store):
    X, y = _arrays()
    Xt, yt = _arrays(labels=("a", "c"))
    with pytest.raises(DataError, match=r"never seen in training: \['c'\]"):
        SVM.fit(SVM(), Xt, yt, X, y, model_label="p300")
    assert _store_files(isolated_store) == []


def test_label_kinds_must_match():
    X, y = _arrays()
    Xt, _ = _arrays()
    with pytest.raises(DataError, match="integers vs strings"):
        SVM.fit(SVM(), Xt, np.arange(len(Xt)) % 2, X, y)


def test_query_feature_mismatch_names_expected_and_got():
    X, y = _arrays(f=3)
    svm = SVM().fit(np.transpose(X, (0, 2, 1)), y)
    with pytest.raises(DataError, match=r"expects 3 features .* got 5"):
        SVM.query(svm, np.zeros((2, 16, 5)))


def test_query_length_mismatch_for_vector_models():
    X, y = _arrays(t=16)
    svm = SVM().fit(np.transpose(X, (0, 2, 1)), y)
    with pytest.raises(DataError, match="16 time samples, got 20"):
        SVM.query(svm, np.zeros((2, 20, 3)))


def test_lstm_input_feature_dim_mismatch():
    X, y = _arrays(f=3)
    with pytest.raises(ConfigError, match=r"input_feature_dim is 8 .* 3 features"):
        LSTMNet.fit(small_lstm(n_features=8), X, y, X, y)


def test_classification_units_mismatch():
    X, y = _arrays(f=8)
    with pytest.raises(ConfigError, match=r"classification\.units is 5 .* 2 classes"):
        LSTMNet.fit(small_lstm(n_features=8, n_classes=5), X, y, X, y)


def test_lists_of_different_length():
    X, y = _arrays()
    with pytest.raises(DataError, match="labels"):
        SVM.fit(SVM(), X, y[:-1], X, y)


def test_nan_in_array_input():
    X, y = _arrays()
    X[3, 2, 1] = np.nan
    with pytest.raises(DataError, match="NaN"):
        SVM.fit(SVM(), X, y, X, y)


def test_diverging_training_is_reported_as_failure(isolated_store):
    """The prototype reported failed training as success: a NaN loss raises, saves nothing."""
    X, y = _arrays()
    X *= 1e30
    net = SVNN(epochs=3, learning_rate=10.0, input_adapter={"scale": "none"})
    with pytest.raises(TrainingError, match="NaN"):
        SVNN.fit(net, X, y, X, y, model_label="p300")
    assert _store_files(isolated_store) == []
    with pytest.raises(NotFittedError):
        SVNN.query(net, X)


def test_failed_refit_keeps_previous_model():
    X, y = _arrays()
    svm = SVM().fit(np.transpose(X, (0, 2, 1)), y)
    before = svm.predict_proba(np.transpose(X, (0, 2, 1)))
    with pytest.raises(DataError):
        svm.fit(np.transpose(X, (0, 2, 1)), np.array(["a"] * len(X)))
    np.testing.assert_allclose(svm.predict_proba(np.transpose(X, (0, 2, 1))), before)


def test_bad_model_label_is_refused_before_training(isolated_store):
    X, y = _arrays()
    with pytest.raises(ConfigError):
        SVM.fit(SVM(), X, y, X, y, model_label="../evil")
    assert _store_files(isolated_store) == []


def test_svm_fast_probabilities_match_scikit_learn():
    """The single-trial fast path computes exactly what CalibratedClassifierCV computes."""
    from bcigui.data.synthetic import make_inner_speech

    for ts in (
        make_p300(n_trials=120, random_state=4),
        make_inner_speech(n_trials=80, random_state=4),
    ):
        svm = SVM(input_adapter={"decimate": 4}).fit(ts.X, ts.y)
        x = svm.preprocessing_.transform_vectors(ts)
        np.testing.assert_allclose(
            svm.predict_proba(ts.X), svm.estimator_.predict_proba(x), rtol=1e-10, atol=1e-12
        )
