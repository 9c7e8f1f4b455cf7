"""The .bcimodel file: round trip, atomic writes, and every way a file can be refused."""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import pathlib
import pickle
import re
import struct
import uuid
import zipfile

import numpy as np
import pytest

from bcigui.errors import ModelFileError
from bcigui.modelfile.model_file import (
    MODEL_FILE_SUFFIX,
    SCHEMA_VERSION,
    ModelFileContents,
    ModelFileNotFoundError,
    inspect_model_file,
    read_manifest,
    read_model_file,
    to_jsonable,
    write_model_file,
)

PAYLOAD = b"pretend this is a skops archive" * 10
ARRAYS = {
    "mean": np.arange(6, dtype=np.float32).reshape(2, 3),
    "channels": np.array([3, 1, 2], dtype=np.int64),
    "names": np.array(["C3", "Cz", "C4"]),
}


class MarkerOnUnpickle:
    """Unpickling this creates a marker file: proof that code ran."""

    def __init__(self, marker: pathlib.Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (pathlib.Path.touch, (self.marker,))


def write_sample(path, **kwargs):
    manifest = {"model_type": "SVM", "label": "subject-01", "metrics": {"acc": np.float64(0.75)}}
    return write_model_file(path, manifest, PAYLOAD, "model.skops", ARRAYS, **kwargs)


def members_of(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def build_zip(path, members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> pathlib.Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return pathlib.Path(path)


def tampered(tmp_path, change) -> pathlib.Path:
    """A copy of a valid file whose members (manifest decoded) went through ``change``."""
    good = tmp_path / "good.bcimodel"
    write_sample(good)
    members = members_of(good)
    manifest = json.loads(members["manifest.json"])
    change(members, manifest)
    members["manifest.json"] = json.dumps(manifest).encode()
    return build_zip(tmp_path / "bad.bcimodel", members)


def refused(path, match: str, **kwargs) -> ModelFileError:
    with pytest.raises(ModelFileError) as info:
        read_model_file(path, **kwargs)
    assert str(path) in str(info.value)
    assert re.search(match, str(info.value)), str(info.value)
    if not kwargs:
        status, reason = inspect_model_file(path)
        assert status == "broken" and reason
    return info.value


# --------------------------------------------------------------------------- round trip


def test_round_trip(tmp_path):
    path = tmp_path / "lab" / f"SVM_1{MODEL_FILE_SUFFIX}"
    written = write_sample(path)
    contents = read_model_file(path)
    assert isinstance(contents, ModelFileContents)
    assert contents.path == path
    assert contents.payload == PAYLOAD
    assert contents.payload_name == "model.skops"
    assert contents.manifest == written
    assert contents.manifest["metrics"] == {"acc": 0.75}
    assert contents.manifest["schema_version"] == SCHEMA_VERSION
    assert contents.manifest["payload_size"] == len(PAYLOAD)
    assert uuid.UUID(contents.manifest["uuid"]).version == 4
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", written["created_utc"])
    assert written["versions"]["scikit-learn"]
    assert set(contents.arrays) == set(ARRAYS)
    for name, array in ARRAYS.items():
        np.testing.assert_array_equal(contents.arrays[name], array)
        assert contents.arrays[name].dtype == array.dtype
    assert read_manifest(path) == written
    assert inspect_model_file(path) == ("ok", None)
    assert sorted(members_of(path)) == ["arrays.npz", "manifest.json", "payload/model.skops"]


def test_without_arrays_and_given_identity(tmp_path):
    path = tmp_path / "m.bcimodel"
    given = {"model_type": "LSTMNet", "uuid": str(uuid.uuid4()), "created_utc": "2020-01-01"}
    written = write_model_file(path, given, b"k", "model.keras")
    assert written["uuid"] == given["uuid"] and written["created_utc"] == "2020-01-01"
    assert "arrays_sha256" not in written
    assert read_model_file(path).arrays == {}


def test_to_jsonable_converts_numpy_and_non_finite():
    value = {
        "f": np.float32(1.5),
        "i": np.int64(3),
        "b": np.bool_(True),
        "a": np.array([[1.0, np.nan], [np.inf, 2.0]]),
        "t": (1, float("-inf")),
        1: "int key",
        "p": pathlib.PurePosixPath("/x/y"),
    }
    assert to_jsonable(value) == {
        "f": 1.5,
        "i": 3,
        "b": True,
        "a": [[1.0, None], [None, 2.0]],
        "t": [1, None],
        "1": "int key",
        "p": "/x/y",
    }
    with pytest.raises(TypeError, match=r"manifest\.bad"):
        to_jsonable({"bad": object()})


def test_write_refuses_bad_input(tmp_path):
    path = tmp_path / "m.bcimodel"
    with pytest.raises(ValueError, match="model_type"):
        write_model_file(path, {}, b"x", "model.skops")
    with pytest.raises(ValueError, match="payload name"):
        write_model_file(path, {"model_type": "SVM"}, b"x", "../model.skops")
    with pytest.raises(TypeError, match="numeric"):
        write_model_file(path, {"model_type": "SVM"}, b"x", "model.skops", {"o": np.array([{}])})
    with pytest.raises(ValueError, match="array name"):
        write_model_file(path, {"model_type": "SVM"}, b"x", "model.skops", {"a/b": np.ones(2)})
    assert not path.exists()


def test_write_never_replaces_unless_asked(tmp_path):
    path = tmp_path / "m.bcimodel"
    first = write_sample(path)
    with pytest.raises(FileExistsError):
        write_sample(path)
    assert read_manifest(path)["uuid"] == first["uuid"]
    second = write_sample(path, overwrite=True)
    assert read_manifest(path)["uuid"] == second["uuid"] != first["uuid"]
    assert sorted(os.listdir(tmp_path)) == ["m.bcimodel"]


# --------------------------------------------------------------------------- file-level errors


def test_missing_file(tmp_path):
    path = tmp_path / "nope.bcimodel"
    with pytest.raises(ModelFileNotFoundError) as info:
        read_model_file(path)
    assert isinstance(info.value, FileNotFoundError)
    assert isinstance(info.value, ModelFileError)
    assert info.value.errno == errno.ENOENT
    assert str(path) in str(info.value)
    with pytest.raises(FileNotFoundError):
        read_manifest(path)
    assert inspect_model_file(path)[0] == "broken"


def test_folder(tmp_path):
    refused(tmp_path, "folder")


def test_empty_file(tmp_path):
    path = tmp_path / "empty.bcimodel"
    path.write_bytes(b"")
    refused(path, r"empty \(0 bytes\)")


def test_pickle_renamed_is_refused_and_never_run(tmp_path):
    marker = tmp_path / "marker"
    data = pickle.dumps(MarkerOnUnpickle(marker), protocol=pickle.HIGHEST_PROTOCOL)
    pickle.loads(data)  # the pickle is live: loading it runs code...
    assert marker.exists()
    marker.unlink()
    path = tmp_path / "legacy.bcimodel"
    path.write_bytes(data)
    error = refused(path, r"Python pickle.*import_legacy\(\.\.\., trust=True\)")
    assert "not a bcimodel file" in str(error)
    with pytest.raises(ModelFileError):
        read_manifest(path)
    assert not marker.exists()  # ...but bcigui never loaded it


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"\x89HDF\r\n\x1a\n" + b"\0" * 100, "HDF5"),
        (b"hello, I am a text file", "not a zip archive"),
        (b"PK\x03\x04garbage", "truncated or damaged"),
    ],
)
def test_not_a_zip(tmp_path, content, match):
    path = tmp_path / "x.bcimodel"
    path.write_bytes(content)
    refused(path, match)


def test_every_truncation_is_refused(tmp_path):
    good = tmp_path / "good.bcimodel"
    write_sample(good)
    raw = good.read_bytes()
    path = tmp_path / "cut.bcimodel"
    for size in [*range(1, len(raw), 53), len(raw) - 1]:
        path.write_bytes(raw[:size])
        with pytest.raises(ModelFileError, match=re.escape(str(path))):
            read_model_file(path)


def test_flipped_byte_is_refused(tmp_path):
    path = tmp_path / "m.bcimodel"
    write_sample(path)
    raw = bytearray(path.read_bytes())
    where = raw.find(PAYLOAD[:20])
    raw[where + 5] ^= 0xFF
    path.write_bytes(bytes(raw))
    refused(path, "damaged")


# --------------------------------------------------------------------------- members


@pytest.mark.parametrize(
    ("name", "match"),
    [
        ("evil.py", "unexpected member 'evil.py'"),
        ("../escape", r"unsafe member name '\.\./escape'"),
        ("/etc/passwd", "unsafe member name"),
        ("payload/../../x", "unsafe member name"),
        ("payload/sub/model.keras", "unexpected member"),
        ("payload/other.keras", "more than one payload"),
        ("payload/", "unexpected member"),
    ],
)
def test_foreign_members_are_refused(tmp_path, name, match):
    path = tampered(tmp_path, lambda members, manifest: members.update({name: b"x"}))
    refused(path, match)


def test_zip_bomb_by_ratio(tmp_path):
    bomb = bytes(50 * 1024**2)  # 50 MB of zeros, ~50 kB compressed
    path = tampered(tmp_path, lambda members, manifest: members.update({"arrays.npz": bomb}))
    refused(path, "zip bomb")


def test_zip_bomb_by_total_size(tmp_path):
    path = tmp_path / "m.bcimodel"
    write_sample(path)
    refused(path, "unpack to more than 1000 bytes", max_uncompressed=1000)


def test_lying_size_headers(tmp_path):
    path = tmp_path / "m.bcimodel"
    write_sample(path)
    raw = bytearray(path.read_bytes())
    # The central directory entry of manifest.json claims a smaller uncompressed size.
    entry = raw.find(b"PK\x01\x02")
    size_at = entry + 24
    (true_size,) = struct.unpack_from("<I", raw, size_at)
    struct.pack_into("<I", raw, size_at, true_size // 2)
    path.write_bytes(bytes(raw))
    refused(path, "damaged")
    # ...or a gigantic one.
    struct.pack_into("<I", raw, size_at, 0xFFFFFFF0)
    path.write_bytes(bytes(raw))
    refused(path, "zip bomb|damaged|truncated")


def test_unsupported_compression(tmp_path):
    good = tmp_path / "g.bcimodel"
    write_sample(good)
    members = members_of(good)
    path = build_zip(tmp_path / "bz.bcimodel", members, zipfile.ZIP_BZIP2)
    refused(path, "unsupported compression")


# --------------------------------------------------------------------------- manifest


def test_missing_manifest(tmp_path):
    path = tampered(tmp_path, lambda members, manifest: None)
    members = members_of(path)
    del members["manifest.json"]
    build_zip(path, members)
    refused(path, "manifest.json is missing")


@pytest.mark.parametrize(
    ("text", "match"),
    [(b"{not json", "not valid JSON"), (b"[1, 2]", "not a JSON object"), (b"\xff\xfe", "JSON")],
)
def test_manifest_not_json_object(tmp_path, text, match):
    path = tampered(tmp_path, lambda members, manifest: None)
    members = members_of(path)
    members["manifest.json"] = text
    build_zip(path, members)
    refused(path, match)


@pytest.mark.parametrize(
    "field",
    ["schema_version", "uuid", "created_utc", "model_type", "payload_name", "payload_sha256"],
)
def test_missing_required_field(tmp_path, field):
    path = tampered(tmp_path, lambda members, manifest: manifest.pop(field))
    refused(path, f"manifest field '{field}' is missing")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("schema_version", "1"),
        ("schema_version", True),
        ("uuid", 5),
        ("model_type", None),
        ("payload_sha256", ["a"]),
        ("versions", "all"),
    ],
)
def test_wrong_field_type(tmp_path, field, value):
    path = tampered(tmp_path, lambda members, manifest: manifest.update({field: value}))
    refused(path, f"manifest field '{field}' has the wrong type")


def test_newer_schema(tmp_path):
    path = tampered(tmp_path, lambda members, manifest: manifest.update(schema_version=2))
    refused(path, r"newer bcigui \(schema 2, this app reads up to 1\); update bcigui")
    with pytest.raises(ModelFileError, match="newer bcigui"):
        read_manifest(path)


def test_invalid_uuid(tmp_path):
    path = tampered(tmp_path, lambda members, manifest: manifest.update(uuid="nope"))
    refused(path, "not a valid UUID")


def test_payload_checksum_mismatch(tmp_path):
    def swap(members, manifest):
        members["payload/model.skops"] = b"a different model"

    path = tampered(tmp_path, swap)
    refused(path, "payload checksum mismatch: the file was modified or damaged")
    assert read_model_file(path, verify=False).payload == b"a different model"
    read_manifest(path)  # the cheap read does not hash


def test_arrays_checksum_mismatch(tmp_path):
    def swap(members, manifest):
        buffer = io.BytesIO()
        np.savez(buffer, mean=np.zeros(3))
        members["arrays.npz"] = buffer.getvalue()

    refused(tampered(tmp_path, swap), "arrays checksum mismatch")


def test_payload_name_mismatch(tmp_path):
    path = tampered(tmp_path, lambda members, manifest: manifest.update(payload_name="m.keras"))
    refused(path, "names payload 'm.keras'")


def test_arrays_without_checksum(tmp_path):
    path = tampered(tmp_path, lambda members, manifest: manifest.pop("arrays_sha256"))
    refused(path, "arrays.npz")


def test_object_arrays_are_refused_and_never_run(tmp_path):
    marker = tmp_path / "marker"

    def evil_arrays(members, manifest):
        buffer = io.BytesIO()
        np.savez(buffer, evil=np.array([MarkerOnUnpickle(marker)], dtype=object))
        members["arrays.npz"] = buffer.getvalue()
        manifest["arrays_sha256"] = hashlib.sha256(buffer.getvalue()).hexdigest()

    path = tampered(tmp_path, evil_arrays)
    refused(path, "object array 'evil'")
    assert not marker.exists()


def test_array_header_claiming_more_data(tmp_path):
    def big_header(members, manifest):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as npz, npz.open("big.npy", "w") as member:
            np.lib.format.write_array_header_1_0(
                member, {"descr": "<f8", "fortran_order": False, "shape": (10**12,)}
            )
            member.write(b"\0" * 80)
        members["arrays.npz"] = buffer.getvalue()
        manifest["arrays_sha256"] = hashlib.sha256(buffer.getvalue()).hexdigest()

    refused(tampered(tmp_path, big_header), "cut off")
