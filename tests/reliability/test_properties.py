"""Property-based tests: arbitrary bytes and arrays never crash the readers.

The ``.npy`` reader, the label reducer and the model-file reader either return a valid result
or raise bcigui's documented error (DataFileError / ModelFileError) that names the file. Any
other exception (IndexError, MemoryError, a numpy ValueError...) fails the test.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from bcigui.data import read_labels_file, read_npy, read_trials_file
from bcigui.data.labels import normalize_labels, reduce_label
from bcigui.errors import DataFileError, ModelFileError
from bcigui.modelfile.model_file import inspect_model_file, read_manifest, read_model_file

SETTINGS = settings(
    max_examples=int(os.environ.get("BCIGUI_HYPOTHESIS_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
MAGIC = b"\x93NUMPY"

dtypes = st.one_of(
    hnp.boolean_dtypes(),
    hnp.integer_dtypes(endianness="="),
    hnp.unsigned_integer_dtypes(endianness=">"),
    hnp.floating_dtypes(endianness="?"),
    hnp.complex_number_dtypes(),
    hnp.unicode_string_dtypes(max_len=6),
    hnp.byte_string_dtypes(max_len=6),
    hnp.datetime64_dtypes(),
)
arrays = hnp.arrays(dtypes, hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=5))


def file_in(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def npy_bytes(array: np.ndarray, fortran: bool = False) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, np.asfortranarray(array) if fortran else array, allow_pickle=False)
    return buffer.getvalue()


@SETTINGS
@given(data=st.one_of(st.binary(max_size=400), st.binary(max_size=300).map(MAGIC.__add__)))
@example(data=MAGIC + b"\x01\x00\x10\x00{'descr': '<f4'}")
def test_npy_reader_on_arbitrary_bytes(tmp_path, data):
    path = file_in(tmp_path, "arbitrary.npy", data)
    try:
        array = read_npy(path, allow_strings=True, allow_empty=True)
    except DataFileError as exc:
        assert str(path) in str(exc)
    else:
        assert isinstance(array, np.ndarray)


@SETTINGS
@given(array=arrays, fortran=st.booleans(), cut=st.integers(0, 64))
def test_npy_reader_on_arbitrary_arrays(tmp_path, array, fortran, cut):
    """Any saved array (any dtype, shape, order, maybe truncated) is read right or refused."""
    raw = npy_bytes(array, fortran)
    path = file_in(tmp_path, "array.npy", raw[: len(raw) - cut] if cut else raw)
    try:
        trials = read_trials_file(path)
    except DataFileError as exc:
        assert str(path) in str(exc)
    else:
        assert cut == 0  # a truncated file is never accepted
        assert array.ndim in (2, 3) and array.dtype.kind in "biuf"
        stack = array if array.ndim == 3 else array[np.newaxis]
        assert len(trials) == stack.shape[0]
        for got, want in zip(trials, stack, strict=True):
            assert got.dtype == np.float32 and np.isfinite(got).all()
            np.testing.assert_array_equal(got, want.T.astype(np.float32))


@SETTINGS
@given(array=arrays, n_trials=st.integers(1, 6), single=st.booleans())
def test_label_files_on_arbitrary_arrays(tmp_path, array, n_trials, single):
    n_trials = 1 if single else n_trials  # a single-trial X file holds one trial
    path = file_in(tmp_path, "labels.npy", npy_bytes(array))
    try:
        labels = read_labels_file(path, n_trials, single)
    except DataFileError as exc:
        assert str(path) in str(exc)
    else:
        assert labels.shape == (n_trials,)
        assert labels.dtype == np.int64 or labels.dtype.kind == "U"


@SETTINGS
@given(array=arrays)
@example(array=np.array([1e20, 2e20]))  # once wrapped to the same int64: two classes became one
def test_label_reducer_on_arbitrary_arrays(array):
    try:
        normal = normalize_labels(array, "labels.npy")
    except DataFileError as exc:
        assert "labels.npy" in str(exc)
        return
    assert normal.shape == array.shape
    if array.dtype.kind in "biuf":  # numbers keep their values (no silent wrap-around)
        np.testing.assert_array_equal(normal.astype(np.float64), array.astype(np.float64))
    try:
        mode = reduce_label(normal, "labels.npy")
    except DataFileError as exc:
        assert "labels.npy" in str(exc)
        assert normal.size == 0 or "ambiguous" in str(exc)
    else:
        values, counts = np.unique(normal.ravel(), return_counts=True)
        assert counts[values == mode][0] == counts.max()
        assert (counts == counts.max()).sum() == 1


@pytest.fixture(scope="module")
def model_bytes(tiny_svm, tmp_path_factory) -> bytes:
    return tiny_svm.save(tmp_path_factory.mktemp("m") / "svm.bcimodel").read_bytes()


def check_model_reader(path: Path) -> None:
    """Every reader entry point returns or raises ModelFileError naming ``path``."""
    status, reason = inspect_model_file(path)  # never raises
    assert status in ("ok", "broken", "legacy-untrusted") and (status == "ok" or reason)
    for read in (read_manifest, read_model_file):
        try:
            read(path)
        except ModelFileError as exc:
            assert str(path) in str(exc)


@SETTINGS
@given(data=st.one_of(st.binary(max_size=600), st.binary(max_size=400).map(b"PK\x03\x04".__add__)))
def test_model_reader_on_arbitrary_bytes(tmp_path, data):
    assume(data)
    check_model_reader(file_in(tmp_path, "arbitrary.bcimodel", data))


@SETTINGS
@given(
    flips=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(1, 255)),
                   min_size=1, max_size=4),
    keep=st.floats(0.05, 1.0),
)
def test_model_reader_on_damaged_real_files(tmp_path, model_bytes, flips, keep):
    data = bytearray(model_bytes)
    for where, mask in flips:
        data[int(where * len(data))] ^= mask
    data = data[: max(1, int(len(data) * keep))]
    path = file_in(tmp_path, "damaged.bcimodel", bytes(data))
    check_model_reader(path)
    try:
        contents = read_model_file(path)
    except ModelFileError:
        return
    # accepted: then the payload is the original one, byte for byte (its hash was checked)
    with zipfile.ZipFile(io.BytesIO(model_bytes)) as original:
        assert contents.payload == original.read(f"payload/{contents.payload_name}")


@SETTINGS
@given(
    members=st.dictionaries(
        st.sampled_from(["manifest.json", "arrays.npz", "payload/model.skops",
                         "payload/model.keras", "../x", "payload/", "a/b/c", "\u00e9.json"]),
        st.one_of(st.binary(max_size=200), st.just(b'{"model_type": "svm", "schema_version": 1}')),
        max_size=5,
    )
)  # fmt: skip
def test_model_reader_on_arbitrary_zips(tmp_path, members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    check_model_reader(file_in(tmp_path, "zip.bcimodel", buffer.getvalue()))
