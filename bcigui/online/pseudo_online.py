"""Pseudo-online evaluation: simulated speller selections from labelled epochs.

From classifier scores of labelled epochs of a test recording (``P(target)`` for each target
and non-target epoch), :func:`simulate_speller` spells ``n_selections`` random target symbols,
flashing the layout's groups in a random order each repetition; a flash containing the target
draws a target epoch's score, any other flash a non-target epoch's score (drawn at random with
replacement: a short recording serves many selections). Everything is seeded. It reports the
symbol accuracy, the mean number of flashes and repetitions per selection, the chance level
(``1 / n_symbols``) and the Wolpaw information transfer rate, so fixed repetitions and dynamic
stopping can be compared on the same draws.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from bcigui.errors import DataError
from bcigui.online.speller import SpellerEvidence, SpellerLayout, StoppingRule

if TYPE_CHECKING:
    from bcigui.classifiers.base import BaseClassifier
    from bcigui.data.trialset import TrialSet


@dataclass(frozen=True)
class SpellerSimulation:
    """Result of :func:`simulate_speller`.

    Attributes
    ----------
    accuracy : float
        Fraction of selections that chose the target symbol.
    chance : float
        ``1 / n_symbols``.
    mean_flashes, mean_repetitions : float
        Evidence used per selection.
    bits_per_selection : float
        Wolpaw bits for this accuracy and number of symbols.
    bits_per_minute : float or None
        With ``flash_interval_s``: bits per minute of flashing.
    n_selections : int
    rule : StoppingRule
    """

    accuracy: float
    chance: float
    mean_flashes: float
    mean_repetitions: float
    bits_per_selection: float
    bits_per_minute: float | None
    n_selections: int
    rule: StoppingRule

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary."""
        return {
            "accuracy": self.accuracy,
            "chance": self.chance,
            "mean_flashes": self.mean_flashes,
            "mean_repetitions": self.mean_repetitions,
            "bits_per_selection": self.bits_per_selection,
            "bits_per_minute": self.bits_per_minute,
            "n_selections": self.n_selections,
            "threshold": self.rule.threshold,
            "min_repetitions": self.rule.min_repetitions,
            "max_repetitions": self.rule.max_repetitions,
        }


def wolpaw_bits(accuracy: float, n_symbols: int) -> float:
    """Wolpaw information per selection (bits) for ``accuracy`` among ``n_symbols``."""
    n, p = n_symbols, float(accuracy)
    if n < 2 or p <= 1.0 / n:
        return 0.0
    bits = math.log2(n) + p * math.log2(p)
    if p < 1.0:
        bits += (1 - p) * math.log2((1 - p) / (n - 1))
    return bits


def simulate_speller(
    target_scores: np.ndarray,
    nontarget_scores: np.ndarray,
    layout: SpellerLayout,
    rule: StoppingRule,
    *,
    n_selections: int = 50,
    seed: int = 0,
    flash_interval_s: float | None = None,
) -> SpellerSimulation:
    """Spell random targets with scores drawn from labelled epochs.

    Parameters
    ----------
    target_scores, nontarget_scores : ndarray, shape (n_target,) and (n_nontarget,)
        The classifier's ``P(target)`` for target and non-target epochs of a test recording.
    layout : SpellerLayout
    rule : StoppingRule
        Fixed repetitions (``StoppingRule.fixed(n)``) or dynamic stopping.
    n_selections : int
        Symbols to spell.
    seed : int
        Seeds the targets, the flash orders and the draws: equal seeds give equal draws for
        every rule, so rules are compared on the same sequence.
    flash_interval_s : float, optional
        Stimulus onset asynchrony, for bits per minute.

    Returns
    -------
    SpellerSimulation
    """
    target_scores = np.asarray(target_scores, dtype=np.float64).ravel()
    nontarget_scores = np.asarray(nontarget_scores, dtype=np.float64).ravel()
    if not target_scores.size or not nontarget_scores.size:
        raise DataError(
            "pseudo-online needs scores of both target and non-target epochs; "
            "use a test recording that has both kinds of events"
        )
    if n_selections < 1:
        raise DataError(f"n_selections must be at least 1, got {n_selections}")
    rng = np.random.default_rng(seed)
    groups = layout.group_names
    correct, flashes, reps = 0, 0, 0
    for _ in range(n_selections):
        target = int(rng.integers(layout.n_symbols))
        evidence = SpellerEvidence(layout)
        # one stream of draws per selection, long enough for max repetitions
        order = [rng.permutation(len(groups)) for _ in range(rule.max_repetitions)]
        n_draws = rule.max_repetitions * len(groups)
        t_draw = rng.choice(target_scores, n_draws)
        n_draw = rng.choice(nontarget_scores, n_draws)
        k = 0
        for perm in order:
            for g in perm:
                name = groups[g]
                inside = bool(layout.members(name)[target])
                evidence.add(name, t_draw[k] if inside else n_draw[k])
                k += 1
                if rule.should_stop(evidence):
                    break
            else:
                continue
            break
        decision = evidence.decision()
        correct += decision.symbol == layout.symbols[target]
        flashes += decision.n_flashes
        reps += decision.n_repetitions
    accuracy = correct / n_selections
    mean_flashes = flashes / n_selections
    bits = wolpaw_bits(accuracy, layout.n_symbols)
    per_minute = None
    if flash_interval_s:
        per_minute = bits * 60.0 / (mean_flashes * flash_interval_s)
    return SpellerSimulation(
        accuracy=accuracy,
        chance=1.0 / layout.n_symbols,
        mean_flashes=mean_flashes,
        mean_repetitions=reps / n_selections,
        bits_per_selection=bits,
        bits_per_minute=per_minute,
        n_selections=n_selections,
        rule=rule,
    )


def target_scores_of(
    model: BaseClassifier, trials: TrialSet, target_class: str
) -> tuple[np.ndarray, np.ndarray]:
    """The model's ``P(target_class)`` for the target and the other labelled trials.

    Returns
    -------
    (ndarray, ndarray)
        Scores of the trials labelled ``target_class`` and of the others.
    """
    if trials.y is None:
        raise DataError("pseudo-online needs labelled trials (a test recording with events)")
    classes = [str(c) for c in model.classes_]
    if target_class not in classes:
        raise DataError(f"the model has no class {target_class!r}; its classes are {classes}")
    _, proba = model.predict_trials(trials)
    score = proba[:, classes.index(target_class)]
    is_target = np.asarray(trials.y).astype(str) == target_class
    return score[is_target], score[~is_target]


def compare_stopping(
    target_scores: np.ndarray,
    nontarget_scores: np.ndarray,
    layout: SpellerLayout,
    *,
    repetitions: int = 10,
    threshold: float = 0.9,
    min_repetitions: int = 1,
    n_selections: int = 50,
    seed: int = 0,
    flash_interval_s: float | None = None,
) -> dict[str, SpellerSimulation]:
    """Fixed ``repetitions`` vs dynamic stopping at ``threshold`` (same seed, same draws)."""
    fixed = simulate_speller(
        target_scores, nontarget_scores, layout, StoppingRule.fixed(repetitions),
        n_selections=n_selections, seed=seed, flash_interval_s=flash_interval_s,
    )  # fmt: skip
    dynamic = simulate_speller(
        target_scores, nontarget_scores, layout,
        StoppingRule(threshold, min_repetitions, repetitions),
        n_selections=n_selections, seed=seed, flash_interval_s=flash_interval_s,
    )  # fmt: skip
    return {"fixed": fixed, "dynamic": dynamic}
