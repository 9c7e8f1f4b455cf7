"""A study on the shared Muse P300 recordings (3 sessions, session-grouped, nested CV)."""

from __future__ import annotations

import pytest

from bcigui.app.study import run_study
from bcigui.study.executors import ExecutorSettings
from bcigui.study.spec import parse_spec
from tests.conftest import shared_data

pytestmark = [pytest.mark.slow, pytest.mark.realdata, pytest.mark.timeout(900)]

SPEC = """
metrics = ["roc_auc", "balanced_accuracy"]
[data]
recordings = [{files}]
event_map = {{ "1" = "NonTarget", "2" = "Target" }}
tmin = 0.0
tmax = 0.8
l_freq = 1.0
h_freq = 20.0
reject_uv = 100.0
[cv]
scheme = "grouped"
nested = 2
[[pipeline]]
model = "ShrinkageLDA"
[[pipeline]]
model = "XdawnRiemann"
grid = {{ nfilter = [2, 4] }}
[[pipeline]]
model = "SVM"
params = {{ kernel = "linear", C = 0.1, "input_adapter.decimate" = 8 }}
"""


def test_the_muse_study_compares_three_pipelines_session_grouped(tmp_path):
    folder = shared_data("muse-visual-p300")
    files = ", ".join(f'"{folder / f"visual_P300_subject1_session{i}_raw.fif"}"' for i in (1, 2, 3))
    spec = parse_spec(SPEC.format(files=files))
    outcome = run_study(
        spec, executor=ExecutorSettings("dask", 2), out_dir=tmp_path, store_dir=tmp_path / "s",
        label="muse-study",
    )  # fmt: skip
    assert len(outcome.rows) == 3 * (1 + 2 + 1) and outcome.summary.failed == 0
    assert {r.group for r in outcome.rows} == {
        f"visual_P300_subject1_session{i}_raw.fif" for i in (1, 2, 3)
    }
    by_name = {p.pipeline: p for p in outcome.summary.pipelines}
    assert set(by_name) == {"ShrinkageLDA", "XdawnRiemann", "SVM"}
    for pipeline in by_name.values():  # decodes well above chance across sessions
        assert pipeline.mean["roc_auc"] > 0.70, (pipeline.pipeline, pipeline.mean)
        assert pipeline.chance["roc_auc"] == 0.5
    assert len(outcome.summary.pairs) == 3 and len(outcome.saved) == 3
