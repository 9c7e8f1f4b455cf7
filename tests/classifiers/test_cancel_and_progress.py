"""Progress reporting and cancellation through the plain-callable protocol."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from bcigui import SVNN, Cancelled, CancelToken, LSTMNet, NotFittedError
from tests.classifiers.models import small_lstm


def _data(n=400, t=32, f=8):
    rng = np.random.default_rng(0)
    y = np.arange(n) % 2
    X = rng.normal(size=(n, t, f)).astype(np.float32)
    X[y == 1, 10:20, :3] += 1.0
    return X, y


def test_progress_reports_batches_and_epochs():
    X, y = _data(n=200)
    events = []
    SVNN.fit(
        SVNN(epochs=3, batch_size=20), X, y, X, y,
        progress=lambda f, m, **v: events.append((f, m, v)),
    )  # fmt: skip
    fractions = [f for f, _, _ in events]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    epoch_ends = [v for _, _, v in events if v.get("epoch_end")]
    assert [v["epoch"] for v in epoch_ends] == [1, 2, 3]
    assert all({"loss", "accuracy", "val_loss", "val_accuracy"} <= set(v) for v in epoch_ends)
    assert any("batch" in v for _, _, v in events)


def test_cancel_mid_epoch_stops_within_a_few_batches(isolated_store):
    X, y = _data()
    token = CancelToken()
    batches_after_cancel = []
    state = {"cancelled_at": None}

    def progress(fraction, message, **values):
        if "batch" in values and not values.get("epoch_end"):
            if state["cancelled_at"] is not None:
                batches_after_cancel.append(values["batch"])
            elif values["epoch"] == 2 and values["batch"] >= 3:
                state["cancelled_at"] = values["batch"]
                token.cancel()

    net = small_lstm(epochs=50)
    net.batch_size = 8
    with pytest.raises(Cancelled):
        LSTMNet.fit(net, X, y, X, y, model_label="p300", progress=progress, cancel=token)
    assert state["cancelled_at"] is not None
    assert len(batches_after_cancel) <= 2
    assert list(isolated_store.rglob("*.bcimodel")) == []
    with pytest.raises(NotFittedError):
        LSTMNet.query(net, X[:2])


def test_cancel_from_another_thread():
    X, y = _data()
    token = CancelToken()
    timer = threading.Timer(1.0, token.cancel)
    timer.start()
    try:
        with pytest.raises(Cancelled):
            SVNN(epochs=10_000, batch_size=4).fit_trials(
                __import__("bcigui").TrialSet.from_array(np.transpose(X, (0, 2, 1)), y),
                cancel=token,
            )
    finally:
        timer.cancel()


def test_cancel_before_start_raises_immediately():
    X, y = _data(n=20)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        SVNN.fit(SVNN(epochs=5), X, y, X, y, cancel=token)
