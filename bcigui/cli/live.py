"""Headless live commands: ``live``, ``replay`` and ``simulate-speller``.

Examples
--------
::

    python main.py replay s3_raw.fif --name amp --speed 1 --loop
    python main.py live --label p300 --eeg-stream amp --marker-stream amp-markers \\
        --duration 60 --jsonl epochs.jsonl --layout matrix.json --dynamic-stopping 0.9 \\
        --repetitions 12 --min-repetitions 3
    python main.py simulate-speller --label p300 --recording s3_raw.fif --repetitions 15 \\
        --dynamic-stopping 0.9 --selections 50 --seed 0 --json readiness.json

``live`` prints one line per decision and, with ``--jsonl``, one JSON object per classified
epoch (``kind`` ``"epoch"``: ``marker``, ``marker_time`` on the LSL clock, ``predicted``,
``proba``, ``latency_ms``, ``late``) and per decision (``kind`` ``"decision"``). It records the
session under ``<store>/sessions/`` and exits 0 at the end of ``--duration`` or on Ctrl+C
(SIGINT), after a summary line. ``replay`` streams a recording until its end (or Ctrl+C with
``--loop``).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from bcigui.errors import ConfigError

if TYPE_CHECKING:
    from bcigui.online.speller import StoppingRule


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


@contextmanager
def _on_sigint(action: Callable[[], None]) -> Iterator[None]:
    """Within the block, SIGINT (Ctrl+C) calls ``action`` instead of raising."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, lambda signum, frame: action())
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _store_dir(args: argparse.Namespace) -> Path:
    from bcigui.modelfile.paths import default_store_dir

    return Path(args.store) if args.store else Path(default_store_dir())


def resolve_model_path(args: argparse.Namespace) -> Path:
    """``--model PATH``, or the label's champion (else its newest model) in the store."""
    if bool(args.model) == bool(args.label):
        raise ConfigError("give either --model PATH or --label LABEL")
    if args.model:
        path = Path(args.model)
        if not path.is_file():
            raise ConfigError(f"no model file {path}; check --model")
        return path
    from bcigui.store.manager import ModelManager

    manager = ModelManager(_store_dir(args))
    try:
        records = manager.list(label=args.label, status="ok")
    finally:
        manager.close()
    if not records:
        raise ConfigError(f"no model with label {args.label!r} in the store {_store_dir(args)}")
    champions = [r for r in records if r.champion]
    return Path((champions or records)[0].path)


# ----------------------------------------------------------------------------- live
def _jsonl(path: str | None) -> IO[str] | None:
    return None if path is None else open(path, "w", encoding="utf-8")


def speller_stopping(
    threshold: float | None, repetitions: int | None, min_repetitions: int | None
) -> StoppingRule:
    """The stopping rule of ``live``'s speller flags (each error names the flag and the fix).

    Fixed stopping runs ``repetitions`` (default 10) repetitions per selection; dynamic stopping
    (``threshold``) runs at least ``min_repetitions`` (default 1) and at most ``repetitions``.
    """
    from bcigui.online.speller import StoppingRule

    most = 10 if repetitions is None else repetitions
    if most < 1:
        raise ConfigError(f"--repetitions must be at least 1, got {most}")
    if threshold is None:
        if min_repetitions is not None:
            raise ConfigError(
                "--min-repetitions needs --dynamic-stopping (fixed stopping always runs "
                "--repetitions)"
            )
        return StoppingRule.fixed(most)
    least = 1 if min_repetitions is None else min_repetitions
    if not 1 <= least <= most:
        raise ConfigError(
            f"--min-repetitions ({least}) must be between 1 and --repetitions ({most})"
        )
    if not 0.0 < threshold < 1.0:
        raise ConfigError(
            f"--dynamic-stopping is a posterior probability between 0 and 1, got {threshold}"
        )
    return StoppingRule(threshold, least, most)


def cmd_live(args: argparse.Namespace) -> int:
    """Run a model live on an LSL stream; print decisions; summary at the end or on Ctrl+C."""
    from bcigui.app.live import LiveEvent, LiveSettings, default_sessions_dir, run_live
    from bcigui.classifiers.progress import CancelToken
    from bcigui.online.speller import load_layout

    speller_flags = {
        "--dynamic-stopping": args.dynamic_stopping,
        "--repetitions": args.repetitions,
        "--min-repetitions": args.min_repetitions,
    }
    for flag, value in speller_flags.items():
        if value is not None and args.layout is None:
            raise ConfigError(f"{flag} needs --layout (it sets how a speller selection stops)")
    if args.duration is not None and args.duration <= 0:
        raise ConfigError(f"--duration must be positive seconds, got {args.duration}")
    layout = load_layout(args.layout) if args.layout else None
    stopping = None
    if layout is not None:
        stopping = speller_stopping(args.dynamic_stopping, args.repetitions, args.min_repetitions)
    store = _store_dir(args)
    settings = LiveSettings(
        model_path=resolve_model_path(args),
        eeg_stream=args.eeg_stream,
        marker_stream=args.marker_stream,
        duration=args.duration,
        layout=layout,
        stopping=stopping,
        session_dir=None if args.no_session else default_sessions_dir(store),
        store_dir=store,
    )
    cancel = CancelToken()
    sink = _jsonl(args.jsonl)

    def on_event(event: LiveEvent) -> None:
        if event.kind == "decision":
            _out(
                f"decision: {event.symbol} (posterior {event.posterior:.3f}, "
                f"{event.repetitions} repetitions, {event.n_flashes} flashes)"
            )
        elif event.kind == "status":
            _out(f"status: {event.text}")
        if sink is not None and event.kind in ("epoch", "decision"):
            sink.write(json.dumps(event.to_json()) + "\n")
            sink.flush()

    _out(f"live: {settings.model_path.name} on {args.eeg_stream!r} (Ctrl+C stops)")
    try:
        with _on_sigint(cancel.cancel):
            summary = run_live(settings, on_event, cancel)
    finally:
        if sink is not None:
            sink.close()
    _out(f"summary: {summary.line()}")
    if summary.session_path is not None:
        _out(f"session: {summary.session_path}")
    return 0


# ----------------------------------------------------------------------------- replay
def cmd_replay(args: argparse.Namespace) -> int:
    """Stream a recording as LSL EEG + marker streams until its end (or Ctrl+C)."""
    from bcigui.online.replay import RecordingReplay

    stop = threading.Event()
    with RecordingReplay(
        args.recording, name=args.name, speed=args.speed, loop=args.loop
    ) as replay:
        markers = f" and markers on {replay.marker_name!r}" if replay.markers else ""
        _out(
            f"replay: {Path(args.recording).name} as {replay.name!r}{markers}, "
            f"{replay.data.shape[1]} channels at {replay.sfreq:g} Hz, {len(replay.markers)} "
            f"events, {replay.duration_s / args.speed:.1f} s per pass (Ctrl+C stops)"
        )
        with _on_sigint(stop.set):
            replay.start()
            while replay.running and not stop.is_set():
                stop.wait(0.1)
        _out(f"replay: stopped after {replay.pushed} samples ({replay.passes} full passes)")
    return 0


# ----------------------------------------------------------------------------- simulate
def cmd_simulate_speller(args: argparse.Namespace) -> int:
    """Pseudo-online speller from a labelled recording; store the result with the model."""
    from bcigui.app.online_readiness import evaluate_online_readiness

    result = evaluate_online_readiness(
        resolve_model_path(args),
        Path(args.recording),
        layout_file=Path(args.layout) if args.layout else None,
        repetitions=args.repetitions,
        threshold=args.dynamic_stopping,
        selections=args.selections,
        seed=args.seed,
        store_dir=_store_dir(args),
    )
    _out(result.table())
    if args.json:
        Path(args.json).write_text(json.dumps(result.to_json(), indent=2), encoding="utf-8")
    return 0


def _model_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", help="model file (.bcimodel)")
    p.add_argument("--label", help="the label's champion (else its newest model) in the store")
    p.add_argument("--store", help="model store folder (default: the app's store)")


def add_live_parsers(sub: Any) -> None:
    """Register ``live``, ``replay`` and ``simulate-speller`` on the main parser."""
    live = sub.add_parser("live", help="run a model live on an LSL EEG stream")
    _model_options(live)
    live.add_argument("--eeg-stream", required=True, help="LSL name of the EEG stream")
    live.add_argument(
        "--marker-stream", help="LSL name of the marker stream (default: the EEG stim channel)"
    )
    live.add_argument("--duration", type=float, help="seconds to run (default: until Ctrl+C)")
    live.add_argument("--jsonl", help="write one JSON object per epoch and per decision")
    live.add_argument("--layout", help="speller layout JSON (markers name its flash groups)")
    live.add_argument(
        "--dynamic-stopping", type=float, metavar="P",
        help="speller: stop a selection when the best posterior reaches P",
    )  # fmt: skip
    live.add_argument(
        "--repetitions", type=int, metavar="N",
        help="speller: repetitions per selection (fixed), or the most with --dynamic-stopping "
        "(default 10)",
    )  # fmt: skip
    live.add_argument(
        "--min-repetitions", type=int, metavar="M",
        help="speller with --dynamic-stopping: repetitions before it may stop (default 1)",
    )  # fmt: skip
    live.add_argument(
        "--no-session", action="store_true", help="do not record the session (<store>/sessions)"
    )
    live.set_defaults(func=cmd_live)

    replay = sub.add_parser("replay", help="stream a recording as LSL EEG + marker streams")
    replay.add_argument("recording", help="any recording the app reads (.fif, .edf, .vhdr, ...)")
    replay.add_argument("--speed", type=float, default=1.0, help="times real time (default 1)")
    replay.add_argument("--name", help="EEG stream name (default: the file name)")
    replay.add_argument("--loop", action="store_true", help="start again at the end")
    replay.set_defaults(func=cmd_replay)

    sim = sub.add_parser(
        "simulate-speller", help="pseudo-online speller accuracy and bit rate of a model"
    )
    _model_options(sim)
    sim.add_argument("--recording", required=True, help="labelled test recording")
    sim.add_argument("--layout", help="speller layout JSON (default: 6x6 matrix)")
    sim.add_argument("--repetitions", type=int, default=15, help="1..N repetitions (15)")
    sim.add_argument(
        "--dynamic-stopping", type=float, default=0.9, metavar="P",
        help="posterior threshold of dynamic stopping (0.9)",
    )  # fmt: skip
    sim.add_argument("--selections", type=int, default=50, help="selections per rule (50)")
    sim.add_argument("--seed", type=int, default=0)
    sim.add_argument("--json", help="also write the result to this JSON file")
    sim.set_defaults(func=cmd_simulate_speller)
