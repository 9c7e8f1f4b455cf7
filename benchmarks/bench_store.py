"""Model store benchmarks: reconcile and list 10,000 model files, cached and disk loads, saves.

Run: ``.venv/bin/python benchmarks/bench_store.py`` (about a minute on 2 cores; writes about
250 MB to a temporary folder and removes it). Results go to ``docs/benchmarks.md`` (section
``bench_store``) and to stdout.

The 10,000 files share one small real SVM payload but each has its own manifest (uuid and
creation time), so the index treats them as 10,000 separate models. They were just written,
so they sit in the operating system's file cache, as a store in daily use does.
"""

from __future__ import annotations

import functools
import logging
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _report import median_ms, timed, write_section

from bcigui import SVM, SVNN, InputAdapter
from bcigui.data.synthetic import make_p300
from bcigui.modelfile.model_file import read_model_file, write_model_file
from bcigui.modelfile.paths import set_default_store_dir
from bcigui.store.index import ModelIndex
from bcigui.store.manager import ModelManager

log = logging.getLogger("bench_store")
N_FILES = 10_000
N_LABELS = 20


def make_store(folder: Path, template: Path) -> None:
    """10,000 model files in 20 label folders, each with its own uuid and creation time."""
    contents = read_model_file(template)
    manifest = dict(contents.manifest)
    manifest.pop("uuid")
    with mock.patch("os.fsync"):  # setup only: durability is not what is measured here
        for i in range(N_FILES):
            label = f"label{i % N_LABELS:02d}"
            manifest["created_utc"] = (
                f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}T00:00:{i % 60:02d}.{i:06d}Z"
            )
            manifest["label"] = label
            manifest["metrics"] = {"accuracy": (i % 1000) / 1000.0}
            write_model_file(folder / label / f"svm_{i:05d}.bcimodel", manifest,
                             contents.payload, contents.payload_name, contents.arrays)  # fmt: skip


def bench_index(trials) -> tuple[list[str], dict[str, float]]:
    small = SVM(
        probability=False, input_adapter=InputAdapter(decimate=4, reduce_3d="mean_time_flat")
    )
    small.fit_trials(trials)
    rows, out = [], {}
    with tempfile.TemporaryDirectory(prefix="bcigui-bench-") as tmp:
        store = Path(tmp) / "store"
        template = small.save(Path(tmp) / "template.bcimodel")
        started = time.perf_counter()
        make_store(store, template)
        log.info("wrote %d files in %.1f s", N_FILES, time.perf_counter() - started)
        reconcile = []
        for _ in range(3):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{store / 'index.sqlite3'}{suffix}").unlink(missing_ok=True)
            index = ModelIndex(store)
            start = time.perf_counter()
            report = index.reconcile()
            reconcile.append(time.perf_counter() - start)
            assert len(report.added) == N_FILES
            index.close()
        out["reconcile_s"] = statistics.median(reconcile)
        rows.append(f"| reconcile {N_FILES:,} files from an empty index (median of 3) | "
                    f"{out['reconcile_s']:.2f} s | <= 3 s |")  # fmt: skip
        index = ModelIndex(store)
        start = time.perf_counter()
        assert not index.reconcile().changed
        rows.append(f"| reconcile again, nothing changed | "
                    f"{1000 * (time.perf_counter() - start):.0f} ms | |")  # fmt: skip
        manager = ModelManager(store)
        start = time.perf_counter()
        assert len(manager.list()) == N_FILES
        cold = 1000 * (time.perf_counter() - start)
        rows.append(f"| first list of {N_FILES:,} rows in a new process (loads the mirror) | "
                    f"{cold:.0f} ms | |")  # fmt: skip
        out["list_ms"] = median_ms(timed(lambda: manager.list(), 20))
        rows.append(f"| list {N_FILES:,} rows, newest first (median of 20) | "
                    f"{out['list_ms']:.1f} ms | <= 50 ms |")  # fmt: skip
        by_acc = median_ms(timed(lambda: manager.list(sort="accuracy"), 20))
        rows.append(f"| list {N_FILES:,} rows sorted by accuracy | {by_acc:.1f} ms | <= 50 ms |")
        out["filter_ms"] = median_ms(
            timed(lambda: manager.list(label="label07", model_type="svm", text="svm_0"), 20)
        )
        rows.append(f"| filter by label + type + text (of {N_FILES:,}) | "
                    f"{out['filter_ms']:.1f} ms | <= 50 ms |")  # fmt: skip
        set_default_store_dir(store)
        try:
            ModelManager.get_or_load_model("svm", "label03")
            calls = 10_000
            start = time.perf_counter()
            for _ in range(calls):
                ModelManager.get_or_load_model("svm", "label03")
            out["cached_get_ms"] = 1000 * (time.perf_counter() - start) / calls
        finally:
            set_default_store_dir(None)
        rows.append(f"| cached `ModelManager.get_or_load_model('svm', label)` (class call) | "
                    f"{1000 * out['cached_get_ms']:.1f} µs | <= 100 µs |")  # fmt: skip
    return rows, out


def bare_keras_load(data: bytes, folder: Path) -> object:
    import keras

    from bcigui.classifiers.keras_layers import CUSTOM_OBJECTS

    path = folder / "bare.keras"
    path.write_bytes(data)
    return keras.saving.load_model(path, custom_objects=CUSTOM_OBJECTS, compile=False)


def bare_skops_load(data: bytes, folder: Path) -> object:
    import skops.io

    from bcigui.classifiers.registry import trusted_payload_types

    path = folder / "bare.skops"
    path.write_bytes(data)
    return skops.io.load(path, trusted=list(trusted_payload_types(SVM)))


def interleaved(ours: Callable[[], object], bare: Callable[[], object]) -> tuple[float, float]:
    """Median ms of each, alternating calls so both see the same machine state."""
    for _ in range(2):  # warm up both paths
        ours()
        bare()
    ours_ms, bare_ms = [], []
    for _ in range(9):
        ours_ms.append(median_ms(timed(ours, 1)))
        bare_ms.append(median_ms(timed(bare, 1)))
    return statistics.median(ours_ms), statistics.median(bare_ms)


def bench_loads(trials) -> tuple[list[str], dict[str, float]]:
    rows, out = [], {}
    models = {
        "svnn": SVNN(epochs=2, input_adapter=InputAdapter(decimate=4)),
        "svm": SVM(input_adapter=InputAdapter(decimate=4)),
    }
    with tempfile.TemporaryDirectory(prefix="bcigui-bench-") as tmp:
        folder = Path(tmp)
        manager = ModelManager(folder / "store")
        for name, model in models.items():
            model.fit_trials(trials)
            save_times = timed(lambda m=model, n=name: manager.save_and_cache(m, n, "bench"), 5)
            path = manager.list(model_type=name)[0].path
            size = path.stat().st_size
            rows.append(f"| save one {model.display_name} ({size / 1024:.0f} KiB file, median "
                        f"of 5, incl. indexing) | {median_ms(save_times):.0f} ms | |")  # fmt: skip
            payload = read_model_file(path).payload
            bare = bare_keras_load if name == "svnn" else bare_skops_load
            ours = functools.partial(manager.load, path)
            plain = functools.partial(bare, payload, folder)
            o, b = interleaved(ours, plain)
            out[f"{name}_load_ratio"] = o / b
            what = "`keras.saving.load_model`" if name == "svnn" else "`skops.io.load`"
            rows.append(f"| load a {model.display_name} from disk (`ModelManager.load`: verify "
                        f"hashes, safe mode, preprocessing) | {o:.1f} ms | |")  # fmt: skip
            rows.append(f"| bare payload load ({what} of the same model) | {b:.1f} ms | |")
            rows.append(f"| ratio | {o / b:.2f} | <= 1.2 |")
    return rows, out


def main() -> int:
    logging.basicConfig(level=logging.WARNING)
    trials = make_p300(n_trials=200, random_state=0)
    rows, results = bench_index(trials)
    more, values = bench_loads(trials)
    rows += more
    results.update(values)
    body = (
        f"{N_FILES:,} model files (one small real SVM payload, {N_FILES:,} distinct manifests, "
        f"{N_LABELS} label folders), just written, so in the OS file cache.\n\n"
        "| operation | result | target |\n|---|---|---|\n" + "\n".join(rows) + "\n"
    )
    sys.stdout.write(body + "\n")
    write_section("bench_store", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
