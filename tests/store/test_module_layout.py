"""The store's modules after the split: old import paths still give the same objects."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

import bcigui.store

#: (old module, name there, new module, name there)
MOVED = [
    ("index", "ModelRecord", "records", "ModelRecord"),
    ("index", "running_versions", "records", "running_versions"),
    ("index", "STATUS_OK", "records", "STATUS_OK"),
    ("index", "STATUS_BROKEN", "records", "STATUS_BROKEN"),
    ("index", "STATUS_LEGACY", "records", "STATUS_LEGACY"),
    ("index", "_COLUMNS", "records", "COLUMNS"),
    ("index", "_METRICS", "records", "METRICS"),
    ("index", "LEGACY_SUFFIX", "scan", "LEGACY_SUFFIX"),
    ("index", "STALE_TEMP_SECONDS", "scan", "STALE_TEMP_SECONDS"),
    ("index", "_fast_manifest", "scan", "fast_manifest"),
    ("index", "_manifest_values", "scan", "manifest_values"),
    ("index", "read_manifest", "model_file", "read_manifest"),
    ("manager", "StoreEvent", "events", "StoreEvent"),
    ("manager", "Listener", "events", "Listener"),
    ("manager", "hybridmethod", "default_manager", "hybridmethod"),
    ("manager", "_Entry", "manager_core", "_Entry"),
    ("library", "SIDECAR_SUFFIX", "annotations", "SIDECAR_SUFFIX"),
    ("library", "Annotations", "annotations", "Annotations"),
    ("library", "sidecar_path", "annotations", "sidecar_path"),
    ("library", "read_annotations", "annotations", "read_annotations"),
    ("library", "write_annotations", "annotations", "write_annotations"),
    ("library", "update_annotations", "annotations", "update_annotations"),
    ("library", "_existing_model", "annotations", "existing_model"),
    ("library", "_clear_champions", "annotations", "clear_champions"),
    ("library", "_keep_single_champion", "annotations", "keep_single_champion"),
    ("library", "TRASH_DIR", "trash", "TRASH_DIR"),
    ("library", "TRASH_INFO", "trash", "TRASH_INFO"),
    ("library", "TrashEntry", "trash", "TrashEntry"),
    ("library", "delete_model", "trash", "delete_model"),
    ("library", "list_trash", "trash", "list_trash"),
    ("library", "restore_model", "trash", "restore_model"),
    ("library", "purge_trash", "trash", "purge_trash"),
    ("legacy", "UntrustedPickleError", "legacy_unpickler", "UntrustedPickleError"),
    ("legacy", "LegacyObject", "legacy_unpickler", "LegacyObject"),
    ("legacy", "RestrictedUnpickler", "legacy_unpickler", "RestrictedUnpickler"),
    ("legacy", "unpickle_restricted", "legacy_unpickler", "unpickle_restricted"),
    ("legacy", "PROTOTYPE_PREFIX", "legacy_unpickler", "PROTOTYPE_PREFIX"),
    ("model_file", "SCHEMA_VERSION", "manifest", "SCHEMA_VERSION"),
    ("model_file", "MAX_MANIFEST_BYTES", "manifest", "MAX_MANIFEST_BYTES"),
    ("model_file", "_check_manifest", "manifest", "check_manifest"),
    ("model_file", "_decode_manifest", "manifest", "decode_manifest"),
]


@pytest.mark.parametrize(("old", "name", "new", "new_name"), MOVED)
def test_moved_names_are_importable_from_their_old_module(old, name, new, new_name):
    before = importlib.import_module(f"bcigui.store.{old}")
    after = importlib.import_module(f"bcigui.store.{new}")
    assert getattr(before, name) is getattr(after, new_name)


def test_every_store_module_stays_small():
    folder = Path(bcigui.store.__file__).parent
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in folder.glob("*.py")}
    assert {name: n for name, n in sizes.items() if n > 400} == {}
