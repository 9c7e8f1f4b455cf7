"""A fixed random_state gives the same model twice; another seed gives another model."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone

from bcigui.data.synthetic import make_p300
from tests.classifiers.models import small_lstm, small_svm, small_svnn


@pytest.mark.parametrize(
    "factory",
    [lambda: small_svnn(epochs=3), lambda: small_lstm(epochs=2), small_svm],
    ids=["svnn", "lstm", "svm"],
)
def test_same_seed_same_probabilities(factory):
    ts = make_p300(n_trials=120, random_state=3)
    first = factory().fit(ts.X, ts.y).predict_proba(ts.X)
    second = factory().fit(ts.X, ts.y).predict_proba(ts.X)
    np.testing.assert_allclose(first, second, atol=1e-6)
    other = clone(factory()).set_params(random_state=123).fit(ts.X, ts.y).predict_proba(ts.X)
    assert not np.allclose(first, other, atol=1e-6)
