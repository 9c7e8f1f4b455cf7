"""XdawnRiemann: P300 and multi-class decoding, save/load, trusted payload types."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from bcigui.classifiers.base import BaseClassifier
from bcigui.classifiers.registry import trusted_payload_types
from bcigui.classifiers.svm import SVM
from bcigui.classifiers.xdawn_riemann import XdawnRiemann
from bcigui.data.synthetic import make_inner_speech, make_p300
from bcigui.errors import ModelFileError
from bcigui.modelfile.payloads import sklearn_from_bytes, sklearn_to_bytes


@pytest.fixture(scope="module")
def fitted():
    ts = make_p300(n_trials=240, random_state=3)
    train, test = ts.subset(np.arange(160)), ts.subset(np.arange(160, 240))
    return XdawnRiemann(nfilter=2).fit_trials(train), test


def test_p300_held_out(fitted):
    model, test = fitted
    proba = model.predict_proba(test.X)
    assert proba.shape == (80, 2)
    assert roc_auc_score(test.y == "Target", proba[:, 1]) > 0.7  # chance 0.5; measured 0.77


def test_multiclass_and_nfilter_clipped_to_channels():
    ts = make_inner_speech(n_trials=80, n_channels=4, duration=1.0, snr=3.0, random_state=0)
    model = XdawnRiemann(nfilter=8, class_weight="balanced").fit_trials(ts)
    assert model.estimator_.named_steps["xdawn"].nfilter == 4
    pred, proba = model.predict_trials(ts)
    assert proba.shape == (80, 4) and np.allclose(proba.sum(axis=1), 1)
    assert set(pred) <= set(model.classes_)


def test_save_load_gives_identical_predictions(fitted, tmp_path):
    model, test = fitted
    loaded = BaseClassifier.load(model.save(tmp_path / "xd.bcimodel"))
    assert isinstance(loaded, XdawnRiemann)
    np.testing.assert_array_equal(loaded.predict_proba(test.X), model.predict_proba(test.X))


def test_pyriemann_types_are_not_trusted_by_the_svm_list(fitted):
    model, _ = fitted
    with pytest.raises(ModelFileError, match=r"pyriemann\.estimation\.XdawnCovariances"):
        sklearn_from_bytes(sklearn_to_bytes(model.estimator_), trusted_payload_types(SVM))


def test_singular_covariances_give_a_clear_error():
    from bcigui.errors import TrainingError

    ts = make_p300(n_trials=60, ch_names=("Fz", "Cz", "Pz"), random_state=0)
    with pytest.raises(TrainingError, match="shrinkage estimator"):
        XdawnRiemann(estimator="scm", nfilter=3).fit_trials(ts)  # 12 dims from 3 channels
