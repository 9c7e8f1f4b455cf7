"""The lab's guide walkthrough, run with only the import line changed, for every classifier."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bcigui import SVM, SVNN, LSTMNet, TrainResult
from bcigui.classifiers.metrics import EvaluationMetrics
from bcigui.classifiers.network import NetworkClassifier
from bcigui.classifiers.registry import available_types
from bcigui.data.npy_io import read_trials_file
from tests.classifiers.models import FACTORIES, small_model

#: Every registered classifier: each one goes through the seed API.
MODEL_TYPES = sorted(available_types())


@pytest.fixture(scope="module")
def trained(p300_files, tmp_path_factory):
    """Each registered classifier trained once through the seed fit() with model_label."""
    from bcigui.modelfile import paths

    store = tmp_path_factory.mktemp("seedstore")
    paths.set_default_store_dir(store)
    out = {}
    try:
        for name in MODEL_TYPES:
            cfg = small_model(name)
            cls = type(cfg)
            result = cls.fit(
                cfg,
                p300_files["xTest"], p300_files["yTest"],
                p300_files["xTrain"], p300_files["yTrain"],
                epochs=getattr(cfg, "epochs", None), batch_size=32, model_label="p300",
            )  # fmt: skip
            out[name] = (cfg, result)
    finally:
        paths.set_default_store_dir(None)
    return out


@pytest.mark.parametrize("name", MODEL_TYPES)
def test_fit_returns_train_result_and_saves(trained, name):
    cfg, result = trained[name]
    assert isinstance(result, TrainResult)
    assert result.model is cfg
    assert 0.0 <= result.metrics.accuracy <= 1.0
    assert result.training_seconds > 0
    assert result.saved_path is not None and result.saved_path.exists()
    assert result.saved_path.parent.name == "p300"
    assert result.saved_path.name.startswith(f"{cfg.model_type}_")
    assert result.saved_path.suffix == ".bcimodel"
    versions = result.hyperparams["versions"]
    for lib in ("python", "numpy", "scikit-learn", "tensorflow", "keras", "bcigui"):
        assert versions.get(lib), f"{lib} version missing"
    if isinstance(cfg, NetworkClassifier):
        assert len(result.history["loss"]) == cfg.epochs
        assert "val_loss" in result.history and "val_accuracy" in result.history


@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_synthetic_p300_balanced_accuracy(trained, name):
    """Acceptance: the seed's classifiers, in their tuned small settings, reach the demo-set
    targets of the defaults issue (balanced accuracy >= 0.80, ROC-AUC >= 0.85) at the default
    SNR (the others train one cheap epoch or with defaults here; bench_decoding measures them
    on real data). The bar was 0.85 / 0.90 while the generator's trial means gave the class
    away; without that artefact these settings reach 0.84-0.86 / 0.85-0.90."""
    _, result = trained[name]
    assert result.metrics.balanced_accuracy >= 0.80, result.metrics.summary()
    assert result.metrics.roc_auc is not None and result.metrics.roc_auc >= 0.85


@pytest.mark.parametrize("name", MODEL_TYPES)
def test_query_labels_and_probabilities(trained, p300_files, name):
    cfg, _ = trained[name]
    cls = type(cfg)
    seqs = [read_trials_file(p)[0].T for p in p300_files["xTest"][:5]]  # seed (T, F) arrays
    preds = cls.query(cfg, seqs)
    assert set(np.asarray(preds).tolist()) <= {"NonTarget", "Target"}
    preds2, probs = cls.query(cfg, seqs, return_logits=True)
    assert np.array_equal(preds, preds2)
    assert probs.shape == (5, 2)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-6)
    # paths give the same answer as arrays
    np.testing.assert_allclose(
        cls.query(cfg, p300_files["xTest"][:5], return_logits=True)[1], probs, atol=1e-6
    )


@pytest.mark.parametrize("name", MODEL_TYPES)
def test_generate_path_save_load_in_fresh_process(trained, p300_files, tmp_path, name):
    """cfg.save(path); Model.load(path) in a new interpreter: same predictions and probabilities."""
    cfg, _ = trained[name]
    cls = type(cfg)
    path = cls._generate_model_path("p300")
    assert path.parent.name == "p300" and path.name.startswith(f"{cls.model_type}_")
    cfg.save(path)
    preds, probs = cls.query(cfg, p300_files["xTest"], return_logits=True)
    script = (
        "import json, sys, numpy as np\n"
        f"from bcigui import {cls.__name__} as M\n"
        "m = M.load(sys.argv[1])\n"
        "xs = json.loads(sys.argv[2])\n"
        "p, pr = M.query(m, xs, return_logits=True)\n"
        "np.save(sys.argv[3], pr)\n"
        "print(json.dumps([str(v) for v in p]))\n"
    )
    out_file = tmp_path / "probs.npy"
    proc = subprocess.run(
        [sys.executable, "-c", script, str(path),
         json.dumps([str(p) for p in p300_files["xTest"]]), str(out_file)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == [str(v) for v in preds]
    np.testing.assert_allclose(np.load(out_file), probs, rtol=1e-5, atol=1e-6)


def test_train_legacy_returns_metrics(p300_files):
    svm = SVM(kernel="rbf", C=1.0, probability=True)
    metrics = SVM.train(
        svm, xTest=p300_files["xTest"], yTest=p300_files["yTest"],
        xTrain=p300_files["xTrain"], yTrain=p300_files["yTrain"], epochs=50, batch_size=32,
        model_label="p300",
    )  # fmt: skip
    assert isinstance(metrics, EvaluationMetrics)
    assert metrics.roc_auc is not None and metrics.roc_auc > 0.5  # the seed's binary ROC-AUC was 0
    saved = list(Path(SVM._generate_model_path("p300")).parent.glob("svm_*.bcimodel"))
    assert len(saved) == 1


def test_svm_walkthrough_exact_calls(p300_files):
    """`svm = SVM(kernel="rbf", C=1.0, probability=True)`; `SVM.fit(svm, ...)`; `SVM.query`."""
    svm = SVM(kernel="rbf", C=1.0, probability=True)
    SVM.fit(
        svm,
        p300_files["xTest"],
        p300_files["yTest"],
        p300_files["xTrain"],
        p300_files["yTrain"],
        model_label="p300",
    )
    preds = SVM.query(svm, p300_files["xTest"][:3])
    assert len(preds) == 3


def test_multiclass_inner_speech(inner_files):
    """Four string classes end to end; predictions are the user's own label values."""
    svm = SVM(C=1.0)
    result = SVM.fit(
        svm,
        inner_files["xTest"],
        inner_files["yTest"],
        inner_files["xTrain"],
        inner_files["yTrain"],
    )
    assert result.metrics.classes == ["abajo", "arriba", "derecha", "izquierda"]
    assert result.metrics.roc_auc is not None and result.metrics.roc_auc > 0.6
    assert np.asarray(result.metrics.confusion_matrix).shape == (4, 4)
    # chance 0.25; the demo inner-speech set is hard for an SVM on samples (0.35 here; its
    # information is mostly in band power, see make_inner_speech)
    assert result.metrics.balanced_accuracy > 0.3
    assert set(SVM.query(svm, inner_files["xTest"][:8]).tolist()) <= set(result.metrics.classes)


def test_same_second_saves_do_not_overwrite(trained):
    cfg, _ = trained["svm"]
    paths_ = {cfg.save(SVM._generate_model_path("p300")) for _ in range(20)}
    assert len(paths_) == 20 and all(p.exists() for p in paths_)


def test_loading_other_type_is_a_clear_error(trained, tmp_path):
    cfg, _ = trained["svm"]
    path = cfg.save(tmp_path / "m.bcimodel")
    with pytest.raises(Exception, match="SVM model"):
        LSTMNet.load(path)
    assert isinstance(SVNN.load.__self__, type)  # classmethod API stays
