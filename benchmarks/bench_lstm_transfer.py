"""Why the seed-guide LSTMNet stays near 0.63 held-out ROC-AUC on the Muse export (issue 12).

The issue's last unmet figure: the seed guide's LSTMNet (bidirectional LSTM, dense 32, softmax;
``epochs=8, batch_size=64``) on the shared Muse visual P300 export (sessions 1-2 train, session
3 held out) should reach ROC-AUC >= 0.70; the package's defaults measure 0.627 and shrinkage
LDA 0.76 on the same inputs. This script measures what input handling, regularisation and
training settings would change, one at a time, on a plain-Keras replica of that network (same
layers, Adam, balanced class weights, stratified 20 % validation split, the package's own
decimated inputs), so that settings the package does not offer (spatial whitening, xDAWN,
Euclidean alignment, augmentation, weight decay, patches) can be tried too.

Honest selection: a variant is judged on the two *selection* splits (session 1 -> 2 and
2 -> 1); the held-out split (sessions 1+2 -> 3) is reported beside it, never used to choose.
Each cell is the mean over seeds; the LDA column is shrinkage LDA (0.3) on the same inputs.

Run: ``PYTHONPATH=. .venv/bin/python benchmarks/bench_lstm_transfer.py`` (about 15 minutes on 2
cores; ``--seeds 0`` for a quicker pass, ``--only NAME ...`` for some variants, ``--no-write``
to print only). Needs ``../shared/data/muse-visual-p300``.
"""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing
import os
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
from _report import write_section

log = logging.getLogger("bench_lstm_transfer")
DATA = Path(
    os.environ.get("BCIGUI_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data")
)
SESSIONS = (1, 2, 3)
SELECTION = (((1,), 2), ((2,), 1))
HELD_OUT = ((1, 2), 3)

#: name -> (what it changes, settings). Settings keys: steps (time steps the package decimates
#: to), detrend, transforms (applied in order after decimation), and network/training changes.
VARIANTS: dict[str, tuple[str, dict[str, Any]]] = {
    "defaults": ("the package's defaults (linear detrend, 32 steps, robust scaling, clip 5)", {}),
    "detrend mean": ("per-trial mean removal instead of the linear detrend", {"detrend": "mean"}),
    "no clip": ("robust scaling without clipping", {"transforms": ["robust_noclip"]}),
    "16 steps": ("decimate to 16 steps", {"steps": 16}),
    "12 steps": ("decimate to 12 steps", {"steps": 12}),
    "64 steps": ("decimate to 64 steps", {"steps": 64}),
    "per-trial z": ("each trial's channels divided by their own SD", {"transforms": ["ptz"]}),
    "whitening": ("spatial (ZCA) whitening fitted on training", {"transforms": ["whiten"]}),
    "Euclidean alignment": (
        "each session whitened by its own covariance (train and test, no labels)",
        {"transforms": ["ea"]},
    ),
    "xDAWN 4": ("xDAWN spatial filters (4 of 4, a rotation)", {"transforms": ["xdawn4"]}),
    "xDAWN 2": ("the 2 best xDAWN components only", {"transforms": ["xdawn2"]}),
    "time channel": ("a time-index input channel (-1 to 1)", {"transforms": ["time"]}),
    "hidden 128": ("128 LSTM units per direction instead of 64", {"hidden": 128}),
    "lr 3e-3": ("Adam learning rate 3e-3", {"lr": 3e-3}),
    "lr 3e-4": ("Adam learning rate 3e-4", {"lr": 3e-4}),
    "input noise 0.3": ("Gaussian input noise, SD 0.3", {"noise": 0.3}),
    "LSTM dropout 0.3": ("input dropout 0.3 in the LSTM", {"dropout": 0.3}),
    "weight decay 0.1": ("AdamW, weight decay 0.1", {"weight_decay": 0.1}),
    "no class weights": ("no class weighting", {"class_weight": False}),
    "within-class mixup": ("half the trials averaged with a same-class trial", {"mix": 0.5}),
    "time jitter": ("training trials shifted by up to 2 steps", {"jitter": 2}),
    "30 epochs": ("30 epochs instead of the guide's 8", {"epochs": 30}),
    "one 120-feature step": (
        "the whole epoch as one step (the LSTM becomes a dense readout: not a sequence model)",
        {"patch": 30},
    ),
}


def export(folder: Path) -> Path:
    """Epoch the three sessions as the user's export does and cache the decimated inputs."""
    from bcigui.classifiers.config import SequenceAdapter
    from bcigui.classifiers.preprocessing import FittedPreprocessing
    from bcigui.data.epoching import epoch_recordings
    from bcigui.data.trialset import TrialSet

    settings = {
        "event_map": {"1": "NonTarget", "2": "Target"}, "tmin": 0.0, "tmax": 0.8,
        "baseline": None, "l_freq": None, "h_freq": None, "reject_uv": None,
    }  # fmt: skip
    arrays: dict[str, np.ndarray] = {}
    for s in SESSIONS:
        path = DATA / "muse-visual-p300" / f"visual_P300_subject1_session{s}_raw.fif"
        trials = epoch_recordings([path], settings)
        assert trials.y is not None
        y = (np.asarray(trials.y) == "Target").astype(int)
        arrays[f"y{s}"] = y
        raw = TrialSet(trials=[t.astype(np.float32) for t in trials.trials], y=y)
        for detrend in ("linear", "mean"):
            for steps in (12, 16, 32, 64):
                adapter = SequenceAdapter(detrend=detrend, scale="none", target_steps=steps)
                prep = FittedPreprocessing.fit(raw, adapter, "sequence")
                arrays[f"{detrend}{steps}_{s}"] = prep.transform_trials(raw).astype(np.float32)
    out = folder / "muse.npz"
    np.savez(out, **arrays)
    return out


# -- transforms: (train, test) arrays of shape (n_trials, n_channels, n_times) ----------------
def _robust(train: np.ndarray, test: np.ndarray, clip: float | None) -> tuple[np.ndarray, ...]:
    flat = train.transpose(0, 2, 1).reshape(-1, train.shape[1])
    q25, med, q75 = np.percentile(flat, [25, 50, 75], axis=0)
    spread = ((q75 - q25) / 1.349)[None, :, None]

    def scale(a: np.ndarray) -> np.ndarray:
        z = (a - med[None, :, None]) / spread
        return z if clip is None else np.clip(z, -clip, clip)

    return scale(train), scale(test)


def _whitener(a: np.ndarray) -> np.ndarray:
    flat = a.transpose(0, 2, 1).reshape(-1, a.shape[1]).astype(np.float64)
    w, v = np.linalg.eigh(np.cov(flat.T))
    return v @ np.diag(w**-0.5) @ v.T


def _spatial(m: np.ndarray, a: np.ndarray) -> np.ndarray:
    return np.einsum("ij,njt->nit", m, a)


def prepare(data: Any, cfg: dict[str, Any], train_s: tuple[int, ...], test_s: int) -> tuple:
    key = f"{cfg.get('detrend', 'linear')}{cfg.get('steps', 32)}"
    parts = [data[f"{key}_{s}"] for s in train_s]
    transforms = cfg.get("transforms", [])
    if "ea" in transforms:
        parts = [_spatial(_whitener(p), p) for p in parts]
    train = np.concatenate(parts)
    y_train = np.concatenate([data[f"y{s}"] for s in train_s])
    test, y_test = data[f"{key}_{test_s}"], data[f"y{test_s}"]
    if "ea" in transforms:
        test = _spatial(_whitener(test), test)
    if "whiten" in transforms:
        w = _whitener(train)
        train, test = _spatial(w, train), _spatial(w, test)
    for name in transforms:
        if name.startswith("xdawn"):
            from pyriemann.spatialfilters import Xdawn

            xd = Xdawn(nfilter=int(name[5:]), classes=[1]).fit(train.astype(np.float64), y_train)
            train, test = _spatial(xd.filters_, train), _spatial(xd.filters_, test)
    train, test = _robust(train, test, None if "robust_noclip" in transforms else 5.0)
    if "ptz" in transforms:
        train, test = (a / (a.std(axis=2, keepdims=True) + 1e-12) for a in (train, test))
    if "time" in transforms:
        clock = np.linspace(-1, 1, train.shape[2], dtype=np.float32)
        train, test = (
            np.concatenate([a, np.broadcast_to(clock, (len(a), 1, len(clock)))], axis=1)
            for a in (train, test)
        )
    return train.astype(np.float32), y_train, test.astype(np.float32), y_test


def lda_auc(train: np.ndarray, y_train: np.ndarray, test: np.ndarray, y_test: np.ndarray) -> float:
    from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
    from sklearn.metrics import roc_auc_score

    lda = LinearDiscriminantAnalysis(solver="lsqr", shrinkage=0.3)
    lda.fit(train.reshape(len(train), -1), y_train)
    return float(roc_auc_score(y_test, lda.decision_function(test.reshape(len(test), -1))))


def network_auc(split: tuple, cfg: dict[str, Any], seed: int) -> float:
    """Fit the seed-guide network replica on ``split`` and return the test ROC-AUC."""
    import keras
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import train_test_split

    train, y_train, test, y_test = split
    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    x, x_test = train.transpose(0, 2, 1), test.transpose(0, 2, 1)  # time-major, like LSTMNet
    if cfg.get("patch"):
        p = cfg["patch"]
        n_t = (x.shape[1] // p) * p
        x, x_test = (a[:, :n_t].reshape(len(a), n_t // p, p * a.shape[2]) for a in (x, x_test))
    x_fit, x_val, y_fit, y_val = train_test_split(
        x, y_train, test_size=0.2, stratify=y_train, random_state=seed
    )
    if cfg.get("mix"):
        x_fit = x_fit.copy()
        for c in (0, 1):
            idx = np.flatnonzero(y_fit == c)
            pick = idx[rng.random(len(idx)) < cfg["mix"]]
            x_fit[pick] = (x_fit[pick] + x_fit[rng.choice(idx, len(pick))]) / 2
    if cfg.get("jitter"):
        shifts = rng.integers(-cfg["jitter"], cfg["jitter"] + 1, len(x_fit))
        x_fit = np.stack([np.roll(t, s, axis=0) for t, s in zip(x_fit, shifts, strict=True)])
    weights = None
    val_w = np.ones(len(y_val), np.float32)
    if cfg.get("class_weight", True):
        weights = {c: len(y_fit) / (2 * np.sum(y_fit == c)) for c in (0, 1)}
        val_w = np.array([weights[int(c)] for c in y_val], np.float32)
    inputs = keras.Input(shape=(None, x.shape[2]))
    h = keras.layers.Masking(mask_value=0.0)(inputs)
    if cfg.get("noise"):
        h = keras.layers.GaussianNoise(cfg["noise"])(h)
    lstm = keras.layers.LSTM(cfg.get("hidden", 64), dropout=cfg.get("dropout", 0.0))
    h = keras.layers.Bidirectional(lstm)(h)
    h = keras.layers.Dense(32, activation="relu")(h)
    net = keras.Model(inputs, keras.layers.Dense(2, activation="softmax")(h))
    lr = cfg.get("lr", 1e-3)
    opt = (
        keras.optimizers.AdamW(learning_rate=lr, weight_decay=cfg["weight_decay"])
        if cfg.get("weight_decay")
        else keras.optimizers.Adam(learning_rate=lr)
    )
    net.compile(optimizer=opt, loss="sparse_categorical_crossentropy")
    net.fit(
        x_fit, y_fit, validation_data=(x_val, y_val, val_w), epochs=cfg.get("epochs", 8),
        batch_size=64, class_weight=weights, verbose=0, shuffle=True,
    )  # fmt: skip
    return float(roc_auc_score(y_test, net.predict(x_test, verbose=0, batch_size=512)[:, 1]))


def run_variant(args: tuple[str, str, list[int]]) -> dict[str, Any]:
    """All splits and seeds of one variant (runs in a worker process, one TF thread)."""
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    name, npz, seeds = args
    cfg = VARIANTS[name][1]
    data = np.load(npz)
    out: dict[str, Any] = {"name": name}
    for label, splits in (("selection", SELECTION), ("held_out", (HELD_OUT,))):
        nets, ldas = [], []
        for train_sessions, test_session in splits:
            split = prepare(data, cfg, train_sessions, test_session)
            ldas.append(lda_auc(*split))
            nets += [network_auc(split, cfg, seed) for seed in seeds]
        out[label] = float(np.mean(nets))
        out[f"{label}_runs"] = [round(v, 3) for v in nets]
        out[f"{label}_lda"] = float(np.mean(ldas))
    log.info("%s", json.dumps(out))
    return out


def package_reference(npz_dir: Path, seed: int) -> float:
    """The package's LSTMNet (seed-guide config) on the held-out split: the replica check."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from bench_defaults import muse_files

    from bcigui import ActivationFunction, DenseLayer, LSTMLayer, LSTMNet, SequenceEncoder

    files = muse_files(npz_dir / "export")
    cfg = LSTMNet(
        encoder=SequenceEncoder(layers=[LSTMLayer(bidirectional=True)]),
        fc_layers=[DenseLayer(units=32)],
        classification=DenseLayer(units=2, activation=ActivationFunction(kind="softmax")),
        random_state=seed,
    )
    result = LSTMNet.fit(
        cfg, files["xTest"], files["yTest"], files["xTrain"], files["yTrain"], epochs=8,
        batch_size=64,
    )  # fmt: skip
    return float(result.metrics.roc_auc or float("nan"))


def table(rows: list[dict[str, Any]], seeds: list[int], reference: float | None) -> str:
    base = next(r for r in rows if r["name"] == "defaults")
    lines = [
        f"Seeds {seeds}; each cell the mean over seeds (and over both "
        "selection splits). Selection = train session 1 test 2, and train 2 test 1; held-out = "
        "train 1+2, test 3 (reported, never used to choose).",
        "",
        "| variant | what changes | selection ROC-AUC | held-out ROC-AUC | LDA (sel. / held-out) |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        delta = r["selection"] - base["selection"]
        lines.append(
            f"| {r['name']} | {VARIANTS[r['name']][0]} | {r['selection']:.3f} ({delta:+.3f}) | "
            f"{r['held_out']:.3f} | {r['selection_lda']:.3f} / {r['held_out_lda']:.3f} |"
        )
    best = max((r for r in rows if not VARIANTS[r["name"]][1].get("patch")),
               key=lambda r: r["held_out"])  # fmt: skip
    lines += [
        "",
        f"Reading: the best held-out figure of a sequence model is {best['held_out']:.3f} "
        f"({best['name']}); the issue's 0.70 is not within reach of input handling or "
        "training settings. The network fits its training sessions (longer training only "
        "lowers the other session) but transfers worse than a shrinkage LDA on the same "
        "inputs; only collapsing the epoch into one step, which is no longer a recurrent "
        "model, gets near the LDA.",
    ]
    if reference is not None:
        lines += [
            "",
            f"Replica check: the package's own `LSTMNet.fit` with the same configuration and "
            f"split measures {reference:.3f} held-out (the replica's 'defaults' row: "
            f"{base['held_out']:.3f}).",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1])
    parser.add_argument("--only", nargs="+", choices=list(VARIANTS), default=None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if not (DATA / "muse-visual-p300").is_dir():
        raise SystemExit(f"the shared Muse recordings are not in {DATA}: set BCIGUI_SHARED_DATA")
    names = args.only or list(VARIANTS)
    if "defaults" not in names:
        names = ["defaults", *names]
    with tempfile.TemporaryDirectory(prefix="bench-lstm-") as tmp:
        npz = export(Path(tmp))
        jobs = [(name, str(npz), args.seeds) for name in names]
        spawn = multiprocessing.get_context("spawn")  # no TensorFlow state shared by fork
        with ProcessPoolExecutor(max_workers=args.workers, mp_context=spawn) as pool:
            rows = list(pool.map(run_variant, jobs))
        reference = package_reference(Path(tmp), args.seeds[0])
    text = table(rows, args.seeds, reference)
    log.info("\n%s", text)
    if not args.no_write:
        write_section("bench_lstm_transfer", text)


if __name__ == "__main__":
    main()
