"""CSPLDA: two- and four-class imagery-like data, save/load, settings."""

from __future__ import annotations

import numpy as np
import pytest

from bcigui.classifiers.base import BaseClassifier
from bcigui.classifiers.csp_lda import CSPLDA
from bcigui.data.synthetic import make_inner_speech
from bcigui.errors import ConfigError


@pytest.fixture(scope="module")
def inner():
    ts = make_inner_speech(n_trials=160, n_channels=8, duration=1.0, snr=3.0, random_state=2)
    return ts.subset(np.arange(120)), ts.subset(np.arange(120, 160))


def test_four_classes_beat_chance(inner):
    train, test = inner
    model = CSPLDA(n_components=6).fit_trials(train)
    pred, proba = model.predict_trials(test)
    assert proba.shape == (40, 4) and np.allclose(proba.sum(axis=1), 1)
    assert np.mean(pred == test.y) > 0.45  # chance 0.25


def test_two_classes_and_components_clipped(inner):
    train, _ = inner
    two = train.subset(np.flatnonzero(np.isin(train.y, ["derecha", "izquierda"])))
    model = CSPLDA(n_components=64, estimator="oas", shrinkage="auto").fit_trials(two)
    assert model.estimator_.named_steps["csp"].nfilter == 8
    assert list(model.classes_) == ["derecha", "izquierda"]


def test_bad_shrinkage(inner):
    with pytest.raises(ConfigError, match="shrinkage"):
        CSPLDA(shrinkage=-0.1).fit_trials(inner[0])


def test_save_load_gives_identical_predictions(inner, tmp_path):
    train, test = inner
    model = CSPLDA(class_weight="balanced").fit_trials(train)
    loaded = BaseClassifier.load(model.save(tmp_path / "csp.bcimodel"))
    assert isinstance(loaded, CSPLDA)
    np.testing.assert_array_equal(loaded.predict_proba(test.X), model.predict_proba(test.X))
