"""Speller layouts, Bayesian evidence accumulation and stopping rules (pure, fast)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bcigui.errors import DataError, DataFileError
from bcigui.online.speller import (
    SpellerEvidence,
    StoppingRule,
    load_layout,
    matrix_layout,
)

pytestmark = pytest.mark.timeout(30)


def test_the_default_matrix_has_six_rows_six_columns_and_every_symbol_in_one_of_each():
    layout = matrix_layout()
    assert layout.n_symbols == 36
    assert len(layout.groups) == 12
    assert layout.groups_of("A") == ["row1", "col1"]
    assert layout.groups_of("_") == ["row6", "col6"]
    assert layout.members("row2").sum() == 6


def _spell(layout, target: str, rng, p_target=0.8, p_other=0.2, repetitions=3):
    evidence = SpellerEvidence(layout)
    for _ in range(repetitions):
        for g in rng.permutation(layout.group_names):
            inside = layout.members(g)[layout.symbols.index(target)]
            evidence.add(g, p_target if inside else p_other)
    return evidence


def test_consistent_scores_select_the_target_with_a_high_posterior():
    layout = matrix_layout()
    evidence = _spell(layout, "Q", np.random.default_rng(0))
    decision = evidence.decision()
    assert decision.symbol == "Q"
    assert decision.posterior > 0.99
    assert decision.n_flashes == 36 and decision.n_repetitions == 3
    assert evidence.posterior().sum() == pytest.approx(1.0)


def test_one_flash_fuses_as_bayes_rule_says():
    layout = matrix_layout(2, 2, ["A", "B", "C", "D"])
    evidence = SpellerEvidence(layout)
    evidence.add("row1", 0.9)  # A, B flashed
    post = evidence.posterior()
    # likelihoods 0.9 for A, B and 0.1 for C, D, uniform prior
    np.testing.assert_allclose(post, [0.45, 0.45, 0.05, 0.05])


def test_uninformative_scores_leave_the_uniform_posterior():
    layout = matrix_layout()
    evidence = SpellerEvidence(layout)
    for g in layout.group_names:
        evidence.add(g, 0.5)
    np.testing.assert_allclose(evidence.posterior(), np.full(36, 1 / 36))


def test_a_prior_array_and_a_prior_hook_shift_the_decision():
    layout = matrix_layout(2, 2, ["A", "B", "C", "D"])
    evidence = SpellerEvidence(layout, prior=np.array([1.0, 9.0, 0.0, 0.0]))
    evidence.add("row1", 0.9)
    assert evidence.decision().symbol == "B"
    seen = []

    def language_model(lay, spelled):
        seen.append(list(spelled))
        return np.array([0.1, 0.1, 0.1, 0.7])

    hooked = SpellerEvidence(layout, prior=language_model, spelled=["C", "A"])
    assert seen == [["C", "A"]]
    assert hooked.decision().symbol == "D"
    with pytest.raises(DataError, match="4 non-negative"):
        SpellerEvidence(layout, prior=np.ones(3))


def test_dynamic_stopping_stops_early_on_clear_evidence_but_not_before_the_minimum():
    layout = matrix_layout()
    rule = StoppingRule(threshold=0.95, min_repetitions=2, max_repetitions=10)
    evidence = SpellerEvidence(layout)
    target = layout.symbols.index("K")
    rng = np.random.default_rng(1)
    stopped_at = None
    for rep in range(10):
        for g in rng.permutation(layout.group_names):
            evidence.add(g, 0.95 if layout.members(g)[target] else 0.05)
            if rule.should_stop(evidence):
                stopped_at = rep
                break
        if stopped_at is not None:
            break
    assert stopped_at is not None
    assert evidence.n_repetitions == 2  # clear evidence: the minimum is what it takes
    assert evidence.decision().symbol == "K"


def test_fixed_repetitions_run_to_the_count_and_dynamic_stops_at_the_maximum():
    layout = matrix_layout()
    fixed = StoppingRule.fixed(3)
    evidence = SpellerEvidence(layout)
    for rep in range(3):
        for g in layout.group_names:
            assert not fixed.should_stop(evidence) or rep == 3
            evidence.add(g, 0.99 if g in ("row1", "col1") else 0.01)
    assert fixed.should_stop(evidence)
    assert evidence.n_repetitions == 3
    never = StoppingRule(threshold=0.999999, min_repetitions=1, max_repetitions=2)
    flat = SpellerEvidence(layout)
    for _ in range(2):
        for g in layout.group_names:
            flat.add(g, 0.5)
    assert never.should_stop(flat)  # the maximum ends a selection that never gets sure
    with pytest.raises(DataError, match="min"):
        StoppingRule(0.9, 5, 2)
    with pytest.raises(DataError, match="threshold"):
        StoppingRule(1.5)


def test_a_json_layout_with_checkerboard_groups_loads(tmp_path: Path):
    spec = {
        "symbols": ["A", "B", "C", "D", "E", "F"],
        "groups": {"black": ["A", "C", "E"], "white": ["B", "D", "F"], "pair": ["A", "B"]},
    }
    path = tmp_path / "checker.json"
    path.write_text(json.dumps(spec))
    layout = load_layout(path)
    assert layout.group_names == ["black", "white", "pair"]
    evidence = SpellerEvidence(layout)
    evidence.add("black", 0.9)
    evidence.add("pair", 0.9)
    assert evidence.decision().symbol == "A"


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("{not json", "JSON"),
        ('["A"]', "'symbols' and 'groups'"),
        ('{"groups": {"g": ["A"]}}', "'symbols'"),
        ('{"symbols": ["A", "A"], "groups": {"g": ["A"]}}', "twice"),
        ('{"symbols": ["A"]}', "'groups'"),
        ('{"symbols": ["A"], "groups": {"g": []}}', "groups.g"),
        ('{"symbols": ["A", "B"], "groups": {"g": ["A", "Z"]}}', "groups.g.*'Z'"),
    ],
)
def test_a_malformed_layout_names_the_file_and_the_field(tmp_path: Path, text: str, field: str):
    path = tmp_path / "bad-layout.json"
    path.write_text(text)
    with pytest.raises(DataFileError, match=field) as info:
        load_layout(path)
    assert "bad-layout.json" in str(info.value)


def test_a_marker_naming_no_group_is_refused_with_the_groups():
    evidence = SpellerEvidence(matrix_layout())
    with pytest.raises(DataError, match=r"row7.*no flash group"):
        evidence.add("row7", 0.5)
