"""Defaults that learn (issue 12, part 2): every classifier, built with no arguments, must beat
chance by a wide margin on the demo P300 set, and the preprocessing behind that must be stored
with the model and reproduced at query time."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from bcigui import SVM, InputAdapter, SequenceAdapter, TrialSet
from bcigui.classifiers.csp_lda import CSPLDA
from bcigui.classifiers.network import NetworkClassifier
from bcigui.classifiers.paradigm import ERP_EVIDENCE_THRESHOLD, ParadigmWarning, erp_evidence
from bcigui.classifiers.preprocessing import FittedPreprocessing, decimate_trial
from bcigui.classifiers.registry import available_types
from bcigui.data.synthetic import make_p300

BALANCED_ACCURACY_TARGET = 0.80
ROC_AUC_TARGET = 0.85

#: Cases that need too long for the fast suite.
SLOW = {"eegnet"}  # about 100 s: up to 100 epochs with patience 20
#: Pipelines exempt from the ERP target, with the reason (their description says so too).
NOT_FOR_ERPS = {
    "csp_lda": "an imagery pipeline (variance features): on ERP data it warns instead "
    "(test_csp_lda_warns_on_erps); measured 0.660 / 0.790 on the demo set",
}
#: Defaults that miss the target on the demo set, with the measured numbers.
#: (Shrinkage LDA met it with shrinkage 0.3, chosen by CV on the training trials: 0.815 /
#: 0.874 on the 120 held-out trials, 0.790 / 0.853 with Ledoit-Wolf's 'auto'.)
SHORT_OF_TARGET: dict[str, str] = {}


def _cases() -> list[object]:
    cases = []
    for name in sorted(available_types()):
        marks = [pytest.mark.slow] if name in SLOW else []
        if name in NOT_FOR_ERPS:
            marks.append(pytest.mark.skip(reason=f"exempt: {NOT_FOR_ERPS[name]}"))
        elif name in SHORT_OF_TARGET:
            marks.append(pytest.mark.xfail(reason=SHORT_OF_TARGET[name], strict=True))
        cases.append(pytest.param(name, marks=marks, id=name))
    return cases


@pytest.mark.parametrize("name", _cases())
def test_defaults_learn_on_the_demo_p300_set(p300_files, name):
    cls = available_types()[name]
    model = cls()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ParadigmWarning)
        result = cls.fit(
            model, p300_files["xTest"], p300_files["yTest"], p300_files["xTrain"],
            p300_files["yTrain"],
        )  # fmt: skip
    m = result.metrics
    assert m.roc_auc is not None
    assert m.balanced_accuracy >= BALANCED_ACCURACY_TARGET, m.summary()
    assert m.roc_auc >= ROC_AUC_TARGET, m.summary()


@pytest.mark.parametrize("name", sorted(available_types()))
def test_defaults_balance_the_classes(name):
    model = available_types()[name]()
    assert model.class_weight == "balanced"
    if isinstance(model, NetworkClassifier):
        assert model.early_stopping_patience is not None
        assert model.validation_fraction > 0


@pytest.mark.parametrize("name", sorted(NOT_FOR_ERPS))
def test_exempt_pipelines_say_so_in_their_description(name):
    assert "ERP" in (available_types()[name].__doc__ or "")


@pytest.mark.parametrize("name", ["lstm", "svm", "svnn", "xdawn_riemann"])
def test_defaults_remove_each_trials_offset_and_drift(name):
    model = available_types()[name]()
    adapter = getattr(model, "input_adapter", None)
    detrend = adapter.detrend if adapter is not None else model.detrend
    assert detrend == "linear"


def test_shrinkage_lda_decimates_trials_of_unknown_rate_to_32_steps():
    from bcigui.classifiers.shrinkage_lda import ShrinkageLDA

    data = make_p300(120, random_state=12)  # 116 samples
    no_rate = TrialSet.from_array(data.X, data.y)
    model = ShrinkageLDA().fit_trials(no_rate)
    adapter = model.preprocessing_.adapter
    assert adapter.decimate == 4 and adapter.antialias == "fir"  # 116 -> 29 <= 32 steps
    assert model.preprocessing_.n_features == 8 * 29
    assert ShrinkageLDA(target_steps=None).fit_trials(no_rate).preprocessing_.adapter.decimate == 1
    # a known rate keeps the block averages to about target_sfreq
    assert ShrinkageLDA().fit_trials(data).preprocessing_.adapter.antialias == "boxcar"


def test_networks_stop_early_and_keep_the_best_epoch():
    from bcigui import SVNN, DenseLayer
    from bcigui.classifiers.network import resolve_class_weight, validation_split

    noise = make_p300(200, snr=0.0, random_state=1)  # nothing to learn: val_loss soon rises
    # no weight penalty, so that Keras's val_loss is the weighted cross-entropy alone
    model = SVNN(epochs=300, layers=[DenseLayer(units=32, dropout=0.5)] * 2).fit_trials(noise)
    val = model.history_["val_loss"]
    best = int(np.argmin(val))
    assert len(val) == best + 1 + model.early_stopping_patience < 300
    # the kept weights are the best epoch's: they give the smallest validation loss seen
    y_idx = np.searchsorted(model.classes_, noise.y)
    fit_idx, val_idx = validation_split(y_idx, model.validation_fraction, model.random_state)
    assert val_idx is not None
    weights = resolve_class_weight("balanced", model.classes_, y_idx[fit_idx])
    assert weights is not None
    proba = model.predict_proba(noise.X[val_idx])
    losses = [weights[k] * -np.log(proba[i, k]) for i, k in enumerate(y_idx[val_idx])]
    assert np.mean(losses) == pytest.approx(val[best], rel=1e-3)
    assert val[-1] > val[best]


# ---------------------------------------------------------------- input handling
def test_long_trials_are_decimated_with_an_anti_aliasing_filter():
    sfreq, n_times = 256.0, 205
    t = np.arange(n_times) / sfreq
    slow = np.sin(2 * np.pi * 3.0 * t)  # kept
    line = np.sin(2 * np.pi * 60.0 * t)  # above the new Nyquist rate (32 Hz): must go
    trials = TrialSet.from_array(
        np.stack([np.stack([slow + line, slow]), np.stack([slow, slow - line])]),
        np.array(["a", "b"]),
        sfreq=sfreq,
    )
    adapter = SequenceAdapter(scale="none", detrend="none", target_steps=64)
    prep = FittedPreprocessing.fit(trials, adapter, "sequence")
    assert prep.adapter.decimate == 4 and prep.adapter.target_steps is None  # 205 -> 52 <= 64
    (first, _) = prep.transform_sequences(trials)
    expected = slow[::4][: len(first)]
    inner = slice(3, -3)  # away from the edges
    assert np.abs(first[inner, 0] - expected[inner]).max() < 0.05
    boxcar = decimate_trial(np.stack([slow + line]), 4, "boxcar")[0]
    assert np.abs(boxcar[inner] - slow[::4][: len(boxcar)][inner]).max() > 0.1


def test_robust_scaling_gives_the_same_model_for_volts_and_microvolts():
    data = make_p300(120, random_state=2)
    volts = TrialSet.from_array(data.X * 1e-6, data.y, sfreq=data.sfreq, ch_names=data.ch_names)
    in_uv = SVM().fit_trials(data)
    in_v = SVM().fit_trials(volts)
    query = make_p300(20, random_state=3)
    query_v = TrialSet.from_array(query.X * 1e-6)
    np.testing.assert_allclose(
        in_uv.predict_proba(query.X), in_v.predict_proba(query_v.X), rtol=1e-3, atol=1e-4
    )


def test_robust_scaling_ignores_an_artefact_trial():
    data = make_p300(200, random_state=4)  # a quartile of 100 trials moves ~10% for one trial
    adapter = InputAdapter()
    clean = FittedPreprocessing.fit(data, adapter, "vector")
    X = data.X.copy()
    X[0] *= 1000.0  # one trial with a huge artefact
    spoiled = FittedPreprocessing.fit(TrialSet.from_array(X, data.y), adapter, "vector")
    assert spoiled.std is not None and clean.std is not None
    np.testing.assert_allclose(spoiled.std, clean.std, rtol=0.1)


def test_model_files_without_the_new_adapter_settings_keep_block_averages():
    """A manifest written before ``target_steps``/``antialias`` existed loads as it was saved."""
    old_meta = {
        "mode": "sequence",
        "adapter": {"scale": "none", "decimate": 4},
        "n_channels": 2,
        "n_times": None,
        "scaled": False,
    }
    prep = FittedPreprocessing.from_saved(old_meta, {})
    assert prep.adapter.antialias == "boxcar" and prep.adapter.target_steps is None
    assert prep.adapter.detrend == "none" and prep.adapter.clip is None
    trial = np.arange(2 * 200, dtype=np.float32).reshape(2, 200)
    (seq,) = prep.transform_sequences(TrialSet.from_array(trial[None]))
    np.testing.assert_allclose(seq.T, trial.reshape(2, 50, 4).mean(axis=2))


def test_sequence_models_decimate_to_32_steps_and_clip_artefacts():
    data = make_p300(60, random_state=9)  # 116 samples at 128 Hz
    clean = FittedPreprocessing.fit(data, SequenceAdapter(), "sequence")
    assert clean.adapter.decimate == 4 and clean.adapter.clip == 5.0  # 116 -> 29 <= 32 steps
    X = data.X.copy()
    X[0, 2, 40:50] += 500.0  # a blink-sized artefact on one channel of one trial
    seqs = clean.transform_sequences(TrialSet.from_array(X))
    assert np.abs(seqs[0][:, 2]).max() == pytest.approx(5.0)
    unclipped = clean.adapter.model_copy(update={"clip": None})
    raw = FittedPreprocessing(
        "sequence", unclipped, clean.n_channels, None, clean.mean, clean.std
    ).transform_sequences(TrialSet.from_array(X))
    assert np.abs(raw[0][:, 2]).max() > 50.0
    # clipping only touches the outliers: the other trials are the same either way
    np.testing.assert_array_equal(np.stack(seqs[1:]), np.stack(raw[1:]))


@pytest.mark.parametrize("how", ["mean", "linear"])
def test_detrending_removes_each_trials_own_offset_and_drift(how):
    data = make_p300(40, random_state=10)
    rng = np.random.default_rng(10)
    offsets = rng.normal(0.0, 50.0, (40, 8, 1))  # a DC offset per trial and channel, uV
    drift = rng.normal(0.0, 20.0, (40, 8, 1)) * np.linspace(-1, 1, data.X.shape[2])
    shifted = data.X + offsets + (drift if how == "linear" else 0.0)
    adapter = SequenceAdapter(detrend=how, clip=None)
    prep = FittedPreprocessing.fit(data, adapter, "sequence")
    same = prep.transform_sequences(TrialSet.from_array(shifted.astype(np.float32)))
    np.testing.assert_allclose(np.stack(same), np.stack(prep.transform_sequences(data)), atol=2e-3)
    kept = FittedPreprocessing.fit(data, SequenceAdapter(detrend="none", clip=None), "sequence")
    moved = kept.transform_sequences(TrialSet.from_array(shifted.astype(np.float32)))
    assert np.abs(np.stack(moved) - np.stack(kept.transform_sequences(data))).max() > 1.0


def test_saved_model_reapplies_detrending_and_clipping(tmp_path):
    data = make_p300(120, random_state=11)
    model = SVM(input_adapter=InputAdapter(detrend="mean", clip=3.0)).fit_trials(data)
    again = SVM.load(model.save(tmp_path / "svm.bcimodel"))
    assert again.preprocessing_.adapter == model.preprocessing_.adapter
    assert again.preprocessing_.adapter.detrend == "mean"
    np.testing.assert_array_equal(again.predict_proba(data.X), model.predict_proba(data.X))


def test_saved_model_reapplies_the_fitted_decimation(tmp_path):
    data = make_p300(120, random_state=5)
    model = SVM().fit_trials(data)
    assert model.preprocessing_.adapter.decimate == 2  # 117 samples -> 59 <= 64
    again = SVM.load(model.save(tmp_path / "svm.bcimodel"))
    assert again.preprocessing_.adapter == model.preprocessing_.adapter
    np.testing.assert_array_equal(again.predict_proba(data.X), model.predict_proba(data.X))


# ---------------------------------------------------------------- paradigm warnings
def _imagery_like(n_trials: int = 120, seed: int = 6) -> TrialSet:
    """Two classes that differ in 10 Hz power on two channels, with random phase: no ERP."""
    rng = np.random.default_rng(seed)
    sfreq, n_times = 128.0, 256
    t = np.arange(n_times) / sfreq
    y = np.repeat(np.array(["left", "right"]), n_trials // 2)
    X = rng.standard_normal((n_trials, 8, n_times))
    gain = np.where(y == "left", 3.0, 0.5)
    rhythm = np.sin(2 * np.pi * 10.0 * t + rng.uniform(0, 2 * np.pi, (n_trials, 1)))
    X[:, 2] += gain[:, None] * rhythm
    X[:, 5] += (3.5 - gain)[:, None] * rhythm
    return TrialSet.from_array(X, y, sfreq=sfreq)


def test_csp_lda_warns_on_erps(p300_files):
    cfg = CSPLDA()
    with pytest.warns(ParadigmWarning, match="ShrinkageLDA or XdawnRiemann"):
        result = CSPLDA.fit(
            cfg, p300_files["xTest"], p300_files["yTest"], p300_files["xTrain"],
            p300_files["yTrain"],
        )  # fmt: skip
    assert len(result.warnings) == 1 and "ERP" in result.warnings[0]
    assert cfg.training_warnings_ == result.warnings
    assert "ERP" in (CSPLDA.__doc__ or "")


def test_csp_lda_is_quiet_on_imagery_data(tmp_path):
    data = _imagery_like()
    with warnings.catch_warnings():
        warnings.simplefilter("error", ParadigmWarning)
        model = CSPLDA().fit_trials(data)
    assert model.training_warnings_ == []
    assert model.score(data.X, data.y) > 0.9


def test_paradigm_warning_is_saved_with_the_model(tmp_path):
    data = make_p300(200, random_state=7)
    with pytest.warns(ParadigmWarning):
        model = CSPLDA().fit_trials(data)
    again = CSPLDA.load(model.save(tmp_path / "csp.bcimodel"))
    assert again.training_warnings_ == model.training_warnings_ != []


def test_erp_evidence_separates_the_paradigms():
    p300 = make_p300(300, random_state=8)
    nothing = make_p300(200, snr=0.0, random_state=8)
    imagery = _imagery_like()
    p300_idx = np.searchsorted(np.unique(p300.y), p300.y)
    assert erp_evidence(p300, p300_idx) > ERP_EVIDENCE_THRESHOLD
    for other in (nothing, imagery):
        idx = np.searchsorted(np.unique(other.y), other.y)
        assert erp_evidence(other, idx) < ERP_EVIDENCE_THRESHOLD / 2


def test_fir_decimation_of_stacked_trials_equals_trial_by_trial() -> None:
    """The fast path (one filter call over equal-length trials) gives the same numbers."""
    from bcigui.classifiers.preprocessing import decimate_trial, decimate_trial_stack

    rng = np.random.default_rng(0)
    trials = rng.normal(size=(20, 4, 117)) + rng.normal(size=(20, 4, 1)) * 50
    one_by_one = np.stack([decimate_trial(t, 4, "fir") for t in trials])
    np.testing.assert_array_equal(decimate_trial_stack(trials, 4), one_by_one)
    assert decimate_trial_stack(trials, 4).shape == (20, 4, 30)


def test_detrending_keeps_feature_vectors_of_one_time_sample() -> None:
    """A 2-D feature matrix gives trials of one sample: there is no offset to remove."""
    from bcigui.classifiers.preprocessing import detrend_trial

    column = np.arange(6, dtype=np.float32).reshape(6, 1)
    for how in ("mean", "linear"):
        np.testing.assert_array_equal(detrend_trial(column, how), column)  # type: ignore[arg-type]
    pair = np.array([[1.0, 3.0]], dtype=np.float32)
    np.testing.assert_array_equal(detrend_trial(pair, "linear"), [[-1.0, 1.0]])


def test_networks_that_use_all_their_epochs_keep_the_last_ones():
    from bcigui import SVNN, DenseLayer
    from bcigui.classifiers.network import resolve_class_weight, validation_split

    noise = make_p300(200, snr=0.0, random_state=1)
    # fewer epochs than the patience: early stopping never stops this run
    model = SVNN(
        epochs=30, early_stopping_patience=50, learning_rate=1e-2,
        layers=[DenseLayer(units=32, dropout=0.5)] * 2,
    ).fit_trials(noise)  # fmt: skip
    val = model.history_["val_loss"]
    assert len(val) == 30
    assert int(np.argmin(val)) < 29  # a best epoch before the last one existed...
    y_idx = np.searchsorted(model.classes_, noise.y)
    fit_idx, val_idx = validation_split(y_idx, model.validation_fraction, model.random_state)
    assert val_idx is not None
    weights = resolve_class_weight("balanced", model.classes_, y_idx[fit_idx])
    assert weights is not None
    proba = model.predict_proba(noise.X[val_idx])
    losses = [weights[k] * -np.log(proba[i, k]) for i, k in enumerate(y_idx[val_idx])]
    # ...but the kept weights are the last epoch's, not rewound to it
    assert np.mean(losses) == pytest.approx(val[-1], rel=1e-3)
    assert np.mean(losses) != pytest.approx(min(val), rel=1e-3)
