"""Installer bundle benchmark: size (trimmed vs untrimmed), start-to-window time, self-test time.

Run: ``.venv/bin/python benchmarks/bench_bundle.py`` (builds ``dist/bcigui`` if it is stale;
``--baseline`` also builds the untrimmed bundle into ``build/bundle-untrimmed`` for the "before"
size and removes it afterwards: about 1.4 GiB of disk for a while). Start-to-window is the time
from starting the process to the app's ``window shown`` log line, which ``main()`` writes right
after ``window.show()`` (the first paint follows in the same event-loop turn); the process is
then closed with SIGINT. Results go to ``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "packaging"))

from _report import write_section
from build_bundle import build, folder_size

REPO = Path(__file__).resolve().parents[1]

MIB = 2**20
WHY_NOT_SMALLER = """
Why not 900 MiB: `libtensorflow_cc.so.2` alone is 556 MiB after stripping (788 MB in the
wheel); TensorFlow's own import loads `tf.lite` (11 MiB) and the profiler plugin (20 MiB)
unconditionally, so they cannot go; `import pyriemann` imports `matplotlib.pyplot`
(matplotlib, Pillow, kiwisolver: about 40 MiB). Cut from the untrimmed build: symbol tables of
TensorFlow, libpython and the extension modules (~263 MiB), unused Qt modules, plugins and
translations, GTK theme, pyqtgraph OpenGL/examples, tests, headers, two TensorFlow extension
libraries no import loads (28 MiB), grpc, clang and other optional imports.
"""


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BCIGUI_", "XDG_"))}
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen", TF_CPP_MIN_LOG_LEVEL="2")
    return env


def start_to_window(cmd: list[str], repeats: int = 5) -> list[float]:
    """Seconds from process start to the ``window shown`` log line, ``repeats`` times."""
    times = []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory(prefix="bcigui-bench-") as home:
            start = time.perf_counter()
            proc = subprocess.Popen(
                cmd,
                env=_env(Path(home)),
                stderr=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                text=True,
            )
            assert proc.stderr is not None
            for line in proc.stderr:
                if "window shown" in line:
                    times.append(time.perf_counter() - start)
                    break
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    return times


def self_test_seconds(exe: Path) -> float:
    """Wall seconds of one ``--self-test`` of the bundle (offscreen); raises if it fails."""
    with tempfile.TemporaryDirectory(prefix="bcigui-bench-") as home:
        start = time.perf_counter()
        proc = subprocess.run(
            [str(exe), "--self-test"], env=_env(Path(home)), capture_output=True, timeout=600
        )
        elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"bundle self-test failed:\n{proc.stderr.decode()[-3000:]}")
    return elapsed


def largest_parts(internal: Path, count: int = 8) -> list[tuple[str, int]]:
    """The biggest files and folders directly under the bundle's ``_internal``."""
    sizes = []
    for child in internal.iterdir():
        if child.is_symlink():
            continue
        size = folder_size(child) if child.is_dir() else child.stat().st_size
        sizes.append((child.name, size))
    lib = internal / "tensorflow" / "libtensorflow_cc.so.2"
    if lib.is_file():
        sizes.append(("tensorflow/libtensorflow_cc.so.2 (part of tensorflow)", lib.stat().st_size))
    return sorted(sizes, key=lambda item: -item[1])[:count]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline", action="store_true", help="also build the untrimmed bundle")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    result = build(if_stale=True)
    exe = Path(result.executable)
    rows = [f"| trimmed bundle `dist/bcigui` | {result.size_bytes / MIB:.0f} MiB | <= 900 MiB |"]
    if args.baseline:
        dist = REPO / "build" / "bundle-untrimmed"
        work = REPO / "build" / "pyinstaller-untrimmed"
        try:
            untrimmed = build(dist=dist, work=work, trimmed=False)
            rows.insert(
                0,
                f"| untrimmed bundle (spec with `--untrimmed`: no excludes, no strip) "
                f"| {untrimmed.size_bytes / MIB:.0f} MiB | |",
            )
        finally:
            shutil.rmtree(dist, ignore_errors=True)
            shutil.rmtree(work, ignore_errors=True)
    if result.build_s:
        rows.append(f"| build time (PyInstaller + strip) | {result.build_s:.0f} s | |")

    bundle_times = start_to_window([str(exe)], args.repeats)
    source_times = start_to_window([sys.executable, str(REPO / "main.py")], args.repeats)
    rows.append(
        f"| bundle start to window shown (median of {len(bundle_times)}) "
        f"| {statistics.median(bundle_times):.2f} s | <= 3 s |"
    )
    rows.append(
        f"| same from source, `python main.py` (median of {len(source_times)}) "
        f"| {statistics.median(source_times):.2f} s | |"
    )
    rows.append(
        f"| bundle `--self-test` (SVM + 1-epoch LSTMNet, train, save, reload, infer) "
        f"| {self_test_seconds(exe):.0f} s | |"
    )
    parts = "\n".join(
        f"| `{name}` | {size / MIB:.0f} MiB |"
        for name, size in largest_parts(Path(result.folder) / "_internal")
    )
    body = (
        "| measure | value | target |\n|---|---|---|\n"
        + "\n".join(rows)
        + "\n\nLargest parts of the trimmed bundle:\n\n| part | size |\n|---|---|\n"
        + parts
        + "\n"
        + WHY_NOT_SMALLER
    )
    write_section("Installer bundle", body)
    sys.stdout.write(body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
