"""The SQLite index: reconcile, listing without opening files, filters, rebuild on corruption.

The fixtures and helpers at the top are shared with the other store tests (imported there).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest

from bcigui import SVM, InputAdapter
from bcigui.data.synthetic import make_p300
from bcigui.modelfile.model_file import read_model_file, write_model_file
from bcigui.store import scan as scan_module
from bcigui.store.index import ModelIndex
from bcigui.store.records import ModelRecord
from bcigui.store.scan import STALE_TEMP_SECONDS


# --------------------------------------------------------------------------- shared helpers
@pytest.fixture(scope="session")
def small_trials():
    """60 synthetic P300 trials (8 channels x 116 samples)."""
    return make_p300(n_trials=60, random_state=0)


@pytest.fixture(scope="session")
def tiny_svm(small_trials):
    """A fitted SVM with a small payload (saves in milliseconds)."""
    model = SVM(
        probability=False, input_adapter=InputAdapter(decimate=4, reduce_3d="mean_time_flat")
    )
    return model.fit_trials(small_trials)


def save_copy(
    model_file: Path, dest: Path, *, created_utc: str | None = None, **changes: object
) -> Path:
    """Write a copy of a model file with a fresh uuid (and optionally other manifest values)."""
    contents = read_model_file(model_file)
    manifest = dict(contents.manifest)
    manifest.pop("uuid")
    manifest["created_utc"] = created_utc
    manifest.update(changes)
    write_model_file(dest, manifest, contents.payload, contents.payload_name, contents.arrays)
    return dest


def rewrite_manifest(path: Path, edit) -> None:
    """Rewrite manifest.json inside a model file in place (the payload stays as it is)."""
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    manifest = json.loads(members["manifest.json"])
    edit(manifest)
    members["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


# --------------------------------------------------------------------------- tests
@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "models"


@pytest.fixture
def template(tiny_svm, tmp_path: Path) -> Path:
    return tiny_svm.save(tmp_path / "template.bcimodel", label="p300")


def test_reconcile_adds_updates_and_removes(store, template):
    a = save_copy(template, store / "p300" / "svm_a.bcimodel")
    b = save_copy(template, store / "p300" / "svm_b.bcimodel")
    index = ModelIndex(store)
    report = index.reconcile()
    assert sorted(report.added) == ["p300/svm_a.bcimodel", "p300/svm_b.bcimodel"]
    assert (store / "index.sqlite3").is_file()
    assert not index.reconcile().changed

    save_copy(template, b.with_name("tmp.bcimodel"))
    os.replace(b.with_name("tmp.bcimodel"), b)  # same path, new content
    a.unlink()
    c = save_copy(template, store / "other" / "svm_c.bcimodel")
    report = index.reconcile()
    assert report.added == ("other/svm_c.bcimodel",)
    assert report.updated == ("p300/svm_b.bcimodel",)
    assert report.removed == ("p300/svm_a.bcimodel",)
    assert {r.path for r in index.query()} == {b, c}


def test_record_fields_come_from_the_manifest(store, small_trials):
    model = SVM(probability=False, input_adapter=InputAdapter(decimate=8))
    train, test = small_trials.subset(np.arange(40)), small_trials.subset(np.arange(40, 60))
    model.fit_and_evaluate(train, test, model_label="p300", store_dir=store)
    index = ModelIndex(store)
    index.reconcile()
    (record,) = index.query()
    assert isinstance(record, ModelRecord)
    assert record.status == "ok" and record.reason is None and record.ok
    assert (record.model_type, record.label) == ("svm", "p300")
    assert record.classes == ("NonTarget", "Target")
    assert (record.n_features, record.n_times) == (8, 116)
    assert 0.0 <= record.accuracy <= 1.0 and record.roc_auc is not None
    assert set(record.metrics) == {"accuracy", "balanced_accuracy", "roc_auc", "f1_macro"}
    assert record.versions["scikit-learn"] and record.version_differences == []
    assert record.uuid and record.created_utc.endswith("Z") and len(record.payload_sha256) == 64
    assert record.path.is_file() and record.size == record.path.stat().st_size
    assert record.to_dict()["path"] == str(record.path)
    json.dumps(record.to_dict())
    with pytest.raises(AttributeError):
        record.label = "other"  # frozen
    assert record == index.get(record.path) and len({record, index.get(record.path)}) == 1


def test_listing_never_opens_model_files(store, template, monkeypatch):
    for k in range(3):
        save_copy(template, store / "p300" / f"svm_{k}.bcimodel")
    index = ModelIndex(store)
    index.reconcile()

    def refuse(*args, **kwargs):
        raise AssertionError("a model file was opened")

    monkeypatch.setattr(scan_module, "read_manifest", refuse)  # scan reads the manifests
    monkeypatch.setattr(scan_module, "fast_manifest", refuse)
    monkeypatch.setattr(zipfile, "ZipFile", refuse)
    assert len(index.query()) == 3
    assert len(index.query(label="p300", model_type="svm", text="svm_1")) == 1
    assert index.reconcile().changed is False  # unchanged files are not re-read


def test_filters_and_sorting(store, template):
    save_copy(template, store / "p300" / "svm_old.bcimodel", created_utc="2024-01-01T00:00:00Z",
              metrics={"accuracy": 0.9})  # fmt: skip
    save_copy(template, store / "p300" / "svm_new.bcimodel", created_utc="2025-01-01T00:00:00Z",
              metrics={"accuracy": 0.7})  # fmt: skip
    save_copy(template, store / "inner" / "lstm_x.bcimodel", model_type="lstm",
              created_utc="2023-01-01T00:00:00Z")  # fmt: skip
    (store / "p300" / "broken.bcimodel").write_bytes(b"")
    index = ModelIndex(store)
    index.reconcile()
    names = [Path(r.relpath).stem for r in index.query(status="ok")]
    assert names == ["svm_new", "svm_old", "lstm_x"]  # newest first by manifest time
    assert [Path(r.relpath).stem for r in index.query(status="ok", descending=False)] == [
        "lstm_x", "svm_old", "svm_new"]  # fmt: skip
    assert [Path(r.relpath).stem for r in index.query(sort="accuracy")][:2] == [
        "svm_old", "svm_new"]  # fmt: skip
    assert {r.label for r in index.query(model_type="lstm")} == {"inner"}
    assert len(index.query(label="p300")) == 3
    assert [r.status for r in index.query(status="broken")] == ["broken"]
    assert len(index.query(text="SVM_")) == 2  # case-insensitive substring
    assert index.query(text="%") == [] and index.query(text="_x") != []
    assert index.labels() == ["inner", "p300"] and index.count() == 4
    with pytest.raises(ValueError, match="cannot sort"):
        index.query(sort="relpath; DROP TABLE models")


def test_temporary_files_and_the_trash_are_ignored(store, template):
    save_copy(template, store / "p300" / "svm_a.bcimodel")
    fresh = store / "p300" / ".svm_b.bcimodel.0123abcd.tmp"
    stale = store / "p300" / ".svm_c.bcimodel.4567ef01.tmp"
    shutil.copy(template, fresh)
    shutil.copy(template, stale)
    old = time.time() - STALE_TEMP_SECONDS - 10
    os.utime(stale, (old, old))
    save_copy(template, store / ".trash" / "20250101_000000_000000" / "p300" / "svm_d.bcimodel")
    (store / "p300" / "notes.txt").write_text("not a model")
    index = ModelIndex(store)
    index.reconcile()
    assert [r.relpath for r in index.query()] == ["p300/svm_a.bcimodel"]
    assert fresh.exists() and not stale.exists()  # stale temp files are cleaned up


def test_legacy_pickles_are_listed_as_untrusted(store):
    (store / "p300").mkdir(parents=True)
    (store / "p300" / "lstm_20251109_143022.pkl").write_bytes(b"\x80\x04N.")
    index = ModelIndex(store)
    index.reconcile()
    (record,) = index.query()
    assert record.status == "legacy-untrusted" and "import_legacy" in record.reason
    assert (record.model_type, record.label) == ("lstm", "p300")


@pytest.mark.parametrize("damage", ["garbage", "missing"])
def test_corrupt_or_missing_database_is_rebuilt(store, template, damage, caplog):
    save_copy(template, store / "p300" / "svm_a.bcimodel")
    index = ModelIndex(store)
    index.reconcile()
    index.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{store / 'index.sqlite3'}{suffix}").unlink(missing_ok=True)
    if damage == "garbage":
        (store / "index.sqlite3").write_bytes(os.urandom(4096))
    else:
        (store / "index.sqlite3").unlink()
    caplog.set_level(logging.WARNING, logger="bcigui.store.index")
    fresh = ModelIndex(store)
    report = fresh.reconcile()
    assert [r.relpath for r in fresh.query()] == ["p300/svm_a.bcimodel"]
    if damage == "garbage":
        assert report.rebuilt and "corrupt" in caplog.text


def test_garbage_written_while_open_is_survived(store, template, caplog):
    save_copy(template, store / "p300" / "svm_a.bcimodel")
    index = ModelIndex(store)
    index.reconcile()
    index.close()
    (store / "index.sqlite3").write_bytes(b"garbage" * 1000)
    caplog.set_level(logging.WARNING)
    assert [r.relpath for r in index.query()] == ["p300/svm_a.bcimodel"]
    assert index.rebuild().added == ("p300/svm_a.bcimodel",)


def test_other_connections_changes_are_seen(store, template):
    save_copy(template, store / "p300" / "svm_a.bcimodel")
    first, second = ModelIndex(store), ModelIndex(store)
    first.reconcile()
    assert len(second.query()) == 1
    b = save_copy(template, store / "p300" / "svm_b.bcimodel")
    first.upsert(b)
    assert len(second.query()) == 2
    first.set_status(b, "broken", "test reason")
    assert second.get(b).reason == "test reason"
    first.remove(b)
    assert second.get(b) is None and len(second.query()) == 1


def test_payload_size_mismatch_is_broken_without_hashing(store, template):
    path = save_copy(template, store / "p300" / "svm_a.bcimodel")
    rewrite_manifest(path, lambda m: m.update(payload_size=m["payload_size"] + 1))
    index = ModelIndex(store)
    index.reconcile()
    assert "payload size" in index.get(path).reason


def test_fast_reader_falls_back_on_unusual_zips(store, template):
    path = save_copy(template, store / "p300" / "svm_a.bcimodel")
    with zipfile.ZipFile(path, "a") as archive:
        archive.comment = b"a zip comment"
    assert scan_module.fast_manifest(path) is None
    index = ModelIndex(store)
    index.reconcile()
    assert index.get(path).status == "ok"
    assert scan_module.fast_manifest(template)["uuid"] == read_model_file(template).manifest[
        "uuid"]  # fmt: skip


def test_reconcile_of_one_label_folder(store, template):
    save_copy(template, store / "p300" / "svm_a.bcimodel")
    save_copy(template, store / "inner" / "svm_b.bcimodel")
    index = ModelIndex(store)
    assert index.reconcile("p300").added == ("p300/svm_a.bcimodel",)
    assert [r.label for r in index.query()] == ["p300"]
    (store / "p300" / "svm_a.bcimodel").unlink()
    assert index.reconcile("p300").removed == ("p300/svm_a.bcimodel",)
    assert index.reconcile().added == ("inner/svm_b.bcimodel",)
