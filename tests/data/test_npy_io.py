"""The seed .npy contract: safe reading, every bad input named, loading and writing trial sets."""

from __future__ import annotations

import errno
import os
import pickle
import time
from pathlib import Path

import numpy as np
import pytest

from bcigui.data import (
    MissingDataFileError,
    TrialSet,
    TrialSource,
    load_seed_files,
    npy_file,
    read_labels_file,
    read_npy,
    read_trials_file,
    write_seed_files,
)
from bcigui.errors import DataError, DataFileError


def save(folder: Path, name: str, array: object, **kwargs: object) -> Path:
    path = folder / name
    np.save(path, array, **kwargs)  # type: ignore[arg-type]
    return path


def trial(t: int = 20, f: int = 4, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal((t, f)).astype(np.float32)


def assert_names(exc: pytest.ExceptionInfo[BaseException], path: Path) -> None:
    assert path.name in str(exc.value), str(exc.value)


# -- list-level errors -------------------------------------------------------------------------


def test_x_and_y_lists_of_different_length(tmp_path: Path) -> None:
    xs = [save(tmp_path, f"x{i}.npy", trial()) for i in range(3)]
    ys = [save(tmp_path, f"y{i}.npy", np.int64(i % 2)) for i in range(2)]
    with pytest.raises(DataError, match="xTrain has 3 files but yTrain has 2") as exc:
        load_seed_files(xs, ys)
    assert_names(exc, xs[2])
    with pytest.raises(DataError, match="xTest has 3 files but yTest has 2"):
        load_seed_files(xs, ys, role="test")


def test_empty_list_is_refused() -> None:
    with pytest.raises(DataError, match="xTrain is empty"):
        load_seed_files([], [])


def test_array_instead_of_path_is_refused() -> None:
    with pytest.raises(DataError, match="not a file path"):
        load_seed_files([trial()])


def test_unknown_role_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="role"):
        load_seed_files([save(tmp_path, "x.npy", trial())], role="validation")


# -- one bad file each -------------------------------------------------------------------------


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.npy"
    with pytest.raises(MissingDataFileError, match="does not exist") as exc:
        load_seed_files([missing])
    assert isinstance(exc.value, FileNotFoundError)
    assert isinstance(exc.value, DataFileError)
    assert_names(exc, missing)


def test_missing_file_error_survives_pickling(tmp_path: Path) -> None:
    # Errors cross process boundaries (training in a child process).
    err = MissingDataFileError(tmp_path / "gone.npy")
    back = pickle.loads(pickle.dumps(err))
    assert str(back) == str(err) and back.path == err.path and back.errno == errno.ENOENT


def test_path_below_a_file_is_missing(tmp_path: Path) -> None:
    parent = save(tmp_path, "x.npy", trial())
    below = parent / "inner.npy"
    with pytest.raises(FileNotFoundError) as exc:
        read_npy(below)
    assert_names(exc, below)


@pytest.mark.parametrize("name", ["trial.txt", "trial.npz", "trial"])
def test_not_npy_suffix(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"1 2 3")
    with pytest.raises(DataFileError, match=r"\.npy file is expected") as exc:
        read_trials_file(path)
    assert_names(exc, path)


def test_directory_passed_as_file(tmp_path: Path) -> None:
    folder = tmp_path / "session.npy"
    folder.mkdir()
    with pytest.raises(DataFileError, match=r"is a directory, not a \.npy file") as exc:
        load_seed_files([folder])
    assert_names(exc, folder)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "stream.npy"
    os.mkfifo(fifo)
    with pytest.raises(DataFileError, match="not a regular file") as exc:
        read_npy(fifo)
    assert_names(exc, fifo)


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads chmod 000 files anyway"
)
def test_unreadable_file_chmod(tmp_path: Path) -> None:
    path = save(tmp_path, "locked.npy", trial())
    path.chmod(0)
    try:
        with pytest.raises(DataFileError, match="permission denied") as exc:
            read_npy(path)
        assert_names(exc, path)
    finally:
        path.chmod(0o644)


def test_unreadable_file_permission_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Works as root too: the open() call itself fails as it would for another user's file.
    path = save(tmp_path, "locked.npy", trial())

    def deny(p: Path) -> None:
        raise PermissionError(13, "Permission denied", str(p))

    monkeypatch.setattr(npy_file, "_open_binary", deny)
    with pytest.raises(DataFileError, match="cannot be read: permission denied") as exc:
        load_seed_files([path])
    assert_names(exc, path)


class _Payload:
    """Unpickling this creates the marker file: proof that code ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.marker), "w"))


def test_pickled_object_array_is_refused_and_runs_no_code(tmp_path: Path) -> None:
    # The payload is live: numpy with allow_pickle=True does run it.
    proof = tmp_path / "proof-it-runs"
    armed = save(
        tmp_path, "armed.npy", np.array([_Payload(proof)], dtype=object), allow_pickle=True
    )
    np.load(armed, allow_pickle=True)
    assert proof.exists()

    marker = tmp_path / "marker-code-ran"
    path = save(tmp_path, "evil.npy", np.array([_Payload(marker)], dtype=object), allow_pickle=True)
    with pytest.raises(DataFileError, match="holds Python objects") as exc:
        load_seed_files([path])
    assert "never unpickles" in str(exc.value)
    assert_names(exc, path)
    with pytest.raises(DataFileError, match="holds Python objects"):
        read_labels_file(path, 1, True)
    assert not marker.exists()


def test_nan_is_refused(tmp_path: Path) -> None:
    x = trial()
    x[5, 2] = np.nan
    path = save(tmp_path, "nan.npy", x)
    with pytest.raises(DataFileError, match="contains NaN or infinite values") as exc:
        load_seed_files([path])
    assert "(5, 2)" in str(exc.value)
    assert_names(exc, path)


def test_inf_is_refused_in_a_stack(tmp_path: Path) -> None:
    x = np.stack([trial(), trial()])
    x[1, 3, 0] = -np.inf
    path = save(tmp_path, "inf.npy", x)
    with pytest.raises(DataFileError, match="contains NaN or infinite values") as exc:
        read_trials_file(path)
    assert "(1, 3, 0)" in str(exc.value)
    assert_names(exc, path)


def test_float64_overflowing_float32_is_refused(tmp_path: Path) -> None:
    x = trial().astype(np.float64)
    x[2, 1] = 1e300
    path = save(tmp_path, "huge.npy", x)
    with pytest.raises(DataFileError, match="too large for float32") as exc:
        read_trials_file(path)
    assert "(2, 1)" in str(exc.value)
    assert_names(exc, path)


def test_empty_array(tmp_path: Path) -> None:
    path = save(tmp_path, "empty.npy", np.zeros((0,), dtype=np.float32))
    with pytest.raises(DataFileError, match="is empty") as exc:
        read_npy(path)
    assert_names(exc, path)
    with pytest.raises(DataFileError, match="is empty"):
        read_labels_file(path, 1, True)


def test_empty_stack(tmp_path: Path) -> None:
    path = save(tmp_path, "nostack.npy", np.zeros((0, 10, 4), dtype=np.float32))
    with pytest.raises(DataFileError, match="holds no trials") as exc:
        read_trials_file(path)
    assert_names(exc, path)


def test_zero_time_samples(tmp_path: Path) -> None:
    path = save(tmp_path, "t0.npy", np.zeros((0, 8), dtype=np.float32))
    with pytest.raises(DataFileError, match="T = 0") as exc:
        load_seed_files([path])
    assert_names(exc, path)


@pytest.mark.parametrize("shape", [(64,), (2, 3, 4, 5)])
def test_wrong_number_of_dimensions(tmp_path: Path, shape: tuple[int, ...]) -> None:
    path = save(tmp_path, "bad_ndim.npy", np.ones(shape, dtype=np.float32))
    with pytest.raises(DataFileError, match=r"has shape \(" + ", ".join(map(str, shape))) as exc:
        read_trials_file(path)
    assert_names(exc, path)


def test_feature_count_differs_across_files(tmp_path: Path) -> None:
    a = save(tmp_path, "a.npy", trial(f=8))
    b = save(tmp_path, "b.npy", trial(f=4))
    with pytest.raises(DataFileError, match="has 4 features") as exc:
        load_seed_files([a, b])
    assert "a.npy has 8" in str(exc.value)
    assert_names(exc, b)


def test_label_count_does_not_match_trials(tmp_path: Path) -> None:
    x = save(tmp_path, "stack_x.npy", np.stack([trial(), trial(), trial()]))
    y = save(tmp_path, "stack_y.npy", np.array([0, 1]))
    with pytest.raises(DataFileError, match=r"2 labels for 3 trials in stack_x\.npy") as exc:
        load_seed_files([x], [y])
    assert_names(exc, y)


def test_label_shape_that_fits_nothing(tmp_path: Path) -> None:
    x = save(tmp_path, "x.npy", trial())
    y = save(tmp_path, "y.npy", np.zeros((3, 4), dtype=np.int64))
    with pytest.raises(DataFileError, match=r"has shape \(3, 4\)") as exc:
        load_seed_files([x], [y])
    assert_names(exc, y)


def test_ambiguous_per_frame_mode(tmp_path: Path) -> None:
    x = save(tmp_path, "x.npy", trial(t=4))
    y = save(tmp_path, "y.npy", np.array([1, 2, 2, 1]))
    with pytest.raises(DataFileError, match="label is ambiguous: values 1 and 2") as exc:
        load_seed_files([x], [y])
    assert "equally frequent" in str(exc.value)
    assert_names(exc, y)


def test_truncated_file(tmp_path: Path) -> None:
    path = save(tmp_path, "cut.npy", np.ones((16, 4), dtype=np.float32))  # 256 data bytes
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 156])
    with pytest.raises(DataFileError, match="truncated: header promises 256 bytes") as exc:
        read_trials_file(path)
    assert "file has 100" in str(exc.value)
    assert_names(exc, path)


def test_truncated_header(tmp_path: Path) -> None:
    path = save(tmp_path, "cuthead.npy", trial())
    path.write_bytes(path.read_bytes()[:30])
    with pytest.raises(DataFileError, match=r"damaged \.npy header") as exc:
        read_npy(path)
    assert_names(exc, path)


def test_bad_magic(tmp_path: Path) -> None:
    path = tmp_path / "fake.npy"
    path.write_text("time,Fz,Cz\n0,1.5,2.5\n")
    with pytest.raises(DataFileError, match=r"not a NumPy \.npy file") as exc:
        read_npy(path)
    assert_names(exc, path)


def test_zero_byte_file(tmp_path: Path) -> None:
    path = tmp_path / "zero.npy"
    path.touch()
    with pytest.raises(DataFileError, match="0 bytes") as exc:
        read_npy(path)
    assert_names(exc, path)


def test_damaged_header(tmp_path: Path) -> None:
    path = tmp_path / "garbled.npy"
    header = b"{'descr': '<f4', 'fortran_order': False, 'shape': (oops), }".ljust(117) + b"\n"
    path.write_bytes(b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header)
    with pytest.raises(DataFileError, match=r"damaged \.npy header") as exc:
        read_npy(path)
    assert_names(exc, path)


def test_unsupported_format_version(tmp_path: Path) -> None:
    path = tmp_path / "future.npy"
    path.write_bytes(b"\x93NUMPY\x09\x00" + b"\x00" * 120)
    with pytest.raises(DataFileError, match=r"version 9\.0") as exc:
        read_npy(path)
    assert_names(exc, path)


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
def test_complex_dtype_is_refused(tmp_path: Path, dtype: type) -> None:
    path = save(tmp_path, "complex.npy", trial().astype(dtype))
    with pytest.raises(DataFileError, match="complex") as exc:
        read_trials_file(path)
    assert_names(exc, path)


def test_strings_and_records_are_refused_as_data(tmp_path: Path) -> None:
    text = save(tmp_path, "text.npy", np.array([["a", "b"], ["c", "d"]]))
    with pytest.raises(DataFileError, match="holds strings") as exc:
        read_trials_file(text)
    assert_names(exc, text)
    rec = save(tmp_path, "rec.npy", np.zeros((3, 2), dtype=[("a", "<f4"), ("b", "<i4")]))
    with pytest.raises(DataFileError, match="structured") as exc:
        read_trials_file(rec)
    assert_names(exc, rec)


# -- accepted variants -------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["<f2", ">f4", ">f8", "<i2", ">i4", "|u1", "?"])
def test_other_real_dtypes_are_converted_to_float32(tmp_path: Path, dtype: str) -> None:
    x = (np.arange(40).reshape(10, 4) % 7).astype(dtype)
    path = save(tmp_path, "x.npy", x)
    (out,) = read_trials_file(path)
    assert out.dtype == np.float32
    assert out.shape == (4, 10)
    assert out.flags.c_contiguous
    np.testing.assert_array_equal(out, x.astype(np.float32).T)


def test_fortran_order_is_accepted(tmp_path: Path) -> None:
    x = np.asfortranarray(trial(t=30, f=5))
    path = save(tmp_path, "fortran.npy", x)
    (out,) = read_trials_file(path)
    np.testing.assert_array_equal(out, x.T)
    stack = np.asfortranarray(np.stack([trial(seed=1), trial(seed=2)]))
    np.testing.assert_array_equal(
        np.stack(read_trials_file(save(tmp_path, "fstack.npy", stack))), stack.transpose(0, 2, 1)
    )


def test_format_version_2_is_read(tmp_path: Path) -> None:
    x = trial()
    path = tmp_path / "v2.npy"
    with open(path, "wb") as fp:
        np.lib.format.write_array(fp, x, version=(2, 0))
    np.testing.assert_array_equal(read_trials_file(path)[0], x.T)


def test_stack_and_sources(tmp_path: Path) -> None:
    stack = np.stack([trial(seed=i) for i in range(3)])
    sx = save(tmp_path, "stack.npy", stack)
    single = save(tmp_path, "single.npy", trial(seed=9))
    ts = load_seed_files([str(sx), single])
    assert ts.n_trials == 4
    assert ts.y is None
    assert ts.sources == (
        TrialSource(str(sx), 0),
        TrialSource(str(sx), 1),
        TrialSource(str(sx), 2),
        TrialSource(str(single), 0),
    )
    np.testing.assert_array_equal(ts.trials[1], stack[1].T)
    np.testing.assert_array_equal(ts.trials[3], trial(seed=9).T)


def test_trials_may_differ_in_length(tmp_path: Path) -> None:
    xs = [save(tmp_path, f"x{t}.npy", trial(t=t)) for t in (10, 20, 15)]
    ts = load_seed_files(xs, role="query")
    assert ts.lengths.tolist() == [10, 20, 15]


# -- labels ------------------------------------------------------------------------------------


def test_int_string_and_integral_float_labels(tmp_path: Path) -> None:
    xs = [save(tmp_path, f"x{i}.npy", trial(seed=i)) for i in range(3)]
    ints = load_seed_files(xs, [save(tmp_path, f"yi{i}.npy", np.int32(i)) for i in range(3)])
    assert ints.y is not None and ints.y.dtype == np.int64 and ints.y.tolist() == [0, 1, 2]
    names = ["arriba", "abajo", "Target"]
    strs = load_seed_files(
        xs, [save(tmp_path, f"ys{i}.npy", np.str_(n)) for i, n in enumerate(names)]
    )
    assert strs.y is not None and strs.y.dtype.kind == "U" and strs.y.tolist() == names
    floats = load_seed_files(xs, [save(tmp_path, f"yf{i}.npy", np.float64(i)) for i in range(3)])
    assert floats.y is not None and floats.y.dtype == np.int64 and floats.y.tolist() == [0, 1, 2]


def test_non_integral_float_labels_are_refused(tmp_path: Path) -> None:
    x = save(tmp_path, "x.npy", trial())
    y = save(tmp_path, "y.npy", np.float64(0.5))
    with pytest.raises(DataFileError, match="labels must be integers or strings") as exc:
        load_seed_files([x], [y])
    assert_names(exc, y)


def test_mixed_int_and_string_labels_across_files(tmp_path: Path) -> None:
    xs = [save(tmp_path, f"x{i}.npy", trial(seed=i)) for i in range(2)]
    ys = [save(tmp_path, "y_int.npy", np.int64(1)), save(tmp_path, "y_str.npy", np.str_("1"))]
    with pytest.raises(DataError, match="mix integer labels") as exc:
        load_seed_files(xs, ys)
    assert "y_int.npy" in str(exc.value) and "y_str.npy" in str(exc.value)


def test_per_frame_labels_reduce_to_their_mode(tmp_path: Path) -> None:
    x = save(tmp_path, "x.npy", trial(t=5))
    y = save(tmp_path, "y.npy", np.array(["rest", "arriba", "arriba", "arriba", "rest"]))
    ts = load_seed_files([x], [y])
    assert ts.y is not None and ts.y.tolist() == ["arriba"]
    assert read_labels_file(save(tmp_path, "one.npy", np.array([3])), 1, True).tolist() == [3]


def test_per_frame_labels_of_a_stack_reduce_per_trial(tmp_path: Path) -> None:
    x = save(tmp_path, "x.npy", np.stack([trial(t=4), trial(t=4)]))
    y = save(tmp_path, "y.npy", np.array([[0, 1, 1, 1], [2, 2, 2, 0]]))
    ts = load_seed_files([x], [y])
    assert ts.y is not None and ts.y.tolist() == [1, 2]


def test_scalar_label_applies_to_every_trial_of_a_stack(tmp_path: Path) -> None:
    x = save(tmp_path, "x.npy", np.stack([trial(), trial(), trial()]))
    ts = load_seed_files([x], [save(tmp_path, "y.npy", np.str_("Target"))])
    assert ts.y is not None and ts.y.tolist() == ["Target"] * 3


# -- writing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "labels", [[0, 1, 1, 0, 2], ["NonTarget", "Target", "T", "NonTarget", "x"]]
)
@pytest.mark.parametrize("layout", ["per_trial", "stack"])
def test_write_seed_files_round_trip(tmp_path: Path, layout: str, labels: list[object]) -> None:
    rng = np.random.default_rng(1)
    original = TrialSet.from_array(rng.standard_normal((5, 3, 12)).astype(np.float32), labels)
    xs, ys = write_seed_files(original, tmp_path / "out", layout=layout, prefix="s")  # type: ignore[arg-type]
    assert len(xs) == len(ys) == (5 if layout == "per_trial" else 1)
    assert np.load(xs[0], allow_pickle=False).shape == (
        (12, 3) if layout == "per_trial" else (5, 12, 3)
    )
    back = load_seed_files(xs, ys)
    np.testing.assert_array_equal(back.X, original.X)
    assert back.y is not None and original.y is not None
    assert back.y.tolist() == original.y.tolist()
    assert back.y.dtype.kind == original.y.dtype.kind


def test_write_unlabelled_and_ragged(tmp_path: Path) -> None:
    ragged = TrialSet(trials=[np.ones((2, 5), np.float32), np.ones((2, 7), np.float32)])
    xs, ys = write_seed_files(ragged, tmp_path)
    assert ys == []
    assert load_seed_files(xs).lengths.tolist() == [5, 7]
    with pytest.raises(DataError, match="differ in length"):
        write_seed_files(ragged, tmp_path, layout="stack")


def test_many_small_files_load_fast(tmp_path: Path) -> None:
    # Seed data sets often hold thousands of single-trial files of shape (T, F) = (64, 8).
    n = 500
    rng = np.random.default_rng(0)
    ts = TrialSet.from_array(
        rng.standard_normal((n, 8, 64)).astype(np.float32), rng.integers(0, 2, n)
    )
    xs, ys = write_seed_files(ts, tmp_path)
    start = time.perf_counter()
    back = load_seed_files(xs, ys)
    elapsed = time.perf_counter() - start
    np.testing.assert_array_equal(back.X, ts.X)
    # ~5000 X+label pairs/s here; 500/s would make a 10,000-file data set take 20 s.
    assert elapsed < 1.0, f"{n / elapsed:.0f} files/s"
