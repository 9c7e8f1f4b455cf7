"""Run the reliability suite and write docs/reliability.md (case, expected behaviour, result).

Every test listed in tests/reliability/cases.py runs in one pytest process with ``--junitxml``;
the results are folded per case, and the numbers the soak and load tests measured are added.

Usage::

    .venv/bin/python benchmarks/reliability_report.py              # full soak (200 models)
    .venv/bin/python benchmarks/reliability_report.py --soak-n 20  # quick
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from _report import machine

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.reliability.cases import AREAS, CASES, HOSTILE_AREAS, Case  # noqa: E402

DOC = REPO / "docs" / "reliability.md"
log = logging.getLogger("reliability_report")


@dataclass
class Outcomes:
    """The results of the test items (parametrizations included) of one test function."""

    passed: int = 0
    failed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    xfailed: list[str] = field(default_factory=list)
    seconds: float = 0.0


def run_suite(junit: Path, numbers: Path, soak_n: int) -> float:
    """Run every listed test once; returns the wall time in seconds."""
    nodes = list(dict.fromkeys(node for case in CASES for node in case.tests))
    env = {**os.environ, "BCIGUI_RELIABILITY_OUT": str(numbers), "BCIGUI_SOAK_N": str(soak_n)}
    command = [sys.executable, "-m", "pytest", *nodes, "-p", "no:randomly", "-q",
               f"--junitxml={junit}", "-o", "addopts=--strict-markers"]  # fmt: skip
    log.info("running %d tests (soak: %d models)", len(nodes), soak_n)
    started = time.perf_counter()
    subprocess.run(command, cwd=REPO, env=env, check=False)
    return time.perf_counter() - started


def read_junit(junit: Path) -> dict[str, Outcomes]:
    """Outcomes per ``path::function`` from a pytest junit XML file."""
    results: dict[str, Outcomes] = defaultdict(Outcomes)
    for case in ET.parse(junit).getroot().iter("testcase"):
        path = case.get("classname", "").replace(".", "/") + ".py"
        node = f"{path}::{case.get('name', '').split('[')[0]}"
        out = results[node]
        out.seconds += float(case.get("time", 0) or 0)
        problem = case.find("failure")
        if problem is None:
            problem = case.find("error")
        skipped = case.find("skipped")
        if problem is not None:
            out.failed.append((problem.get("message") or "failed").splitlines()[0][:200])
        elif skipped is not None and skipped.get("type") == "pytest.xfail":
            out.xfailed.append(skipped.get("message") or "expected failure")
        elif skipped is not None:
            out.skipped.append((skipped.get("message") or "skipped")[:200])
        else:
            out.passed += 1
    return results


def case_result(case: Case, results: dict[str, Outcomes]) -> tuple[str, str]:
    """(short result, note) of one case from the outcomes of its tests."""
    outs = [results.get(node) for node in case.tests]
    if any(o is None for o in outs):
        missing = [n for n, o in zip(case.tests, outs, strict=True) if o is None]
        return "NOT RUN", f"missing from the run: {missing}"
    failed = [m for o in outs for m in o.failed]  # type: ignore[union-attr]
    xfailed = [m for o in outs for m in o.xfailed]  # type: ignore[union-attr]
    skipped = [m for o in outs for m in o.skipped]  # type: ignore[union-attr]
    passed = sum(o.passed for o in outs)  # type: ignore[union-attr]
    if failed:
        return "**FAILED**", failed[0]
    if xfailed:
        extra = f"; {passed} other check(s) passed" if passed else ""
        return "known bug (xfail)", xfailed[0] + extra
    if not passed:
        return "skipped", skipped[0] if skipped else ""
    note = f"{len(skipped)} skipped: {skipped[0]}" if skipped else ""
    return f"passed ({passed})", note


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(results: dict[str, Outcomes], numbers: Path, wall_s: float, soak_n: int) -> str:
    rows = {case.id: case_result(case, results) for case in CASES}
    hostile = [c for c in CASES if c.area in HOSTILE_AREAS]
    tally: dict[str, int] = defaultdict(int)
    for short, _ in rows.values():
        kind = short.split(" (")[0].strip("*")
        tally[{"known bug": "known bug(s) (xfail)"}.get(kind, kind)] += 1
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Reliability and security",
        "",
        "A model or data file from a colleague must never run code, a crash must never lose a "
        "model, and the window must survive what a tired researcher does. Each case below is a "
        "test that runs in CI (inside `python3 bootstrap.py test`); this page is written by "
        "`benchmarks/reliability_report.py` from `tests/reliability/cases.py`, which also "
        "names the tests (some live beside the code they check, in tests/data, tests/store "
        "and tests/gui).",
        "",
        f"Run {stamp} on: {machine()}. All listed tests took {wall_s:.0f} s "
        f"(soak with {soak_n} models).",
        "",
        f"**{len(CASES)} cases, {len(hostile)} of them hostile inputs** "
        f"(data, recordings, model files): " + ", ".join(
            f"{n} {k}" for k, n in sorted(tally.items())) + ".",
        "",
        "How to run: the suite is part of the README's test command. Alone: "
        "`.venv/bin/python -m pytest tests/reliability` (CI runs a 20-model soak); the full "
        "soak: `BCIGUI_SOAK_N=200 .venv/bin/python -m pytest tests/reliability/test_soak.py`; "
        "this page: `.venv/bin/python benchmarks/reliability_report.py [--soak-n N]`. "
        "\"Nothing runs\" is checked with marker files that a payload would create.",
    ]
    for area, title in AREAS.items():
        cases = [c for c in CASES if c.area == area]
        lines += ["", f"## {title}", "", "| ID | Case | Expected behaviour | Result | Notes |",
                  "|---|---|---|---|---|"]  # fmt: skip
        for c in cases:
            short, note = rows[c.id]
            lines.append(f"| {c.id} | {_cell(c.case)} | {_cell(c.expected)} | {short} | "
                         f"{_cell(note)} |")  # fmt: skip
    lines += ["", "## Measured numbers", ""]
    soak = _load(numbers / "soak.json")
    if soak:
        lines += [
            f"Soak: {soak['models']} models trained, saved, loaded from disk, queried and deleted "
            f"in one process (one in {soak['svnn_every']} a Keras SVNN, the rest SVMs), "
            f"{soak['seconds']} s; measured after a warm-up of {soak['warmup_models']} models.",
            "",
            "| | after warm-up | at the end | limit |",
            "|---|---|---|---|",
            f"| resident memory (MiB) | {soak['rss_after_warmup_mib']} | {soak['rss_final_mib']} "
            f"(+{soak['rss_growth_pct']} %) | < +10 % |",
            f"| open file descriptors | {soak['fds_after_warmup']} | {soak['fds_final']} | "
            "no growth |",
            f"| OS threads | {soak['os_threads_after_warmup']} | {soak['os_threads_final']} | "
            "no growth |",
            f"| Python threads | {soak['py_threads_after_warmup']} | {soak['py_threads_final']} "
            "| no growth |",
            "",
            f"Memory grew by {soak.get('rss_growth_per_model_mib')} MiB per model after the "
            "warm-up; resident memory every 10 models (MiB): "
            + ", ".join(str(v) for v in soak.get("rss_every_10_models_mib", [])) + ".",
            "",
            "Where the growth comes from (investigated 2026-11-26 with separate loops, not "
            "rerun by this script): SVM cycles are flat (+0.1 MiB over 60 models); loading and "
            "querying an SVNN 20 times is flat; each SVNN *fit* keeps about 5.5 MiB alive "
            "(TensorFlow FuncGraphs such as `one_step_on_data` and the optimizer's cond "
            "graphs; `keras.backend.clear_session()` does not release them). The mixed soak "
            "stays under the limit, but a session that trains hundreds of networks grows "
            "linearly: an open issue for the classifiers' Keras training.",
            "",
        ]
    big = _load(numbers / "big_store.json")
    if big:
        lines += [
            f"Store of {big['models']} models with {big['broken']} broken: written in "
            f"{big['build_s']} s; first listing (reconcile from an empty index, every broken "
            f"file with its reason) {big['first_listing_s']} s; listing again from a fresh "
            f"manager {big['reopen_listing_s']} s.",
            "",
        ]
    by_id = {c.id: c.tests[0] for c in CASES}
    timings = [(i, by_id[i]) for i in ("F01", "F02", "F04", "F06", "F07", "W02")]
    lines += ["| fault test | seconds |", "|---|---|"]
    for case_id, node in timings:
        if node in results:
            lines.append(f"| {case_id} `{node.split('::')[1]}` | {results[node].seconds:.1f} |")
    return "\n".join(lines) + "\n"


def _load(path: Path) -> dict | None:
    return json.loads(path.read_text()) if path.exists() else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--soak-n", type=int, default=200, help="models in the soak (200)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    with tempfile.TemporaryDirectory(prefix="bcigui-reliability-") as tmp:
        junit, numbers = Path(tmp) / "junit.xml", Path(tmp) / "numbers"
        wall = run_suite(junit, numbers, args.soak_n)
        results = read_junit(junit)
        DOC.write_text(render(results, numbers, wall, args.soak_n), encoding="utf-8")
    failed = [c.id for c in CASES if "FAILED" in case_result(c, results)[0]]
    log.info("wrote %s%s", DOC, f"; FAILED: {failed}" if failed else "")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
