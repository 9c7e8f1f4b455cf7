"""Decoding benchmark on real EEG (issue 5): field-standard pipelines with honest CV.

* Muse visual P300 (3 raw sessions, 1-30 Hz, 0-0.8 s, 100 uV rejection): session-grouped
  cross-validation (leave one session out) of ShrinkageLDA, XdawnRiemann, EEGNet, and the
  lab's SVM / SVNN / LSTMNet for context.
* PhysioNet EEGMMIDB S001 (7-30 Hz, 0.5-3.5 s after the cue): CSP+LDA with stratified
  5-fold CV, imagined both fists vs both feet (runs 6/10/14) and left vs right fist (4/8/12).

For every data set and pipeline: mean +- sd over folds of ROC-AUC, balanced accuracy and
accuracy, fit time per fold and the time of one single-trial prediction (median of 50 calls
on the model refitted on all trials). Published MOABB figures are quoted for context.

Run: ``.venv/bin/python benchmarks/bench_decoding.py`` (about 15 minutes on 2 cores;
``--quick`` skips the networks and the variants). Results go to ``docs/benchmarks.md``
(section ``bench_decoding``) and to stdout. Needs ``../shared/data``.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _report import median_ms, timed, write_section

from bcigui.classifiers.base import BaseClassifier
from bcigui.classifiers.cross_validation import CVResult, cross_validate
from bcigui.data.epoching import epoch_recordings
from bcigui.data.trialset import TrialSet

log = logging.getLogger("bench_decoding")
DATA = Path(
    os.environ.get("BCIGUI_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data")
)
MUSE_FILES = [f"visual_P300_subject1_session{s}_raw.fif" for s in (1, 2, 3)]
TRIED_BY_HAND = (
    "Also tried by hand for XdawnRiemann (grouped ROC-AUC, none reached 0.80): an SVM, LDA or "
    "LR with C 0.01-10 on the tangent vectors (0.771-0.779); prototypes of the Target class "
    "only (0.67-0.73); log-Euclidean reference (0.77 with LDA); decimating to 64 or 32 Hz "
    "before xDAWN (0.780, 0.773); the eeg-notebooks settings (IIR 1-30 Hz, -0.1-0.8 s: "
    "0.773); 75 uV rejection (0.780); tangent vectors joined with xDAWN-filtered waveforms "
    "(0.770-0.783). xDAWN + shrinkage LDA on the filtered waveforms reached 0.789."
)
MOABB_CONTEXT = (
    "Published context (MOABB benchmark, Chevallier et al. 2024, XDAWNCov+TS+SVM, ROC-AUC, "
    "within-session CV on research-grade caps): BI2013a 0.927, BNCI2014-009 0.934, "
    "EPFLP300 0.843. The Muse set is a 4-electrode consumer headband scored across "
    "sessions, a much harder setting."
)


def muse_trials(
    l_freq: float = 1.0, h_freq: float = 30.0, reject_uv: float | None = 100.0
) -> TrialSet:
    """The three Muse sessions epoched 0-0.8 s around each stimulus (volts, 256 Hz)."""
    settings = {
        "event_map": {"1": "NonTarget", "2": "Target"}, "tmin": 0.0, "tmax": 0.8,
        "l_freq": l_freq, "h_freq": h_freq, "reject_uv": reject_uv,
    }  # fmt: skip
    return epoch_recordings([DATA / "muse-visual-p300" / f for f in MUSE_FILES], settings)


def physionet_trials(runs: tuple[int, ...]) -> TrialSet:
    """PhysioNet S001 runs, T1/T2 cues, 7-30 Hz, 0.5-3.5 s after the cue (160 Hz, 64 ch)."""
    settings = {
        "event_map": {"T1": "T1", "T2": "T2"}, "tmin": 0.5, "tmax": 3.5,
        "l_freq": 7.0, "h_freq": 30.0,
    }  # fmt: skip
    paths = [DATA / "physionet-mi-s001" / f"S001R{r:02d}.edf" for r in runs]
    return epoch_recordings(paths, settings)


def muse_pipelines(eegnet_epochs: int, quick: bool) -> dict[str, Callable[[], BaseClassifier]]:
    from bcigui import (
        SVM,
        SVNN,
        DenseLayer,
        InputAdapter,
        LSTMLayer,
        LSTMNet,
        SequenceAdapter,
        SequenceEncoder,
    )
    from bcigui.classifiers.eegnet import EEGNet
    from bcigui.classifiers.shrinkage_lda import ShrinkageLDA
    from bcigui.classifiers.xdawn_riemann import XdawnRiemann

    pipelines: dict[str, Callable[[], BaseClassifier]] = {
        "ShrinkageLDA (32 Hz)": ShrinkageLDA,
        "XdawnRiemann (nfilter 4, oas, LR)": XdawnRiemann,
        "SVM (rbf, decimate 8)": lambda: SVM(
            class_weight="balanced", input_adapter=InputAdapter(decimate=8)
        ),
    }
    if quick:
        return pipelines
    pipelines["EEGNet-8,2"] = lambda: EEGNet(
        epochs=eegnet_epochs, class_weight="balanced", early_stopping_patience=20
    )
    pipelines["SVNN (2x64, decimate 8)"] = lambda: SVNN(
        epochs=60, class_weight="balanced", input_adapter=InputAdapter(decimate=8),
        layers=[DenseLayer(units=64, dropout=0.5), DenseLayer(units=32, dropout=0.5)],
        early_stopping_patience=10, input_noise=0.5,
    )  # fmt: skip
    pipelines["LSTMNet (32, decimate 8)"] = lambda: LSTMNet(
        encoder=SequenceEncoder(layers=[LSTMLayer(hidden_size=32)]),
        input_adapter=SequenceAdapter(decimate=8), class_weight="balanced", epochs=60,
        early_stopping_patience=10, input_noise=0.5,
    )  # fmt: skip
    return pipelines


def single_trial_ms(model: BaseClassifier, trials: TrialSet) -> float:
    """Median wall time of predicting one trial (50 calls)."""
    one = trials.subset([0])
    model.predict_trials(one)  # warm-up (traces Keras graphs once)
    return median_ms(timed(lambda: model.predict_trials(one), 50))


def evaluate(
    name: str, factory: Callable[[], BaseClassifier], trials: TrialSet, scheme: str,
    n_splits: int = 5,
) -> tuple[CVResult, float]:  # fmt: skip
    model = factory()
    start = time.perf_counter()
    result = cross_validate(model, trials, scheme=scheme, n_splits=n_splits)  # type: ignore[arg-type]
    latency = single_trial_ms(model, trials)
    log.info("%s: %s (%.0f s)", name, result.summary(), time.perf_counter() - start)
    return result, latency


def _cell(result: CVResult, metric: str) -> str:
    mean, std = result.mean(metric), result.std(metric)
    return "n/a" if mean is None or std is None else f"{mean:.3f} +- {std:.3f}"


def target_status(result: CVResult, target: str) -> str:
    """``target`` (``">= 0.77"`` on ROC-AUC, ``"acc >= 0.90"`` on accuracy) with met / NOT met."""
    if not target:
        return ""
    metric = "accuracy" if target.startswith("acc") else "roc_auc"
    mean = result.mean(metric)
    threshold = float(target.split(">=")[1])
    met = mean is not None and round(mean, 3) >= threshold
    return f"{target}: {'met' if met else 'NOT met'}"


def table(rows: list[tuple[str, CVResult, float, str]]) -> str:
    lines = [
        "| pipeline | ROC-AUC | balanced accuracy | accuracy | target | fit / fold (s) | "
        "1-trial predict (ms) |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, result, latency, target in rows:
        lines.append(
            f"| {name} | {_cell(result, 'roc_auc')} | {_cell(result, 'balanced_accuracy')} | "
            f"{_cell(result, 'accuracy')} | {target_status(result, target)} | "
            f"{result.fit_seconds:.1f} | "
            f"{latency:.2f} |"
        )
    return "\n".join(lines)


def folds_line(result: CVResult, metric: str) -> str:
    values = ", ".join(f"{v:.3f}" for v in result.scores(metric))
    return f"per fold {metric}: {values}"


def muse_variants() -> list[tuple[str, CVResult]]:
    """XdawnRiemann settings tried against the 0.80 target (grouped CV ROC-AUC)."""
    from bcigui.classifiers.shrinkage_lda import ShrinkageLDA
    from bcigui.classifiers.xdawn_riemann import XdawnRiemann

    out = []
    base = muse_trials()
    for label, factory in [
        ("XdawnRiemann nfilter 2", lambda: XdawnRiemann(nfilter=2)),
        ("XdawnRiemann estimator lwf", lambda: XdawnRiemann(estimator="lwf")),
        ("XdawnRiemann C 0.1", lambda: XdawnRiemann(C=0.1)),
        ("XdawnRiemann class_weight balanced", lambda: XdawnRiemann(class_weight="balanced")),
    ]:
        out.append((label, cross_validate(factory(), base, scheme="grouped", refit=False)))
    for label, kwargs in [("1-20 Hz", {"h_freq": 20.0}), ("no rejection", {"reject_uv": None})]:
        trials = muse_trials(**kwargs)  # type: ignore[arg-type]
        for model in (XdawnRiemann(), ShrinkageLDA()):
            result = cross_validate(model, trials, scheme="grouped", refit=False)
            out.append((f"{type(model).__name__}, {label}", result))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="no networks, no variants")
    parser.add_argument("--eegnet-epochs", type=int, default=100)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    warnings.filterwarnings("ignore", category=RuntimeWarning)
    if not (DATA / "muse-visual-p300").exists():
        log.error("real EEG data not found at %s", DATA)
        return 1
    from bcigui.classifiers.csp_lda import CSPLDA

    started = time.perf_counter()
    muse = muse_trials()
    targets = {"ShrinkageLDA": ">= 0.77", "XdawnRiemann": ">= 0.80", "EEGNet": ">= 0.75"}
    muse_rows = []
    extra: list[str] = []
    for name, factory in muse_pipelines(args.eegnet_epochs, args.quick).items():
        result, latency = evaluate(name, factory, muse, "grouped")
        target = next((t for k, t in targets.items() if name.startswith(k)), "")
        muse_rows.append((name, result, latency, target))
        extra.append(f"- {name}: {folds_line(result, 'roc_auc')}")
    physio_rows = []
    for label, runs, target in [
        ("both fists vs both feet (runs 6/10/14)", (6, 10, 14), "acc >= 0.90"),
        ("left vs right fist (runs 4/8/12)", (4, 8, 12), "acc >= 0.75"),
    ]:
        trials = physionet_trials(runs)
        result, latency = evaluate(f"CSPLDA, {label}", CSPLDA, trials, "kfold")
        physio_rows.append((f"CSP(6)+LDA, {label}", result, latency, target))
        extra.append(f"- CSP+LDA {label}: {folds_line(result, 'accuracy')}")
    variants = [] if args.quick else muse_variants()
    body = [
        f"Muse visual P300: {muse.summary()}; 1-30 Hz FIR on the continuous recordings, "
        "0-0.8 s, 100 uV peak-to-peak rejection; leave-one-session-out CV (3 folds).",
        "",
        table(muse_rows),
        "",
        "PhysioNet EEGMMIDB S001, 7-30 Hz, 0.5-3.5 s after the cue, stratified 5-fold CV "
        "(45 trials per task).",
        "",
        table(physio_rows),
        "",
        *extra,
        "",
        MOABB_CONTEXT,
    ]
    if variants:
        body += [
            "",
            "XdawnRiemann and ShrinkageLDA variants tried on Muse (grouped CV ROC-AUC):",
            "",
        ]
        body += [f"- {label}: {_cell(result, 'roc_auc')}" for label, result in variants]
        body += ["", TRIED_BY_HAND]
    body += ["", f"Total benchmark time: {time.perf_counter() - started:.0f} s."]
    text = "\n".join(body)
    print(text)
    if not args.no_write:
        write_section("bench_decoding", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
