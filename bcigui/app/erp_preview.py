"""The recording dialog's preview, Qt-free: epoch in a worker, average per class, summarise."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bcigui.app.recording_choice import UNLABELLED, ModelInput

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)


@dataclass
class Preview:
    """What a preview found (built in the worker, shown by the dialog).

    Attributes
    ----------
    trials : TrialSet
        The epoched trials (labels already turned into None for unlabelled inference trials).
    erp : dict of str to ndarray
        Class (or ``UNLABELLED``) -> mean trial ``(n_channels, n_times)`` in microvolts.
    times : ndarray, shape (n_times,)
        Seconds relative to the event.
    counts : dict of str to int
        Trials per class.
    dropped : dict of str to int
        Recording file name -> epochs expected from its events but not present.
    summary : str
    problems : list of str
        Warnings that do not prevent accepting (e.g. a length the model does not take).
    report : EpochingReport or None
        For a model: whether its own epoch settings were applied, or which were overridden.
    """

    trials: Any
    erp: dict[str, np.ndarray]
    times: np.ndarray
    counts: dict[str, int]
    dropped: dict[str, int] = field(default_factory=dict)
    summary: str = ""
    problems: list[str] = field(default_factory=list)
    report: Any = None


def _unlabel(trials: Any) -> Any:
    """The trials with ``UNLABELLED`` labels replaced by None (y None when none is labelled)."""
    from dataclasses import replace

    import numpy as np

    if trials.y is None:
        return trials
    y = np.asarray(trials.y)
    unlabelled = y == UNLABELLED
    if not unlabelled.any():
        return trials
    if unlabelled.all():
        return replace(trials, y=None)
    labels = np.array([None if u else v for u, v in zip(unlabelled, y, strict=True)], dtype=object)
    return replace(trials, y=labels)


def expected_epochs(infos: Sequence[Any], event_map: dict[str, str]) -> dict[str, int]:
    """Recording path (as text) -> how many events of the mapped keys it holds."""
    return {str(info.path): sum(info.event_counts.get(k, 0) for k in event_map) for info in infos}


def preview_job(
    paths: Sequence[Path],
    settings: Any,
    infos: Sequence[Any],
    *,
    inference: bool,
    model: ModelInput | None = None,
) -> Callable[[Callable[..., None], Any], Preview]:
    """A worker job: epoch the recordings, average per class, count what was dropped.

    With a ``model``, the recordings are epoched by
    :func:`~bcigui.app.model_epoching.epoch_for_model` with ``settings`` as the explicit
    override (equal to the model's own when the user did not override them), so that the
    trials are exactly the ones every other front end gives that model.
    """
    paths = [Path(p) for p in paths]

    def job(progress: Callable[..., None], cancel: Any) -> Preview:
        from bcigui.app.model_epoching import epoch_for_model
        from bcigui.data.epoching import epoch_recordings

        def report(fraction: float, message: str, **values: Any) -> None:
            cancel.raise_if_cancelled()
            progress(fraction, message, **values)

        min_classes = 1 if inference else 2
        epoching = None
        if model is not None:
            trials, epoching = epoch_for_model(
                model, paths, settings, min_classes=min_classes, progress=report, cancel=cancel
            )
        else:
            trials = epoch_recordings(paths, settings, progress=report, min_classes=min_classes)
        cancel.raise_if_cancelled()
        preview = summarise(trials, settings, infos, inference=inference, model=model)
        preview.report = epoching
        return preview

    return job


def summarise(
    trials: Any, settings: Any, infos: Sequence[Any], *, inference: bool, model: ModelInput | None
) -> Preview:
    """Average ERPs, counts and the summary line of freshly epoched ``trials``."""
    import numpy as np

    if inference:
        trials = _unlabel(trials)
    X = trials.X
    labels = (
        np.full(len(X), UNLABELLED, dtype=object)
        if trials.y is None
        else np.array([UNLABELLED if v is None else str(v) for v in trials.y], dtype=object)
    )
    counts = dict(sorted(Counter(labels.tolist()).items()))
    erp = {c: X[labels == c].mean(axis=0, dtype=np.float64) * 1e6 for c in counts}
    n_times = X.shape[2]
    times = settings.tmin + np.arange(n_times) / float(trials.sfreq)
    got = Counter(str(s.file) for s in trials.sources)
    dropped = {
        Path(p).name: n - got.get(p, 0)
        for p, n in expected_epochs(infos, settings.event_map).items()
        if n - got.get(p, 0) > 0
    }
    parts = [", ".join(f"{c}: {n}" for c, n in counts.items())]
    text = f"{len(X)} trials of {n_times} samples ({parts[0]})"
    if dropped:
        why = (
            f"over {settings.reject_uv:g} µV peak-to-peak, or window past the recording's edge"
            if settings.reject_uv is not None
            else "window past the recording's start or end, or repeated events"
        )
        detail = ", ".join(f"{name}: {n}" for name, n in dropped.items())
        text += f"; dropped {sum(dropped.values())} ({detail}; {why})"
    else:
        text += "; none dropped"
    problems = []
    if (
        model is not None
        and model.length_matters
        and model.n_times is not None
        and n_times != model.n_times
    ):
        tmax = model.window_for(settings.tmin)
        problems.append(
            f"the window gives {n_times} samples per trial but the model was trained on "
            f"{model.n_times} (fix: set tmax to {tmax:g} s for tmin {settings.tmin:g} s)"
        )
    if (
        model is not None
        and model.ch_names is None
        and model.n_channels is not None
        and trials.n_channels != model.n_channels
    ):
        problems.append(
            f"{trials.n_channels} channels are picked but the model takes "
            f"{model.n_channels} (fix: check exactly {model.n_channels} channels, in the "
            "order the model was trained on)"
        )
    return Preview(trials, erp, times, counts, dropped, text, problems)
