"""Do the defaults learn? Every classifier with its default settings (issue 12, part 2).

* The built-in demo P300 set (``write_demo_dataset("p300")``: 600 synthetic trials, 1:5
  Target:NonTarget, 8 channels, 117 samples, written as seed ``.npy`` files as the app's
  "Load demo data" and ``python main.py demo`` do, so the sampling rate is unknown to the
  models): every registered classifier, constructed with no arguments, fitted with the seed call.
* The shared Muse visual P300 recordings (``../shared/data/muse-visual-p300``), exported as a
  user would: epochs 0-0.8 s around events 1=NonTarget / 2=Target, no filter, no baseline, no
  rejection, volts, written as seed ``.npy`` stacks ``(N, T, F)``; sessions 1-2 train, session 3
  is the held-out test set. The seed guide's LSTMNet configuration (bidirectional LSTM, dense
  32, softmax; ``epochs=8, batch_size=64``) with the defaults and with per-trial offset removal
  (``SequenceAdapter(detrend="mean")``), and ShrinkageLDA with defaults as the reference.

Prints a markdown table (balanced accuracy, ROC-AUC, chance level, epochs run, fit seconds) and
writes it to ``docs/benchmarks.md`` (section ``bench_defaults``; ``--no-write`` to skip).

Run: ``PYTHONPATH=. .venv/bin/python benchmarks/bench_defaults.py`` (a few minutes on 2 cores;
``--demo-only`` / ``--muse-only`` for one half).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _report import machine, write_section

from bcigui.classifiers.base import BaseClassifier
from bcigui.classifiers.metrics import TrainResult

log = logging.getLogger("bench_defaults")
DATA = Path(
    os.environ.get("BCIGUI_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data")
)
MUSE_SESSIONS = [f"visual_P300_subject1_session{s}_raw.fif" for s in (1, 2, 3)]
SeedFiles = dict[str, list[Path]]


def demo_files(folder: Path) -> SeedFiles:
    """The demo P300 set as seed ``.npy`` files (what the Training tab's demo button writes)."""
    from bcigui.data.synthetic import write_demo_dataset

    return write_demo_dataset("p300", folder, random_state=0)


def muse_files(folder: Path, data: Path = DATA) -> SeedFiles:
    """The Muse sessions as a user's raw export: 0-0.8 s epochs, unfiltered, volts.

    Returns
    -------
    dict
        ``xTrain``/``yTrain`` (sessions 1-2) and ``xTest``/``yTest`` (session 3): one
        ``(N, T, F)`` stack and one ``(N,)`` label file per session.
    """
    from bcigui.data.epoching import epoch_recordings
    from bcigui.data.npy_io import write_seed_files

    settings = {
        "event_map": {"1": "NonTarget", "2": "Target"}, "tmin": 0.0, "tmax": 0.8,
        "baseline": None, "l_freq": None, "h_freq": None, "reject_uv": None,
    }  # fmt: skip
    files: SeedFiles = {"xTrain": [], "yTrain": [], "xTest": [], "yTest": []}
    for k, name in enumerate(MUSE_SESSIONS):
        trials = epoch_recordings([data / "muse-visual-p300" / name], settings)
        xs, ys = write_seed_files(trials, folder / f"session{k + 1}", layout="stack")
        role = "Test" if k == 2 else "Train"
        files[f"x{role}"] += xs
        files[f"y{role}"] += ys
    return files


#: What was tried against the unmet targets, with held-out ROC-AUC (issue 12, part 2).
TRIED = (
    "Seed-guide LSTMNet on the raw Muse export (session 3 held out, ROC-AUC, seed 0 unless a "
    "range over seeds 0-2 is given; steps = time steps after FIR decimation): 52 steps, robust "
    "scaling (the previous defaults) 0.597; 30 steps 0.607-0.623; 30 steps + clip at 5 robust "
    "SDs 0.602-0.623 (the new defaults); per-trial mean removal at 52 steps 0.631, at 30 "
    "steps 0.649, at 23 steps 0.654, at 30 steps + clip 0.639-0.656, + learning rate 3e-3 "
    "0.653; per-trial linear detrend at 52 steps 0.622, at 30 steps 0.623, + clip 0.625-0.628; "
    "mean removal + scaling per channel and time step 0.655 (+ clip 0.656). Shrinkage LDA on "
    "the same inputs: 0.734-0.771. Per-trial mean removal is an option, not the default: on "
    "the demo set it takes LSTMNet from 0.940 / 0.995 to 0.620 / 0.667 (balanced accuracy / "
    "ROC-AUC) and LDA from 0.999 to 0.71 ROC-AUC, because the demo generator makes every "
    "trial's background zero-mean, so the trial mean is a near noise-free class feature.",
    "xDAWN + Riemann on the demo set (balanced accuracy / ROC-AUC), 108 settings: nfilter 4, "
    "2, 1 x estimator oas/lwf/scm with xDAWN estimator scm/lwf/oas x LR C 1 / 0.1 x "
    "prototypes of both classes / Target only x FIR decimation 1, 2, 4, 8: 0.60-0.72 / "
    "0.65-0.80 (best nfilter 1, lwf/lwf, C 0.1, decimation 4: 0.680 / 0.800); train-set "
    "ROC-AUC only 0.81-0.97, so the features, not overfitting, limit it. xDAWN-filtered "
    "waveforms + shrinkage LDA reach 1.00, a template match on them 0.85: the information "
    "lies in the trial mean and the temporal shape, which covariances (centred per trial, "
    "not whitened in time) lose. With the generator's background keeping its slow drift (an "
    "uncalibrated variant, not shipped) xDAWN + Riemann (0.62 / 0.69) beats shrinkage LDA "
    "(0.59 / 0.63). On Muse (1-30 Hz, 100 uV rejection, leave one session out) nfilter 4 "
    "gives 0.776, 2 gives 0.770, 1 gives 0.751, so the default stays nfilter 4.",
)


def seed_guide_lstm(**settings: object) -> BaseClassifier:
    """The seed guide's LSTMNet: bidirectional LSTM, a dense layer of 32, softmax output."""
    from bcigui import ActivationFunction, DenseLayer, LSTMLayer, LSTMNet, SequenceEncoder

    return LSTMNet(
        encoder=SequenceEncoder(layers=[LSTMLayer(bidirectional=True)]),
        fc_layers=[DenseLayer(units=32)],
        classification=DenseLayer(units=2, activation=ActivationFunction(kind="softmax")),
        **settings,  # type: ignore[arg-type]
    )


def seed_guide_lstm_detrended() -> BaseClassifier:
    """:func:`seed_guide_lstm` with each trial's per-channel mean removed first."""
    from bcigui import SequenceAdapter

    return seed_guide_lstm(input_adapter=SequenceAdapter(detrend="mean"))


def fit(model: BaseClassifier, files: SeedFiles, **seed_kwargs: int) -> TrainResult:
    """The seed call ``Model.fit(cfg, xTest, yTest, xTrain, yTrain, ...)``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the paradigm warning of CSP+LDA is reported below
        result: TrainResult = type(model).fit(  # type: ignore[call-arg]
            model, files["xTest"], files["yTest"], files["xTrain"], files["yTrain"],
            **seed_kwargs,
        )  # fmt: skip
    return result


def row(data: str, name: str, result: TrainResult) -> str:
    m = result.metrics
    chance = 1.0 / len(m.classes)  # balanced accuracy and ROC-AUC: 1 / n_classes either way
    epochs = len(result.history.get("loss", [])) or "-"
    auc = "n/a" if m.roc_auc is None else f"{m.roc_auc:.3f}"
    line = (
        f"| {data} | {name} | {m.balanced_accuracy:.3f} | {auc} | {chance:.2f} | {epochs} | "
        f"{result.training_seconds:.1f} |"
    )
    log.info(line)
    return line


def run(demo: bool, muse: bool) -> str:
    from bcigui.classifiers.registry import available_types

    header = (
        "| data | classifier | balanced accuracy | ROC-AUC | chance | epochs run | fit s |\n"
        "|---|---|---|---|---|---|---|"
    )
    lines = [header]
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-defaults-") as tmp:
        if demo:
            files = demo_files(Path(tmp) / "demo")
            for _type, cls in sorted(available_types().items()):
                result = fit(cls(), files)
                lines.append(row("demo P300", f"{cls.display_name} (defaults)", result))
                for warning in result.warnings:
                    notes.append(f"{cls.display_name} on the demo set warns: {warning}")
        if muse:
            if not (DATA / "muse-visual-p300").exists():
                notes.append(f"Muse rows skipped: no data at {DATA}")
            else:
                from bcigui.classifiers.shrinkage_lda import ShrinkageLDA

                files = muse_files(Path(tmp) / "muse")
                runs: dict[str, tuple[Callable[[], BaseClassifier], dict[str, int]]] = {
                    "LSTMNet (seed guide, epochs=8, batch 64)": (
                        seed_guide_lstm,
                        {"epochs": 8, "batch_size": 64},
                    ),
                    "LSTMNet (seed guide, detrend='mean')": (
                        seed_guide_lstm_detrended,
                        {"epochs": 8, "batch_size": 64},
                    ),
                    "Shrinkage LDA (defaults, reference)": (ShrinkageLDA, {}),
                }
                for name, (factory, kwargs) in runs.items():
                    result = fit(factory(), files, **kwargs)
                    lines.append(row("Muse P300, session 3 held out", name, result))
    table = "\n".join(lines)
    notes += TRIED
    if notes:
        table += "\n\n" + "\n".join(f"* {n}" for n in notes)
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo-only", action="store_true")
    parser.add_argument("--muse-only", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("bcigui").setLevel(logging.WARNING)
    started = time.perf_counter()
    table = run(demo=not args.muse_only, muse=not args.demo_only)
    body = (
        "Every classifier constructed with no arguments (`Model()`), fitted with the seed call on "
        "the demo P300 set (480 training / 120 test trials, 1:5) and, for the Muse headband "
        "(unfiltered 0-0.8 s export, sessions 1-2 train, session 3 test), the seed guide's "
        "LSTMNet (defaults, and with per-trial mean removal) with ShrinkageLDA as the reference. "
        "Chance is 0.5 for both scores. The machine was shared with other jobs while this ran "
        "(fit times are indicative only).\n\n" + table
    )
    sys.stdout.write(f"{machine()}\n\n{body}\n\n(total {time.perf_counter() - started:.0f} s)\n")
    if not args.no_write:
        write_section("bench_defaults", body)


if __name__ == "__main__":
    main()
