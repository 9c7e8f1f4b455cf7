"""EEGNet: geometry from the sampling rate, short training runs, save/load, errors."""

from __future__ import annotations

import json
import zipfile

import numpy as np
import pytest

from bcigui.classifiers.base import BaseClassifier
from bcigui.classifiers.eegnet import EEGNet
from bcigui.data.synthetic import make_inner_speech, make_p300
from bcigui.data.trialset import TrialSet
from bcigui.errors import ConfigError, DataError


def _quick(**kw) -> EEGNet:
    return EEGNet(epochs=2, batch_size=32, validation_fraction=0.0, **kw)


@pytest.fixture(scope="module")
def trained():
    ts = make_p300(n_trials=96, sfreq=256.0, random_state=4)  # 232 samples at 256 Hz
    return _quick(F1=4, D=2).fit_trials(ts), ts


def test_geometry_follows_the_sampling_rate():
    net = EEGNet()
    assert net.network_sfreq(256.0) == 128.0  # decimated by 2 to the paper's rate
    assert net.kernel_lengths(128.0) == (64, 16)
    assert net.network_sfreq(160.0) == 160.0  # 160/128 rounds to 1: kept
    assert net.kernel_lengths(160.0) == (80, 20)
    assert EEGNet(kernel_length=32, separable_kernel_length=8).kernel_lengths(128.0) == (32, 8)
    assert EEGNet(target_sfreq=None).network_sfreq(512.0) == 512.0


def test_network_layers_and_decimation(trained):
    model, _ = trained
    assert model.preprocessing_.adapter.decimate == 2
    net = model.network_
    assert net.input_shape == (None, 8, 116, 1)
    temporal = net.get_layer("temporal_conv")
    assert temporal.kernel_size == (1, 64) and temporal.filters == 4
    assert net.get_layer("spatial_conv").kernel_size == (8, 1)
    assert net.get_layer("separable_conv").filters == 8  # F1 x D
    assert net.output_shape == (None, 2)
    # per-channel standardisation fitted on the training data
    assert model.preprocessing_.mean.shape == (8,)


def test_predictions_and_identical_after_save_load(trained, tmp_path):
    model, ts = trained
    proba = model.predict_proba(ts.X[:10])
    assert proba.shape == (10, 2) and np.allclose(proba.sum(axis=1), 1)
    path = model.save(tmp_path / "eegnet.bcimodel")
    loaded = BaseClassifier.load(path)
    assert isinstance(loaded, EEGNet)
    np.testing.assert_allclose(loaded.predict_proba(ts.X[:10]), proba, atol=1e-6)
    with zipfile.ZipFile(path) as outer:
        names = outer.namelist()
    assert "model.keras" in names or any(n.endswith(".keras") for n in names)


def test_no_lambda_layers(trained):
    model, _ = trained
    config = json.dumps(model.network_.get_config())
    assert "Lambda" not in config


def test_wrong_length_query_is_refused(trained):
    model, ts = trained
    with pytest.raises(DataError, match="232 time samples"):
        model.predict_proba(ts.X[:3, :, :200])


def test_too_short_trials_are_refused():
    ts = make_p300(n_trials=20, sfreq=64.0, tmin=0.0, tmax=0.3, random_state=0)  # 19 samples
    with pytest.raises(ConfigError, match="pool1 x pool2"):
        _quick().fit_trials(ts)


def test_four_classes_with_unknown_rate_uses_sfreq_field():
    ts = make_inner_speech(n_trials=40, n_channels=4, duration=0.5, random_state=0)
    bare = TrialSet.from_array(ts.X, ts.y)  # no sampling rate
    model = _quick(sfreq=128.0, F1=2, D=1).fit_trials(bare)
    assert model.network_.get_layer("temporal_conv").kernel_size == (1, 64)
    assert model.predict_proba(bare.X).shape == (40, 4)


def test_count_params_without_data():
    net = EEGNet()
    # EEGNet-8,2 on 4 channels x 1 s at 128 Hz, 2 classes: conv 512, BN 4x8+4x16, spatial 64,
    # separable 16x16 + 16x16, dense (16 x 4) x 2 + 2
    n = net.count_params(4, 2, n_times=128, data_sfreq=128.0)
    assert n == net.count_params(4, 2)  # default: one second at the network's rate
    assert n < 2000
    assert net.count_params(4, 2, n_times=256, data_sfreq=256.0) == n  # decimated to 128 Hz
