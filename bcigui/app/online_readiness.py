"""Pseudo-online speller evaluation of a model: the "simulate speller" user action.

:func:`evaluate_online_readiness` epochs a labelled test recording with the model's stored epoch
settings, draws the model's ``P(target)`` of its target and non-target epochs into simulated
speller selections (:mod:`bcigui.online.pseudo_online`: random targets and flash orders, seeded)
and reports symbol accuracy and Wolpaw bit rate for 1..N fixed repetitions and with dynamic
stopping. The result is kept beside the model (:mod:`bcigui.store.readiness`) and shown by
:func:`bcigui.app.model_description.describe_online_readiness`.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bcigui.errors import DataError
from bcigui.online.pseudo_online import SpellerSimulation, simulate_speller, target_scores_of
from bcigui.online.runner import model_input
from bcigui.online.speller import SpellerLayout, StoppingRule, load_layout, matrix_layout

log = logging.getLogger(__name__)

#: Flash interval (stimulus onset asynchrony) when the layout file gives none (s).
DEFAULT_FLASH_INTERVAL_S = 0.25


@dataclass(frozen=True)
class OnlineReadiness:
    """What :func:`evaluate_online_readiness` found.

    Attributes
    ----------
    fixed : list of SpellerSimulation
        One per repetition count 1..N.
    dynamic : SpellerSimulation
        Dynamic stopping at the threshold, at most N repetitions.
    layout_name : str
        ``"6x6 matrix"`` or the layout file's name.
    recording : Path
    flash_interval_s : float
    n_target, n_nontarget : int
        Labelled epochs the scores were drawn from.
    """

    fixed: list[SpellerSimulation]
    dynamic: SpellerSimulation
    layout_name: str
    recording: Path
    flash_interval_s: float
    n_target: int
    n_nontarget: int

    def to_json(self) -> dict[str, Any]:
        """JSON-able dict (what is stored beside the model)."""
        return {
            "evaluated_utc": datetime.now(UTC).isoformat(timespec="seconds"),
            "layout": self.layout_name,
            "recording": str(self.recording),
            "recording_name": self.recording.name,
            "flash_interval_s": self.flash_interval_s,
            "n_target_epochs": self.n_target,
            "n_nontarget_epochs": self.n_nontarget,
            "fixed": [s.to_dict() for s in self.fixed],
            "dynamic": self.dynamic.to_dict(),
        }

    def table(self) -> str:
        """Accuracy and bit rate vs repetitions, then the dynamic stopping row."""

        def rate(s: SpellerSimulation) -> str:
            return "-" if s.bits_per_minute is None else f"{s.bits_per_minute:.1f}"

        lines = ["repetitions  accuracy  bits/min"]
        for s in self.fixed:
            lines.append(f"{s.rule.max_repetitions:11d}  {s.accuracy:8.2f}  {rate(s):>8}")
        d = self.dynamic
        lines.append(
            f"dynamic stopping at {d.rule.threshold}: accuracy {d.accuracy:.2f} in "
            f"{d.mean_repetitions:.1f} repetitions on average, {rate(d)} bits/min"
        )
        return "\n".join(lines)


def _layout(layout_file: Path | None) -> tuple[SpellerLayout, str, float]:
    if layout_file is None:
        return matrix_layout(), "6x6 matrix", DEFAULT_FLASH_INTERVAL_S
    layout = load_layout(layout_file)
    spec = json.loads(Path(layout_file).read_text(encoding="utf-8"))
    interval = spec.get("flash_interval_s", DEFAULT_FLASH_INTERVAL_S)
    if not isinstance(interval, int | float) or interval <= 0:
        raise DataError(f"{layout_file}: 'flash_interval_s' must be a positive number of seconds")
    return layout, Path(layout_file).name, float(interval)


def evaluate_online_readiness(
    model_path: Path,
    recording: Path,
    *,
    layout_file: Path | None = None,
    repetitions: int = 15,
    threshold: float = 0.9,
    selections: int = 50,
    seed: int = 0,
    target_class: str = "Target",
    store_dir: Path | None = None,
    save: bool = True,
) -> OnlineReadiness:
    """Simulate speller selections from a labelled recording; keep the result with the model.

    Parameters
    ----------
    model_path : Path
        A model trained on recordings (its stored epoch settings are applied).
    recording : Path
        A labelled test recording (events of the model's event map).
    layout_file : Path, optional
        A layout JSON (may give ``flash_interval_s``); the 6x6 matrix by default.
    repetitions : int
        Fixed repetitions 1..``repetitions`` are evaluated, and dynamic stopping at most this.
    threshold : float
        Dynamic stopping's posterior threshold.
    selections, seed : int
        Simulated selections per rule, and their seed (every rule sees the same draws).
    target_class : str
        The model's class of an attended flash.
    store_dir : Path, optional
        The store whose manager loads the model (default store when None).
    save : bool
        Write the result beside the model (``<model>.online.json``).

    Returns
    -------
    OnlineReadiness
    """
    from bcigui.app.live import load_live_model
    from bcigui.data.epoching import EpochSettings, epoch_recordings

    if repetitions < 1:
        raise DataError(f"--repetitions must be at least 1, got {repetitions}")
    model = load_live_model(model_path, store_dir)
    _, _, epoching = model_input(model)
    layout, layout_name, interval = _layout(layout_file)
    trials = epoch_recordings(recording, EpochSettings(**epoching))
    target, nontarget = target_scores_of(model, trials, target_class)
    if not len(target) or not len(nontarget):
        raise DataError(
            f"{recording} gives {len(target)} target and {len(nontarget)} non-target epochs; "
            "the simulation needs both (a labelled P300 recording)"
        )
    def simulate(rule: StoppingRule) -> SpellerSimulation:
        return simulate_speller(
            target, nontarget, layout, rule,
            n_selections=selections, seed=seed, flash_interval_s=interval,
        )  # fmt: skip

    fixed = [simulate(StoppingRule.fixed(n)) for n in range(1, repetitions + 1)]
    dynamic = simulate(StoppingRule(threshold, 1, repetitions))
    result = OnlineReadiness(
        fixed, dynamic, layout_name, Path(recording), interval, len(target), len(nontarget)
    )
    if save:
        from bcigui.store.readiness import write_readiness

        write_readiness(model_path, result.to_json())
    return result
