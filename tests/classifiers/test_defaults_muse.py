"""Defaults on real EEG: the seed guide's LSTMNet on a user's raw export of the Muse P300 set.

The export is what a user would make: epochs 0-0.8 s around events 1=NonTarget / 2=Target,
no filter, no baseline, no rejection, volts, written as seed ``.npy`` files (so the models do
not know the sampling rate). Sessions 1-2 train, session 3 is held out.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bcigui import (
    ActivationFunction,
    DenseLayer,
    LSTMLayer,
    LSTMNet,
    SequenceAdapter,
    SequenceEncoder,
)
from bcigui.classifiers.shrinkage_lda import ShrinkageLDA
from bcigui.data.epoching import epoch_recordings
from bcigui.data.npy_io import write_seed_files
from tests.conftest import shared_data

pytestmark = [pytest.mark.slow, pytest.mark.realdata]

SESSIONS = [f"visual_P300_subject1_session{s}_raw.fif" for s in (1, 2, 3)]


@pytest.fixture(scope="module")
def raw_export(tmp_path_factory) -> dict[str, list[Path]]:
    settings = {
        "event_map": {"1": "NonTarget", "2": "Target"}, "tmin": 0.0, "tmax": 0.8,
        "baseline": None, "l_freq": None, "h_freq": None, "reject_uv": None,
    }  # fmt: skip
    folder = tmp_path_factory.mktemp("muse-raw")
    files: dict[str, list[Path]] = {"xTrain": [], "yTrain": [], "xTest": [], "yTest": []}
    for k, name in enumerate(SESSIONS):
        trials = epoch_recordings([shared_data("muse-visual-p300", name)], settings)
        xs, ys = write_seed_files(trials, folder / f"session{k + 1}", layout="stack")
        role = "Test" if k == 2 else "Train"
        files[f"x{role}"] += xs
        files[f"y{role}"] += ys
    return files


def _seed_guide_lstm(**settings: object) -> LSTMNet:
    return LSTMNet(
        encoder=SequenceEncoder(layers=[LSTMLayer(bidirectional=True)]),
        fc_layers=[DenseLayer(units=32)],
        classification=DenseLayer(units=2, activation=ActivationFunction(kind="softmax")),
        **settings,  # type: ignore[arg-type]
    )


def _held_out_roc_auc(cfg, files, **seed_kwargs) -> float:
    result = type(cfg).fit(
        cfg, files["xTest"], files["yTest"], files["xTrain"], files["yTrain"], **seed_kwargs
    )
    assert result.metrics.n_trials == 962
    assert result.metrics.roc_auc is not None
    return float(result.metrics.roc_auc)


def test_seed_guide_lstm_beats_chance_on_the_raw_export(raw_export):
    # 0.497 with the first defaults; 0.60-0.63 with 64 steps, 0.61-0.63 with 32 steps and
    # clipping (3 seeds each); 0.630 with per-trial linear detrend, 0.627 with the last epoch's
    # weights kept instead of the best validation epoch's (the defaults now)
    assert _held_out_roc_auc(_seed_guide_lstm(), raw_export, epochs=8, batch_size=64) >= 0.55


@pytest.mark.xfail(
    strict=True,
    reason="issue target 0.70 not reached: the seed-guide LSTMNet measures 0.627 held-out "
    "ROC-AUC with the defaults; shrinkage LDA 0.73-0.77 on the same inputs. "
    "benchmarks/bench_lstm_transfer.py measures 22 single changes on a plain-Keras replica "
    "(input handling: detrend, clipping, 12-64 steps, per-trial z, whitening, Euclidean "
    "alignment, xDAWN, a time channel; training: hidden 128, learning rate, input noise, "
    "dropout, weight decay, class weights, mixup, jitter, 30 epochs): they move the selection "
    "splits (sessions 1<->2) by -0.08 to +0.02 and the held-out session to 0.59-0.65. Only "
    "collapsing the epoch into one step, which makes the LSTM a dense readout, reaches 0.735: "
    "the recurrent network's cross-session transfer, not the input, limits it",
)
def test_seed_guide_lstm_reaches_the_target(raw_export):
    assert _held_out_roc_auc(_seed_guide_lstm(), raw_export, epochs=8, batch_size=64) >= 0.70


def test_removing_each_trials_mean_instead_on_the_raw_export(raw_export):
    cfg = _seed_guide_lstm(input_adapter=SequenceAdapter(detrend="mean"))
    # measured 0.639-0.656 (3 seeds, previous defaults), 0.649 with the best epoch restored,
    # 0.663 now (the last epoch kept); without any 0.61-0.63
    assert _held_out_roc_auc(cfg, raw_export, epochs=8, batch_size=64) >= 0.62


def test_shrinkage_lda_reference(raw_export):
    # measured 0.759 with shrinkage 0.3, 0.763 with 'auto' (0.659 before trials of unknown
    # rate were FIR-decimated to 32 steps)
    assert _held_out_roc_auc(ShrinkageLDA(), raw_export) >= 0.72
