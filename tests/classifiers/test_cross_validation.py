"""cross_validate: k-fold and grouped splits, permutation test, refit, progress and cancel."""

from __future__ import annotations

import json

import numpy as np
import pytest

from bcigui.classifiers.base import BaseClassifier
from bcigui.classifiers.cross_validation import cross_validate, make_splits, trial_groups
from bcigui.classifiers.progress import CancelToken
from bcigui.classifiers.shrinkage_lda import ShrinkageLDA
from bcigui.data.synthetic import make_p300
from bcigui.data.trialset import TrialSet, TrialSource
from bcigui.errors import Cancelled, DataError


def _sessions(ts: TrialSet, n_groups: int) -> TrialSet:
    """``ts`` with its trials spread over ``n_groups`` pretend recordings."""
    sources = tuple(TrialSource(f"session{i % n_groups}.fif", i) for i in range(ts.n_trials))
    return TrialSet(trials=ts.trials, y=ts.y, sfreq=ts.sfreq, ch_names=ts.ch_names,
                    sources=sources)  # fmt: skip


@pytest.fixture(scope="module")
def p300():
    return _sessions(make_p300(n_trials=180, snr=1.5, random_state=5), 3)


def test_kfold_scores_every_trial_once(p300):
    result = cross_validate(ShrinkageLDA(), p300, n_splits=4, refit=False)
    assert result.scheme == "kfold" and result.n_splits == 4
    assert result.splitter == "StratifiedKFold"
    assert sum(f.n_test for f in result.folds) == 180
    assert all(f.test_groups == [] for f in result.folds)
    auc = result.mean("roc_auc")
    assert auc is not None and auc > 0.8
    fold_aucs = [f.metrics["roc_auc"] for f in result.folds]
    assert len(set(fold_aucs)) > 1  # the folds differ, so the spread is not trivially 0
    assert auc == pytest.approx(np.mean(fold_aucs))
    assert result.std("roc_auc") == pytest.approx(np.std(fold_aucs))  # ddof=0, as documented
    assert result.chance_level == pytest.approx(np.mean(p300.y == "NonTarget"))
    assert "roc auc" in result.summary() and "chance" in result.summary()


def test_grouped_never_puts_a_group_on_both_sides(p300):
    y_idx = np.searchsorted(np.unique(p300.y), p300.y)
    groups = trial_groups(p300)
    splits, name, _ = make_splits(p300, y_idx, "grouped", 5, 0)
    assert name == "LeaveOneGroupOut" and len(splits) == 3  # 3 groups <= 5 splits
    for train, test in splits:
        assert not set(groups[train]) & set(groups[test])
    many = _sessions(p300, 6)
    splits, name, groups = make_splits(many, y_idx, "grouped", 3, 0)
    assert name == "GroupKFold" and len(splits) == 3
    for train, test in splits:
        assert not set(groups[train]) & set(groups[test])
    result = cross_validate(ShrinkageLDA(), p300, scheme="grouped", refit=False)
    assert [f.test_groups for f in result.folds] == [
        ["session0.fif"],
        ["session1.fif"],
        ["session2.fif"],
    ]


def test_grouped_needs_two_groups():
    one = make_p300(n_trials=60, random_state=0)  # every trial from one source
    with pytest.raises(DataError, match="at least 2 recordings"):
        cross_validate(ShrinkageLDA(), one, scheme="grouped")
    bare = TrialSet(trials=one.trials, y=one.y)  # no provenance at all
    with pytest.raises(DataError, match="at least 2 recordings"):
        cross_validate(ShrinkageLDA(), bare, scheme="grouped")


def test_kfold_needs_enough_trials_per_class():
    ts = make_p300(n_trials=30, target_ratio=0.1, random_state=0)  # 3 targets
    with pytest.raises(DataError, match="at least 5 trials of every class"):
        cross_validate(ShrinkageLDA(), ts, n_splits=5)


def test_permutation_p_value(p300):
    small = ShrinkageLDA(decimate=8)  # 8 x 14 features: 60 quick fits
    real = cross_validate(small, p300, n_splits=3, permutations=9, refit=False)
    assert real.permutation_metric == "roc_auc"
    assert len(real.permutation_scores) == 9
    assert real.p_value == pytest.approx(0.1)  # nothing beats the real labels: 1 / (9 + 1)
    rng = np.random.default_rng(0)
    noise = TrialSet(trials=p300.trials, y=rng.permutation(p300.y), sources=p300.sources)
    null = cross_validate(
        small, noise, scheme="grouped", permutations=9, refit=False, random_state=1
    )
    assert null.p_value is not None and null.p_value > 0.2  # random labels: no evidence


def test_refit_records_cv_in_the_model_and_its_file(p300, tmp_path):
    model = ShrinkageLDA()
    result = cross_validate(model, p300, scheme="grouped")
    info = model.training_info_["cross_validation"]
    assert info["scheme"] == "grouped" and info["n_splits"] == 3
    assert info["summary"]["roc_auc"]["mean"] == pytest.approx(result.mean("roc_auc"))
    json.dumps(info, allow_nan=False)  # JSON-safe, no NaN
    loaded = BaseClassifier.load(model.save(tmp_path / "cv.bcimodel"))
    assert loaded.training_info_["cross_validation"]["summary"] == info["summary"]


def test_progress_and_cancel(p300):
    seen: list[float] = []
    cross_validate(ShrinkageLDA(), p300, n_splits=3,
                   progress=lambda f, m, **v: seen.append(f))  # fmt: skip
    assert seen == sorted(seen) and seen[-1] == 1.0
    token = CancelToken()

    def cancel_after_first_fold(fraction: float, message: str, **values: object) -> None:
        if fraction > 0.3:
            token.cancel()

    model = ShrinkageLDA()
    with pytest.raises(Cancelled):
        cross_validate(model, p300, n_splits=3, progress=cancel_after_first_fold, cancel=token)
    assert not hasattr(model, "classes_")  # the refit never happened


def test_library_index_carries_cv_scores(p300, isolated_store):
    from bcigui.store.manager import ModelManager

    model = ShrinkageLDA()
    result = cross_validate(model, p300, scheme="grouped")
    manager = ModelManager(isolated_store)
    try:
        manager.save_and_cache(model, model.model_type, "p300")
        (record,) = manager.list(sort="cv_roc_auc")
        assert record.cv_scheme == "grouped x3"
        assert record.cv_roc_auc == pytest.approx(result.mean("roc_auc"))
        assert record.cv_balanced_accuracy == pytest.approx(result.mean("balanced_accuracy"))
        assert record.accuracy is None  # no held-out test set: only CV scores
    finally:
        manager.close()
