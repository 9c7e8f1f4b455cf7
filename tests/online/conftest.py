"""LSL confined to this machine for the online tests, and no thread left behind.

The session fixture writes an ``lsl_api.cfg`` (machine scope, peer 127.0.0.1, IPv6 off, a unique
``SessionID``) and points ``LSLAPICFG`` at it before liblsl loads, so parallel test runs never
see each other's streams. Every test then checks that it left no thread running.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from bcigui.online.lsl_config import LSL_CONFIG_ENV, write_local_lsl_config


@pytest.fixture(scope="session", autouse=True)
def local_lsl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """This session's LSL session id; the config file is in ``LSLAPICFG``.

    liblsl reads its configuration once per process, so a config an earlier conftest of this
    session set (the GUI tests') is kept: a second one would give child processes another
    session id than this process, and they would not see its streams.
    """
    existing = os.environ.get(LSL_CONFIG_ENV)
    if existing and Path(existing).is_file():
        for line in Path(existing).read_text(encoding="utf-8").splitlines():
            if line.startswith("SessionID"):
                yield line.split("=", 1)[1].strip()
                return
    folder = tmp_path_factory.mktemp("lsl")
    path, session_id = write_local_lsl_config(folder / "lsl_api.cfg")
    before = os.environ.get(LSL_CONFIG_ENV)
    os.environ[LSL_CONFIG_ENV] = str(path)
    yield session_id
    if before is None:
        os.environ.pop(LSL_CONFIG_ENV, None)
    else:
        os.environ[LSL_CONFIG_ENV] = before


@pytest.fixture(autouse=True)
def no_leftover_threads() -> Iterator[None]:
    """Fail a test that leaves a thread running (players, acquisition timers, inlets)."""
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 3.0
    while True:
        extra = [t for t in threading.enumerate() if t not in before and t.is_alive()]
        if not extra or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert not extra, f"threads left running: {extra}"


def unique_name(stem: str) -> str:
    """A stream name no other test uses."""
    return f"{stem}-{os.getpid()}-{time.monotonic_ns()}"


def write_p300_recording(
    path: Path,
    *,
    n_trials: int = 120,
    sfreq: float = 128.0,
    seed: int = 0,
    gap_s: float = 0.45,
    lead_s: float = 8.0,
) -> Path:
    """A continuous synthetic P300 recording (FIF, volts) with a stim channel ``STI``.

    Epochs of :func:`bcigui.data.synthetic.make_p300` (0..0.8 s) are laid end to end with
    ``gap_s`` of background between them; ``STI`` is 1 (NonTarget) or 2 (Target) at each onset.
    Starts and ends with ``lead_s`` of background (8 s: room for a 0.5 Hz high-pass margin).
    """
    import mne

    from bcigui.data.synthetic import make_p300

    trials = make_p300(n_trials=n_trials, sfreq=sfreq, tmin=0.0, tmax=0.8, random_state=seed)
    rng = np.random.default_rng(seed)
    n_ch = len(trials.ch_names or ())
    pieces, stim = [], []
    lead = int(lead_s * sfreq)
    pieces.append(rng.normal(0, 8e-6, (n_ch, lead)))
    stim.append(np.zeros(lead))
    gap = int(gap_s * sfreq)
    for x, label in zip(trials.trials, trials.y, strict=True):
        pieces.append(x.astype(np.float64) * 1e-6)  # make_p300 gives microvolts
        marks = np.zeros(x.shape[1])
        marks[0] = 2 if label == "Target" else 1
        stim.append(marks)
        pieces.append(rng.normal(0, 8e-6, (n_ch, gap)))
        stim.append(np.zeros(gap))
    pieces.append(rng.normal(0, 8e-6, (n_ch, lead)))
    stim.append(np.zeros(lead))
    data = np.vstack([np.hstack(pieces), np.hstack(stim)[None, :]])
    info = mne.create_info([*trials.ch_names, "STI"], sfreq, [*["eeg"] * n_ch, "stim"])
    raw = mne.io.RawArray(data, info, verbose="error")
    raw.save(path, overwrite=True, verbose="error")
    return path


#: The epoch settings of the live tests' models: 1-20 Hz, 0-0.8 s, 1 -> NonTarget, 2 -> Target.
LIVE_SETTINGS_KW = {
    "event_map": {"1": "NonTarget", "2": "Target"}, "tmin": 0.0, "tmax": 0.8,
    "l_freq": 1.0, "h_freq": 20.0,
}  # fmt: skip


def save_live_model(folder: Path, seed: int) -> tuple[Path, Path]:
    """A ShrinkageLDA trained on a synthetic recording (150 trials, ``seed``) with the live
    tests' epoch settings, saved under label ``live-p300`` in ``folder/store``.

    Returns
    -------
    (Path, Path)
        The model file and the store folder.
    """
    from bcigui import ShrinkageLDA
    from bcigui.data.epoching import EpochSettings, epoch_recordings
    from bcigui.store.manager import ModelManager

    settings = EpochSettings(**LIVE_SETTINGS_KW)
    train = write_p300_recording(folder / "train_raw.fif", n_trials=150, seed=seed)
    model = ShrinkageLDA().fit_trials(epoch_recordings(train, settings))
    model.training_info_["epoching"] = settings.model_dump()
    store = folder / "store"
    manager = ModelManager(store)
    try:
        return manager.save(model, "live-p300"), store
    finally:
        manager.close()
