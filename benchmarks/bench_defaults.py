"""Do the defaults learn? Every classifier with its default settings (issue 12, part 2).

* The built-in demo P300 set (``write_demo_dataset("p300")``: 600 synthetic trials, 1:5
  Target:NonTarget, 8 channels, 117 samples, written as seed ``.npy`` files as the app's
  "Load demo data" and ``python main.py demo`` do, so the sampling rate is unknown to the
  models): every registered classifier, constructed with no arguments, fitted with the seed call.
* The shared Muse visual P300 recordings (``../shared/data/muse-visual-p300``), exported as a
  user would: epochs 0-0.8 s around events 1=NonTarget / 2=Target, no filter, no baseline, no
  rejection, volts, written as seed ``.npy`` stacks ``(N, T, F)``; sessions 1-2 train, session 3
  is the held-out test set. The seed guide's LSTMNet configuration (bidirectional LSTM, dense
  32, softmax; ``epochs=8, batch_size=64``) with the defaults (per-trial linear detrend) and
  with per-trial mean removal instead (``SequenceAdapter(detrend="mean")``), and ShrinkageLDA
  with defaults as the reference.

CSP + LDA is exempt from the ERP targets (an imagery pipeline: it warns on ERP data, and its
description says so); its row is marked.

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


#: Pipelines exempt from the ERP targets, with the reason.
EXEMPT = {"csp_lda": "imagery pipeline, exempt from the ERP target"}

#: What was tried against the unmet targets (issue 12, part 2).
TRIED = (
    "Target still unmet: the seed-guide LSTMNet on Muse (see its rows; 0.630 held-out ROC-AUC "
    "with the previous defaults). CSP + LDA is exempt (an imagery pipeline). Shrinkage LDA now "
    "meets the demo target with a fixed shrinkage of 0.3 (0.790 / 0.853 with Ledoit-Wolf's "
    "'auto' before).",
    "Shrinkage LDA's defaults, 5-fold CV on the demo set's 480 training trials, 3 repetitions "
    "(balanced accuracy / ROC-AUC): shrinkage 'auto' 0.796 / 0.880, 0.05 0.765 / 0.856, 0.1 "
    "0.782 / 0.871, 0.2 0.808 / 0.883, 0.3 0.826 / 0.887 (the default), 0.4 0.828 / 0.887; "
    "target_steps with 'auto': 8 0.828 / 0.897, 12 0.827 / 0.898, 16 0.803 / 0.890, 24 0.805 / "
    "0.885, 32 0.796 / 0.880, and detrend 'mean' or 'linear' lower at every step count "
    "(0.760-0.811). Fewer steps were not taken: on the raw Muse export (one session trains, "
    "the other tests, ROC-AUC 1 -> 2 / 2 -> 1) 8 steps give 0.594 / 0.667, 12 0.626 / 0.719, "
    "16 0.667 / 0.741, 32 0.690 / 0.754; there shrinkage 0.3 is on a par with 'auto' (0.687 / "
    "0.764), and on the band-passed recordings (session-grouped CV) both give 0.784.",
    "Seed-guide LSTMNet, the training defaults, ROC-AUC 1 -> 2 / 2 -> 1 on the raw Muse export "
    "(8 epochs, batch 64): Keras's EarlyStopping restored the best validation epoch's weights "
    "even when the 8 epochs ran out before the patience of 10, so a noisy early val_loss threw "
    "most of the training away: 0.664 / 0.590 with the rewind, 0.667 / 0.658 keeping the last "
    "epoch's weights (the default now: the best epoch is restored only when early stopping "
    "stopped the run; on the demo set every network stops early, so its numbers do not move). "
    "Held out (session 3) this gives 0.627 (0.630 before), 0.663 with mean removal (0.649). "
    "Tried on top, none better across sessions 1-2 than the spread (+-0.01): learning rate "
    "3e-3 0.641 / 0.566 (with the rewind) and 0.631 / 0.652, 1e-2 0.618 / 0.657; 16 steps "
    "0.676 / 0.634, 48 steps 0.676 / 0.665; validation share 0.1 0.677 / 0.665; pooling mean "
    "0.681 / 0.630, max 0.600 / 0.566, attention 0.653 / 0.600; gradient clipping (clipnorm 1) "
    "0.667 / 0.658 (never engaged); standard instead of robust scaling 0.672 / 0.657; mean "
    "removal 0.666 / 0.641.",
    "The demo generator no longer removes each trial's mean from the background (it keeps the "
    "1/f slow content and adds per-trial offsets, SD 10 uV, and drifts, SD 5 uV): before, the "
    "trial mean was a noise-free class feature that made LDA look perfect (1.000 ROC-AUC) and "
    "covariance pipelines poor (xDAWN + Riemann 0.686). The target P3b is 15 uV with an SD of "
    "100 ms (was 10 uV, 70 ms).",
    "Defaults chosen by 5-fold cross-validation on the demo set's 480 training trials "
    "(balanced accuracy / ROC-AUC), never on its test trials: per-trial linear detrend for "
    "LSTMNet 0.630 / 0.659 (none) -> 0.769 / 0.856 (mean) -> 0.812 / 0.901 (linear), SVM 0.786 "
    "/ 0.853 -> 0.809 / 0.879, SVNN 0.744 / 0.848 -> 0.771 / 0.873, xDAWN + Riemann 0.770 / "
    "0.849 -> 0.808 / 0.900 (+ C 0.1: 0.816 / 0.906; nfilter 2: 0.794 / 0.895); ShrinkageLDA "
    "of trials of unknown rate FIR-decimated to at most 32 steps 0.770 / 0.872 -> 0.811 / 0.888 "
    "(16 steps 0.820 / 0.899, 48 steps 0.789 / 0.879; linear detrend hurts LDA: 0.785 / 0.872, "
    "so its default stays 'none').",
    "Seed-guide LSTMNet on the raw Muse export, ROC-AUC, training on one session and testing on "
    "the other (1 -> 2 / 2 -> 1, the selection) and session 3 held out: linear detrend (the "
    "default) 0.664 / 0.590, held out 0.630; + 16 steps 0.662 / 0.516; + clip 3 0.663 / 0.571; "
    "mean removal 0.673 / 0.546, held out 0.649; none "
    "0.505 / 0.506, held out 0.623. Earlier (previous defaults, seeds 0-2, held out): 30 steps "
    "0.607-0.623, + clip 0.602-0.623, mean removal at 23-52 steps 0.631-0.656, learning rate "
    "3e-3 0.653, scaling per channel and time step 0.655; Shrinkage LDA on the same inputs "
    "0.734-0.771. The gap to LDA is the network's transfer across sessions, not its training "
    "budget: with 30 epochs it fits its training trials almost perfectly (training ROC-AUC "
    "0.99) and the other session falls to 0.624; 22 single changes to input handling, "
    "regularisation and training move the selection splits by -0.08 to +0.02 and the held-out "
    "session to 0.59-0.65; only presenting the whole epoch as one step, which turns the LSTM "
    "into a dense readout, reaches 0.735 (see bench_lstm_transfer).",
    "xDAWN + Riemann on Muse (1-30 Hz, 100 uV rejection, leave one session out, earlier): "
    "nfilter 4 gives 0.776, 2 gives 0.770, 1 gives 0.751, so the default stays nfilter 4. "
    "With the new defaults (detrend 'linear', C 0.1) 0.768; detrend 'none' with C 1 0.776, "
    "'linear' with C 1 0.769: on band-passed recordings the detrend costs a little (the "
    "folds spread +-0.017); on the unfiltered demo set it raises CV ROC-AUC from 0.849 to 0.900.",
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
            for type_name, cls in sorted(available_types().items()):
                result = fit(cls(), files)
                exempt = f"; {EXEMPT[type_name]}" if type_name in EXEMPT else ""
                lines.append(row("demo P300", f"{cls.display_name} (defaults{exempt})", result))
                for warning in result.warnings:
                    notes.append(f"{cls.display_name} on the demo set warns: {warning}")
        if muse:
            if not (DATA / "muse-visual-p300").exists():
                notes.append(f"Muse rows skipped: no data at {DATA}")
            else:
                from bcigui.classifiers.shrinkage_lda import ShrinkageLDA

                files = muse_files(Path(tmp) / "muse")
                runs: dict[str, tuple[Callable[[], BaseClassifier], dict[str, int]]] = {
                    "LSTMNet (seed guide, epochs=8, batch 64, defaults)": (
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
        "Targets (issue 12): balanced accuracy >= 0.80 and ROC-AUC >= 0.85 on the demo set for "
        "every ERP classifier, ROC-AUC >= 0.70 for the seed-guide LSTMNet on Muse. Chance is 0.5 "
        "for both scores. Busy machine: other jobs were running while this ran (fit times are "
        "indicative only).\n\n" + table
    )
    sys.stdout.write(f"{machine()}\n\n{body}\n\n(total {time.perf_counter() - started:.0f} s)\n")
    if not args.no_write:
        write_section("bench_defaults", body)


if __name__ == "__main__":
    main()
