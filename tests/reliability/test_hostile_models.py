"""Hostile model files through the paths the app really uses (ModelManager, import, listing).

tests/store checks the reader and the payload codecs piece by piece; here each hostile file is
a complete ``.bcimodel`` with a correct payload hash, so only the payload scan, the manifest
checks or the archive checks can stop it. Each case: a ModelFileError naming the file, the
marker file that the payload would create stays absent, the rest of the store keeps working.
"""

from __future__ import annotations

import json
import os
import pathlib
import pickle
import shutil
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from bcigui.errors import ModelFileError
from bcigui.modelfile.model_file import read_model_file, write_model_file
from bcigui.modelfile.payloads import keras_to_bytes, sklearn_to_bytes
from bcigui.store.manager import ModelManager
from tests.store.test_index import rewrite_manifest


class MarkerOnLoad:
    """Restoring this object's state creates the marker file: proof that code ran."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __getstate__(self) -> dict[str, str]:
        return {"marker": self.marker}

    def __setstate__(self, state: dict[str, str]) -> None:
        pathlib.Path(state["marker"]).touch()
        self.__dict__.update(state)


class MarkerOnUnpickle:
    """Unpickling this creates the marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (pathlib.Path.touch, (self.marker,))


@pytest.fixture
def store(tmp_path: Path, tiny_svm) -> Path:
    """A store with one good SVM model in ``p300``."""
    folder = tmp_path / "store"
    tiny_svm.save(folder / "p300" / "svm_good.bcimodel")
    return folder


def with_payload(template: Path, dest: Path, payload: bytes, name: str) -> Path:
    """A complete model file: ``template``'s manifest, a new payload, a correct hash."""
    contents = read_model_file(template)
    manifest = dict(contents.manifest)
    manifest.pop("uuid")
    write_model_file(dest, manifest, payload, name, contents.arrays)
    return dest


def assert_refused(store: Path, path: Path, match: str) -> ModelFileError:
    """Loading ``path`` through a fresh manager fails clearly; the good model still loads."""
    manager = ModelManager(store)
    manager.list()  # as the app does: the index is filled before anything is loaded
    with pytest.raises(ModelFileError, match=match) as info:
        manager.load(path)
    assert str(path) in str(info.value)
    assert manager.record(path) is None or manager.record(path).status == "broken"
    good = store / "p300" / "svm_good.bcimodel"
    assert manager.load(good).classes_.tolist() == ["NonTarget", "Target"]
    return info.value


def test_skops_object_with_code_in_its_state(store, marker):
    good = store / "p300" / "svm_good.bcimodel"
    payload = sklearn_to_bytes({"scaler": StandardScaler(), "evil": MarkerOnLoad(str(marker))})
    path = with_payload(good, store / "p300" / "svm_evil.bcimodel", payload, "model.skops")
    assert_refused(store, path, r"not trusted: .*test_hostile_models\.MarkerOnLoad")


@pytest.mark.parametrize(
    ("func", "name"), [(os.system, f"{os.system.__module__}.system"), (eval, "builtins.eval")]
)
def test_skops_payload_referencing_a_dangerous_function(store, func, name):
    good = store / "p300" / "svm_good.bcimodel"
    payload = sklearn_to_bytes(FunctionTransformer(func=func))
    path = with_payload(good, store / "p300" / "svm_func.bcimodel", payload, "model.skops")
    error = assert_refused(store, path, "not trusted")
    assert name in str(error)


def test_import_of_a_hostile_file_runs_nothing(store, marker, tmp_path):
    good = store / "p300" / "svm_good.bcimodel"
    payload = sklearn_to_bytes({"evil": MarkerOnLoad(str(marker))})
    hostile = with_payload(good, tmp_path / "mail" / "svm_gift.bcimodel", payload, "model.skops")
    manager = ModelManager(store)
    try:
        imported = manager.import_model(hostile)
    except ModelFileError as exc:  # refused at the door: nothing copied
        assert str(hostile) in str(exc)
        assert not (store / "p300" / hostile.name).exists()
    else:  # copied as an inert file: loading it is refused
        assert_refused(store, imported, "not trusted")


def test_keras_lambda_layer_in_a_complete_model_file(tmp_path, tiny_svnn, marker):
    import keras

    store = tmp_path / "store"
    good = tiny_svnn.save(store / "p300" / "svnn_good.bcimodel")

    def touch_marker(x):
        marker.touch()
        return x

    inputs = keras.Input(shape=(8,))
    hidden = keras.layers.Lambda(lambda x: touch_marker(x))(inputs)
    outputs = keras.layers.Dense(2, activation="softmax")(hidden)
    payload = keras_to_bytes(keras.Model(inputs, outputs))
    marker.unlink()  # building the model ran the lambda once
    path = with_payload(good, store / "p300" / "svnn_lambda.bcimodel", payload, "model.keras")
    with pytest.raises(ModelFileError, match="Lambda layer") as info:
        ModelManager(store).load(path)
    assert str(path) in str(info.value)


def test_keras_config_naming_a_non_keras_module(tmp_path, tiny_svnn):
    store = tmp_path / "store"
    good = tiny_svnn.save(store / "p300" / "svnn_good.bcimodel")
    payload = read_model_file(good).payload
    with zipfile.ZipFile(__import__("io").BytesIO(payload)) as inner:
        members = {info.filename: inner.read(info) for info in inner.infolist()}
    config = json.loads(members["config.json"])
    layer = next(lay for lay in config["config"]["layers"] if lay["class_name"] == "Dense")
    layer.update(module="os", class_name="system", registered_name=None)
    members["config.json"] = json.dumps(config).encode()
    buffer = __import__("io").BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for name, data in members.items():
            out.writestr(name, data)
    path = with_payload(good, store / "p300" / "svnn_os.bcimodel", buffer.getvalue(), "model.keras")
    with pytest.raises(ModelFileError) as info:
        ModelManager(store).load(path)
    assert str(path) in str(info.value)


def test_zip_with_parent_paths_writes_nothing_anywhere(store, tmp_path):
    good = store / "p300" / "svm_good.bcimodel"
    hostile = tmp_path / "mail" / "svm_traversal.bcimodel"
    hostile.parent.mkdir()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(hostile, "w") as out:
        for info in src.infolist():
            out.writestr(info.filename, src.read(info))
        out.writestr("../../escaped.txt", b"owned")
        out.writestr("/tmp/escaped-absolute.txt", b"owned")
    manager = ModelManager(store)
    manager.list()
    before = sorted(p for p in tmp_path.rglob("*") if "index.sqlite3" not in p.name)
    with pytest.raises(ModelFileError, match="unsafe member name") as info:
        manager.import_model(hostile)
    assert str(hostile) in str(info.value)
    assert sorted(p for p in tmp_path.rglob("*") if "index.sqlite3" not in p.name) == before
    assert not Path("/tmp/escaped-absolute.txt").exists()


def test_pickle_dropped_into_the_store_is_listed_and_never_run(store, marker):
    path = store / "p300" / "svm_pickled.bcimodel"
    path.write_bytes(pickle.dumps(MarkerOnUnpickle(marker)))
    record = ModelManager(store).record(path)
    assert record.status == "broken" and "Python pickle" in record.reason
    assert_refused(store, path, "import_legacy")


def test_manifest_that_is_a_zip_bomb(store):
    good = store / "p300" / "svm_good.bcimodel"
    path = store / "p300" / "svm_bomb.bcimodel"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "manifest.json":
                data = b" " * (40 * 1024**2) + data  # 40 MB of blanks, ~40 kB compressed
            out.writestr(info.filename, data)
    started = time.perf_counter()
    record = ModelManager(store).record(path)
    assert record.status == "broken" and "zip bomb" in record.reason
    assert time.perf_counter() - started < 5
    assert_refused(store, path, "zip bomb")


@pytest.mark.parametrize(
    ("name", "text", "match"),
    [
        ("nested", b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
        ("nan", None, "NaN is not allowed"),
        ("bigint", None, "not valid JSON"),
        ("utf16", None, "not valid JSON"),
    ],
)
def test_manifest_json_attacks(store, name, text, match):
    good = store / "p300" / "svm_good.bcimodel"
    path = store / "p300" / f"svm_{name}.bcimodel"
    with zipfile.ZipFile(good) as src:
        members = {info.filename: src.read(info) for info in src.infolist()}
    manifest = members["manifest.json"]
    label = b'"label": "p300"'
    assert label in manifest
    members["manifest.json"] = text or {
        "nan": manifest.replace(label, b'"label": NaN'),
        "bigint": manifest.replace(label, b'"label": "p300", "n": 1' + b"0" * 5000),
        "utf16": manifest.decode().encode("utf-16"),
    }[name]
    with zipfile.ZipFile(path, "w") as out:
        for member, data in members.items():
            out.writestr(member, data)
    record = ModelManager(store).record(path)
    assert record.status == "broken" and match in record.reason, record.reason
    assert_refused(store, path, match)


def test_duplicate_member_names(store):
    good = store / "p300" / "svm_good.bcimodel"
    path = store / "p300" / "svm_dup.bcimodel"
    shutil.copy(good, path)
    with pytest.warns(UserWarning, match="Duplicate name"), zipfile.ZipFile(path, "a") as out:
        out.writestr("manifest.json", b'{"model_type": "svm"}')  # a second, shadowing manifest
    assert_refused(store, path, "appears twice")


@pytest.mark.parametrize(
    ("edit", "match"),
    [
        (lambda m: m.update(model_type="evil"), "unknown model type 'evil'"),
        (lambda m: m.update(payload_name="../../x"), "not a plain file name"),
        (lambda m: m["hyperparameters"].update(C=-5), "manifest is inconsistent"),
        (lambda m: m.update(hyperparameters="rm -rf /"), "manifest is inconsistent"),
        (lambda m: m.update(preprocessing={"kind": "os.system"}), "manifest is inconsistent"),
    ],
    ids=["unknown-type", "payload-name-traversal", "invalid-hyperparameter",
         "hyperparameters-not-a-mapping", "foreign-preprocessing"],
)  # fmt: skip
def test_manifest_with_hostile_fields(store, edit, match):
    path = store / "p300" / "svm_edited.bcimodel"
    shutil.copy(store / "p300" / "svm_good.bcimodel", path)
    rewrite_manifest(path, edit)
    assert_refused(store, path, match)


@pytest.mark.parametrize("classes", [[], ["A", "B", "C"]], ids=["no-classes", "three-classes"])
def test_manifest_classes_not_matching_the_payload(store, small_trials, classes):
    path = store / "p300" / "svm_classes.bcimodel"
    shutil.copy(store / "p300" / "svm_good.bcimodel", path)
    rewrite_manifest(path, lambda m: m.update(classes=classes))
    manager = ModelManager(store)
    try:
        model = manager.load(path)
    except ModelFileError as exc:
        assert str(path) in str(exc)
        return
    type(model).query(model, np.transpose(small_trials.X[:3], (0, 2, 1)))
    pytest.fail("a model whose classes do not match its payload was loaded")


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_symlinks_in_the_store_do_not_hang_or_break_listing(store):
    folder = store / "p300"
    (folder / "svm_zero.bcimodel").symlink_to("/dev/zero")
    (folder / "svm_a.bcimodel").symlink_to(folder / "svm_b.bcimodel")
    (folder / "svm_b.bcimodel").symlink_to(folder / "svm_a.bcimodel")
    (folder / "svm_folder.bcimodel").mkdir()
    started = time.perf_counter()
    manager = ModelManager(store)
    records = {r.path.name: r for r in manager.list()}
    assert time.perf_counter() - started < 5
    assert records["svm_good.bcimodel"].status == "ok"
    for name in ("svm_zero.bcimodel", "svm_a.bcimodel", "svm_b.bcimodel"):
        assert records[name].status == "broken" and records[name].reason, name
        with pytest.raises(ModelFileError, match=name):
            manager.load(folder / name)
