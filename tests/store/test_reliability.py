"""Reliability: SIGKILL during saves, two processes saving at once, damaged files, deleting a
model that a running query uses. Tests, not promises (see the store issue)."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
import threading
import time
import uuid
import zipfile
from pathlib import Path

import numpy as np
import pytest

from bcigui import ModelFileError
from bcigui.classifiers.base import BaseClassifier
from bcigui.modelfile.atomic import is_temp_name
from bcigui.store.index import ModelIndex
from bcigui.store.manager import ModelManager
from tests.store.test_index import rewrite_manifest, small_trials, tiny_svm
from tests.store.test_library import tamper_payload

__all__ = ["small_trials", "tiny_svm"]  # fixtures used here

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL and forkserver need POSIX")


@pytest.fixture(scope="module")
def ctx():
    """Child processes forked from a server that has bcigui, sklearn and skops imported."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(
        ["bcigui.store.manager", "bcigui.classifiers.svm", "bcigui.modelfile.payloads", "skops.io"]
    )
    yield context
    # leave no helper process behind (the fork server and the semaphore tracker)
    from multiprocessing import forkserver, resource_tracker

    for helper in (forkserver._forkserver, resource_tracker._resource_tracker):
        stop = getattr(helper, "_stop", None)
        if stop is not None:
            stop()


def save_forever(model: BaseClassifier, store: str, started) -> None:  # pragma: no cover
    """Child: save models into the store until killed."""
    manager = ModelManager(store)
    manager.list()
    started.set()
    while True:
        manager.save_and_cache(model, "svm", "crash")


def save_many(model: BaseClassifier, store: str, count: int, go, done) -> None:  # pragma: no cover
    """Child: wait for the start signal, then save ``count`` models to one label."""
    manager = ModelManager(store, max_models=1)
    go.wait(30)
    paths = [str(manager.save_and_cache(model, "svm", "p300")) for _ in range(count)]
    done.put(paths)


def test_sigkill_during_saves_never_leaves_a_partial_model(ctx, tiny_svm, tmp_path):
    store = tmp_path / "store"
    folder = store / "crash"
    rng = random.Random(0)
    for attempt in range(50):
        started = ctx.Event()
        child = ctx.Process(target=save_forever, args=(tiny_svm, str(store), started))
        child.start()
        assert started.wait(30), "child did not start"
        if attempt == 0:  # one complete save first, however slow the machine is
            deadline = time.monotonic() + 30
            while not list(folder.glob("*.bcimodel")) and time.monotonic() < deadline:
                time.sleep(0.005)
        time.sleep(rng.uniform(0.0, 0.04))
        os.kill(child.pid, signal.SIGKILL)
        child.join(10)
        assert child.exitcode == -signal.SIGKILL

    files = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    temps = [p for p in folder.iterdir() if p.name.startswith(".")]
    assert all(is_temp_name(p.name) for p in temps), temps
    assert files and all(p.suffix == ".bcimodel" for p in files)
    for path in files:  # every visible model file is complete
        assert BaseClassifier.load(path).classes_.tolist() == ["NonTarget", "Target"]

    manager = ModelManager(store)
    records = manager.list()
    assert sorted(r.path for r in records) == files
    assert all(r.status == "ok" for r in records)
    for record in records:
        manager.load(record.path)
    old = time.time() - 3600
    for temp in temps:
        os.utime(temp, (old, old))
    manager.reconcile()
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]


def test_two_processes_save_to_one_label_at_once(ctx, tiny_svm, tmp_path):
    store = tmp_path / "store"
    go, done = ctx.Event(), ctx.Queue()
    children = [ctx.Process(target=save_many, args=(tiny_svm, str(store), 50, go, done))
                for _ in range(2)]  # fmt: skip
    for child in children:
        child.start()
    time.sleep(0.2)
    go.set()
    saved = [done.get(timeout=120) for _ in children]
    for child in children:
        child.join(30)
        assert child.exitcode == 0
    paths = {Path(p) for batch in saved for p in batch}
    assert len(paths) == 100 and all(p.exists() for p in paths)
    on_disk = sorted((store / "p300").glob("*.bcimodel"))
    assert len(on_disk) == 100
    records = ModelIndex(store).query(label="p300")  # indexed by the children, no reconcile
    assert {r.path for r in records} == paths
    assert len({r.uuid for r in records}) == 100  # nothing overwritten


def damage_cases(good: Path, folder: Path) -> dict[str, Path]:
    """One file per kind of damage, next to intact models."""
    folder.mkdir(parents=True, exist_ok=True)
    data = good.read_bytes()
    cases = {name: folder / f"svm_{name}.bcimodel" for name in (
        "truncated", "tampered", "empty", "foreign_text", "foreign_zip", "missing_fields",
        "missing_hash")}  # fmt: skip
    cases["truncated"].write_bytes(data[: len(data) // 2])
    cases["tampered"].write_bytes(data)
    tamper_payload(cases["tampered"])
    cases["empty"].write_bytes(b"")
    cases["foreign_text"].write_text("I am a text file with the right extension")
    with zipfile.ZipFile(cases["foreign_zip"], "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8\xff")
    cases["missing_fields"].write_bytes(data)
    rewrite_manifest(cases["missing_fields"], lambda m: m.pop("classes"))
    cases["missing_hash"].write_bytes(data)
    rewrite_manifest(cases["missing_hash"], lambda m: m.pop("payload_sha256"))
    return cases


def test_damaged_files_are_listed_broken_and_the_rest_works(tiny_svm, tmp_path):
    store = tmp_path / "store"
    manager = ModelManager(store)
    good = manager.save_and_cache(tiny_svm, "svm", "p300")
    cases = damage_cases(good, store / "p300")
    fresh = ModelManager(store)
    fresh.verify_all()
    records = {r.path: r for r in fresh.list()}
    assert records[good].status == "ok"
    expected = {
        "truncated": "truncated", "tampered": "checksum mismatch", "empty": "empty",
        "foreign_text": "not a bcimodel file", "foreign_zip": "unexpected member",
        "missing_fields": "'classes' is missing", "missing_hash": "'payload_sha256' is missing",
    }  # fmt: skip
    for name, path in cases.items():
        record = records[path]
        assert record.status == "broken" and expected[name] in record.reason, (name, record.reason)
        with pytest.raises(ModelFileError, match=path.name):
            fresh.load(path)
    assert fresh.get_or_load_model("svm", "p300").training_info_["path"] == str(good)
    assert [r.path for r in fresh.list(status="ok")] == [good]


def test_tampered_payload_is_caught_on_load_without_verify(tiny_svm, tmp_path):
    store = tmp_path / "store"
    good = tiny_svm.save(store / "p300" / "svm_1.bcimodel")
    tampered = tiny_svm.save(store / "p300" / "svm_2.bcimodel")
    tamper_payload(tampered)
    manager = ModelManager(store)
    assert manager.record(tampered).status == "ok"  # reconcile reads manifests only
    with pytest.raises(ModelFileError, match="checksum mismatch"):
        manager.get(tampered)
    assert manager.record(tampered).status == "broken"
    assert manager.get(good) is not None


def test_deleting_a_model_in_use_does_not_break_a_running_query(tiny_svm, small_trials, tmp_path):
    manager = ModelManager(tmp_path / "store")
    manager.save_and_cache(tiny_svm, "svm", "p300")
    path = ModelManager(tmp_path / "store").list()[0].path
    model = manager.get_or_load_model("svm", "p300")
    expected = type(model).query(model, np.transpose(small_trials.X, (0, 2, 1)))
    stop, errors, runs = threading.Event(), [], [0]

    def query_loop() -> None:
        try:
            while not stop.is_set():
                again = manager.get_or_load_model("svm", "p300") or model
                preds = type(again).query(again, np.transpose(small_trials.X, (0, 2, 1)))
                assert np.array_equal(preds, expected)
                runs[0] += 1
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=query_loop) for _ in range(3)]
    for t in threads:
        t.start()
    time.sleep(0.1)
    manager.delete(path)
    time.sleep(0.1)
    stop.set()
    for t in threads:
        t.join(10)
    assert errors == [] and runs[0] > 3
    assert manager.get_or_load_model("svm", "p300") is None
    np.testing.assert_array_equal(model.query(np.transpose(small_trials.X, (0, 2, 1))), expected)


def test_index_survives_a_killed_writer_mid_transaction(ctx, tiny_svm, tmp_path):
    """A process killed while it holds the index's write lock leaves a usable index."""
    store = tmp_path / "store"
    tiny_svm.save(store / "p300" / "svm_1.bcimodel")
    ModelManager(store).list()
    started = ctx.Event()
    child = ctx.Process(target=save_forever, args=(tiny_svm, str(store), started))
    child.start()
    assert started.wait(30)
    time.sleep(0.3)
    os.kill(child.pid, signal.SIGKILL)
    child.join(10)
    manager = ModelManager(store)
    manager.reconcile()
    paths = {r.path for r in manager.list()}
    assert paths == set(store.rglob("*.bcimodel"))
    meta = json.dumps([r.to_dict() for r in manager.list()])
    assert str(uuid.UUID(json.loads(meta)[0]["uuid"]))
