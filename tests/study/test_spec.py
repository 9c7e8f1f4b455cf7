"""Study specs: every bad input named (key, line, model, field), and the TOML round trip."""

from __future__ import annotations

import pytest

from bcigui.errors import ConfigError
from bcigui.study.spec import configurations, dump_spec, load_spec, parse_spec
from tests.study.conftest import spec_text

GOOD = """
metrics = ["roc_auc", "balanced_accuracy"]
seed = 3
[cv]
scheme = "grouped"
folds = 3
[[pipeline]]
model = "ShrinkageLDA"
[[pipeline]]
model = "SVM"
grid = { C = [0.1, 1.0], kernel = ["linear", "rbf"] }
"""


def test_a_good_spec_reads_and_round_trips(study_groups, tmp_path):
    spec = parse_spec(spec_text(study_groups, GOOD))
    assert [p.model for p in spec.pipelines] == ["ShrinkageLDA", "SVM"]
    assert spec.cv.scheme == "grouped" and spec.ranking_metric == "roc_auc"
    assert len(configurations(spec.pipelines[1], spec.seed)) == 4
    path = tmp_path / "again.toml"
    path.write_text(dump_spec(spec))
    assert load_spec(path) == spec


def test_recordings_take_the_epoch_keys_of_the_recording_dialog(tmp_path):
    text = """
[data]
recordings = ["a_raw.fif", "b_raw.fif"]
event_map = { "1" = "NonTarget", "2" = "Target" }
tmin = 0.0
tmax = 0.8
l_freq = 1.0
h_freq = 20.0
[[pipeline]]
model = "ShrinkageLDA"
"""
    spec = parse_spec(text, base_dir=tmp_path)
    assert spec.data.epoching is not None and spec.data.epoching.h_freq == 20.0
    assert spec.data.recordings[0] == (tmp_path / "a_raw.fif").resolve()
    assert parse_spec(dump_spec(spec)) == spec


def test_malformed_toml_names_the_line(study_groups):
    text = spec_text(study_groups, GOOD).replace('scheme = "grouped"', "scheme = grouped")
    with pytest.raises(ConfigError, match=r"malformed TOML.*line 4"):
        parse_spec(text)


@pytest.mark.parametrize(
    ("old", "new", "key", "line"),
    [
        ("folds = 3", "folds = 3\nfold = 2", r"cv\.fold", 6),
        ('model = "SVM"', 'model = "SVM"\ngird = { C = [1.0] }', r"pipeline\.1\.gird", 10),
        ("seed = 3", "seed = 3\nsede = 4", "sede", 3),
    ],
)
def test_an_unknown_key_is_named_with_its_line(study_groups, old, new, key, line):
    text = spec_text(study_groups, GOOD.replace(old, new))
    with pytest.raises(ConfigError, match=rf"line {line}: unknown key {key}"):
        parse_spec(text)


def test_an_unregistered_model_lists_the_registered_ones(study_groups):
    text = spec_text(study_groups, GOOD.replace('"ShrinkageLDA"', '"ShrinkLDA"'))
    with pytest.raises(ConfigError, match=r"'ShrinkLDA' is not registered; registered: .*SVM"):
        parse_spec(text)


def test_a_grid_value_outside_its_field_names_the_field(study_groups):
    text = spec_text(study_groups, GOOD.replace("C = [0.1, 1.0]", "C = [0.1, -1.0]"))
    with pytest.raises(ConfigError, match=r"pipeline 2 \(SVM\): SVM: C = -1\.0"):
        parse_spec(text)


def test_a_random_range_outside_its_field_names_the_field(study_groups):
    body = GOOD.replace(
        'grid = { C = [0.1, 1.0], kernel = ["linear", "rbf"] }',
        "random = { C = { low = -1.0, high = 10.0 } }\nn_iter = 4",
    )
    with pytest.raises(ConfigError, match=r"SVM: C = -1\.0"):
        parse_spec(spec_text(study_groups, body))


def test_random_draws_are_seeded_and_log_uniform_within_bounds(study_groups):
    body = GOOD.replace(
        'grid = { C = [0.1, 1.0], kernel = ["linear", "rbf"] }',
        "random = { C = { low = 0.01, high = 100.0, log = true } }\nn_iter = 6",
    )
    spec = parse_spec(spec_text(study_groups, body))
    draws = configurations(spec.pipelines[1], spec.seed)
    assert len(draws) == 6 and all(0.01 <= d["C"] <= 100.0 for d in draws)
    assert draws == configurations(spec.pipelines[1], spec.seed)
    assert draws != configurations(spec.pipelines[1], spec.seed + 1)


def test_data_must_be_recordings_or_trial_files():
    with pytest.raises(ConfigError, match="either recordings"):
        parse_spec('[data]\n[[pipeline]]\nmodel = "SVM"\n')


def test_an_unknown_metric_is_refused(study_groups):
    text = spec_text(study_groups, GOOD.replace('"roc_auc", ', '"auc", '))
    with pytest.raises(ConfigError, match=r"unknown metrics \['auc'\]"):
        parse_spec(text)
