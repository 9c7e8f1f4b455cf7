"""Task expansion, outer and inner folds (no leakage), nested selection and the statistics."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from scipy.stats import wilcoxon

from bcigui.study.compare import (
    nested_selection,
    permutation_p,
    summarize,
    wilcoxon_pair,
)
from bcigui.study.data import DataRef, data_hash, load_data
from bcigui.study.spec import parse_spec
from bcigui.study.tasks import ResultRow, expand_tasks, inner_splits, run_task
from tests.study.conftest import spec_text

BODY = """
[cv]
scheme = "{scheme}"
folds = 3
nested = 2
[[pipeline]]
model = "ShrinkageLDA"
[[pipeline]]
model = "SVM"
grid = {{ C = [0.1, 1.0] }}
"""


def _study(groups, scheme):
    spec = parse_spec(spec_text(groups, BODY.format(scheme=scheme)))
    ref = DataRef.of(spec.data)
    data = load_data(ref)
    return spec, ref, data, expand_tasks(spec, ref, data, data_hash(ref))


@pytest.mark.parametrize(("scheme", "n_folds"), [("stratified", 9), ("grouped", 3), ("loso", 3)])
def test_tasks_are_folds_times_configurations(study_groups, scheme, n_folds):
    _spec, _, data, tasks = _study(study_groups, scheme)
    assert len(tasks) == n_folds * (1 + 2)
    assert len({t.key for t in tasks}) == len(tasks)
    for task in tasks:
        assert not set(task.train) & set(task.test)
        assert task.inner_folds == (2 if task.model == "SVM" else 0)
        if scheme != "stratified":  # a held-out group is wholly on the test side
            assert set(data.groups[task.test]) == {task.group}
            assert task.group not in set(data.groups[task.train])
        else:
            assert set(data.groups[task.test]) == set(data.groups[task.train]) == {task.group}


def test_inner_folds_come_from_the_outer_training_part_only(study_groups):
    _, _, data, tasks = _study(study_groups, "grouped")
    y = np.asarray(data.trials.y)
    for task in tasks:
        pairs = inner_splits(y, data.groups, task.train, task.scheme, 2, 0)
        assert pairs
        for inner_train, inner_test in pairs:
            assert set(inner_train) | set(inner_test) <= set(task.train)
            assert not (set(inner_train) | set(inner_test)) & set(task.test)


def _row(pipeline, params, fold, score, inner=None, perms=()):
    return ResultRow(
        pipeline=pipeline, model=pipeline, params=json.dumps(params),
        config_id=f"{pipeline}{params}", group="g", fold=fold, scores={"roc_auc": score},
        inner_score=inner,
        permutation_scores=list(perms), n_train=10, n_test=5, fit_seconds=0.1,
        predict_seconds=0.01, worker="w", key=f"{pipeline}{params}{fold}",
    )  # fmt: skip


def test_nested_selection_uses_the_inner_score_never_the_outer_one():
    rows = [
        _row("SVM", {"C": 1}, 0, score=0.95, inner=0.60),  # best outer, worse inner
        _row("SVM", {"C": 2}, 0, score=0.70, inner=0.80),
        _row("SVM", {"C": 1}, 1, score=0.90, inner=0.85),
        _row("SVM", {"C": 2}, 1, score=0.65, inner=0.75),
    ]
    chosen = nested_selection(rows)["SVM"]
    assert chosen[("g", 0)].params == json.dumps({"C": 2})
    assert chosen[("g", 1)].params == json.dumps({"C": 1})
    summary = summarize(rows, ["roc_auc"], "roc_auc", [0, 1, 0, 1])
    (svm,) = summary.pipelines
    assert svm.mean["roc_auc"] == pytest.approx((0.70 + 0.90) / 2)  # not the optimistic 0.925
    assert svm.best.params == json.dumps({"C": 1})  # best mean over all folds is refitted
    assert {c.params: c.selected for c in summary.configs} == {
        json.dumps({"C": 1}): 1, json.dumps({"C": 2}): 1,
    }  # fmt: skip


def test_wilcoxon_pair_matches_scipy_and_the_rank_biserial_by_hand():
    a = [0.80, 0.75, 0.90, 0.70, 0.85, 0.60]
    b = [0.70, 0.76, 0.80, 0.65, 0.70, 0.62]
    pair = wilcoxon_pair("a", "b", a, b)
    expected = wilcoxon(np.subtract(a, b))
    assert pair.p_value == pytest.approx(expected.pvalue)
    assert pair.statistic == pytest.approx(expected.statistic)
    # differences 0.10 -0.01 0.10 0.05 0.15 -0.02: ranks of |d| 4.5 1 4.5 3 6 2
    assert pair.effect_size == pytest.approx((4.5 + 4.5 + 3 + 6 - 1 - 2) / 21)
    assert pair.mean_difference == pytest.approx(np.mean(np.subtract(a, b)))
    same = wilcoxon_pair("a", "b", a, a)
    assert same.p_value is None and same.effect_size == 0.0


def test_permutation_p_counts_null_means_at_or_above_the_observed_one():
    rows = [
        _row("LDA", {}, 0, 0.80, perms=[0.5, 0.9, 0.4, 0.6]),
        _row("LDA", {}, 1, 0.70, perms=[0.5, 0.8, 0.6, 0.5]),
    ]
    # observed mean 0.75; null means 0.5 0.85 0.5 0.55 -> one at or above
    assert permutation_p(rows, "roc_auc") == pytest.approx((1 + 1) / (4 + 1))
    assert permutation_p([_row("LDA", {}, 0, 0.8)], "roc_auc") is None


def test_summary_ranks_pipelines_and_names_the_chance_level():
    rows = [_row("A", {}, f, s) for f, s in enumerate([0.8, 0.82, 0.79])]
    rows += [_row("B", {}, f, s) for f, s in enumerate([0.6, 0.65, 0.58])]
    summary = summarize(rows, ["roc_auc"], "roc_auc", ["x", "y", "y"])
    assert [p.pipeline for p in summary.pipelines] == ["A", "B"]
    assert [p.rank for p in summary.pipelines] == [1, 2]
    assert summary.pipelines[0].chance == {"roc_auc": 0.5}
    (pair,) = summary.pairs
    assert pair.a == "A" and pair.effect_size == 1.0 and pair.n == 3
    assert "A" in summary.leaderboard().splitlines()[1]


def test_a_task_runs_in_this_process_and_scores_its_fold(study_groups):
    _, _, _, tasks = _study(study_groups, "grouped")
    svm = next(t for t in tasks if t.model == "SVM")
    row = run_task(svm)
    assert row.ok and row.inner_score is not None
    assert 0.0 <= row.scores["roc_auc"] <= 1.0 and not math.isnan(row.scores["roc_auc"])
    assert row.n_test == len(svm.test) and row.fit_seconds > 0
    again = run_task(svm)
    assert again.scores == row.scores and again.inner_score == row.inner_score


def test_permutations_refit_on_labels_shuffled_within_the_training_fold(study_groups):
    spec = parse_spec(
        spec_text(
            study_groups,
            '[cv]\nscheme = "loso"\npermutations = 3\n[[pipeline]]\nmodel = "ShrinkageLDA"\n',
        )
    )
    ref = DataRef.of(spec.data)
    (task, *_) = expand_tasks(spec, ref, load_data(ref), data_hash(ref))
    row = run_task(task)
    assert len(row.permutation_scores) == 3
    assert all(0.0 <= s <= 1.0 for s in row.permutation_scores)
    # shuffled labels carry no P300: the null scores sit below the real one
    assert max(row.permutation_scores) < row.scores["balanced_accuracy"]
    assert permutation_p([row], "balanced_accuracy") == pytest.approx(1 / 4)
