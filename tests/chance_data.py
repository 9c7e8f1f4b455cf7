"""Data that no classifier can beat chance on: noise with 80 % / 20 % labels."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from bcigui.data.trialset import TrialSet


def noise_trials(n_trials: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Noise trials ``(N, T, F)`` (seed orientation) and labels, 80 % NonTarget, shuffled."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n_trials, 64, 4)).astype(np.float32)
    y = np.array(["NonTarget"] * (n_trials * 4 // 5) + ["Target"] * (n_trials - n_trials * 4 // 5))
    return x, rng.permutation(y)


def noise_trialset(n_trials: int, seed: int) -> TrialSet:
    """:func:`noise_trials` as a TrialSet ``(N, channels, times)``."""
    x, y = noise_trials(n_trials, seed)
    return TrialSet.from_array(np.ascontiguousarray(x.transpose(0, 2, 1)), y)


def write_noise_trials(folder: Path, name: str, n_trials: int, seed: int) -> tuple[Path, Path]:
    """:func:`noise_trials` as a stack file and its label file (seed .npy contract)."""
    x, y = noise_trials(n_trials, seed)
    folder.mkdir(parents=True, exist_ok=True)
    x_path, y_path = folder / f"x_{name}.npy", folder / f"y_{name}.npy"
    np.save(x_path, x)
    np.save(y_path, y)
    return x_path, y_path
