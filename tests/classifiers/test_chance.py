"""The near-chance verdict: its bounds hold their level, good models pass, causes are named."""

from __future__ import annotations

import numpy as np
import pytest

from bcigui.classifiers.chance import (
    ChanceContext,
    ChanceVerdict,
    auc_bound,
    balanced_accuracy_null,
    chance_verdict,
    verdict_from_confusion,
)
from bcigui.classifiers.metrics import compute_metrics

CLASSES = ["NonTarget", "Target"]


def _random_result(rng: np.random.Generator, n: int, n_classes: int, share: float):
    """Labels with ``share`` of class 0, and predictions/probabilities unrelated to them."""
    p = [share, *([(1 - share) / (n_classes - 1)] * (n_classes - 1))]
    y = rng.choice(n_classes, size=n, p=p)
    proba = rng.dirichlet(np.ones(n_classes), size=n)
    return y, proba.argmax(axis=1), proba


@pytest.mark.parametrize(
    ("n", "n_classes", "share"), [(40, 2, 0.5), (120, 2, 0.83), (60, 3, 0.34), (300, 4, 0.25)]
)
def test_random_predictions_are_flagged_at_least_95_percent_of_the_time(
    n: int, n_classes: int, share: float
) -> None:
    rng = np.random.default_rng(n)
    classes = [f"c{i}" for i in range(n_classes)]
    flagged = 0
    runs = 200
    for _ in range(runs):
        y, y_pred, proba = _random_result(rng, n, n_classes, share)
        if len(np.unique(y)) < 2:
            flagged += 1
            continue
        flagged += chance_verdict(y, y_pred, proba, classes) is not None
    # the bound is the null's 95th percentile: at least 95 % of guesses fall at or below it
    # (4 % slack for 200 draws: the binomial SD is 1.5 %)
    assert flagged / runs >= 0.91


@pytest.mark.parametrize("n", [30, 60, 200])
def test_a_good_model_is_never_flagged(n: int) -> None:
    rng = np.random.default_rng(n)
    for _ in range(100):
        y = rng.choice(2, size=n, p=[0.7, 0.3])
        margin = np.where(y == 1, 1.0, -1.0) + rng.normal(scale=0.5, size=n)
        p1 = 1 / (1 + np.exp(-3 * margin))
        proba = np.c_[1 - p1, p1]
        assert chance_verdict(y, proba.argmax(axis=1), proba, CLASSES) is None


def test_the_bound_comes_from_the_class_counts_not_a_fixed_margin() -> None:
    y = np.array([0] * 10 + [1] * 10)
    few = float(np.quantile(balanced_accuracy_null(y, np.tile([0, 1], 10)), 0.95))
    y_many = np.array([0] * 500 + [1] * 500)
    many = float(np.quantile(balanced_accuracy_null(y_many, np.tile([0, 1], 500)), 0.95))
    assert few == pytest.approx(0.5 + 1.645 * 0.5 / np.sqrt(20), abs=0.06)
    assert many == pytest.approx(0.5 + 1.645 * 0.5 / np.sqrt(1000), abs=0.01)
    assert few > many + 0.1
    # a random ranking's AUC: sd sqrt((n1+n2+1)/(12 n1 n2)) (Mann-Whitney)
    assert auc_bound(10, 10) == pytest.approx(0.5 + 1.645 * np.sqrt(21 / 1200), abs=1e-4)


def test_majority_answers_are_flagged_with_the_class_shares() -> None:
    y = np.array([0] * 50 + [1] * 10)
    proba = np.tile([0.8, 0.2], (60, 1))
    verdict = chance_verdict(y, np.zeros(60, dtype=int), proba, np.array(CLASSES))
    assert verdict is not None
    assert verdict.single_class == "NonTarget"
    assert verdict.balanced_accuracy == 0.5 and verdict.chance_balanced_accuracy == 0.5
    text = verdict.text()
    assert "every trial was predicted as 'NonTarget'" in text
    assert "Class imbalance (NonTarget 83 %, Target 17 %)" in text
    assert "np.str_" not in text
    assert ChanceVerdict.from_dict(verdict.to_dict()) == verdict


def test_context_causes_are_worded_for_a_researcher() -> None:
    y = np.array([0, 1] * 10)
    context = ChanceContext(
        train_class_counts={"NonTarget": 40, "Target": 8},
        epochs_run=12,
        best_epoch=1,
        preprocessing="epochs 0.0-0.8 s, band-pass 1-30 Hz",
    )
    verdict = chance_verdict(y, np.zeros(20, dtype=int), None, CLASSES, context=context)
    assert verdict is not None
    causes = " ".join(verdict.causes)
    assert "Too few test trials (20)" in causes
    assert "'Target' has 8" in causes
    assert "Imbalanced training classes (NonTarget 83 %, Target 17 %)" in causes
    assert "Early stopping kept the weights of epoch 1" in causes
    assert "Preprocessing mismatch" in causes and "band-pass 1-30 Hz" in causes
    short = ChanceContext(epochs_run=2)
    verdict = chance_verdict(y, np.zeros(20, dtype=int), None, CLASSES, context=short)
    assert verdict is not None and any("only 2 epoch(s)" in c for c in verdict.causes)


def test_verdict_from_a_summed_confusion_matrix_matches_the_trials() -> None:
    y = np.array([0] * 30 + [1] * 30)
    y_pred = np.r_[np.zeros(16, int), np.ones(14, int), np.zeros(15, int), np.ones(15, int)]
    confusion = [[16, 14], [15, 15]]
    assert verdict_from_confusion(confusion, CLASSES) == chance_verdict(y, y_pred, None, CLASSES)


def test_compute_metrics_carries_the_verdict() -> None:
    y = np.array([0] * 20 + [1] * 20)
    bad = compute_metrics(y, np.tile([0.6, 0.4], (40, 1)), np.array(CLASSES))
    assert bad.chance_verdict is not None and "NEAR CHANCE" in bad.summary()
    assert bad.to_dict()["near_chance"]["single_class"] == "NonTarget"
    good_proba = np.c_[1 - y * 0.8 - 0.1, y * 0.8 + 0.1]
    good = compute_metrics(y, good_proba, np.array(CLASSES))
    assert good.near_chance is None and "NEAR CHANCE" not in good.summary()


def test_a_model_names_its_stored_preprocessing_as_a_possible_cause_at_inference() -> None:
    from bcigui.classifiers.chance import inference_context, training_context
    from bcigui.classifiers.config import InputAdapter
    from bcigui.classifiers.signal import SignalPreprocessing
    from bcigui.classifiers.svm import SVM
    from bcigui.data.synthetic import make_p300

    model = SVM(input_adapter=InputAdapter(decimate=4), signal=SignalPreprocessing(h_freq=30.0))
    epoching = {"tmin": 0.0, "tmax": 0.8, "l_freq": 1.0, "h_freq": 40.0, "baseline": None}
    model.fit_and_evaluate(
        make_p300(n_trials=60, random_state=0), make_p300(n_trials=30, random_state=1),
        provenance={"epoching": epoching},
    )  # fmt: skip
    assert training_context(model).preprocessing is None  # training and test match by design
    context = inference_context(model)
    assert context.train_class_counts == {"NonTarget": 50, "Target": 10}
    assert context.preprocessing == "epochs 0.0 to 0.8 s; band-pass 1.0-40.0 Hz; signal.h_freq=30.0"
