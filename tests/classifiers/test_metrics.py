"""Metrics: binary ROC-AUC from the positive-class probability, multiclass OvR, chance level."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from bcigui.classifiers.metrics import EvaluationMetrics, compute_metrics


def test_binary_roc_auc_uses_positive_class_probability():
    y = np.array([0, 0, 1, 1, 0, 1])
    p1 = np.array([0.1, 0.4, 0.35, 0.8, 0.2, 0.9])
    m = compute_metrics(y, np.column_stack([1 - p1, p1]), np.array(["NonTarget", "Target"]))
    assert m.roc_auc == pytest.approx(roc_auc_score(y, p1))
    assert m.roc_auc > 0.5  # the prototype reported 0 for every binary model


def test_multiclass_ovr_macro_and_confusion_order():
    rng = np.random.default_rng(0)
    y = np.repeat(np.arange(4), 10)
    proba = rng.dirichlet(np.ones(4), size=40)
    proba[np.arange(40), y] += 1.0
    proba /= proba.sum(axis=1, keepdims=True)
    classes = np.array(["abajo", "arriba", "derecha", "izquierda"])
    m = compute_metrics(y, proba, classes)
    assert m.roc_auc == pytest.approx(roc_auc_score(y, proba, multi_class="ovr", average="macro"))
    assert m.classes == list(classes)
    cm = np.array(m.confusion_matrix)
    assert cm.shape == (4, 4) and cm.sum() == 40 and np.trace(cm) == round(m.accuracy * 40)


def test_chance_level_is_majority_rate_and_balanced_accuracy():
    y = np.array([0] * 8 + [1] * 2)
    proba = np.tile([0.9, 0.1], (10, 1))  # always predicts the majority
    m = compute_metrics(y, proba, np.array([1, 2]))
    assert m.chance_level == pytest.approx(0.8)
    assert m.accuracy == pytest.approx(0.8)
    assert m.balanced_accuracy == pytest.approx(0.5)
    assert m.classes == [1, 2]


def test_roc_auc_is_none_when_a_class_is_missing_from_the_test_set():
    y = np.array([0, 0, 0])
    m = compute_metrics(y, np.tile([0.6, 0.3, 0.1], (3, 1)), np.array(["a", "b", "c"]))
    assert m.roc_auc is None


def test_round_trip_dict():
    m = compute_metrics(np.array([0, 1]), np.array([[0.7, 0.3], [0.2, 0.8]]), np.array([0, 1]))
    assert EvaluationMetrics.from_dict(m.to_dict()) == m
