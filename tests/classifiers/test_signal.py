"""The signal preprocessing stage that travels with every model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError
from scipy import signal as sps

from bcigui.classifiers.base import BaseClassifier
from bcigui.classifiers.config import InputAdapter
from bcigui.classifiers.persistence import build_manifest
from bcigui.classifiers.signal import FittedSignal, SignalPreprocessing
from bcigui.classifiers.svm import SVM
from bcigui.data.synthetic import make_p300
from bcigui.data.trialset import TrialSet
from bcigui.errors import ConfigError, DataError
from tests.conftest import shared_data

NAMES = ("Fz", "Cz", "Pz", "Oz")
SFREQ = 128.0
FULL = SignalPreprocessing(
    channels=["Cz", "Pz", "Fz"],
    reference="average",
    notch=50,
    l_freq=1.0,
    h_freq=20.0,
    resample_sfreq=64.0,
    baseline=(0.0, 0.1),
    crop=(0.05, 0.7),
)


def named_trials(n: int = 120, seed: int = 0) -> TrialSet:
    """Synthetic P300 trials (canonical, 4 channels x 0.8 s at 128 Hz) with names and rate."""
    return make_p300(n, ch_names=NAMES, tmin=0.0, tmax=0.8, random_state=seed)


def reorder(trials: TrialSet, order: list[int]) -> TrialSet:
    assert trials.ch_names is not None
    return TrialSet(
        trials=[t[order] for t in trials.trials],
        y=trials.y,
        sfreq=trials.sfreq,
        ch_names=tuple(trials.ch_names[i] for i in order),
        sources=trials.sources,
    )


def test_defaults_are_a_noop() -> None:
    trials = named_trials(20)
    fitted = FittedSignal.fit(trials, SignalPreprocessing())
    assert SignalPreprocessing().is_noop and fitted.transform(trials) is trials
    assert SVM().signal == SignalPreprocessing()


def test_transform_matches_scipy_reference() -> None:
    """Each step does what the docs say: select, average-reference, notch, band-pass, ..."""
    trials = named_trials(10)
    out = FittedSignal.fit(trials, FULL).transform(trials)
    x = trials.X[:, [1, 2, 0]].astype(np.float64)
    x = x - x.mean(axis=1, keepdims=True)
    b, a = sps.iirnotch(50.0, 30.0, fs=SFREQ)
    for sos in (sps.tf2sos(b, a), sps.butter(4, [1.0, 20.0], "bandpass", fs=SFREQ, output="sos")):
        x = sps.sosfiltfilt(sos, x, axis=-1, padtype="even", padlen=3 * (2 * len(sos) + 1))
    x = sps.resample_poly(x, 1, 2, axis=-1, padtype="line")
    x = x - x[..., 0:6].mean(axis=-1, keepdims=True)
    x = x[..., 3:45]
    assert out.ch_names == ("Cz", "Pz", "Fz") and out.sfreq == 64.0
    np.testing.assert_allclose(out.X, x.astype(np.float32), rtol=1e-5, atol=1e-12)


def test_fit_time_and_query_time_give_identical_numbers() -> None:
    """A model with the stage predicts exactly like one trained on pre-transformed trials."""
    train, query = named_trials(120, seed=0), named_trials(40, seed=1)
    with_stage = SVM(signal=FULL, input_adapter=InputAdapter(decimate=2)).fit_trials(train)
    stage = with_stage.signal_
    assert stage is not None
    prepared_train = stage.transform(train)
    plain = SVM(input_adapter=InputAdapter(decimate=2)).fit_trials(prepared_train)
    _, p_stage = with_stage.predict_trials(query)
    _, p_plain = plain.predict_trials(stage.transform(query))
    np.testing.assert_array_equal(p_stage, p_plain)
    # the same trial alone (single-trial query) gets the same numbers as in a batch
    _, one = with_stage.predict_trials(query.subset([3]))
    np.testing.assert_allclose(one[0], p_stage[3], rtol=1e-6)


def test_save_load_round_trip_keeps_the_stage(tmp_path: Path) -> None:
    train, query = named_trials(120), named_trials(30, seed=2)
    model = SVM(signal=FULL).fit_trials(train)
    path = model.save(tmp_path / "m.bcimodel", label="sig")
    loaded = BaseClassifier.load(path)
    assert loaded.signal == FULL
    assert loaded.signal_ is not None and loaded.signal_.train_ch_names == NAMES
    assert loaded.signal_.train_sfreq == SFREQ and loaded.signal_.out_sfreq == 64.0
    np.testing.assert_array_equal(loaded.predict_trials(query)[1], model.predict_trials(query)[1])
    manifest = build_manifest(loaded, "sig")
    assert manifest["preprocessing"]["signal"]["out_ch_names"] == ["Cz", "Pz", "Fz"]


def test_model_files_without_the_stage_load_unchanged(tmp_path: Path) -> None:
    """A manifest written before the stage existed (no 'signal' anywhere) loads and predicts."""
    from bcigui.modelfile.model_file import write_model_file

    data = make_p300(60, random_state=0)
    X = data.X
    model = SVM().fit(X, data.y)
    manifest = build_manifest(model, "old")
    del manifest["preprocessing"]["signal"], manifest["hyperparameters"]["signal"]
    del manifest["epoching"]
    payload, name = model._payload_to_bytes()
    path = tmp_path / "old.bcimodel"
    write_model_file(
        path, manifest, payload, name, model.preprocessing_.to_arrays(), overwrite=False
    )
    old = BaseClassifier.load(path)
    assert old.signal_ is None and old.signal == SignalPreprocessing()
    np.testing.assert_array_equal(old.predict_proba(X), model.predict_proba(X))


def test_channels_are_matched_by_name() -> None:
    train, query = named_trials(120), named_trials(30, seed=3)
    model = SVM().fit_trials(train)  # default stage: still matches channels by name
    expected = model.predict_trials(query)[1]
    np.testing.assert_array_equal(model.predict_trials(reorder(query, [3, 1, 0, 2]))[1], expected)
    # an extra channel in the query is left out
    extra = TrialSet(
        trials=[np.vstack([t, t[:1]]) for t in query.trials],
        y=query.y,
        sfreq=SFREQ,
        ch_names=(*NAMES, "EOG"),
    )
    np.testing.assert_array_equal(model.predict_trials(extra)[1], expected)
    missing = TrialSet(trials=[t[:3] for t in query.trials], sfreq=SFREQ, ch_names=NAMES[:3])
    with pytest.raises(
        DataError, match=r"channel\(s\) \['Oz'\] the model was trained on are missing"
    ):
        model.predict_trials(missing)


def test_sampling_rate_checks_and_explicit_resampling() -> None:
    train = named_trials(120)
    plain = SVM().fit_trials(train)
    fast = TrialSet(trials=named_trials(10).trials, sfreq=256.0, ch_names=NAMES)
    with pytest.raises(DataError, match=r"sampled at 256\.0 Hz but the model was trained at 128"):
        plain.predict_trials(fast)
    resampling = SVM(signal=SignalPreprocessing(resample_sfreq=64.0)).fit_trials(train)
    # the same signal at twice the rate (twice the samples) is resampled explicitly to 64 Hz
    doubled = TrialSet(
        trials=[sps.resample_poly(t, 2, 1, axis=-1).astype(np.float32) for t in train.trials[:20]],
        sfreq=256.0,
        ch_names=NAMES,
    )
    pred_doubled = resampling.predict_trials(doubled)[0]
    pred_orig = resampling.predict_trials(train.subset(range(20)))[0]
    assert np.mean(pred_doubled == pred_orig) >= 0.9


def test_steps_that_need_the_rate_refuse_bare_arrays() -> None:
    data = make_p300(60, random_state=0)
    bare = TrialSet.from_array(data.X, data.y)
    with pytest.raises(ConfigError, match="needs the sampling rate"):
        SVM(signal=SignalPreprocessing(l_freq=1.0)).fit_trials(bare)
    with pytest.raises(ConfigError, match="selects channels by name"):
        SVM(signal=SignalPreprocessing(channels=["Cz"])).fit_trials(bare)
    model = SVM(signal=SignalPreprocessing(h_freq=20.0)).fit_trials(named_trials(120))
    with pytest.raises(DataError, match="needs the sampling rate"):
        model.predict(named_trials(5).X)  # a bare array: no rate, no names
    with pytest.raises(ConfigError, match=r"signal\.h_freq=70\.0 Hz is not below the Nyquist"):
        SVM(signal=SignalPreprocessing(h_freq=70.0)).fit_trials(named_trials(60))


def test_settings_validation_names_the_field() -> None:
    with pytest.raises(ValidationError, match="h_freq"):
        SignalPreprocessing(l_freq=30.0, h_freq=10.0)
    with pytest.raises(ValidationError, match="notch"):
        SignalPreprocessing(notch=55)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="crop"):
        SignalPreprocessing(crop=(0.5, 0.2))
    with pytest.raises(ValidationError, match="channels"):
        SignalPreprocessing(channels=["Cz", "Cz"])
    with pytest.raises(ValidationError, match="signal"):
        SVM(signal={"reference": "median"})


@pytest.mark.realdata
def test_muse_session1_model_predicts_session2() -> None:
    from sklearn.metrics import roc_auc_score

    from bcigui.data.epoching import EpochSettings, epoch_recordings

    folder = shared_data("muse-visual-p300")
    settings = EpochSettings(
        event_map={"1": "NonTarget", "2": "Target"},
        tmin=0.0,
        tmax=0.8,
        l_freq=1.0,
        h_freq=30.0,
        reject_uv=100.0,
    )
    train = epoch_recordings(folder / "visual_P300_subject1_session1_raw.fif", settings)
    test = epoch_recordings(folder / "visual_P300_subject1_session2_raw.fif", settings)
    model = SVM(
        kernel="linear",
        C=0.01,
        class_weight="balanced",
        signal=SignalPreprocessing(h_freq=12.0, resample_sfreq=32.0, baseline=(0.0, 0.1)),
    )
    model.fit_trials(train)
    _, proba = model.predict_trials(test)
    auc = roc_auc_score(test.y == "Target", proba[:, list(model.classes_).index("Target")])
    assert auc >= 0.72, auc
