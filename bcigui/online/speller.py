"""P300 speller: layouts, Bayesian evidence accumulation over flashes, stopping rules.

Pure functions and small classes (no LSL): the runner feeds them one classifier score per
flash, the pseudo-online evaluation feeds them scores of labelled epochs.

* :class:`SpellerLayout`: the symbols and the flash groups (a 6x6 row/column matrix by
  default, :func:`matrix_layout`; any layout from a JSON file, :func:`load_layout`, so
  checkerboard or Brain-Invaders-style groups work). A marker names the flashed group.
* :class:`SpellerEvidence`: per-symbol log-likelihood accumulation (Bayesian fusion). A flash of
  group ``g`` with classifier score ``p = P(target | epoch)`` adds ``log p`` to every symbol in
  ``g`` and ``log(1 - p)`` to every other symbol; the posterior over symbols is the softmax of
  ``log prior + sum``. The prior is uniform unless a prior (array or callable: the hook for a
  language model) is given.
* :class:`StoppingRule`: fixed repetitions, or dynamic stopping when the best posterior reaches a
  threshold, between a minimum and a maximum number of repetitions (a repetition: every group
  flashed once).

Layout JSON::

    {"symbols": ["A", "B", "C", "D"],
     "groups": {"row1": ["A", "B"], "row2": ["C", "D"], "col1": ["A", "C"], "col2": ["B", "D"]}}
"""

from __future__ import annotations

import json
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

import numpy as np

from bcigui.errors import DataError, DataFileError

#: The classic 6x6 matrix: A-Z then 1-9 and _ (underscore for space).
DEFAULT_SYMBOLS = tuple(string.ascii_uppercase + "123456789_")
_EPS = 1e-6

Prior = np.ndarray | Callable[["SpellerLayout", Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class SpellerLayout:
    """Symbols and the groups that flash together.

    Attributes
    ----------
    symbols : tuple of str
        Every selectable symbol, distinct.
    groups : dict of str to tuple of int
        Group name (the marker the stimulus program sends when it flashes) -> indices into
        ``symbols``.
    """

    symbols: tuple[str, ...]
    groups: dict[str, tuple[int, ...]]
    _membership: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(set(self.symbols)) != len(self.symbols) or not self.symbols:
            raise DataError("a speller layout needs at least one symbol, each one distinct")
        if not self.groups:
            raise DataError("a speller layout needs at least one flash group")
        membership = np.zeros((len(self.groups), len(self.symbols)), dtype=bool)
        for row, (name, members) in enumerate(self.groups.items()):
            if not members or any(not 0 <= i < len(self.symbols) for i in members):
                raise DataError(f"flash group {name!r} is empty or names unknown symbols")
            membership[row, list(members)] = True
        object.__setattr__(self, "_membership", membership)

    @property
    def n_symbols(self) -> int:
        """Number of symbols."""
        return len(self.symbols)

    @property
    def group_names(self) -> list[str]:
        """Group names in order (the markers)."""
        return list(self.groups)

    def members(self, group: str) -> np.ndarray:
        """Boolean mask, shape ``(n_symbols,)``, of the symbols in ``group``."""
        try:
            return self._membership[self.group_names.index(group)]
        except ValueError:
            raise DataError(
                f"marker {group!r} names no flash group of the layout "
                f"(groups: {self.group_names[:8]}...)"
            ) from None

    def groups_of(self, symbol: str) -> list[str]:
        """Names of the groups that contain ``symbol``."""
        i = self.symbols.index(symbol)
        return [g for g, m in self.groups.items() if i in m]


def matrix_layout(
    rows: int = 6, cols: int = 6, symbols: Sequence[str] = DEFAULT_SYMBOLS
) -> SpellerLayout:
    """A row/column matrix: groups ``row1..rowR`` and ``col1..colC``."""
    if len(symbols) != rows * cols:
        raise DataError(f"a {rows}x{cols} matrix needs {rows * cols} symbols, got {len(symbols)}")
    groups: dict[str, tuple[int, ...]] = {}
    for r in range(rows):
        groups[f"row{r + 1}"] = tuple(r * cols + c for c in range(cols))
    for c in range(cols):
        groups[f"col{c + 1}"] = tuple(r * cols + c for r in range(rows))
    return SpellerLayout(tuple(symbols), groups)


def load_layout(path: str | PathLike[str]) -> SpellerLayout:
    """Read a layout JSON file (see the module doc).

    Raises
    ------
    DataFileError
        Unreadable or malformed JSON, a missing or mistyped ``symbols``/``groups`` field, or a
        group naming a symbol not in ``symbols``; the message names the file and the field.
    """
    path = Path(path)
    try:
        spec = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataFileError(path, f"not a readable JSON layout: {exc}") from exc
    if not isinstance(spec, dict):
        raise DataFileError(path, "a layout is a JSON object with 'symbols' and 'groups'")
    symbols = spec.get("symbols")
    if not isinstance(symbols, list) or not symbols or not all(
        isinstance(s, str) and s for s in symbols
    ):
        raise DataFileError(path, "field 'symbols' must be a non-empty list of strings")
    if len(set(symbols)) != len(symbols):
        raise DataFileError(path, "field 'symbols' lists a symbol twice")
    groups = spec.get("groups")
    if not isinstance(groups, dict) or not groups:
        raise DataFileError(
            path, "field 'groups' must be an object: group name -> list of symbols"
        )
    index = {s: i for i, s in enumerate(symbols)}
    parsed: dict[str, tuple[int, ...]] = {}
    for name, members in groups.items():
        if not isinstance(members, list) or not members:
            raise DataFileError(path, f"field 'groups.{name}' must be a non-empty list of symbols")
        unknown = [m for m in members if m not in index]
        if unknown:
            raise DataFileError(
                path, f"field 'groups.{name}' names symbols not in 'symbols': {unknown}"
            )
        parsed[str(name)] = tuple(index[m] for m in members)
    return SpellerLayout(tuple(symbols), parsed)


@dataclass(frozen=True)
class Decision:
    """A selection: the chosen symbol, its posterior, and how much evidence it took."""

    symbol: str
    posterior: float
    n_flashes: int
    n_repetitions: int


class SpellerEvidence:
    """Per-symbol log-likelihood accumulated over the flashes of one selection.

    Parameters
    ----------
    layout : SpellerLayout
    prior : ndarray or callable, optional
        Prior over symbols, shape ``(n_symbols,)`` (normalised here), or
        ``prior(layout, spelled_so_far) -> ndarray`` (the language-model hook); uniform when
        None.
    spelled : sequence of str
        Symbols chosen before this selection (given to a callable prior).
    """

    def __init__(
        self, layout: SpellerLayout, prior: Prior | None = None, spelled: Sequence[str] = ()
    ) -> None:
        self.layout = layout
        if prior is None:
            p = np.full(layout.n_symbols, 1.0 / layout.n_symbols)
        elif callable(prior):
            p = np.asarray(prior(layout, list(spelled)), dtype=np.float64)
        else:
            p = np.asarray(prior, dtype=np.float64)
        if p.shape != (layout.n_symbols,) or np.any(p < 0) or p.sum() <= 0:
            raise DataError(
                f"the speller prior must be {layout.n_symbols} non-negative weights, "
                f"got shape {p.shape}"
            )
        self.log_prior = np.log(np.clip(p / p.sum(), 1e-300, None))
        self.log_likelihood = np.zeros(layout.n_symbols)
        self.flash_counts = {g: 0 for g in layout.groups}

    @property
    def n_flashes(self) -> int:
        """Flashes accumulated."""
        return sum(self.flash_counts.values())

    @property
    def n_repetitions(self) -> int:
        """Completed repetitions: how many times every group has flashed."""
        return min(self.flash_counts.values())

    def add(self, group: str, target_probability: float) -> None:
        """Fuse one flash: the classifier's ``P(target | epoch)`` for the flash of ``group``."""
        p = float(np.clip(target_probability, _EPS, 1.0 - _EPS))
        inside = self.layout.members(group)
        self.log_likelihood += np.where(inside, np.log(p), np.log1p(-p))
        self.flash_counts[group] += 1

    def posterior(self) -> np.ndarray:
        """Posterior over symbols, shape ``(n_symbols,)``, summing to 1."""
        logp = self.log_prior + self.log_likelihood
        logp -= logp.max()
        p = np.exp(logp)
        return p / p.sum()

    def decision(self) -> Decision:
        """The most probable symbol now."""
        post = self.posterior()
        best = int(np.argmax(post))
        return Decision(
            self.layout.symbols[best], float(post[best]), self.n_flashes, self.n_repetitions
        )


@dataclass(frozen=True)
class StoppingRule:
    """When a selection ends.

    Attributes
    ----------
    threshold : float or None
        Dynamic stopping: stop when the best posterior reaches it (after ``min_repetitions``);
        None = fixed repetitions (stop after ``max_repetitions``).
    min_repetitions, max_repetitions : int
        Bounds on complete repetitions.
    """

    threshold: float | None = None
    min_repetitions: int = 1
    max_repetitions: int = 10

    def __post_init__(self) -> None:
        if not 1 <= self.min_repetitions <= self.max_repetitions:
            raise DataError(
                f"repetitions must satisfy 1 <= min ({self.min_repetitions}) <= max "
                f"({self.max_repetitions})"
            )
        if self.threshold is not None and not 0.0 < self.threshold < 1.0:
            raise DataError(f"the stopping threshold must be in (0, 1), got {self.threshold}")

    @classmethod
    def fixed(cls, repetitions: int) -> StoppingRule:
        """Always ``repetitions`` repetitions."""
        return cls(None, repetitions, repetitions)

    def should_stop(self, evidence: SpellerEvidence) -> bool:
        """True when the selection should end now (check after each flash)."""
        reps = evidence.n_repetitions
        if reps >= self.max_repetitions:
            return True
        if self.threshold is None or reps < self.min_repetitions:
            return False
        return evidence.decision().posterior >= self.threshold


class SpellerSession:
    """Selections from a stream of classified flashes (feed it the runner's results).

    Parameters
    ----------
    layout : SpellerLayout
    rule : StoppingRule
    target_class : str
        The model's class for an attended flash (``P(target_class)`` is the flash's score).
    prior : ndarray or callable, optional
        As :class:`SpellerEvidence`'s; a callable sees the symbols spelled so far.
    """

    def __init__(
        self,
        layout: SpellerLayout,
        rule: StoppingRule,
        target_class: str = "Target",
        prior: Prior | None = None,
    ) -> None:
        self.layout, self.rule, self.target_class, self.prior = layout, rule, target_class, prior
        self.spelled: list[str] = []
        self.decisions: list[Decision] = []
        self.evidence = SpellerEvidence(layout, prior, self.spelled)

    def feed(self, group: str, proba: dict[str, float]) -> Decision | None:
        """Fuse one flash of ``group`` with class probabilities ``proba``; a Decision at a stop.

        Markers naming no group of the layout raise :class:`~bcigui.errors.DataError`.
        """
        if self.target_class not in proba:
            raise DataError(
                f"the model has no class {self.target_class!r} (classes: {sorted(proba)}); "
                "set the speller's target class"
            )
        self.evidence.add(group, proba[self.target_class])
        if not self.rule.should_stop(self.evidence):
            return None
        decision = self.evidence.decision()
        self.decisions.append(decision)
        self.spelled.append(decision.symbol)
        self.evidence = SpellerEvidence(self.layout, self.prior, self.spelled)
        return decision
