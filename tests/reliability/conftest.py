"""Fixtures of the reliability suite: marker files that prove no code ran, tiny models.

Measurements that docs/reliability.md reports (soak, fault and load numbers) are written as
JSON into the folder named by ``BCIGUI_RELIABILITY_OUT`` when it is set (see
benchmarks/reliability_report.py); otherwise they only go to the log.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest

from tests.store.test_index import small_trials, tiny_svm

__all__ = ["small_trials", "tiny_svm"]  # shared session fixtures

logger = logging.getLogger(__name__)

OUT_ENV_VAR = "BCIGUI_RELIABILITY_OUT"


def record_numbers(name: str, numbers: dict[str, object]) -> None:
    """Keep the measured numbers of one test for the report (and log them)."""
    logger.info("%s: %s", name, numbers)
    folder = os.environ.get(OUT_ENV_VAR)
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        Path(folder, f"{name}.json").write_text(json.dumps(numbers, indent=2, default=str))


@pytest.fixture
def marker(tmp_path: Path) -> Path:
    """A file that a hostile payload would create if any of its code ran."""
    path = tmp_path / "pwned-marker"
    assert not path.exists()
    yield path
    assert not path.exists(), "hostile payload ran code"


@pytest.fixture(scope="session")
def tiny_svnn(small_trials):
    """A fitted one-epoch SVNN (Keras payload), for the cases that need a network model."""
    from bcigui import SVNN, InputAdapter

    model = SVNN(
        hidden_size=4, epochs=1, batch_size=32,
        input_adapter=InputAdapter(decimate=4, reduce_3d="mean_time_flat"),
    )  # fmt: skip
    return model.fit_trials(small_trials)
