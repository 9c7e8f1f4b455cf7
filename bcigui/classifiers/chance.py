"""Is a result within noise of chance? The verdict, its statistical bounds and likely causes.

A model whose test score a random guesser reaches just as often is not a model; it must never
be presented as one silently. :func:`chance_verdict` flags a result when

* its **balanced accuracy** is at or below the 95th percentile of the balanced accuracy that
  predictions unrelated to the truth reach (a permutation null: the model's own predictions are
  kept and the true labels shuffled, so the class counts on both sides are those of the test);
* for two classes, its **ROC-AUC** is at or below the one-sided 95 % bound of the AUC of a
  random ranking (Mann-Whitney: mean 0.5, variance ``(n1 + n2 + 1) / (12 n1 n2)``);
* or the model predicted **one class for every trial**.

The verdict lists the likely causes, worded for a researcher (class shares, too few trials,
a network stopped early, preprocessing that may not match). It is stored in the model
manifest's metrics (``metrics["near_chance"]``) so that the library can show it without loading
the model, and on :class:`~bcigui.classifiers.metrics.TrainResult`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from bcigui.errors import UserText

#: Null draws of the balanced accuracy (fixed seed: the same result gets the same verdict).
N_NULL_DRAWS = 2000
#: One-sided level of the bounds: a random guess stays at or below them 95 % of the time.
QUANTILE = 0.95
#: z of the one-sided 95 % normal bound (the AUC's null is close to normal).
_Z95 = 1.6448536269514722
#: Fewer test trials than this makes any bound wide.
FEW_TEST_TRIALS = 40
#: Fewer training trials per class than this is too few for most EEG classifiers.
FEW_TRAIN_PER_CLASS = 20
#: Classes are called imbalanced when the largest is this many times the smallest.
IMBALANCE_RATIO = 1.5


@dataclass(frozen=True)
class ChanceContext:
    """What is known about how the model was made, for the likely causes.

    Attributes
    ----------
    train_class_counts : mapping of str to int, optional
        Training trials per class.
    epochs_run : int, optional
        Epochs a network trained for.
    best_epoch : int, optional
        The epoch whose weights early stopping kept (1-based).
    preprocessing : str, optional
        The model's stored epoch/signal settings in words, when it has any.
    """

    train_class_counts: Mapping[str, int] | None = None
    epochs_run: int | None = None
    best_epoch: int | None = None
    preprocessing: str | None = None


@dataclass(frozen=True)
class ChanceVerdict:
    """A result within noise of chance, with why it was flagged and what may have caused it.

    Attributes
    ----------
    balanced_accuracy : float
        The result's balanced accuracy.
    chance_balanced_accuracy : float
        Balanced accuracy of a random guess, ``1 / n_classes``.
    balanced_accuracy_bound : float
        95th percentile of the balanced accuracy of predictions unrelated to the truth.
    roc_auc, roc_auc_bound : float or None
        The ROC-AUC and its 95 % random-ranking bound (two classes only).
    single_class : str or None
        The class predicted for every trial, when it was one class.
    reasons : list of str
        Why the result was flagged (one sentence each).
    causes : list of str
        Likely causes, with what to try.
    """

    balanced_accuracy: float
    chance_balanced_accuracy: float
    balanced_accuracy_bound: float
    roc_auc: float | None = None
    roc_auc_bound: float | None = None
    single_class: str | None = None
    reasons: list[str] = field(default_factory=list)
    causes: list[str] = field(default_factory=list)

    def headline(self) -> str:
        """One line: the result is near chance, and the first reason."""
        reason = self.reasons[0] if self.reasons else UserText.of("no better than a guess")
        return UserText.of("Near chance: {reason}", reason=reason)

    def text(self) -> str:
        """The reasons and likely causes as a few lines (banners, tooltips, logs)."""
        lines = [self.headline(), *self.reasons[1:]]
        if self.causes:
            lines.append(UserText.of("Likely causes:"))
            lines.extend(UserText.of("• {cause}", cause=cause) for cause in self.causes)
        return UserText.joined("\n", lines)

    def with_causes(self, causes: Sequence[str]) -> ChanceVerdict:
        """A copy with ``causes`` added (duplicates dropped)."""
        merged = list(dict.fromkeys([*self.causes, *causes]))
        return ChanceVerdict(**{**asdict(self), "causes": merged})

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict (what the manifest stores)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> ChanceVerdict | None:
        """Inverse of :meth:`to_dict`; None for None or anything that is not a verdict."""
        if not isinstance(data, Mapping) or "balanced_accuracy_bound" not in data:
            return None
        names = cls.__dataclass_fields__.keys()
        return cls(**{k: v for k, v in data.items() if k in names})


def balanced_accuracy_null(
    y_true: np.ndarray, y_pred: np.ndarray, *, n_draws: int = N_NULL_DRAWS, seed: int = 0
) -> np.ndarray:
    """Balanced accuracies of ``y_pred`` against shuffled copies of ``y_true``.

    Parameters
    ----------
    y_true, y_pred : ndarray of int, shape (n_trials,)
        True and predicted class indices.
    n_draws : int
        Number of shuffles.
    seed : int
        Seed of the shuffles.

    Returns
    -------
    ndarray, shape (n_draws,)
        The balanced accuracy (mean recall over the classes in ``y_true``) of each shuffle.
    """
    rng = np.random.default_rng(seed)
    present, counts = np.unique(y_true, return_counts=True)
    out = np.empty(n_draws)
    chunk = max(1, min(n_draws, 2_000_000 // max(len(y_true), 1)))
    for start in range(0, n_draws, chunk):
        stop = min(start + chunk, n_draws)
        shuffled = rng.permuted(np.broadcast_to(y_true, (stop - start, len(y_true))), axis=1)
        hits = shuffled == y_pred  # (draws, n_trials)
        recalls = [
            (hits & (shuffled == c)).sum(axis=1) / n for c, n in zip(present, counts, strict=True)
        ]
        out[start:stop] = np.mean(recalls, axis=0)
    return out


def auc_bound(n_positive: int, n_negative: int) -> float:
    """One-sided 95 % upper bound of the ROC-AUC of a random ranking (Mann-Whitney)."""
    n1, n2 = n_positive, n_negative
    return 0.5 + _Z95 * math.sqrt((n1 + n2 + 1) / (12.0 * n1 * n2))


def chance_verdict(
    y_true: np.ndarray,
    y_pred: np.ndarray,
    proba: np.ndarray | None,
    classes: Sequence[Any] | np.ndarray,
    *,
    roc_auc: float | None = None,
    context: ChanceContext | None = None,
) -> ChanceVerdict | None:
    """Flag a result within noise of chance; None when it is clearly better.

    Parameters
    ----------
    y_true, y_pred : ndarray of int, shape (n_trials,)
        True and predicted class indices into ``classes``.
    proba : ndarray, shape (n_trials, n_classes), optional
        Class probabilities (for the ROC-AUC of two classes).
    classes : sequence, length n_classes
        The model's class values.
    roc_auc : float, optional
        The ROC-AUC when already computed (e.g. a cross-validation mean); else it is computed
        from ``proba`` for two classes.
    context : ChanceContext, optional
        How the model was made, for the likely causes.

    Returns
    -------
    ChanceVerdict or None
    """
    y_true = np.asarray(y_true, dtype=np.int64)
    y_pred = np.asarray(y_pred, dtype=np.int64)
    if len(y_true) == 0:
        return None
    names = [str(_plain(c)) for c in classes]
    present, counts = np.unique(y_true, return_counts=True)
    recalls = [np.mean(y_pred[y_true == c] == c) for c in present]
    balanced = float(np.mean(recalls))
    chance = 1.0 / len(present)
    null = balanced_accuracy_null(y_true, y_pred)
    bound = float(np.quantile(null, QUANTILE))
    reasons: list[str] = []
    if balanced <= bound:
        reasons.append(
            UserText.of(
                "balanced accuracy {b} is within the range a random guess reaches (chance {c}, "
                "95 % of guesses score up to {u} on these {n} trials)",
                b=percent(balanced),
                c=percent(chance),
                u=percent(bound),
                n=len(y_true),
            )
        )
    auc, auc_limit = _binary_auc(y_true, proba, roc_auc, len(classes))
    if auc is not None and auc_limit is not None and auc <= auc_limit:
        reasons.append(
            UserText.of(
                "ROC-AUC {auc:.3f} is within the range of a random ranking "
                "(0.5, 95 % of random rankings reach up to {limit:.3f})",
                auc=auc,
                limit=auc_limit,
            )
        )
    predicted = np.unique(y_pred)
    single = names[int(predicted[0])] if len(predicted) == 1 and len(classes) > 1 else None
    if single is not None:
        reasons.append(UserText.of("every trial was predicted as '{c}'", c=single))
    if not reasons:
        return None
    causes = _data_causes(names, present, counts, single)
    causes += context_causes(context)
    return ChanceVerdict(
        balanced_accuracy=balanced,
        chance_balanced_accuracy=chance,
        balanced_accuracy_bound=bound,
        roc_auc=auc,
        roc_auc_bound=auc_limit,
        single_class=single,
        reasons=reasons,
        causes=causes,
    )


def verdict_from_confusion(
    confusion: Sequence[Sequence[int]],
    classes: Sequence[Any] | np.ndarray,
    *,
    roc_auc: float | None = None,
    context: ChanceContext | None = None,
) -> ChanceVerdict | None:
    """:func:`chance_verdict` from a confusion matrix (rows: true class), e.g. summed folds."""
    matrix = np.asarray(confusion, dtype=np.int64)
    n = len(matrix)
    y_true = np.repeat(np.repeat(np.arange(n), n), matrix.ravel())
    y_pred = np.repeat(np.tile(np.arange(n), n), matrix.ravel())
    return chance_verdict(y_true, y_pred, None, classes, roc_auc=roc_auc, context=context)


def context_causes(context: ChanceContext | None) -> list[str]:
    """Likely causes known from how the model was made (training data, epochs, settings)."""
    if context is None:
        return []
    causes: list[str] = []
    counts = dict(context.train_class_counts or {})
    if counts and min(counts.values()) < FEW_TRAIN_PER_CLASS:
        fewest = min(counts, key=counts.__getitem__)
        causes.append(
            UserText.of(
                "Too few training trials: '{c}' has {n} (aim for at least {k} per class; more "
                "recordings help most).",
                c=fewest,
                n=counts[fewest],
                k=FEW_TRAIN_PER_CLASS,
            )
        )
    if counts:
        total = sum(counts.values())
        if max(counts.values()) >= IMBALANCE_RATIO * max(min(counts.values()), 1):
            shares = ", ".join(f"{k} {percent(v / total, 0)}" for k, v in counts.items())
            causes.append(
                UserText.of(
                    "Imbalanced training classes ({shares}): keep class_weight='balanced' or "
                    "balance the trials.",
                    shares=shares,
                )
            )
    if context.best_epoch == 1:
        causes.append(
            UserText.of(
                "Early stopping kept the weights of epoch 1: the network never improved on its "
                "validation loss. Try a lower learning rate, more patience or more trials."
            )
        )
    elif context.epochs_run is not None and context.epochs_run <= 3:
        causes.append(
            UserText.of(
                "The network trained for only {n} epoch(s): raise epochs.", n=context.epochs_run
            )
        )
    if context.preprocessing:
        causes.append(
            UserText.of(
                "Preprocessing mismatch: the data may be epoched or filtered differently from "
                "what the model was trained on ({p}). Check that they match.",
                p=context.preprocessing,
            )
        )
    return causes


def _data_causes(
    names: list[str], present: np.ndarray, counts: np.ndarray, single: str | None
) -> list[str]:
    causes: list[str] = []
    total = int(counts.sum())
    if counts.max() >= IMBALANCE_RATIO * counts.min() or single is not None:
        shares = ", ".join(
            f"{names[int(c)]} {percent(n / total, 0)}" for c, n in zip(present, counts, strict=True)
        )
        causes.append(
            UserText.of(
                "Class imbalance ({shares}): accuracy rewards always answering the larger "
                "class; judge by balanced accuracy, and train with class_weight='balanced'.",
                shares=shares,
            )
        )
    if total < FEW_TEST_TRIALS:
        causes.append(
            UserText.of(
                "Too few test trials ({n}): scores this close to chance cannot be told apart "
                "from luck. Hold out more trials or cross-validate.",
                n=total,
            )
        )
    return causes


def _binary_auc(
    y_true: np.ndarray, proba: np.ndarray | None, roc_auc: float | None, n_classes: int
) -> tuple[float | None, float | None]:
    """The ROC-AUC of a two-class result and its random-ranking bound (None, None otherwise)."""
    if n_classes != 2:
        return None, None
    n_pos = int(np.sum(y_true == 1))
    n_neg = len(y_true) - n_pos
    if n_pos == 0 or n_neg == 0:
        return None, None
    if roc_auc is None and proba is not None:
        from sklearn.metrics import roc_auc_score

        roc_auc = float(roc_auc_score(y_true, np.asarray(proba)[:, 1]))
    if roc_auc is None:
        return None, None
    return float(roc_auc), auc_bound(n_pos, n_neg)


def percent(fraction: float, digits: int = 1) -> str:
    """``0.836`` as ``"83.6 %"`` (the app's way of writing shares and scores)."""
    return f"{fraction * 100:.{digits}f} %"


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def training_context(model: Any) -> ChanceContext:
    """The :class:`ChanceContext` of a fitted classifier (training class counts, epochs)."""
    info = getattr(model, "training_info_", None) or {}
    train_data = info.get("train_data") or {}
    counts = train_data.get("class_counts") if isinstance(train_data, Mapping) else None
    history = getattr(model, "history_", None) or {}
    losses = history.get("loss") or []
    val_losses = history.get("val_loss") or []
    best = int(np.argmin(val_losses)) + 1 if len(val_losses) > 1 else None
    return ChanceContext(
        train_class_counts={str(k): int(v) for k, v in counts.items()} if counts else None,
        epochs_run=len(losses) or None,
        best_epoch=best,
    )


def inference_context(model: Any) -> ChanceContext:
    """:func:`training_context` plus the model's stored epoch and signal settings in words.

    At inference the trials may have been prepared differently from the training ones, so a
    model that stores how its trials were epoched or filtered names those settings as a
    possible cause.
    """
    base = training_context(model)
    parts: list[str] = []
    info = getattr(model, "training_info_", None) or {}
    epoching = info.get("epoching")
    if isinstance(epoching, Mapping):
        window = (epoching.get("tmin"), epoching.get("tmax"))
        if None not in window:
            parts.append(f"epochs {window[0]} to {window[1]} s")
        band = (epoching.get("l_freq"), epoching.get("h_freq"))
        if band != (None, None):
            parts.append(f"band-pass {band[0] or 0}-{band[1] or 'Nyquist'} Hz")
        if epoching.get("baseline") is not None:
            parts.append(f"baseline {epoching['baseline']}")
    signal = getattr(model, "signal", None)
    if signal is not None and hasattr(signal, "model_dump"):
        changed = signal.model_dump(mode="json", exclude_defaults=True)
        parts.extend(f"signal.{k}={v}" for k, v in changed.items())
    return ChanceContext(
        train_class_counts=base.train_class_counts,
        epochs_run=base.epochs_run,
        best_epoch=base.best_epoch,
        preprocessing="; ".join(parts) or None,
    )
