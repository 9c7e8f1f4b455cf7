"""Library operations: import, export, trash and restore, annotations, champion, verify."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from bcigui import ConfigError, ModelFileError
from bcigui.store.annotations import (
    SIDECAR_SUFFIX,
    Annotations,
    read_annotations,
    sidecar_path,
)
from bcigui.store.manager import ModelManager
from bcigui.store.readiness import read_readiness, readiness_path, write_readiness
from bcigui.store.trash import TRASH_DIR
from tests.store.test_index import save_copy, small_trials, tiny_svm

__all__ = ["small_trials", "tiny_svm"]  # fixtures used here


@pytest.fixture
def manager(tmp_path: Path) -> ModelManager:
    return ModelManager(tmp_path / "store")


@pytest.fixture
def outside(tiny_svm, tmp_path: Path) -> Path:
    """A model file outside the store."""
    return tiny_svm.save(tmp_path / "downloads" / "svm_from_a_colleague.bcimodel", label="p300")


def tamper_payload(path: Path) -> None:
    """Change one payload byte and rewrite the zip (valid CRCs: only the hash can tell)."""
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    name = next(n for n in members if n.startswith("payload/"))
    payload = bytearray(members[name])
    payload[len(payload) // 2] ^= 0x01
    members[name] = bytes(payload)
    with zipfile.ZipFile(path, "w") as archive:
        for member, data in members.items():
            archive.writestr(member, data)


def test_import_verifies_copies_and_indexes(manager, outside):
    path = manager.import_model(outside)
    assert path == manager.store_dir / "p300" / outside.name
    assert path.read_bytes() == outside.read_bytes() and outside.exists()
    assert manager.record(path).status == "ok"
    assert manager.get_or_load_model("svm", "p300") is not None
    assert manager.import_model(outside) == path  # the same model again: nothing copied
    copy = manager.import_model(outside, allow_duplicate=True)
    assert copy != path and copy.parent == path.parent  # a fresh name, never an overwrite
    other = manager.import_model(outside, label="inner")
    assert other.parent.name == "inner" and manager.record(other).label == "inner"
    assert len(manager.list()) == 3


def test_import_refuses_bad_files_and_copies_nothing(manager, outside, tmp_path):
    tamper_payload(outside)
    with pytest.raises(ModelFileError, match="checksum mismatch"):
        manager.import_model(outside)
    with pytest.raises(FileNotFoundError, match=r"nope\.bcimodel"):
        manager.import_model(tmp_path / "nope.bcimodel")
    with pytest.raises(ConfigError):
        manager.import_model(outside, label="../x")
    assert not any(manager.store_dir.rglob("*.bcimodel"))


def test_import_of_a_file_already_in_the_store(manager, tiny_svm):
    path = manager.save_and_cache(tiny_svm, "svm", "p300")
    assert manager.import_model(path) == path
    assert len(list(manager.store_dir.rglob("*.bcimodel"))) == 1


def test_export_copies_the_model_and_its_annotations(manager, tiny_svm, tmp_path):
    path = manager.save_and_cache(tiny_svm, "svm", "p300")
    manager.annotate(path, display_name="Best P300", tags=["final"], notes="for the paper")
    write_readiness(path, {"symbol_accuracy": [0.5, 0.9]})
    dest = manager.export_model(path, tmp_path / "usb")  # a folder that does not exist yet
    assert read_readiness(dest) == {"symbol_accuracy": [0.5, 0.9]}
    assert dest == tmp_path / "usb" / path.name
    (tmp_path / "usb2").mkdir()
    into_folder = manager.export_model(path, tmp_path / "usb2")
    assert into_folder == tmp_path / "usb2" / path.name and dest.read_bytes() == path.read_bytes()
    assert read_annotations(dest).display_name == "Best P300"
    with pytest.raises(FileExistsError):
        manager.export_model(path, dest)
    assert manager.export_model(path, dest, overwrite=True) == dest
    # annotations travel back in with an import into another store
    other = ModelManager(tmp_path / "other-store")
    imported = other.import_model(dest)
    assert other.record(imported).display_name == "Best P300"
    assert other.record(imported).tags == ("final",)
    assert read_readiness(imported) == {"symbol_accuracy": [0.5, 0.9]}


def test_delete_moves_to_trash_and_restore_brings_back(manager, tiny_svm):
    path = manager.save_and_cache(tiny_svm, "svm", "p300")
    manager.annotate(path, notes="keep me")
    write_readiness(path, {"symbol_accuracy": [0.7]})
    entry = manager.delete(path)
    assert not path.exists() and not sidecar_path(path).exists()
    assert not readiness_path(path).exists() and read_readiness(entry.path) is not None
    assert entry.path.is_file() and sidecar_path(entry.path).is_file()
    assert entry.folder.parent == manager.store_dir / TRASH_DIR
    assert entry.original == f"p300/{path.name}"
    assert manager.list() == [] and manager.get_or_load_model("svm", "p300") is None
    assert manager.cache_info()["size"] == 0
    assert [e.id for e in manager.list_trash()] == [entry.id]
    assert ModelManager(manager.store_dir).list() == []  # reconcile does not see the trash
    restored = manager.restore(entry.id)
    assert restored == path and manager.record(path).notes == "keep me"
    assert read_readiness(path) == {"symbol_accuracy": [0.7]}
    assert manager.list_trash() == [] and manager.get_or_load_model("svm", "p300") is not None
    with pytest.raises(FileNotFoundError):
        manager.delete(manager.store_dir / "p300" / "nope.bcimodel")


def test_restore_never_overwrites(manager, tiny_svm):
    path = manager.save_and_cache(tiny_svm, "svm", "p300")
    entry = manager.delete(path)
    tiny_svm.save(path)  # a new model took the old name
    restored = manager.restore(entry)
    assert restored != path and restored.exists() and path.exists()
    manager.reconcile()  # the new file was written behind the manager's back
    assert "restored" in restored.name and len(manager.list()) == 2
    with pytest.raises(FileNotFoundError):
        manager.restore("no-such-entry")


def test_purge_trash(manager, tiny_svm):
    paths = [manager.save_and_cache(tiny_svm, "svm", "p300") for _ in range(3)]
    entries = [manager.delete(p) for p in paths]
    assert manager.purge_trash(entries[0]) == 1
    assert len(manager.list_trash()) == 2
    assert manager.purge_trash() == 2
    assert manager.list_trash() == [] and not (manager.store_dir / TRASH_DIR).exists()


def test_annotations_live_in_a_sidecar_and_survive_rebuild(manager, tiny_svm):
    path = manager.save_and_cache(tiny_svm, "svm", "p300")
    notes = manager.annotate(path, display_name="Run 7", notes="lab A", tags=["good", "good", " "])
    assert notes == Annotations("Run 7", "lab A", ("good",), False)
    sidecar = json.loads(Path(f"{path}{SIDECAR_SUFFIX}").read_text())
    assert sidecar == {
        "display_name": "Run 7",
        "notes": "lab A",
        "tags": ["good"],
        "champion": False,
    }
    assert manager.annotate(path, notes="lab B").display_name == "Run 7"  # others kept
    manager.index.rebuild()
    record = manager.record(path)
    assert (record.display_name, record.notes, record.tags, record.name) == (
        "Run 7", "lab B", ("good",), "Run 7")  # fmt: skip
    assert [r.path for r in manager.list(text="GOOD")] == [path]
    with pytest.raises(ConfigError):
        manager.annotate(path, tags="not-a-list")
    with pytest.raises(ConfigError, match="unknown annotation"):
        manager.annotate(path, colour="red")


def test_sidecar_edited_by_hand_is_picked_up(manager, tiny_svm):
    path = manager.save_and_cache(tiny_svm, "svm", "p300")
    manager.list()
    Path(f"{path}{SIDECAR_SUFFIX}").write_text(json.dumps({"display_name": "edited"}))
    manager.reconcile()
    assert manager.record(path).display_name == "edited"
    Path(f"{path}{SIDECAR_SUFFIX}").write_text("{not json")
    manager.reconcile()
    assert manager.record(path).display_name is None  # unreadable sidecar: no annotations


def test_one_champion_per_label(manager, tiny_svm):
    a = manager.save_and_cache(tiny_svm, "svm", "p300")
    b = manager.save_and_cache(tiny_svm, "svm", "p300")
    other_label = manager.save_and_cache(tiny_svm, "svm", "inner")
    manager.set_champion(a)
    manager.set_champion(other_label)
    manager.set_champion(b)
    champions = {r.path for r in manager.list() if r.champion}
    assert champions == {b, other_label}
    assert read_annotations(a).champion is False


def test_imported_champion_does_not_replace_the_current_one(manager, tiny_svm, tmp_path):
    current = manager.save_and_cache(tiny_svm, "svm", "p300")
    manager.set_champion(current)
    foreign = ModelManager(tmp_path / "foreign")
    theirs = foreign.save_and_cache(tiny_svm, "svm", "p300")
    foreign.set_champion(theirs)
    imported = manager.import_model(theirs)
    assert manager.record(current).champion and not manager.record(imported).champion


def test_verify_all_rehashes_every_payload(manager, tiny_svm, tmp_path):
    good = manager.save_and_cache(tiny_svm, "svm", "p300")
    bad = save_copy(good, manager.store_dir / "p300" / "svm_tampered.bcimodel")
    assert {r.status for r in manager.list()} == {"ok"}
    tamper_payload(bad)
    manager.reconcile()
    assert manager.record(bad).status == "ok"  # reconcile reads manifests only
    broken = manager.verify_all()
    assert [r.path for r in broken] == [bad] and "checksum mismatch" in broken[0].reason
    assert manager.record(good).status == "ok"
    assert manager.list(status="broken")[0].path == bad
    save_copy(good, bad.with_name("tmp.bcimodel"))
    bad.write_bytes(bad.with_name("tmp.bcimodel").read_bytes())  # repaired
    assert manager.verify_all() == []


def test_find_duplicate_names_the_stored_copy(manager, outside):
    assert manager.find_duplicate(outside) is None
    path = manager.import_model(outside)
    assert manager.find_duplicate(outside).path == path
    assert manager.find_duplicate(outside, label="elsewhere") is None
    before = sorted(manager.store_dir.rglob("*"))
    assert manager.import_model(outside) == path
    assert sorted(manager.store_dir.rglob("*")) == before  # nothing written
