"""Hostile and malformed ``.npy`` data files that tests/data does not already cover.

Each case: a clear :class:`~bcigui.errors.DataFileError` naming the file (or the file is read
correctly), no code run, no unbounded memory or time. The cases already in
tests/data/test_npy_io.py (pickled objects, truncation, big-endian, float16, Fortran order...)
are listed in tests/reliability/cases.py and run from there.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pytest

from bcigui.data import MissingDataFileError, load_seed_files, npy_file, read_npy
from bcigui.errors import DataFileError

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file-system behaviour")


def npy_header(path: Path, header: dict[str, object], data: bytes = b"") -> Path:
    """A ``.npy`` file with a hand-written header (no array behind it needs to exist)."""
    with open(path, "wb") as handle:
        np.lib.format.write_array_header_1_0(handle, header)
        handle.write(data)
    return path


def refused(path: Path, match: str, **kwargs: object) -> DataFileError:
    with pytest.raises(DataFileError, match=match) as info:
        read_npy(path, **kwargs)  # type: ignore[arg-type]
    assert str(path) in str(info.value)
    return info.value


@pytest.mark.parametrize(
    "shape", [(10**12, 10**6, 64), (2**62, 2**62)], ids=["petabytes", "overflowing"]
)
def test_header_claiming_a_huge_shape_is_refused_before_reading(tmp_path, shape):
    path = npy_header(
        tmp_path / "huge.npy", {"descr": "<f4", "fortran_order": False, "shape": shape}, bytes(64)
    )
    started = time.perf_counter()
    refused(path, r"is truncated: header promises \d+ bytes of data, file has (64|0)")
    assert time.perf_counter() - started < 1.0  # nothing was allocated


def test_header_length_field_claiming_4_gb(tmp_path):
    path = tmp_path / "hdr.npy"
    path.write_bytes(b"\x93NUMPY\x02\x00" + (0xFFFFFFFF).to_bytes(4, "little") + b"{'descr'")
    refused(path, r"damaged \.npy header")


def test_header_with_absurd_string_itemsize(tmp_path):
    path = npy_header(
        tmp_path / "labels.npy",
        {"descr": "<U1000000000", "fortran_order": False, "shape": (10**9,)},
    )
    refused(path, r"damaged \.npy header|truncated", allow_strings=True)


def test_npz_archive_renamed_to_npy(tmp_path):
    archive = tmp_path / "data.npz"
    np.savez(archive, x=np.zeros((4, 3)))
    path = archive.rename(tmp_path / "data.npy")
    refused(path, r"not a NumPy \.npy file \(bad magic string\)")


@posix_only
def test_symlink_loop(tmp_path):
    (tmp_path / "a.npy").symlink_to(tmp_path / "b.npy")
    (tmp_path / "b.npy").symlink_to(tmp_path / "a.npy")
    with pytest.raises(DataFileError, match="cannot be read: Too many levels of symbolic links"):
        load_seed_files([tmp_path / "a.npy"], [tmp_path / "b.npy"])


@posix_only
def test_dangling_symlink_is_a_missing_file(tmp_path):
    link = tmp_path / "gone.npy"
    link.symlink_to(tmp_path / "nowhere.npy")
    with pytest.raises(MissingDataFileError, match=r"gone\.npy: does not exist"):
        read_npy(link)


@posix_only
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_symlink_to_an_endless_device_is_not_read(tmp_path):
    link = tmp_path / "endless.npy"
    link.symlink_to("/dev/zero")
    refused(link, r"not a regular file \(a pipe, socket or device\)")


def test_file_vanishing_between_listing_and_reading(tmp_path, monkeypatch):
    x = tmp_path / "trial.npy"
    np.save(x, np.zeros((20, 4), dtype=np.float32))
    y = tmp_path / "label.npy"
    np.save(y, np.array(1))
    real_open = npy_file._open_binary

    def vanish_then_open(path: Path):
        os.unlink(path)  # another program removes the file after it was listed and measured
        return real_open(path)

    monkeypatch.setattr(npy_file, "_open_binary", vanish_then_open)
    with pytest.raises(MissingDataFileError, match=r"trial\.npy: disappeared before it could"):
        load_seed_files([x], [y])


def test_file_shrinking_while_being_read(tmp_path, monkeypatch):
    path = tmp_path / "growing.npy"
    np.save(path, np.zeros((500, 3), dtype=np.float32))
    real_open = npy_file._open_binary

    def shrink_then_open(p: Path):
        os.truncate(p, 200)  # a writer rewrites the file between stat() and read()
        return real_open(p)

    monkeypatch.setattr(npy_file, "_open_binary", shrink_then_open)
    refused(path, r"is truncated: header promises 1500 values, only \d+ could be read")


@pytest.mark.parametrize(
    "name", ["sujeto_ñandú_01.npy", "受试者_脑电_01.npy", "trial_😀.npy", "Ελληνικά κενό.npy"]
)
def test_non_ascii_file_names_load_and_are_named_in_errors(tmp_path, name):
    good = tmp_path / name
    np.save(good, np.ones((20, 4), dtype=np.float32))
    labels = tmp_path / f"y_{name}"
    np.save(labels, np.array("Target"))
    trials = load_seed_files([good], [labels])
    assert trials.y.tolist() == ["Target"] and trials.sources[0].file == str(good)
    bad = tmp_path / f"nan_{name}"
    np.save(bad, np.full((20, 4), np.nan, dtype=np.float32))
    with pytest.raises(DataFileError, match="NaN") as info:
        load_seed_files([bad], [labels])
    assert bad.name in str(info.value)


@posix_only
def test_undecodable_bytes_in_a_file_name(tmp_path):
    name = os.fsdecode(b"trial_\xff\xfe.npy")  # not UTF-8: Python keeps it as surrogates
    path = tmp_path / name
    np.save(path, np.ones((20, 4), dtype=np.float32))
    assert read_npy(path).shape == (20, 4)
    path.write_bytes(b"junk")
    error = refused(path, "bad magic string")
    str(error).encode("utf-8", "surrogateescape")  # the message can be shown and logged


def test_longest_allowed_file_name_loads(tmp_path):
    path = tmp_path / ("x" * 251 + ".npy")  # 255 bytes: the usual limit of a name
    np.save(path, np.ones((20, 4), dtype=np.float32))
    assert read_npy(path).shape == (20, 4)


def test_too_long_file_name_and_path(tmp_path):
    long_name = tmp_path / ("x" * 300 + ".npy")
    refused(long_name, r"cannot be read: File name too long|does not exist")
    deep = tmp_path.joinpath(*(["d" * 200] * 25), "t.npy")  # over PATH_MAX (4096)
    with pytest.raises(DataFileError) as info:
        load_seed_files([deep])
    assert str(deep) in str(info.value)


def test_unicode_label_bytes_that_are_not_utf8(tmp_path):
    x = tmp_path / "trial.npy"
    np.save(x, np.ones((20, 4), dtype=np.float32))
    y = tmp_path / "label.npy"
    np.save(y, np.array([b"\xff\xfeTarget"]))
    with pytest.raises(DataFileError, match="not UTF-8") as info:
        load_seed_files([x], [y])
    assert str(y) in str(info.value)


def test_label_file_that_is_a_huge_per_frame_tie(tmp_path):
    x = tmp_path / "trial.npy"
    np.save(x, np.ones((100_000, 2), dtype=np.float32))
    y = tmp_path / "frames.npy"
    np.save(y, np.tile(np.array(["a", "b", "c", "d"]), 25_000))
    with pytest.raises(DataFileError, match=r"ambiguous.*25000 of 100000 frames") as info:
        load_seed_files([x], [y])
    assert str(y) in str(info.value)


def test_whole_float_labels_beyond_int64_are_refused_not_wrapped(tmp_path):
    """1e20 and 2e20 once both became -2**63 in int64: two classes silently merged."""
    x = tmp_path / "stack.npy"
    np.save(x, np.ones((2, 20, 4), dtype=np.float32))
    y = tmp_path / "labels.npy"
    np.save(y, np.array([1e20, 2e20]))
    with pytest.raises(DataFileError, match="too large for int64") as info:
        load_seed_files([x], [y])
    assert str(y) in str(info.value)
