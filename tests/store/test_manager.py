"""ModelManager: the seed pattern, newest/champion choice, the LRU cache, threads, observers."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path

import numpy as np
import pytest

from bcigui import (
    SVM,
    SVNN,
    ConfigError,
    InputAdapter,
    ModelFileError,
    ModelVersionWarning,
    NotFittedError,
)
from bcigui.classifiers.base import BaseClassifier
from bcigui.data.npy_io import read_trials_file
from bcigui.modelfile import paths
from bcigui.modelfile.model_file import read_manifest
from bcigui.store.events import StoreEvent
from bcigui.store.manager import ModelManager
from tests.store.test_index import rewrite_manifest, save_copy, small_trials, tiny_svm

__all__ = ["small_trials", "tiny_svm"]  # fixtures used here


def test_the_labs_recommended_pattern(p300_files, isolated_store):
    """The issue's snippet, import line aside, against the default store."""
    svm_cfg = SVM()
    xTrain, yTrain = p300_files["xTrain"], p300_files["yTrain"]
    xTest, yTest = p300_files["xTest"], p300_files["yTest"]
    new_data = [read_trials_file(p)[0].T for p in xTest[:4]]

    result = SVM.fit(svm_cfg, xTest, yTest, xTrain, yTrain)
    saved_path = ModelManager.save_and_cache(svm_cfg, "svm", "p300")
    model = ModelManager.get_or_load_model("svm", "p300")
    assert model is svm_cfg and result.model is svm_cfg
    expected = SVM.query(model, new_data)

    assert saved_path.parent == isolated_store / "p300"
    assert saved_path.name.startswith("svm_") and saved_path.suffix == ".bcimodel"
    fresh = ModelManager(isolated_store)  # another process: nothing in memory
    loaded = fresh.get_or_load_model("svm", "p300")
    assert loaded is not None and loaded is not svm_cfg
    np.testing.assert_array_equal(SVM.query(loaded, new_data), expected)
    assert fresh.get_or_load_model("svm", "p300") is loaded  # memory first
    assert fresh.cache_info()["misses"] == 1 and fresh.cache_info()["hits"] >= 1
    assert ModelManager.get_or_load_model("lstm", "p300") is None
    assert ModelManager.get_or_load_model("svm", "nothing-here") is None


def test_default_manager_follows_the_default_store(tiny_svm, tmp_path):
    first = ModelManager.default()
    ModelManager.save_and_cache(tiny_svm, "svm", "p300")
    paths.set_default_store_dir(tmp_path / "elsewhere")
    assert ModelManager.default() is not first
    assert ModelManager.default().store_dir == tmp_path / "elsewhere"
    assert ModelManager.get_or_load_model("svm", "p300") is None
    assert ModelManager.list() == []


def test_newest_is_by_manifest_time_not_file_name(tiny_svm, tmp_path):
    store = tmp_path / "store"
    template = tiny_svm.save(tmp_path / "t.bcimodel")
    # "svm_a" sorts first by name but is the newest model
    save_copy(template, store / "p300" / "svm_b.bcimodel", created_utc="2024-01-01T00:00:00Z")
    newest = save_copy(template, store / "p300" / "svm_a.bcimodel",
                       created_utc="2025-06-01T00:00:00Z")  # fmt: skip
    manager = ModelManager(store)
    model = manager.get_or_load_model("svm", "p300")
    assert model.training_info_["path"] == str(newest)


def test_champion_is_preferred_when_marked(tiny_svm, tmp_path):
    manager = ModelManager(tmp_path / "store")
    older = manager.save_and_cache(tiny_svm, "svm", "p300")
    newer = manager.save_and_cache(tiny_svm, "svm", "p300")
    other = ModelManager(tmp_path / "store")
    assert other.get_or_load_model("svm", "p300").training_info_["path"] == str(newer)
    other.set_champion(older)
    assert other.get_or_load_model("svm", "p300").training_info_["path"] == str(older)
    latest = other.get_or_load_model("svm", "p300", prefer_champion=False)
    assert latest.training_info_["path"] == str(newer)
    assert [r.champion for r in other.list(label="p300")] == [False, True]
    other.set_champion(older, champion=False)
    assert other.get_or_load_model("svm", "p300").training_info_["path"] == str(newer)


def test_troubleshooting_errors(tiny_svm, tmp_path):
    missing = tmp_path / "store" / "p300" / "svm_20250101_000000_000000.bcimodel"
    manager = ModelManager(tmp_path / "store")
    with pytest.raises(FileNotFoundError, match=r"svm_20250101_000000_000000\.bcimodel"):
        manager.load(missing)
    with pytest.raises(FileNotFoundError, match=re.escape(str(missing))):
        manager.get(missing)
    with pytest.raises(NotFittedError, match=r"model not trained: call fit\(\) before query\(\)"):
        ModelManager.save_and_cache(SVM(), "svm", "p300")
    with pytest.raises(ConfigError, match="does not match"):
        manager.save_and_cache(tiny_svm, "lstm", "p300")
    with pytest.raises(ConfigError, match="label"):
        manager.save_and_cache(tiny_svm, "svm", "../escape")
    assert manager.list() == []


def test_lru_bounded_by_count_and_bytes(tiny_svm, tmp_path):
    store = tmp_path / "store"
    saved = [tiny_svm.save(store / "p300" / f"svm_{k}.bcimodel") for k in range(4)]
    manager = ModelManager(store, max_models=2)
    models = [manager.get(p) for p in saved[:3]]
    info = manager.cache_info()
    assert (info["size"], info["evictions"], info["loads"], info["misses"]) == (2, 1, 3, 3)
    assert info["bytes"] == sum(p.stat().st_size for p in saved[1:3])
    assert manager.cached_paths() == [saved[1], saved[2]]  # least recently used first
    assert manager.is_cached(saved[2]) and not manager.is_cached(saved[0])
    assert manager.get(saved[2]) is models[2] and manager.cache_info()["hits"] == 1
    assert manager.get(saved[0]) is not models[0]  # was evicted: loaded again
    assert manager.evict(saved[0]) == 1 and manager.cache_info()["size"] == 1
    assert manager.evict() == 1 and manager.cache_info()["size"] == 0

    size = saved[0].stat().st_size
    by_bytes = ModelManager(store, max_models=10, max_bytes=int(2.5 * size))
    for p in saved:
        by_bytes.get(p)
    assert by_bytes.cache_info()["size"] == 2
    tiny = ModelManager(store, max_bytes=1)  # the newest stays even when too large
    tiny.get(saved[0])
    assert tiny.cache_info()["size"] == 1
    by_bytes.set_cache_limits(max_models=1, max_bytes=10 * size)
    assert by_bytes.cached_paths() == [saved[3]]  # shrinking evicts the least recently used
    by_bytes.set_cache_limits(max_models=0, max_bytes=0)
    assert by_bytes.cached_paths() == []
    with pytest.raises(ValueError):
        by_bytes.set_cache_limits(max_models=-1, max_bytes=0)
    off = ModelManager(store, max_models=0)
    assert off.get(saved[0]) is not off.get(saved[0])


def test_concurrent_gets_load_once(tiny_svm, tmp_path, monkeypatch):
    path = tiny_svm.save(tmp_path / "store" / "p300" / "svm_a.bcimodel")
    manager = ModelManager(tmp_path / "store")
    calls = []
    original = BaseClassifier.load.__func__

    def slow_load(cls, p):
        calls.append(p)
        time.sleep(0.2)
        return original(cls, p)

    monkeypatch.setattr(BaseClassifier, "load", classmethod(slow_load))
    results: list[object] = []
    threads = [threading.Thread(target=lambda: results.append(manager.get(path))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and len(results) == 8 and all(r is results[0] for r in results)
    assert manager.cache_info()["loads"] == 1


def test_failed_concurrent_load_raises_in_every_thread(tmp_path):
    bad = tmp_path / "store" / "p300" / "svm_bad.bcimodel"
    bad.parent.mkdir(parents=True)
    bad.write_bytes(b"not a zip at all")
    manager = ModelManager(tmp_path / "store")
    errors: list[BaseException] = []

    def worker():
        try:
            manager.get(bad)
        except ModelFileError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(errors) == 4 and manager.cache_info()["size"] == 0
    assert manager.record(bad).status == "broken"


def test_observers_hear_store_and_cache_changes(tiny_svm, tmp_path):
    manager = ModelManager(tmp_path / "store", max_models=1)
    events: list[StoreEvent] = []
    unsubscribe = manager.subscribe(events.append)
    manager.subscribe(lambda event: 1 / 0)  # a failing observer is logged, not raised
    first = manager.save_and_cache(tiny_svm, "svm", "p300")
    assert [(e.kind, e.action) for e in events] == [("store-changed", "save"),
                                                    ("cache-changed", "load")]  # fmt: skip
    assert events[0].paths == (first,) and events[0]["kind"] == "store-changed"
    events.clear()
    second = manager.save_and_cache(tiny_svm, "svm", "p300")
    assert ("cache-changed", "evict", (first,)) in [(e.kind, e.action, e.paths) for e in events]
    events.clear()
    manager.delete(second)
    assert [(e.kind, e.action) for e in events] == [("cache-changed", "evict"),
                                                    ("store-changed", "delete")]  # fmt: skip
    events.clear()
    tiny_svm.save(tmp_path / "store" / "p300" / "svm_outside.bcimodel")
    manager.reconcile()
    assert [(e.kind, e.action) for e in events] == [("store-changed", "reconcile")]
    unsubscribe()
    events.clear()
    manager.get(first)
    assert events == []


def test_save_indexes_without_caching_and_records_provenance(tiny_svm, tmp_path):
    manager = ModelManager(tmp_path / "store")
    events: list[StoreEvent] = []
    manager.subscribe(events.append)
    cached = manager.save_and_cache(tiny_svm, "svm", "p300")
    assert manager.get_or_load_model("svm", "p300") is tiny_svm
    events.clear()
    saved = manager.save(tiny_svm, "p300")
    assert saved != cached and saved.parent == manager.store_dir / "p300"
    assert [(e.kind, e.action, e.paths) for e in events] == [("store-changed", "save", (saved,))]
    assert manager.record(saved).status == "ok" and not manager.is_cached(saved)
    newest = manager.get_or_load_model("svm", "p300", prefer_champion=False)
    assert newest is not tiny_svm and manager.cached_paths()[-1] == saved
    events.clear()
    origin = {"legacy_pickle": "/old/svm.pkl", "sha256": "ab" * 32, "n": np.int64(3)}
    imported = manager.save(tiny_svm, "legacy", imported_from=origin)
    assert [(e.action, e.paths) for e in events] == [("import", (imported,))]
    manifest = read_manifest(imported)
    assert manifest["imported_from"] == {"legacy_pickle": "/old/svm.pkl", "sha256": "ab" * 32,
                                         "n": 3}  # fmt: skip
    assert manifest["uuid"] != read_manifest(saved)["uuid"] and manifest["label"] == "legacy"
    with pytest.raises(ConfigError, match="label"):
        manager.save(tiny_svm, "../escape")


def test_class_level_calls_match_instance_calls(tiny_svm, isolated_store):
    path = ModelManager.save_and_cache(tiny_svm, "svm", "p300")
    assert ModelManager.default().store_dir == isolated_store
    assert [r.path for r in ModelManager.list()] == [path]
    assert ModelManager.get(path) is tiny_svm
    assert ModelManager.cache_info()["size"] == 1
    assert ModelManager.record(path).label == "p300"
    assert ModelManager.evict() == 1


def test_other_library_versions_warn_and_are_listed(tiny_svm, tmp_path):
    store = tmp_path / "store"
    path = tiny_svm.save(store / "p300" / "svm_old.bcimodel")
    rewrite_manifest(path, lambda m: m["trained_versions"].update({"scikit-learn": "0.24.2"}))
    manager = ModelManager(store)
    (record,) = manager.list()
    running = record.versions and manager.record(path).version_differences
    assert running and "scikit-learn: saved with 0.24.2, running" in running[0]
    with pytest.warns(ModelVersionWarning, match=r"saved with 0\.24\.2, running 1\.\d+"):
        model = manager.load(path)
    assert model.training_info_["version_warnings"] == record.version_differences


def test_newer_schema_is_refused_and_listed_broken(tiny_svm, tmp_path):
    store = tmp_path / "store"
    path = tiny_svm.save(store / "p300" / "svm_future.bcimodel")
    rewrite_manifest(path, lambda m: m.update(schema_version=99))
    manager = ModelManager(store)
    (record,) = manager.list()
    assert record.status == "broken" and "newer bcigui" in record.reason
    with pytest.raises(ModelFileError, match="newer bcigui"):
        manager.load(path)
    assert manager.get_or_load_model("svm", "p300") is None


def test_broken_newest_falls_back_to_the_previous_model(tiny_svm, tmp_path):
    store = tmp_path / "store"
    good = tiny_svm.save(store / "p300" / "svm_1.bcimodel")
    bad = save_copy(good, store / "p300" / "svm_2.bcimodel", created_utc="2999-01-01T00:00:00Z")
    data = bytearray(bad.read_bytes())
    start = data.find(b"payload/model.skops") + 200  # inside the payload, same size
    data[start] ^= 0xFF
    bad.write_bytes(bytes(data))
    manager = ModelManager(store)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no spurious warnings on the good file
        model = manager.get_or_load_model("svm", "p300")
    assert model.training_info_["path"] == str(good)
    assert manager.record(bad).status == "broken" and "damaged" in manager.record(bad).reason


def test_keras_model_round_trip_through_the_manager(small_trials, tmp_path):
    svnn = SVNN(hidden_size=8, epochs=1, input_adapter=InputAdapter(decimate=8))
    svnn.fit_trials(small_trials)
    manager = ModelManager(tmp_path / "store")
    manager.save_and_cache(svnn, "svnn", "p300")
    loaded = ModelManager(tmp_path / "store").get_or_load_model("svnn", "p300")
    assert loaded is not None and loaded is not svnn
    np.testing.assert_allclose(
        loaded.predict_proba(small_trials.X[:5]), svnn.predict_proba(small_trials.X[:5]), atol=1e-6
    )


def test_thread_safety_under_mixed_load(tiny_svm, tmp_path):
    store = tmp_path / "store"
    manager = ModelManager(store, max_models=3)
    saved = [tiny_svm.save(store / "p300" / f"svm_{k}.bcimodel") for k in range(6)]
    errors: list[BaseException] = []

    def worker(seed: int) -> None:
        rng = np.random.default_rng(seed)
        try:
            for _ in range(30):
                choice = rng.integers(4)
                if choice == 0:
                    manager.get(saved[rng.integers(len(saved))])
                elif choice == 1:
                    manager.list(label="p300")
                elif choice == 2:
                    manager.get_or_load_model("svm", "p300")
                else:
                    manager.evict()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert manager.cache_info()["size"] <= 3


def test_load_from_outside_the_store(tiny_svm, tmp_path):
    outside = tiny_svm.save(tmp_path / "elsewhere" / "m.bcimodel")
    manager = ModelManager(tmp_path / "store")
    assert manager.get(outside).classes_.tolist() == ["NonTarget", "Target"]
    assert manager.record(outside) is None
    assert Path(manager.get(outside).training_info_["path"]) == outside


def test_store_modules_and_svm_loads_never_import_tensorflow_or_qt(tiny_svm, tmp_path):
    path = tiny_svm.save(tmp_path / "store" / "p300" / "svm_a.bcimodel")
    code = (
        "import sys\n"
        "import bcigui.store.index, bcigui.store.library, bcigui.store.legacy\n"
        "import bcigui.cli.models\n"
        "from bcigui.store.manager import ModelManager\n"
        "bad = [m for m in ('tensorflow', 'keras', 'PySide6') if m in sys.modules]\n"
        f"manager = ModelManager({str(tmp_path / 'store')!r})\n"
        "assert len(manager.list()) == 1\n"
        "assert manager.get_or_load_model('svm', 'p300') is not None\n"
        "bad += [m for m in ('tensorflow', 'keras', 'PySide6') if m in sys.modules]\n"
        "sys.exit(str(bad) if bad else 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, cwd=Path(__file__).resolve().parents[2])  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert path.exists()
