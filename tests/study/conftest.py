"""Tiny study data: three groups of synthetic P300 trials as seed .npy files, and spec text."""

from __future__ import annotations

from pathlib import Path

import pytest


def write_groups(folder: Path, n_groups: int = 3, n_trials: int = 40) -> list[dict[str, object]]:
    """``n_groups`` groups of synthetic P300 trials (8 channels, 64 Hz) as stacked .npy files."""
    from bcigui.data.npy_io import write_seed_files
    from bcigui.data.synthetic import make_p300

    groups = []
    for g in range(n_groups):
        trials = make_p300(n_trials=n_trials, sfreq=64.0, target_ratio=0.3, random_state=g)
        x, y = write_seed_files(trials, folder / f"s{g}", layout="stack")
        groups.append({"x": [str(p) for p in x], "y": [str(p) for p in y], "group": f"s{g}"})
    return groups


def spec_text(groups: list[dict[str, object]], body: str) -> str:
    """A spec: the groups as ``[[data.trials]]`` tables, then ``body`` (cv, pipelines...)."""
    parts = []
    for g in groups:
        x = ", ".join(f'"{p}"' for p in g["x"])  # type: ignore[attr-defined]
        y = ", ".join(f'"{p}"' for p in g["y"])  # type: ignore[attr-defined]
        parts.append(f'[[data.trials]]\nx = [{x}]\ny = [{y}]\ngroup = "{g["group"]}"\n')
    return body.strip() + "\n\n" + "\n".join(parts)


@pytest.fixture(scope="session")
def study_groups(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, object]]:
    """Three tiny groups of trials, written once per session."""
    return write_groups(tmp_path_factory.mktemp("study-data"))
