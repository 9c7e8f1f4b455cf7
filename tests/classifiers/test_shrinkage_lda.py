"""ShrinkageLDA: decimation from the sampling rate, priors, errors, save/load."""

from __future__ import annotations

import numpy as np
import pytest

from bcigui.classifiers.base import BaseClassifier
from bcigui.classifiers.registry import available_types
from bcigui.classifiers.shrinkage_lda import ShrinkageLDA
from bcigui.classifiers.sklearn_pipeline import decimation_factor
from bcigui.data.synthetic import make_p300
from bcigui.errors import ConfigError, DataError


@pytest.fixture(scope="module")
def p300():
    ts = make_p300(n_trials=240, random_state=1)  # 128 Hz, 8 channels, 116 samples
    return ts.subset(np.arange(160)), ts.subset(np.arange(160, 240))


def test_registered_with_every_new_type():
    types = available_types()
    for name in ("shrinkage_lda", "xdawn_riemann", "csp_lda", "eegnet"):
        assert name in types


def test_decimation_factor():
    assert decimation_factor(256.0, 32.0, None) == 8
    assert decimation_factor(128.0, 32.0, None) == 4
    assert decimation_factor(160.0, 32.0, None) == 5
    assert decimation_factor(None, 32.0, None) == 1  # unknown rate: keep all samples
    assert decimation_factor(20.0, 32.0, None) == 1  # never upsample
    assert decimation_factor(256.0, 32.0, 3) == 3  # the explicit factor wins


def test_fit_decimates_to_target_rate_and_separates_classes(p300):
    train, test = p300
    model = ShrinkageLDA().fit_trials(train)
    assert model.preprocessing_.adapter.decimate == 4  # 128 Hz -> 32 Hz
    assert model.preprocessing_.n_features == 8 * (116 // 4)
    _, proba = model.predict_trials(test)
    assert proba.shape == (80, 2) and np.allclose(proba.sum(axis=1), 1)
    from sklearn.metrics import roc_auc_score

    assert roc_auc_score(test.y == "Target", proba[:, 1]) > 0.8


def test_explicit_decimate_and_balanced_priors(p300):
    train, _ = p300
    model = ShrinkageLDA(decimate=2, class_weight="balanced").fit_trials(train)
    assert model.preprocessing_.adapter.decimate == 2
    assert np.allclose(model.estimator_.priors_, [0.5, 0.5])


def test_bad_shrinkage_and_too_few_trials(p300):
    train, _ = p300
    with pytest.raises(ConfigError, match="shrinkage"):
        ShrinkageLDA(shrinkage=1.5).fit_trials(train)
    one_target = train.subset(np.r_[np.flatnonzero(train.y == "NonTarget")[:5],
                                    np.flatnonzero(train.y == "Target")[:1]])  # fmt: skip
    with pytest.raises(DataError, match="at least 2 training trials per class"):
        ShrinkageLDA().fit_trials(one_target)


def test_save_load_gives_identical_predictions(p300, tmp_path):
    train, test = p300
    model = ShrinkageLDA().fit_trials(train)
    path = model.save(tmp_path / "lda.bcimodel")
    loaded = BaseClassifier.load(path)
    assert isinstance(loaded, ShrinkageLDA)
    np.testing.assert_array_equal(loaded.predict_proba(test.X), model.predict_proba(test.X))


def test_query_with_wrong_length_is_refused(p300):
    train, test = p300
    model = ShrinkageLDA().fit_trials(train)
    with pytest.raises(DataError, match="116 time samples"):
        model.predict_proba(test.X[:, :, :100])
