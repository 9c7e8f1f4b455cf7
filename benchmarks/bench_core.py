"""Core benchmarks: LSTMNet.fit vs plain Keras, single-trial query latency, .npy loading speed.

Run: ``.venv/bin/python benchmarks/bench_core.py`` (about 3 minutes on 2 cores). Results go to
``docs/benchmarks.md`` (section ``bench_core``) and to stdout.
"""

from __future__ import annotations

import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
from _report import median_ms, timed, write_section

from bcigui import SVM, SVNN, InputAdapter, LSTMLayer, LSTMNet, SequenceAdapter, SequenceEncoder
from bcigui.data.npy_io import load_seed_files
from bcigui.data.synthetic import make_p300

log = logging.getLogger("bench_core")
EPOCHS, BATCH, HIDDEN, REPEATS = 10, 32, 32, 5


def plain_keras_fit(
    x: np.ndarray, y: np.ndarray, xv: np.ndarray, yv: np.ndarray, x_test: np.ndarray
) -> float:
    """The same network as LSTMNet(hidden 32, pooling 'last'), written as a plain Keras script:
    build, fit with the same validation data, predict the test trials."""
    import keras

    keras.utils.set_random_seed(0)
    start = time.perf_counter()
    inp = keras.Input((None, x.shape[2]))
    h = keras.layers.Masking(0.0)(inp)
    h = keras.layers.LSTM(HIDDEN)(h)
    out = keras.layers.Dense(2, activation="softmax")(h)
    model = keras.Model(inp, out)
    model.compile(
        optimizer=keras.optimizers.Adam(1e-3),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    model.fit(x, y, validation_data=(xv, yv), epochs=EPOCHS, batch_size=BATCH, verbose=0)
    model.predict(x_test, verbose=0)
    return time.perf_counter() - start


def bench_fit() -> tuple[str, dict[str, float]]:
    from bcigui.classifiers.network import validation_split

    ts = make_p300(n_trials=1200, random_state=0)
    X_seed = np.transpose(ts.X, (0, 2, 1))
    net = LSTMNet(
        encoder=SequenceEncoder(layers=[LSTMLayer(hidden_size=HIDDEN)]),
        input_adapter=SequenceAdapter(decimate=4),
        epochs=EPOCHS,
        batch_size=BATCH,
        # what the plain script does too: no class weights, every epoch, the last weights
        class_weight=None,
        early_stopping_patience=None,
    )
    # what the plain script gets: the same preprocessed sequences and the same validation split
    net.fit_trials(ts.subset(np.arange(40)))  # warm-up of TensorFlow for both sides
    y_idx = np.searchsorted(np.unique(ts.y), ts.y)
    fit_idx, val_idx = validation_split(y_idx, 0.2, 0)
    from bcigui.classifiers.preprocessing import FittedPreprocessing

    prep = FittedPreprocessing.fit(ts, net.input_adapter, "sequence")
    seqs = np.stack(prep.transform_sequences(ts))
    ours, plain = [], []
    for _ in range(REPEATS):
        start = time.perf_counter()
        LSTMNet.fit(net, X_seed[:50], ts.y[:50], X_seed, ts.y)
        ours.append(time.perf_counter() - start)
        plain.append(
            plain_keras_fit(seqs[fit_idx], y_idx[fit_idx], seqs[val_idx], y_idx[val_idx], seqs[:50])
        )
    o, p = statistics.median(ours), statistics.median(plain)
    text = (
        f"| LSTMNet.fit (seed API: preprocessing, validation split, fit, test metrics) "
        f"| {o:.2f} s |\n"
        f"| same network, plain Keras script (build, fit, predict test) | {p:.2f} s |\n"
        f"| ratio (target <= 1.05) | {o / p:.3f} |\n"
    )
    return text, {"fit_ratio": o / p}


def bench_query() -> tuple[str, dict[str, float]]:
    import keras

    ts = make_p300(n_trials=400, random_state=1)
    X_seed = np.transpose(ts.X, (0, 2, 1))
    trial = X_seed[0]
    rows = []
    out: dict[str, float] = {}
    lstm = LSTMNet(encoder=SequenceEncoder(layers=[LSTMLayer(hidden_size=HIDDEN)]),
                   input_adapter=SequenceAdapter(decimate=4), epochs=2)  # fmt: skip
    svnn = SVNN(epochs=2, input_adapter=InputAdapter(decimate=4))
    svm = SVM(input_adapter=InputAdapter(decimate=4))
    for model in (lstm, svm, svnn):
        cls = type(model)
        cls.fit(model, X_seed[:50], ts.y[:50], X_seed, ts.y)
        for _ in range(5):
            cls.query(model, [trial], return_logits=True)
        ms = median_ms(timed(lambda m=model, c=cls: c.query(m, [trial], return_logits=True), 300))
        out[f"{cls.model_type}_query_ms"] = ms
        target = "<= 5 ms" if cls is LSTMNet else "<= 2 ms"
        rows.append(
            f"| {cls.display_name}.query(one trial, return_logits=True) | {ms:.2f} ms | {target} |"
        )
    x1 = lstm._network_inputs(__import__("bcigui").TrialSet.from_array(ts.X[:1]))
    network = lstm.network_
    for _ in range(3):
        network.predict(x1, verbose=0)
    predict_ms = median_ms(timed(lambda: network.predict(x1, verbose=0), 50))
    eager_ms = median_ms(timed(lambda: network(x1, training=False), 20))
    out["keras_predict_ms"] = predict_ms
    rows.append(
        f"| Keras `predict()` on the same LSTM, one trial | {predict_ms:.2f} ms | reference |"
    )
    rows.append(
        f"| Keras eager `model(x)` on the same LSTM, one trial | {eager_ms:.2f} ms | reference |"
    )
    speedup = predict_ms / out["lstm_query_ms"]
    rows.append(f"| LSTMNet.query speed-up over `predict()` | {speedup:.1f}x | >= 10x |")
    del keras
    return "| call | median | target |\n|---|---|---|\n" + "\n".join(rows) + "\n", out


def bench_npy_loading(n_files: int = 10_000) -> tuple[str, dict[str, float]]:
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as tmp:
        xs, ys = [], []
        for i in range(n_files):
            x, y = Path(tmp, f"x{i:05d}.npy"), Path(tmp, f"y{i:05d}.npy")
            np.save(x, rng.normal(size=(64, 8)).astype(np.float32))
            np.save(y, np.array(i % 2))
            xs.append(x)
            ys.append(y)
        times = timed(lambda: load_seed_files(xs, ys), 3)
    best = min(times)
    rate = n_files / best
    text = (
        f"Loading {n_files:,} single-trial `.npy` files (64 x 8 float32) plus their label files "
        f"into a TrialSet: best of 3 {best:.2f} s, **{rate:,.0f} trials/s** "
        f"({2 * n_files / best:,.0f} files/s).\n"
    )
    return text, {"npy_trials_per_s": rate}


def main() -> int:
    logging.basicConfig(level=logging.WARNING)
    sections = []
    results: dict[str, float] = {}
    for title, fn in (
        ("Training speed: LSTMNet.fit vs plain Keras (1200 trials x 8 ch x 29 steps, "
         f"{EPOCHS} epochs, batch {BATCH}, median of {REPEATS}, runs alternated)", bench_fit),
        ("Single-trial query latency (median of 300 calls)", bench_query),
        ("Reading seed `.npy` files", bench_npy_loading),
    ):  # fmt: skip
        text, values = fn()
        results.update(values)
        sections.append(
            f"### {title}\n\n" + ("| step | time |\n|---|---|\n" if fn is bench_fit else "") + text
        )
        sys.stdout.write(f"{title}\n{text}\n")
    write_section("bench_core", "\n".join(sections))
    return 0


if __name__ == "__main__":
    sys.exit(main())
