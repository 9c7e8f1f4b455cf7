"""A sweep of >= 100 study tasks, killed halfway and resumed: no finished row lost or refitted.

The ``study`` command runs an SVM grid (25 values of C, nested CV) over four synthetic P300
subjects, leave-one-subject-out: 100 tasks on 2 local processes. When half of the rows are in
``rows.jsonl`` the command and its workers are killed at once (SIGKILL to the process group);
the same command then runs again. Checked: the rerun fits only the missing tasks, every row
finished before the kill comes back unchanged (same worker, same fit time, same scores) and the
final ``results.csv`` holds every task once.

Writes the "Study sweep (kill and resume)" section of docs/benchmarks.md (``--no-write``
prints only).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks._report import machine, write_section  # noqa: E402

N_C_VALUES = 25
N_SUBJECTS = 4


def _write_data(folder: Path) -> str:
    """Four subjects of synthetic P300 trials; returns their ``[[data.trials]]`` tables."""
    from bcigui.data.npy_io import write_seed_files
    from bcigui.data.synthetic import make_p300

    tables = []
    for subject in range(N_SUBJECTS):
        trials = make_p300(n_trials=60, sfreq=64.0, target_ratio=0.3, random_state=subject)
        x, y = write_seed_files(trials, folder / f"s{subject}", layout="stack")
        tables.append(
            f'[[data.trials]]\nx = ["{x[0].as_posix()}"]\ny = ["{y[0].as_posix()}"]\n'
            f'group = "s{subject}"\n'
        )
    return "\n".join(tables)


def _spec(tables: str) -> str:
    c_values = ", ".join(f"{10 ** (-2 + 4 * i / (N_C_VALUES - 1)):.4g}" for i in range(N_C_VALUES))
    return (
        '[cv]\nscheme = "loso"\nnested = 2\n\n'
        f'[[pipeline]]\nmodel = "SVM"\ngrid = {{ C = [{c_values}] }}\n\n{tables}'
    )


def _command(spec: Path, out: Path) -> list[str]:
    return [sys.executable, str(REPO / "main.py"), "study", str(spec), "--local", "2",
            "--out", str(out), "--no-save"]  # fmt: skip


def _rows(path: Path) -> list[dict[str, object]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            rows.append(json.loads(line))
        except ValueError:  # a line cut by the kill: not a finished row
            continue
    return rows


def sweep() -> str:
    env = {**os.environ, "PYTHONPATH": str(REPO), "TF_CPP_MIN_LOG_LEVEL": "2"}
    with tempfile.TemporaryDirectory(prefix="bcigui-sweep-") as tmp_name:
        tmp = Path(tmp_name)
        spec = tmp / "sweep.toml"
        spec.write_text(_spec(_write_data(tmp / "data")), encoding="utf-8")
        out = tmp / "out"
        rows_file = out / "rows.jsonl"
        total = N_C_VALUES * N_SUBJECTS
        started = time.perf_counter()
        proc = subprocess.Popen(_command(spec, out), env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
        try:
            while not (rows_file.exists() and len(_rows(rows_file)) >= total // 2):
                if proc.poll() is not None:
                    raise RuntimeError("the study ended before it could be killed")
                time.sleep(0.05)
        finally:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=60)
        killed_after = time.perf_counter() - started
        before = {str(r["key"]): r for r in _rows(rows_file)}
        started = time.perf_counter()
        done = subprocess.run(_command(spec, out), env=env, capture_output=True, text=True,
                              timeout=3600)  # fmt: skip
        resumed_s = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(f"the resumed study failed:\n{done.stderr[-3000:]}")
        after = {str(r["key"]): r for r in _rows(rows_file)}
        with open(out / "results.csv", newline="", encoding="utf-8") as handle:
            results = list(csv.DictReader(handle))
        changed = [
            k
            for k, r in before.items()
            if k not in after
            or (after[k]["worker"], after[k]["fit_seconds"], after[k]["scores"])
            != (r["worker"], r["fit_seconds"], r["scores"])
        ]
        refitted = len(after) - len(before)
        lines = [
            f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on: {machine()}.",
            "",
            f"`python main.py study sweep.toml --local 2`: SVM, {N_C_VALUES} values of C "
            f"(nested CV, 2 inner folds), {N_SUBJECTS} synthetic subjects, leave one subject "
            f"out: {total} tasks.",
            "",
            "| measure | value | target |",
            "|---|---|---|",
            f"| rows finished when killed (SIGKILL to the command and its workers) | "
            f"{len(before)} of {total}, after {killed_after:.0f} s | halfway |",
            f"| tasks fitted by the rerun | {refitted} | {total - len(before)} |",
            f"| finished rows lost or changed by the rerun | {len(changed)} | 0 |",
            f"| rows in results.csv after the rerun | {len(results)} | {total} |",
            f"| rerun wall time | {resumed_s:.0f} s | |",
        ]
        ok = not changed and len(results) == total and refitted == total - len(before)
        lines += ["", f"Target (a >= 100-task sweep resumes after a kill, no finished row "
                  f"lost): {'met' if ok else 'NOT met'}."]  # fmt: skip
        return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    body = sweep()
    print(body)
    if not args.no_write:
        write_section("Study sweep (kill and resume)", body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
