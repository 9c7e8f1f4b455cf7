"""Qt-free logic of the recording dialog: what was chosen, model expectations, worker jobs.

Nothing here imports Qt; the dialog runs :func:`inspect_job` and :func:`preview_job` in the
app's :class:`~bcigui.gui.workers.WorkerPool` (MNE is slow to import and to read files).

Inference mapping
-----------------
For inference, every event key maps to a class name (the true label: accuracy and confusion
are computed), to :data:`UNLABELLED` (the event is epoched and predicted without a true label),
or to nothing (ignored).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    pass

log = logging.getLogger(__name__)

#: Class name in an inference mapping for "epoch and predict, no true label".
UNLABELLED = "(predict, no label)"


@dataclass(frozen=True)
class RecordingChoice:
    """What the user accepted in the recording dialog.

    Attributes
    ----------
    paths : tuple of Path
        The recordings, in table order.
    settings : EpochSettings
        Mapping, window, baseline, picks, bad channels, rejection and filter used.
    trials : TrialSet
        The epoched trials in volts, ``(n_channels, n_times)`` each, each remembering its
        recording (``sources``). For inference, ``y`` is None when no event carries a true label,
        and an object array with None for the unlabelled trials otherwise.
    summary : str
        One line: trials per class, dropped epochs.
    report : EpochingReport or None
        Whose settings were applied (the model's, the training recordings', or which ones were
        overridden); None when there was nothing to follow (training recordings).
    """

    paths: tuple[Path, ...]
    settings: Any
    trials: Any
    summary: str
    report: Any = None


@dataclass(frozen=True)
class ModelInput:
    """What a stored model expects of its input, read from its manifest.

    Attributes
    ----------
    path : Path
        The model file.
    ch_names : tuple of str or None
        Channels the model was trained on (in the order it uses them), None when unknown.
    sfreq : float or None
        Sampling rate of its training trials (Hz).
    n_times : int or None
        Samples per training trial *before* the model's own preprocessing, when fixed.
    classes : tuple of str
        Its classes.
    resamples : bool
        True when the model resamples its input itself (any rate is accepted).
    length_matters : bool
        True when trials must have exactly ``n_times`` samples (non-sequence models).
    n_channels : int or None
        Channels (features) per trial the model takes.
    epoching : dict or None
        The epoch settings the model was trained with (an ``EpochSettings`` dump), None for a
        model trained on trial files.
    input_ch_names : tuple of str or None
        The channels of its training trials, before its signal stage picks any.
    signal : dict or None
        Its own signal stage (the manifest's ``preprocessing["signal"]``), None when it has none.
    """

    path: Path
    ch_names: tuple[str, ...] | None
    sfreq: float | None
    n_times: int | None
    classes: tuple[str, ...]
    resamples: bool = False
    length_matters: bool = True
    n_channels: int | None = None
    epoching: dict[str, Any] | None = None
    input_ch_names: tuple[str, ...] | None = None
    signal: dict[str, Any] | None = None

    @classmethod
    def from_manifest(cls, path: Path, manifest: dict[str, Any]) -> ModelInput:
        """Build from a ``.bcimodel`` manifest (``bcigui.modelfile.model_file.read_manifest``)."""
        signature = manifest.get("input_signature") or {}
        train = manifest.get("train_data") or {}
        signal = (manifest.get("preprocessing") or {}).get("signal") or {}
        settings = signal.get("settings") or {}
        names = signal.get("out_ch_names") or signature.get("ch_names") or train.get("ch_names")
        sfreq = signal.get("train_sfreq") or signature.get("sfreq") or train.get("sfreq")
        n_times = train.get("n_times")
        inputs = signal.get("train_ch_names") or train.get("ch_names")
        return cls(
            path=Path(path),
            ch_names=tuple(names) if names else None,
            sfreq=float(sfreq) if sfreq else None,
            n_times=int(n_times) if isinstance(n_times, int) else None,
            classes=tuple(str(c) for c in manifest.get("classes") or ()),
            resamples=settings.get("resample_sfreq") is not None,
            length_matters=signature.get("n_times") is not None,
            n_channels=signal.get("n_channels_in") or train.get("n_channels"),
            epoching=manifest.get("epoching") or None,
            input_ch_names=tuple(inputs) if inputs else None,
            signal=signal or None,
        )

    def window_for(self, tmin: float) -> float | None:
        """The ``tmax`` that gives trials of the training length from ``tmin`` (None: unknown)."""
        if self.n_times is None or not self.sfreq:
            return None
        return round(tmin + (self.n_times - 1) / self.sfreq, 4)


def read_model_input(path: Path) -> ModelInput:
    """Read a model file's manifest (cheap: no payload) into a :class:`ModelInput`."""
    from bcigui.modelfile.model_file import read_manifest

    return ModelInput.from_manifest(Path(path), read_manifest(path))


def recording_problems(info: Any, model: ModelInput | None) -> list[str]:
    """Why the recording ``info`` (a RecordingInfo) cannot feed ``model``; empty when it can."""

    if model is None:
        return []
    problems = []
    if model.ch_names:
        missing = [c for c in model.ch_names if c not in info.ch_names]
        if missing:
            problems.append(
                f"{info.path}: lacks channel(s) {missing} the model was trained on "
                f"(fix: choose a recording with these channels, or a model trained on "
                f"{', '.join(info.default_picks())})"
            )
    if (
        model.sfreq is not None
        and not model.resamples
        and not math.isclose(float(info.sfreq), model.sfreq, rel_tol=1e-6)
    ):
        problems.append(
            f"{info.path}: sampled at {info.sfreq:g} Hz but the model was trained at "
            f"{model.sfreq:g} Hz (fix: resample the recording to {model.sfreq:g} Hz, or "
            "train a model with signal.resample_sfreq set)"
        )
    return problems


def event_union(infos: Sequence[Any]) -> dict[str, list[int]]:
    """Event key -> its count in each recording (0 where absent), keys in first-seen order."""
    keys: list[str] = []
    for info in infos:
        for event in info.events:
            if event.key not in keys:
                keys.append(event.key)
    return {k: [info.event_counts.get(k, 0) for info in infos] for k in keys}


def default_class(
    key: str, infos: Sequence[Any], *, inference: bool, model: ModelInput | None = None
) -> str:
    """The class name a key starts with: only a name the file itself gives, never a guess.

    An epochs file's event names are class names (``"Target"``); with a model, a key equal to
    one of its classes keeps it. Otherwise: empty for training (the user names it), and
    :data:`UNLABELLED` for inference (predicted, no true label).
    """
    named = any(e.key == key and e.source == "epochs" for info in infos for e in info.events)
    if inference:
        known = model.classes if model is not None else ()
        return key if named and (not known or key in known) else UNLABELLED
    return key if named else ""


def mapping_rows(
    infos: Sequence[Any],
    initial_map: dict[str, str],
    *,
    inference: bool,
    model: ModelInput | None,
) -> tuple[dict[str, list[int]], dict[str, str], list[str]]:
    """The mapping editor's rows: counts per key and file, default class per key, suggestions.

    Keys of ``initial_map`` (earlier settings) that no recording holds are listed with zero
    counts, so that the user sees them and can clear them.
    """
    counts = event_union(infos)
    for key in initial_map:
        counts.setdefault(key, [0] * len(infos))
    defaults = {
        k: initial_map.get(k) or default_class(k, infos, inference=inference, model=model)
        for k in counts
    }
    choices = list(model.classes) if model is not None else []
    choices += [v for v in defaults.values() if v and v != UNLABELLED]
    return counts, defaults, choices


def channel_offer(info: Any, initial: Any, model: ModelInput | None) -> tuple[list[str], list[str]]:
    """Channels offered for picking (never trigger/status ones) and those checked at first.

    Checked: the model's channels in its order when the recording has them all; else the
    earlier settings' picks; else the recording's EEG channels; bad channels unchecked.
    """
    from bcigui.data.recordings import is_trigger_name

    names = [
        n
        for n, t in zip(info.ch_names, info.ch_types, strict=True)
        if t not in ("stim", "syst") and not is_trigger_name(n)
    ]
    checked: list[str] = list(info.default_picks())
    if initial is not None and initial.picks:
        checked = [c for c in initial.picks if c in names]
    if model is not None and model.ch_names and all(c in names for c in model.ch_names):
        checked = list(model.ch_names)
    if initial is not None:
        checked = [c for c in checked if c not in initial.bad_channels]
    return names, checked


def inspect_job(path: Path) -> Callable[[Callable[..., None], Any], Any]:
    """A worker job reading a recording's header and events (RecordingInfo)."""
    from bcigui.errors import UserText

    def job(progress: Callable[..., None], cancel: Any) -> Any:
        from bcigui.data.recordings import inspect_recording

        progress(0.0, UserText.of("reading {f}", f=Path(path).name))
        return inspect_recording(path)

    return job
