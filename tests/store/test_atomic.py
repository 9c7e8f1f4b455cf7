"""Atomic writes: a failed write leaves the old file intact and no temporary file behind."""

from __future__ import annotations

import errno
import os
import pathlib
import re

import pytest

from bcigui.modelfile import atomic
from bcigui.modelfile.atomic import atomic_write_bytes
from bcigui.modelfile.model_file import read_manifest, write_model_file


def test_atomic_write_creates_parents_and_replaces(tmp_path):
    path = tmp_path / "a" / "b" / "file.bin"
    atomic_write_bytes(path, b"one")
    atomic_write_bytes(path, [b"t", b"wo"])
    assert path.read_bytes() == b"two"
    assert os.listdir(path.parent) == ["file.bin"]


def test_atomic_write_failing_generator_keeps_old_file(tmp_path):
    path = tmp_path / "file.bin"
    path.write_bytes(b"old")

    def chunks():
        yield b"new part"
        raise RuntimeError("producer died")

    with pytest.raises(RuntimeError, match="producer died"):
        atomic_write_bytes(path, chunks())
    assert path.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["file.bin"]


@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_atomic_write_disk_full_names_the_file(tmp_path, monkeypatch, step):
    path = tmp_path / "file.bin"
    path.write_bytes(b"old")

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, step, disk_full)
    with pytest.raises(OSError, match="No space left") as info:
        atomic_write_bytes(path, b"new" * 1000)
    assert info.value.errno == errno.ENOSPC
    assert str(path) in str(info.value)
    assert path.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["file.bin"]


def test_atomic_write_no_overwrite_is_exclusive(tmp_path, monkeypatch):
    path = tmp_path / "file.bin"
    atomic_write_bytes(path, b"first", overwrite=False)
    with pytest.raises(FileExistsError) as info:
        atomic_write_bytes(path, b"second", overwrite=False)
    assert str(path) in str(info.value)
    # A concurrent writer creating the file between the check and the link still loses.
    real_link = os.link

    def racing_link(src, dst):
        pathlib.Path(dst).write_bytes(b"racer") if not pathlib.Path(dst).exists() else None
        return real_link(src, dst)

    other = tmp_path / "other.bin"
    monkeypatch.setattr(atomic.os, "link", racing_link)
    with pytest.raises(FileExistsError):
        atomic_write_bytes(other, b"mine", overwrite=False)
    assert other.read_bytes() == b"racer"
    assert path.read_bytes() == b"first"
    assert sorted(os.listdir(tmp_path)) == ["file.bin", "other.bin"]


def test_atomic_write_without_hard_links(tmp_path, monkeypatch):
    def no_links(src, dst):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(atomic.os, "link", no_links)
    path = tmp_path / "file.bin"
    atomic_write_bytes(path, b"first", overwrite=False)
    with pytest.raises(FileExistsError):
        atomic_write_bytes(path, b"second", overwrite=False)
    assert path.read_bytes() == b"first"
    assert os.listdir(tmp_path) == ["file.bin"]


def test_failed_model_write_keeps_old_model(tmp_path, monkeypatch):
    path = tmp_path / "m.bcimodel"
    first = write_model_file(path, {"model_type": "SVM"}, b"old", "model.skops")

    def crash(*args, **kwargs):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(atomic.os, "replace", crash)
    with pytest.raises(OSError, match=re.escape(str(path))):
        write_model_file(path, {"model_type": "SVM"}, b"new", "model.skops", overwrite=True)
    assert read_manifest(path)["uuid"] == first["uuid"]
    assert os.listdir(tmp_path) == ["m.bcimodel"]
