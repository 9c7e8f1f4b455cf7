"""Faults: the disk fills up while a model is saved; a big store with broken files in it.

The SIGKILL-during-save and concurrent-writer cases live in tests/store/test_reliability.py and
are part of this suite through tests/reliability/cases.py.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from bcigui.errors import ModelFileError
from bcigui.modelfile import atomic
from bcigui.store.manager import ModelManager
from tests.reliability.conftest import record_numbers
from tests.store.test_index import rewrite_manifest

REPO = Path(__file__).resolve().parents[2]


def store_with_two_models(tiny_svm, store: Path) -> tuple[ModelManager, list[Path], dict]:
    manager = ModelManager(store)
    old = [manager.save_and_cache(tiny_svm, "svm", "p300") for _ in range(2)]
    return manager, old, {p: p.read_bytes() for p in old}


def assert_store_unharmed(store: Path, old: dict[Path, bytes]) -> None:
    """Only the old models are there, byte for byte; nothing partial, no temporary file."""
    names = sorted(p.name for p in (store / "p300").iterdir())
    assert names == sorted(p.name for p in old), names
    for path, data in old.items():
        assert path.read_bytes() == data
    fresh = ModelManager(store)
    assert sorted(r.path for r in fresh.list()) == sorted(old)
    for path in old:
        assert fresh.load(path).classes_.tolist() == ["NonTarget", "Target"]


class FillingFile:
    """A file object whose disk fills up after ``room`` bytes (ENOSPC, as write(2) reports it)."""

    def __init__(self, handle, room: int) -> None:
        self._handle, self._room = handle, room

    def write(self, data: bytes) -> int:
        if len(data) > self._room:
            self._handle.write(data[: self._room])  # the part that fitted is on disk
            self._room = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        self._room -= len(data)
        return self._handle.write(data)

    def __getattr__(self, name: str):
        return getattr(self._handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()


@pytest.mark.parametrize("room", [0, 4096], ids=["nothing-fits", "half-written"])
def test_disk_full_while_saving_through_the_manager(tiny_svm, tmp_path, monkeypatch, room):
    store = tmp_path / "store"
    manager, _, old = store_with_two_models(tiny_svm, store)
    real_fdopen = os.fdopen
    monkeypatch.setattr(
        atomic.os, "fdopen", lambda fd, *a, **k: FillingFile(real_fdopen(fd, *a, **k), room)
    )
    with pytest.raises(OSError, match="No space left on device") as info:
        manager.save_and_cache(tiny_svm, "svm", "p300")
    assert info.value.errno == errno.ENOSPC
    assert str(store / "p300") in str(info.value)  # the message names the file
    monkeypatch.undo()
    assert_store_unharmed(store, old)
    assert len(manager.list()) == 2
    manager.save_and_cache(tiny_svm, "svm", "p300")  # space is back: saving works again
    assert len(manager.list()) == 3


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_FSIZE and SIGXFSZ as on Linux")
def test_real_file_size_limit_while_saving(tiny_svm, tmp_path):
    """A real kernel refusal (EFBIG from RLIMIT_FSIZE) in a child process, not a simulation."""
    store = tmp_path / "store"
    _, _, old = store_with_two_models(tiny_svm, store)
    model_file = next(iter(old))
    code = textwrap.dedent(f"""
        import resource, signal, sys
        from bcigui.classifiers.base import BaseClassifier
        from bcigui.store.manager import ModelManager
        model = BaseClassifier.load({str(model_file)!r})
        manager = ModelManager({str(store)!r})
        manager.list()
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))  # a model is ~20 kB
        try:
            manager.save_and_cache(model, "svm", "p300")
        except OSError as exc:
            print("REFUSED", exc.errno, exc)
            sys.exit(0)
        sys.exit("saved a model beyond the file size limit")
    """)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"REFUSED {errno.EFBIG}" in result.stdout and str(store / "p300") in result.stdout
    assert_store_unharmed(store, old)


@pytest.mark.parametrize("step", ["fsync", "link"])
def test_disk_full_at_the_last_step(tiny_svm, tmp_path, monkeypatch, step):
    store = tmp_path / "store"
    manager, _, old = store_with_two_models(tiny_svm, store)

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, step, disk_full)
    with pytest.raises(OSError, match="No space left on device"):
        manager.save_and_cache(tiny_svm, "svm", "p300")
    monkeypatch.undo()
    assert_store_unharmed(store, old)


def break_one(path: Path, kind: int) -> str:
    """Damage a model file in one of five ways; returns the reason the index must give."""
    if kind == 0:
        path.write_bytes(path.read_bytes()[:5000])
        return "truncated"
    if kind == 1:
        path.write_bytes(b"")
        return "empty"
    if kind == 2:
        path.write_bytes(b"\x80\x04\x95garbage pickle")
        return "pickle"
    if kind == 3:
        rewrite_manifest(path, lambda m: m.pop("classes"))
        return "'classes' is missing"
    rewrite_manifest(path, lambda m: m.update(schema_version=999))
    return "newer"


def test_store_of_10000_models_with_50_broken(tiny_svm, tmp_path):
    n_models = int(os.environ.get("BCIGUI_BIG_STORE_N", "10000"))
    n_labels = 10
    store = tmp_path / "store"
    data = tiny_svm.save(tmp_path / "template.bcimodel").read_bytes()
    started = time.perf_counter()
    paths = []
    for i in range(n_models):
        folder = store / f"subject{i % n_labels:02d}"
        if i < n_labels:
            folder.mkdir(parents=True)
        path = folder / f"svm_{i:05d}.bcimodel"
        path.write_bytes(data)  # one small real payload; every file is its own model
        paths.append(path)
    step = n_models // 50
    broken = {paths[i]: break_one(paths[i], k % 5) for k, i in enumerate(range(7, n_models, step))}
    assert len(broken) == 50
    built = time.perf_counter() - started

    started = time.perf_counter()
    manager = ModelManager(store)
    records = manager.list()
    first_listing = time.perf_counter() - started
    started = time.perf_counter()
    again = ModelManager(store).list()
    reopened = time.perf_counter() - started

    assert len(records) == len(again) == n_models
    bad = {r.path: r for r in records if r.status != "ok"}
    assert set(bad) == set(broken)
    for path, reason in broken.items():
        assert bad[path].reason and reason in bad[path].reason, (path.name, bad[path].reason)
    assert len(manager.list(status="broken")) == 50
    healthy = next(r.path for r in records if r.status == "ok")
    assert manager.get(healthy).classes_.tolist() == ["NonTarget", "Target"]
    assert manager.get_or_load_model("svm", "subject07") is not None  # skips the broken ones
    record_numbers("big_store", {
        "models": n_models, "broken": 50, "build_s": round(built, 2),
        "first_listing_s": round(first_listing, 2), "reopen_listing_s": round(reopened, 3),
    })  # fmt: skip


def test_a_truncated_zip_next_to_good_ones_keeps_them_loading(tiny_svm, tmp_path):
    """The index reconciles a file that is cut while the app runs (a sync client, a crash)."""
    store = tmp_path / "store"
    manager, paths, old = store_with_two_models(tiny_svm, store)
    manager.list()
    victim = paths[0]
    with open(victim, "r+b") as handle:
        handle.truncate(len(old[victim]) // 3)
    os.utime(victim, (time.time() + 5, time.time() + 5))  # a changed mtime, as a real cut has
    manager.reconcile()
    assert manager.record(victim).status == "broken"
    reason = manager.record(victim).reason
    assert "truncated" in reason or "damaged" in reason
    assert manager.get(paths[1]) is not None
    with pytest.raises(ModelFileError, match=victim.name):
        manager.load(victim)
