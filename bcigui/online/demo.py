"""Synthetic recordings to try the live path without an amplifier (replays, self-test, demo).

The recordings are FIF files our readers open and :class:`bcigui.online.replay.RecordingReplay`
streams: a calibration session with stim codes and a speller session whose annotations name the
flashed row or column of the 6x6 matrix.
"""

from __future__ import annotations

from pathlib import Path

import mne
import numpy as np

from bcigui.data.synthetic import make_p300
from bcigui.online.speller import matrix_layout


def write_speller_recordings(
    folder: Path,
    text: str = "BCI",
    *,
    repetitions: int = 4,
    sfreq: float = 128.0,
    snr: float = 2.5,
    seed: int = 3,
) -> tuple[Path, Path]:
    """A calibration recording (stim 1/2) and a speller recording (annotations name groups).

    Epochs of :func:`bcigui.data.synthetic.make_p300` (0-0.8 s, volts) are laid end to end with
    0.1 s of background between them. The speller recording flashes the rows and columns of the
    6x6 matrix in random order, ``repetitions`` per symbol of ``text``; a flash of a group
    holding the symbol carries a Target response.

    Parameters
    ----------
    folder : Path
        Where ``calibration_raw.fif`` and ``speller_raw.fif`` are written (created if needed).
    text : str
        The symbols the speller recording spells (symbols of the default 6x6 matrix).
    repetitions : int
        Flashes of every row and column per symbol.
    sfreq : float
        Sampling rate in Hz.
    snr : float
        Scale of the P3 (see :func:`~bcigui.data.synthetic.make_p300`); the default makes a
        calibration a shrinkage LDA separates well (held-out ROC-AUC about 0.95 after the 1-20 Hz
        band-pass), so a replay spells its text in a few repetitions.
    seed : int
        Seed of the epochs, the gaps and the flash orders.

    Returns
    -------
    (Path, Path)
        The calibration recording (8 EEG channels in volts + stim ``STI``: 300 epochs, 1 in 6
        a Target) and the speller recording (EEG + annotations naming the flashed group).
    """
    layout = matrix_layout()
    unknown = sorted(set(text) - set(layout.symbols))
    if unknown:
        raise ValueError(f"symbols {unknown} are not in the 6x6 matrix")
    n_targets = 50 + 2 * repetitions * len(text)  # calibration 1 in 6; a row and a column
    n_flashes = 300 + len(layout.group_names) * repetitions * len(text)
    trials = make_p300(n_trials=n_flashes + 12, target_ratio=(n_targets + 2) / (n_flashes + 12),
                       snr=snr, sfreq=sfreq, tmin=0.0, tmax=0.8, random_state=seed)  # fmt: skip
    rng = np.random.default_rng(seed)
    n_ch = len(trials.ch_names or ())
    gap = rng.normal(0, 8e-6, (n_ch, int(0.1 * sfreq)))
    labels = list(trials.y if trials.y is not None else ())
    pools = {c: [x * 1e-6 for x, y in zip(trials.trials, labels, strict=True) if y == c]
             for c in ("Target", "NonTarget")}  # fmt: skip

    def write(name: str, flashes: list[tuple[str, str]], stim: bool) -> Path:
        lead = rng.normal(0, 8e-6, (n_ch, int(8 * sfreq)))
        pieces, onsets, codes = [lead], [], []
        at = lead.shape[1]
        for key, kind in flashes:
            epoch = pools[kind].pop()
            onsets.append(at)
            codes.append(key)
            pieces += [epoch, gap]
            at += epoch.shape[1] + gap.shape[1]
        pieces.append(rng.normal(0, 8e-6, (n_ch, int(8 * sfreq))))
        data = np.hstack(pieces)
        names, types = list(trials.ch_names or ()), ["eeg"] * n_ch
        if stim:
            marks = np.zeros((1, data.shape[1]))
            marks[0, onsets] = [int(c) for c in codes]
            data, names, types = np.vstack([data, marks]), [*names, "STI"], [*types, "stim"]
        raw = mne.io.RawArray(data, mne.create_info(names, sfreq, types), verbose="error")
        if not stim:
            raw.set_annotations(mne.Annotations([o / sfreq for o in onsets], 0.0, codes))
        path = folder / f"{name}_raw.fif"
        raw.save(path, overwrite=True, verbose="error")
        return path

    folder.mkdir(parents=True, exist_ok=True)
    calibration = [("2", "Target") if i % 6 == 0 else ("1", "NonTarget") for i in range(300)]
    flashes = []
    for symbol in text:
        groups = layout.groups_of(symbol)
        for _ in range(repetitions):
            for group in rng.permutation(layout.group_names):
                flashes.append((str(group), "Target" if group in groups else "NonTarget"))
    return write("calibration", calibration, True), write("speller", flashes, False)
