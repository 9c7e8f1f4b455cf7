"""``python main.py live | replay | simulate-speller`` as a user runs them (subprocesses on
loopback LSL, bounded in time, every process stopped and waited for)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from bcigui.data.epoching import EpochSettings, epoch_recordings
from tests.online.conftest import unique_name, write_p300_recording

pytestmark = [pytest.mark.slow, pytest.mark.timeout(180)]
ROOT = Path(__file__).resolve().parents[2]
SETTINGS = EpochSettings(
    event_map={"1": "NonTarget", "2": "Target"}, tmin=0.0, tmax=0.8, l_freq=1.0, h_freq=20.0
)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from bcigui import ShrinkageLDA
    from bcigui.store.manager import ModelManager

    folder = tmp_path_factory.mktemp("clilive")
    train = write_p300_recording(folder / "train_raw.fif", n_trials=150, seed=1)
    model = ShrinkageLDA().fit_trials(epoch_recordings(train, SETTINGS))
    model.training_info_["epoching"] = SETTINGS.model_dump()
    manager = ModelManager(folder / "store")
    try:
        path = manager.save(model, "p300")
    finally:
        manager.close()
    live = write_p300_recording(folder / "live_raw.fif", n_trials=12, seed=2, lead_s=2.0)
    return {"store": folder / "store", "path": path, "recording": live}


@contextmanager
def _command(*args: str) -> Iterator[subprocess.Popen[str]]:
    """``python main.py *args`` with this session's LSL config; killed if still running."""
    proc = subprocess.Popen(
        [sys.executable, "main.py", *args], cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=30)


def _read_until(proc: subprocess.Popen[str], prefix: str, timeout: float = 60.0) -> list[str]:
    """Lines of stdout up to and including the first starting with ``prefix``."""
    assert proc.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if line.startswith(prefix):
            return lines
    raise AssertionError(f"no line starting with {prefix!r}: {lines}")


def test_live_on_a_replay_prints_decisions_writes_jsonl_and_exits_0(store, tmp_path):
    name = unique_name("cli")
    jsonl = tmp_path / "epochs.jsonl"
    with _command("replay", str(store["recording"]), "--name", name, "--speed", "2",
                  "--loop") as replay:  # fmt: skip
        _read_until(replay, "replay:")
        with _command(
            "live", "--label", "p300", "--store", str(store["store"]), "--eeg-stream", name,
            "--marker-stream", f"{name}-markers", "--duration", "8", "--jsonl", str(jsonl),
        ) as live:  # fmt: skip
            out, err = live.communicate(timeout=90)
            assert live.returncode == 0, err
        replay.send_signal(signal.SIGINT)
        rest, _ = replay.communicate(timeout=30)
        assert replay.returncode == 0 and "replay: stopped after" in rest
    records = [json.loads(line) for line in jsonl.read_text().splitlines()]
    epochs = [r for r in records if r["kind"] == "epoch"]
    decisions = [r for r in records if r["kind"] == "decision"]
    assert len(epochs) >= 5 and len(decisions) == len(epochs)
    for r in epochs:
        assert {"marker", "marker_time", "predicted", "proba", "latency_ms"} <= set(r)
        assert r["marker"] in {"1", "2"} and set(r["proba"]) == {"NonTarget", "Target"}
        assert r["marker_time"] > 0 and r["latency_ms"] >= 0
    assert out.count("decision: ") == len(decisions)
    summary = [line for line in out.splitlines() if line.startswith("summary: ")]
    assert summary and f"epochs {len(epochs)}," in summary[0] and "p99" in summary[0]
    session = [line for line in out.splitlines() if line.startswith("session: ")]
    assert session and Path(session[0].split(": ", 1)[1]).parent == store["store"] / "sessions"


def test_live_stops_on_sigint_with_exit_0_and_a_summary(store):
    name = unique_name("sigint")
    with _command("replay", str(store["recording"]), "--name", name, "--loop") as replay:
        _read_until(replay, "replay:")
        with _command(
            "live", "--model", str(store["path"]), "--store", str(store["store"]),
            "--eeg-stream", name, "--no-session",
        ) as live:  # fmt: skip
            _read_until(live, "decision: ")
            live.send_signal(signal.SIGINT)
            out, err = live.communicate(timeout=30)
            assert live.returncode == 0, err
        assert "summary: epochs " in out and "latency p50" in out
        replay.send_signal(signal.SIGINT)
        replay.communicate(timeout=30)
        assert replay.returncode == 0


def test_live_names_a_missing_stream_and_exits_2(store):
    with _command("live", "--model", str(store["path"]), "--store", str(store["store"]),
                  "--eeg-stream", unique_name("absent")) as live:  # fmt: skip
        _, err = live.communicate(timeout=60)
    assert live.returncode == 2 and "no EEG stream named" in err and "visible now" in err


def test_simulate_speller_reports_stores_and_describes_readiness(store, tmp_path, capsys):
    from bcigui.app.model_description import describe_online_readiness
    from bcigui.cli import main
    from bcigui.store.readiness import read_readiness

    out_json = tmp_path / "readiness.json"
    code = main([
        "simulate-speller", "--label", "p300", "--store", str(store["store"]),
        "--recording", str(store["recording"]), "--repetitions", "3", "--selections", "10",
        "--seed", "1", "--json", str(out_json),
    ])  # fmt: skip
    assert code == 0
    printed = capsys.readouterr().out
    assert "repetitions  accuracy  bits/min" in printed and "dynamic stopping at 0.9" in printed
    result = json.loads(out_json.read_text())
    assert [f["max_repetitions"] for f in result["fixed"]] == [1, 2, 3]
    assert result["dynamic"]["threshold"] == 0.9 and result["layout"] == "6x6 matrix"
    stored = read_readiness(store["path"])
    assert stored is not None and stored["fixed"] == result["fixed"]
    text = describe_online_readiness(stored)
    assert text.startswith("online readiness (6x6 matrix, live_raw.fif): ")
    assert "at 3 repetitions" in text and "dynamic stopping at 0.9" in text
    assert main(["models", "show", str(store["path"]), "--store", str(store["store"])]) == 0
    assert text in capsys.readouterr().out  # the library shows it


def test_speller_flags_make_the_stopping_rule_and_name_each_mistake():
    from bcigui.cli.live import speller_stopping
    from bcigui.errors import ConfigError

    fixed = speller_stopping(None, None, None)
    assert (fixed.threshold, fixed.min_repetitions, fixed.max_repetitions) == (None, 10, 10)
    assert speller_stopping(None, 4, None).max_repetitions == 4
    dynamic = speller_stopping(0.9, 12, 3)
    assert (dynamic.threshold, dynamic.min_repetitions, dynamic.max_repetitions) == (0.9, 3, 12)
    assert speller_stopping(0.9, None, None).max_repetitions == 10
    for args, flag in [
        ((None, 0, None), "--repetitions must be at least 1"),
        ((None, 5, 2), "--min-repetitions needs --dynamic-stopping"),
        ((0.9, 4, 6), "--min-repetitions (6) must be between 1 and --repetitions (4)"),
        ((1.5, None, None), "--dynamic-stopping is a posterior probability"),
    ]:
        with pytest.raises(ConfigError, match=re.escape(flag)):
            speller_stopping(*args)


def test_speller_flags_without_a_layout_exit_2_naming_the_flag(store):
    with _command("live", "--model", str(store["path"]), "--store", str(store["store"]),
                  "--eeg-stream", "x", "--repetitions", "5") as live:  # fmt: skip
        _, err = live.communicate(timeout=60)
    assert live.returncode == 2 and "--repetitions needs --layout" in err
