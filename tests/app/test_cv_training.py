"""Training with cross-validation instead of a test set: scores, refit, saved manifest."""

from __future__ import annotations

import json
import zipfile

import numpy as np
import pytest

from bcigui import SVM, InputAdapter
from bcigui.app.cv_training import fit_with_cross_validation, fold_mean_metrics
from bcigui.classifiers.progress import CancelToken
from bcigui.data.synthetic import make_p300
from bcigui.data.trialset import TrialSet, TrialSource
from bcigui.errors import Cancelled


@pytest.fixture(scope="module")
def grouped_trials() -> TrialSet:
    """120 synthetic P300 trials from three 'recordings' of 40."""
    trials = make_p300(n_trials=120, random_state=3)
    sources = tuple(TrialSource(f"run{i // 40}.fif", i % 40) for i in range(trials.n_trials))
    return TrialSet(trials=trials.trials, y=trials.y, sfreq=trials.sfreq,
                    ch_names=trials.ch_names, sources=sources)  # fmt: skip


def test_cross_validated_model_is_saved_with_its_scores(grouped_trials, isolated_store) -> None:
    model = SVM(input_adapter=InputAdapter(decimate=4))
    messages: list[float] = []
    result = fit_with_cross_validation(
        model, grouped_trials, scheme="grouped", n_splits=5, model_label="p300",
        progress=lambda f, m, **v: messages.append(f),
    )  # fmt: skip
    cv = result.cross_validation
    assert cv.n_splits == 3  # leave-one-recording-out: 3 groups < 5 folds
    held_out = sorted(g for f in cv.folds for g in f.test_groups)
    assert held_out == ["run0.fif", "run1.fif", "run2.fif"]
    assert result.metrics.balanced_accuracy == pytest.approx(cv.mean("balanced_accuracy"))
    assert np.sum(result.metrics.confusion_matrix) == grouped_trials.n_trials
    assert result.metrics.n_trials == grouped_trials.n_trials
    assert messages and messages[-1] == pytest.approx(1.0)
    assert result.saved_path is not None and result.saved_path.parent.name == "p300"
    with zipfile.ZipFile(result.saved_path) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    saved_cv = manifest["cross_validation"]
    assert saved_cv["scheme"] == "grouped" and len(saved_cv["folds"]) == 3
    assert manifest["metrics"] is None  # no test set: no test metrics
    summary = saved_cv["summary"]["balanced_accuracy"]["mean"]
    assert summary == pytest.approx(cv.mean("balanced_accuracy"))
    preds = SVM.load(result.saved_path).predict_trials(grouped_trials)[0]
    assert np.array_equal(preds, model.predict_trials(grouped_trials)[0])  # refit on all


def test_kfold_without_a_label_scores_and_saves_nothing(grouped_trials) -> None:
    model = SVM(input_adapter=InputAdapter(decimate=4))
    result = fit_with_cross_validation(model, grouped_trials, scheme="kfold", n_splits=3)
    metrics = fold_mean_metrics(result.cross_validation)
    assert metrics.roc_auc is not None and 0.5 < metrics.roc_auc <= 1.0
    assert result.saved_path is None


def test_cancel_saves_nothing(grouped_trials, isolated_store) -> None:
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        fit_with_cross_validation(
            SVM(), grouped_trials, model_label="p300", cancel=token
        )
    assert not list(isolated_store.rglob("*.bcimodel"))
