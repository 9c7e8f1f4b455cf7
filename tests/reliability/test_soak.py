"""Soak: train, save, load, infer and delete many small models in one process.

After a warm-up (the first models of each kind build caches and thread pools), resident memory
may grow by less than 10 %, and open file descriptors and threads must not grow at all.
CI runs a shortened soak (``BCIGUI_SOAK_N``, default 20); the full run is 200 models::

    BCIGUI_SOAK_N=200 .venv/bin/python -m pytest tests/reliability/test_soak.py -m soak
"""

from __future__ import annotations

import gc
import logging
import os
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from bcigui import SVM, SVNN, InputAdapter
from bcigui.data.synthetic import make_p300
from bcigui.store.manager import ModelManager
from tests.reliability.conftest import record_numbers

pytestmark = [
    pytest.mark.soak,
    pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc/self"),
]
logger = logging.getLogger(__name__)

SVNN_EVERY = 10  # one model in ten is a (tiny) Keras network


def process_numbers() -> dict[str, float]:
    """Resident memory (MiB), open file descriptors and OS threads of this process."""
    gc.collect()
    status = dict(
        line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines()
    )
    return {
        "rss_mib": int(status["VmRSS"].split()[0]) / 1024,
        "fds": len(os.listdir("/proc/self/fd")),
        "os_threads": int(status["Threads"]),
        "py_threads": threading.active_count(),
    }


def one_cycle(i: int, manager: ModelManager, data, queries: np.ndarray) -> None:
    """Train, save, load from disk, infer, delete one model; check it on the way."""
    adapter = InputAdapter(decimate=4, reduce_3d="mean_time_flat")
    if i % SVNN_EVERY == 0:
        model = SVNN(hidden_size=8, epochs=2, batch_size=32, input_adapter=adapter,
                     random_state=i)  # fmt: skip
        kind = "svnn"
    else:
        model = SVM(C=1.0 + i % 7, probability=True, input_adapter=adapter)
        kind = "svm"
    model.fit_trials(data)
    path = manager.save_and_cache(model, kind, "soak")
    manager.evict(path)
    loaded = manager.load(path)
    expected, probabilities = type(model).query(model, queries, return_logits=True)
    got, got_probabilities = type(loaded).query(loaded, queries, return_logits=True)
    np.testing.assert_array_equal(got, expected)
    np.testing.assert_allclose(got_probabilities, probabilities, rtol=1e-5, atol=1e-6)
    manager.delete(path)
    if i % 5 == 4:
        manager.purge_trash()


def test_soak_train_save_load_infer_delete(tmp_path):
    n_models = int(os.environ.get("BCIGUI_SOAK_N", "20"))
    warmup = max(10, n_models // 5)
    assert n_models > warmup, "BCIGUI_SOAK_N must be larger than the warm-up (10)"
    data = make_p300(n_trials=60, random_state=0)
    queries = np.transpose(make_p300(n_trials=10, random_state=1).X, (0, 2, 1))
    manager = ModelManager(tmp_path / "store", max_models=4)
    started = time.perf_counter()
    for i in range(warmup):
        one_cycle(i, manager, data, queries)
    after_warmup = process_numbers()
    samples = [after_warmup]
    for i in range(warmup, n_models):
        one_cycle(i, manager, data, queries)
        if (i - warmup) % 10 == 9:
            samples.append(process_numbers())
    manager.purge_trash()
    manager.evict()
    final = process_numbers()
    elapsed = time.perf_counter() - started

    growth = (final["rss_mib"] - after_warmup["rss_mib"]) / after_warmup["rss_mib"]
    numbers = {
        "models": n_models, "warmup_models": warmup, "svnn_every": SVNN_EVERY,
        "seconds": round(elapsed, 1),
        "rss_after_warmup_mib": round(after_warmup["rss_mib"], 1),
        "rss_final_mib": round(final["rss_mib"], 1),
        "rss_peak_sampled_mib": round(max(s["rss_mib"] for s in [*samples, final]), 1),
        "rss_growth_pct": round(100 * growth, 2),
        "rss_growth_per_model_mib": round(
            (final["rss_mib"] - after_warmup["rss_mib"]) / (n_models - warmup), 3
        ),
        "rss_every_10_models_mib": [round(s["rss_mib"], 1) for s in [*samples, final]],
        "fds_after_warmup": after_warmup["fds"], "fds_final": final["fds"],
        "os_threads_after_warmup": after_warmup["os_threads"],
        "os_threads_final": final["os_threads"],
        "py_threads_after_warmup": after_warmup["py_threads"],
        "py_threads_final": final["py_threads"],
    }  # fmt: skip
    record_numbers("soak", numbers)
    assert not list((tmp_path / "store" / "soak").glob("*.bcimodel"))
    assert manager.cache_info()["size"] == 0 and manager.cache_info()["bytes"] == 0
    assert growth < 0.10, numbers
    assert final["fds"] <= after_warmup["fds"], numbers
    assert final["os_threads"] <= after_warmup["os_threads"], numbers
    assert final["py_threads"] <= after_warmup["py_threads"], numbers
