"""Seeded synthetic EEG: a visual P300 oddball and a four-class inner-speech task.

Both generators return a :class:`~bcigui.data.TrialSet` of float32 trials in **microvolts**,
shape ``(n_channels, n_times)``, with ``sfreq`` and ``ch_names`` set. The background is
what a window of real EEG holds, so that the class signal has to be dug out of realistic noise:

* spatially correlated 1/f (pink) noise, 8 uV RMS, cut from a signal twice the trial's length
  and never centred per trial, so each trial keeps its own slow content (mean and drift);
* per trial and channel, a DC offset (normal, SD 10 uV: electrode offsets) and a linear drift
  (normal, SD 5 uV from the first to the last sample);
* an alpha (~10 Hz) rhythm of random phase and amplitude (5 uV median, posterior maximum).

In all about 13 uV RMS per channel, 8.3 uV once each trial's per-channel mean is removed and
7.7 uV once its least-squares line is (P300 defaults, ``snr=0``). Nothing in the background
depends on the class, so a trial's mean carries no more of the class than real EEG does:
shrinkage LDA on the per-channel trial means of the P300 set is at chance (0.53). ``snr``
scales the class-specific components only (1.0 = the default size documented per generator;
0 leaves nothing to learn).

:func:`write_demo_dataset` writes one of them as seed-style ``.npy`` files (the app's "Load demo
data" and the headless demo).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from os import PathLike
from pathlib import Path
from typing import Literal

import numpy as np

from bcigui.data.npy_io import write_seed_files
from bcigui.data.trialset import TrialSet, TrialSource

__all__ = ["make_inner_speech", "make_p300", "write_demo_dataset"]

logger = logging.getLogger(__name__)

INNER_SPEECH_CLASSES = ("arriba", "abajo", "derecha", "izquierda")
P300_CLASSES = ("NonTarget", "Target")

# Approximate 2-D scalp positions (x: left -1 .. right 1, y: back -1 .. front 1) of 10-20 /
# 10-10 sites; used for topographies and for the spatial correlation of the noise.
_POSITIONS: dict[str, tuple[float, float]] = {
    "Fp1": (-0.3, 0.95), "Fp2": (0.3, 0.95), "AF7": (-0.55, 0.8), "AF3": (-0.3, 0.75),
    "AF4": (0.3, 0.75), "AF8": (0.55, 0.8), "F7": (-0.8, 0.55), "F3": (-0.4, 0.5),
    "Fz": (0.0, 0.5), "F4": (0.4, 0.5), "F8": (0.8, 0.55), "FC5": (-0.65, 0.25),
    "FC1": (-0.25, 0.25), "FC2": (0.25, 0.25), "FC6": (0.65, 0.25), "T7": (-1.0, 0.0),
    "C3": (-0.5, 0.0), "Cz": (0.0, 0.0), "C4": (0.5, 0.0), "T8": (1.0, 0.0),
    "TP9": (-0.95, -0.35), "CP5": (-0.65, -0.25), "CP1": (-0.25, -0.25), "CP2": (0.25, -0.25),
    "CP6": (0.65, -0.25), "TP10": (0.95, -0.35), "P7": (-0.8, -0.55), "P3": (-0.4, -0.5),
    "Pz": (0.0, -0.5), "P4": (0.4, -0.5), "P8": (0.8, -0.55), "PO7": (-0.55, -0.75),
    "PO3": (-0.3, -0.75), "POz": (0.0, -0.75), "PO4": (0.3, -0.75), "PO8": (0.55, -0.75),
    "O1": (-0.3, -0.95), "Oz": (0.0, -0.95), "O2": (0.3, -0.95),
}  # fmt: skip
_INNER_16 = ("F7", "F3", "Fz", "F4", "F8", "FC5", "FC6", "T7",
             "C3", "Cz", "C4", "T8", "P3", "Pz", "P4", "Oz")  # fmt: skip

_PINK_UV = 8.0  # RMS of the pink background per channel, uV
_ALPHA_UV = 5.0  # median amplitude of the alpha rhythm at its posterior maximum, uV
_P3_UV = 15.0  # target P3 at its parietal maximum, uV (salient visual oddball: 10-20 uV)
_OFFSET_UV = 10.0  # SD of each trial's per-channel DC offset (electrode offsets), uV
_DRIFT_UV = 5.0  # SD of each trial's per-channel linear drift, first to last sample, uV


def _positions(ch_names: Sequence[str]) -> np.ndarray:
    """Scalp positions ``(n_channels, 2)``; unknown names go on a spiral, in order."""
    pos = np.empty((len(ch_names), 2))
    lower = {k.lower(): v for k, v in _POSITIONS.items()}
    for i, name in enumerate(ch_names):
        known = lower.get(name.lower())
        if known is None:
            angle, radius = 2.4 * i, 0.95 * np.sqrt((i + 0.5) / len(ch_names))
            known = (radius * np.cos(angle), radius * np.sin(angle))
        pos[i] = known
    return pos


def _topography(pos: np.ndarray, center: tuple[float, float], width: float) -> np.ndarray:
    """Gaussian scalp map, shape ``(n_channels,)``, 1 at ``center``."""
    d2 = ((pos - np.asarray(center)) ** 2).sum(axis=1)
    return np.asarray(np.exp(-d2 / (2 * width**2)))


def _pink(rng: np.random.Generator, shape: tuple[int, ...], n_times: int) -> np.ndarray:
    """1/f noise of unit RMS over the whole array, shape ``shape + (n_times,)``.

    Generated twice as long and cropped, so each row keeps the slow (below one cycle per trial)
    content of a longer recording: its own mean and drift, as a window of real EEG does. No
    row is centred or scaled on its own.
    """
    n = 2 * n_times
    spectrum = rng.standard_normal((*shape, n // 2 + 1)) + 1j * rng.standard_normal(
        (*shape, n // 2 + 1)
    )
    freqs = np.arange(n // 2 + 1, dtype=float)
    freqs[0] = 1.0
    noise = np.fft.irfft(spectrum / np.sqrt(freqs), n=n, axis=-1)[..., :n_times]
    return np.asarray(noise / np.sqrt(np.mean(noise**2)))


def _band_noise(
    rng: np.random.Generator,
    shape: tuple[int, ...],
    n_times: int,
    sfreq: float,
    band: tuple[float, float],
) -> np.ndarray:
    """Unit-RMS noise band-limited to ``band`` Hz, shape ``shape + (n_times,)``."""
    spectrum = np.fft.rfft(rng.standard_normal((*shape, n_times)), axis=-1)
    freqs = np.fft.rfftfreq(n_times, 1 / sfreq)
    spectrum[..., (freqs < band[0]) | (freqs > band[1])] = 0
    noise = np.fft.irfft(spectrum, n=n_times, axis=-1)
    return np.asarray(noise / (noise.std(axis=-1, keepdims=True) + 1e-12))


def _background(
    rng: np.random.Generator, n_trials: int, pos: np.ndarray, times: np.ndarray, sfreq: float
) -> np.ndarray:
    """Spatially correlated pink noise plus alpha, uV, shape ``(n_trials, n_channels, n_times)``."""
    n_ch = len(pos)
    dist = np.sqrt(((pos[:, None, :] - pos[None, :, :]) ** 2).sum(-1))
    corr = 0.3 + 0.7 * np.exp(-dist / 0.5) + 1e-6 * np.eye(n_ch)  # global + local correlation
    mixing = np.linalg.cholesky(corr)
    noise = _PINK_UV * np.einsum("cd,ndt->nct", mixing, _pink(rng, (n_trials, n_ch), len(times)))
    freq = rng.uniform(9.0, 11.5, n_trials)
    phase = rng.uniform(0, 2 * np.pi, n_trials)
    amplitude = _ALPHA_UV * rng.lognormal(0.0, 0.4, n_trials)
    alpha = amplitude[:, None] * np.sin(2 * np.pi * freq[:, None] * times + phase[:, None])
    alpha_map = 0.3 + 0.7 * _topography(pos, (0.0, -0.8), 0.6)
    offset = _OFFSET_UV * rng.standard_normal((n_trials, n_ch, 1))
    ramp = (times - times.mean()) / max(float(np.ptp(times)), 1e-12)  # -0.5 .. 0.5
    drift = _DRIFT_UV * rng.standard_normal((n_trials, n_ch, 1)) * ramp
    return np.asarray(noise + offset + drift + alpha[:, None, :] * alpha_map[None, :, None])


def _bumps(
    rng: np.random.Generator,
    times: np.ndarray,
    latency: float,
    width: float,
    jitter: float,
    n: int,
) -> np.ndarray:
    """Gaussian waveforms with per-trial latency and amplitude jitter, shape ``(n, n_times)``."""
    lat = latency + jitter * rng.standard_normal(n)
    gain = rng.lognormal(0.0, 0.25, n)
    return np.asarray(gain[:, None] * np.exp(-((times - lat[:, None]) ** 2) / (2 * width**2)))


def _check(n_trials: int, n_classes: int, snr: float, sfreq: float) -> None:
    if n_trials < n_classes:
        raise ValueError(f"n_trials must be at least {n_classes}, got {n_trials}")
    if snr < 0:
        raise ValueError(f"snr must be >= 0, got {snr}")
    if sfreq <= 0:
        raise ValueError(f"sfreq must be > 0, got {sfreq}")


def make_p300(
    n_trials: int = 600,
    target_ratio: float = 1 / 6,
    snr: float = 1.0,
    sfreq: float = 128.0,
    tmin: float = -0.1,
    tmax: float = 0.8,
    ch_names: Sequence[str] = ("Fz", "Cz", "Pz", "Oz", "P3", "P4", "PO7", "PO8"),
    random_state: int | np.random.Generator | None = None,
) -> TrialSet:
    """A visual oddball (P300) data set: "Target" and "NonTarget" epochs.

    Both classes share early visual components at occipital sites (P1 +3 uV at 100 ms, N1
    -4 uV at 170 ms). Targets add an N200 (-4 uV at 250 ms, fronto-central) and a P3b
    (+15 uV at 350 ms, Gaussian of SD 100 ms, largest over Pz/P3/P4/PO7/PO8: a salient visual
    oddball's P3b is 10-20 uV and lasts some 300 ms); non-targets carry a P3 of 15 % of that
    size. Every component jitters in latency (15-40 ms) and amplitude (~25 %)
    from trial to trial. The background is 8-10 uV RMS (see the module notes).

    Parameters
    ----------
    n_trials : int
        Number of epochs.
    target_ratio : float
        Fraction of targets, in (0, 1); ``round(n_trials * target_ratio)`` targets.
    snr : float
        Scale of the N200 and P3 amplitudes above. With the defaults, shrinkage LDA on the
        samples averaged in 4-sample bins (standardised) reaches a 5-fold
        cross-validated balanced accuracy of about 0.77 (ROC-AUC 0.87) at ``snr=1``, 0.60
        (0.68) at 0.5 and 0.54 (0.58) at 0.3 (chance 0.5).
    sfreq : float
        Sampling rate in Hz.
    tmin, tmax : float
        Epoch window in seconds around the stimulus (samples ``round(tmin * sfreq)`` to
        ``round(tmax * sfreq)`` inclusive, the MNE convention).
    ch_names : sequence of str
        Channel names; 10-20 names get their scalp position, others a made-up one.
    random_state : int, Generator or None
        Seed for reproducible data.

    Returns
    -------
    TrialSet
        float32 trials ``(n_channels, n_times)`` in microvolts, string labels, in random order.
    """
    _check(n_trials, 2, snr, sfreq)
    if not 0 < target_ratio < 1:
        raise ValueError(f"target_ratio must be in (0, 1), got {target_ratio}")
    if tmax <= tmin:
        raise ValueError(f"tmax ({tmax}) must be after tmin ({tmin})")
    rng = np.random.default_rng(random_state)
    names = tuple(ch_names)
    pos = _positions(names)
    times = np.arange(round(tmin * sfreq), round(tmax * sfreq) + 1) / sfreq
    n_targets = min(max(round(n_trials * target_ratio), 1), n_trials - 1)
    is_target = np.zeros(n_trials, dtype=bool)
    is_target[rng.permutation(n_trials)[:n_targets]] = True

    occipital = _topography(pos, (0.0, -0.9), 0.4)
    parietal = _topography(pos, (0.0, -0.55), 0.55)
    frontocentral = _topography(pos, (0.0, 0.25), 0.45)
    # (topography, latency s, width s, jitter s, amplitude uV per trial)
    p3_amp = snr * np.where(is_target, _P3_UV, 0.15 * _P3_UV)
    n2_amp = snr * np.where(is_target, -4.0, 0.0)
    components = [
        (occipital, 0.10, 0.020, 0.015, np.full(n_trials, 3.0)),
        (occipital, 0.17, 0.025, 0.020, np.full(n_trials, -4.0)),
        (frontocentral, 0.25, 0.030, 0.025, n2_amp),
        (parietal, 0.35, 0.100, 0.040, p3_amp),
    ]
    X = _background(rng, n_trials, pos, times, sfreq)
    for topo, latency, width, jitter, amp in components:
        wave = amp[:, None] * _bumps(rng, times, latency, width, jitter, n_trials)
        X += wave[:, None, :] * topo[None, :, None]
    y = np.where(is_target, P300_CLASSES[1], P300_CLASSES[0])
    return _trialset(X, y, sfreq, names, "synthetic-p300")


def _default_inner_names(n_channels: int) -> tuple[str, ...]:
    if n_channels <= len(_INNER_16):
        return _INNER_16[:n_channels]
    extra = [n for n in _POSITIONS if n not in _INNER_16]
    names = list(_INNER_16) + extra[: n_channels - len(_INNER_16)]
    names += [f"EEG{i:03d}" for i in range(len(names) + 1, n_channels + 1)]
    return tuple(names)


def make_inner_speech(
    n_trials: int = 400,
    snr: float = 1.0,
    sfreq: float = 128.0,
    duration: float = 2.0,
    n_channels: int = 16,
    random_state: int | np.random.Generator | None = None,
) -> TrialSet:
    """A four-class inner-speech data set ("arriba", "abajo", "derecha", "izquierda").

    Each class has a weak spatial-spectral signature over the shared background: a burst of
    band-limited activity (arriba: theta 4-7 Hz frontal; abajo: alpha 8-12 Hz parietal;
    derecha: beta 15-25 Hz left central; izquierda: beta 15-25 Hz right central; 2.5 uV RMS at
    the centre of its scalp map, peaking mid-trial) and a slow negative evoked deflection
    (-6 uV, latency 0.2-0.5 of the trial by class, jittered 80 ms) over the same sites.

    Parameters
    ----------
    n_trials : int
        Number of trials, split as evenly as possible among the four classes.
    snr : float
        Scale of the class-specific components. With the defaults, shrinkage LDA on the
        samples averaged in 16-sample bins reaches a cross-validated balanced accuracy of about
        0.48 at ``snr=1``, 0.32 at 0.5 and 0.29 at 0.3 (chance 0.25); log band power (theta,
        alpha, beta; Welch, 1 s segments) about 0.71.
    sfreq : float
        Sampling rate in Hz.
    duration : float
        Trial length in seconds.
    n_channels : int
        Number of channels (10-20 names while they last, then ``EEG0nn``).
    random_state : int, Generator or None
        Seed for reproducible data.

    Returns
    -------
    TrialSet
        float32 trials ``(n_channels, round(duration * sfreq))`` in microvolts, string labels,
        in random order.
    """
    _check(n_trials, len(INNER_SPEECH_CLASSES), snr, sfreq)
    if n_channels < 1:
        raise ValueError(f"n_channels must be >= 1, got {n_channels}")
    n_times = round(duration * sfreq)
    if n_times < 2:
        raise ValueError(f"duration * sfreq must give at least 2 samples, got {n_times}")
    rng = np.random.default_rng(random_state)
    names = _default_inner_names(n_channels)
    pos = _positions(names)
    times = np.arange(n_times) / sfreq
    codes = rng.permutation(np.arange(n_trials) % len(INNER_SPEECH_CLASSES))
    X = _background(rng, n_trials, pos, times, sfreq)
    patterns = [  # (scalp centre, band Hz, evoked latency s)
        ((0.0, 0.5), (4.0, 7.0), 0.4),
        ((0.0, -0.5), (8.0, 12.0), 0.6),
        ((-0.5, 0.0), (15.0, 25.0), 0.8),
        ((0.5, 0.0), (15.0, 25.0), 1.0),
    ]
    envelope = np.exp(-((times - 0.5 * duration) ** 2) / (2 * (0.3 * duration) ** 2))
    for code, (center, band, latency) in enumerate(patterns):
        idx = np.flatnonzero(codes == code)
        topo = _topography(pos, center, 0.45)
        burst = 2.5 * _band_noise(rng, (idx.size,), n_times, sfreq, band) * envelope
        evoked = -6.0 * _bumps(rng, times, latency * duration / 2.0, 0.12, 0.08, idx.size)
        X[idx] += snr * (burst + evoked)[:, None, :] * topo[None, :, None]
    y = np.asarray(INNER_SPEECH_CLASSES)[codes]
    return _trialset(X, y, sfreq, names, "synthetic-inner-speech")


def _trialset(
    X: np.ndarray, y: np.ndarray, sfreq: float, names: tuple[str, ...], source: str
) -> TrialSet:
    X32 = X.astype(np.float32)
    return TrialSet(
        trials=list(X32),
        y=y,
        sfreq=float(sfreq),
        ch_names=names,
        sources=tuple(TrialSource(source, i) for i in range(len(X32))),
    )


def _stratified_split(
    y: np.ndarray, test_fraction: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Train and test indices (sorted), ``round(test_fraction * n)`` of each class in test."""
    test: list[np.ndarray] = []
    for cls in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == cls))
        n_test = min(max(round(test_fraction * members.size), 1), members.size - 1)
        test.append(members[:n_test])
    test_idx = np.sort(np.concatenate(test))
    train_idx = np.setdiff1d(np.arange(y.size), test_idx)
    return train_idx, test_idx


def write_demo_dataset(
    kind: Literal["p300", "inner"],
    folder: str | PathLike[str],
    *,
    n_trials: int | None = None,
    random_state: int | None = 0,
) -> dict[str, list[Path]]:
    """Write a synthetic demo data set as seed-style ``.npy`` files.

    Parameters
    ----------
    kind : {"p300", "inner"}
        :func:`make_p300` or :func:`make_inner_speech` with default settings.
    folder : path-like
        Destination; ``train/`` and ``test/`` sub-folders and an ``info.json`` (kind, sfreq,
        channel names, counts) are written inside.
    n_trials : int, optional
        Total number of trials (default: the generator's default).
    random_state : int or None
        Seed of the data and of the split.

    Returns
    -------
    dict
        ``{"xTrain", "yTrain", "xTest", "yTest"}`` -> lists of Paths, one ``(T, F)`` file and
        one scalar label file per trial (a stratified 80/20 split), ready for ``Model.fit``.
    """
    rs = random_state
    if kind == "p300":
        data = (
            make_p300(random_state=rs) if n_trials is None else make_p300(n_trials, random_state=rs)
        )
    elif kind == "inner":
        data = (
            make_inner_speech(random_state=rs)
            if n_trials is None
            else make_inner_speech(n_trials, random_state=rs)
        )
    else:
        raise ValueError(f"kind must be 'p300' or 'inner', got {kind!r}")
    assert data.y is not None
    out = Path(folder)
    train_idx, test_idx = _stratified_split(data.y, 0.2, np.random.default_rng(random_state))
    x_train, y_train = write_seed_files(data.subset(train_idx), out / "train", prefix="train")
    x_test, y_test = write_seed_files(data.subset(test_idx), out / "test", prefix="test")
    info = {
        "kind": kind,
        "sfreq": data.sfreq,
        "ch_names": list(data.ch_names or ()),
        "units": "uV",
        "orientation": "(T, F): time x channels",
        "n_train": int(train_idx.size),
        "n_test": int(test_idx.size),
        "random_state": random_state,
    }
    (out / "info.json").write_text(json.dumps(info, indent=2), encoding="utf-8")
    logger.info(
        "demo data set %r: %d train and %d test trials in %s",
        kind,
        train_idx.size,
        test_idx.size,
        out,
    )
    return {"xTrain": x_train, "yTrain": y_train, "xTest": x_test, "yTest": y_test}
