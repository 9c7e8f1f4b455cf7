"""LSTMNet accepts test and query sequences of any length (the prototype did not)."""

from __future__ import annotations

import numpy as np

from bcigui import LSTMNet
from tests.classifiers.models import small_lstm


def _seqs(rng, n, lengths, f=8):
    y = np.arange(n) % 2
    seqs = []
    for i in range(n):
        t = int(rng.choice(lengths))
        s = rng.normal(size=(t, f)).astype(np.float32)
        if y[i]:
            s[:, :3] += 1.0
        seqs.append(s)
    return seqs, y


def test_ragged_training_and_longer_or_shorter_queries():
    rng = np.random.default_rng(0)
    train, ytr = _seqs(rng, 120, [20, 28, 36])
    test, yte = _seqs(rng, 40, [12, 48, 64])  # none of these lengths were seen in training
    net = small_lstm(epochs=8)
    # the classes differ by a sustained offset, which the default per-trial detrend removes
    # (right for raw EEG, wrong for such feature sequences): keep offsets here
    net.input_adapter = net.input_adapter.model_copy(update={"detrend": "none"})
    result = LSTMNet.fit(net, test, yte, train, ytr)
    assert result.metrics.accuracy > 0.8
    _, probs = LSTMNet.query(net, sequences=[test[0], test[1][:5]], return_logits=True)
    assert probs.shape == (2, 2)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-6)
    # padding does not change a trial's answer: alone or in a batch with longer ones
    alone = LSTMNet.query(net, [test[1]], return_logits=True)[1]
    batch = LSTMNet.query(
        net, [test[1], test[2], np.zeros((80, 8), np.float32) + 0.5], return_logits=True
    )[1]
    np.testing.assert_allclose(alone[0], batch[0], atol=1e-5)
