"""Store location, model file names and name validation."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from bcigui.errors import ConfigError
from bcigui.modelfile import paths, versions
from bcigui.modelfile.atomic import atomic_write_bytes
from bcigui.modelfile.paths import (
    default_store_dir,
    generate_model_path,
    set_default_store_dir,
    validate_name,
    write_fresh_model_file,
)
from bcigui.modelfile.versions import library_versions, version_differences

NAME_RE = re.compile(r"(?P<type>[A-Za-z]+)_(?P<stamp>\d{8}_\d{6}_\d{6})(?:_(?P<n>\d+))?\.bcimodel")


@pytest.fixture(autouse=True)
def _no_override():
    set_default_store_dir(None)
    yield
    set_default_store_dir(None)


def test_env_var_wins_over_checkout(monkeypatch, tmp_path):
    monkeypatch.setenv("BCIGUI_STORE", str(tmp_path / "store"))
    assert default_store_dir() == tmp_path / "store"


def test_override_wins_and_resets(monkeypatch, tmp_path):
    monkeypatch.setenv("BCIGUI_STORE", str(tmp_path / "env"))
    set_default_store_dir(tmp_path / "chosen")
    assert default_store_dir() == tmp_path / "chosen"
    set_default_store_dir(None)
    assert default_store_dir() == tmp_path / "env"


def test_source_checkout_uses_repository_models(monkeypatch):
    monkeypatch.delenv("BCIGUI_STORE", raising=False)
    repo = Path(paths.__file__).resolve().parents[2]
    assert (repo / "pyproject.toml").is_file()
    assert default_store_dir() == repo / "models"


@pytest.mark.parametrize(
    ("platform", "env", "expected"),
    [
        ("linux", {"XDG_DATA_HOME": "/xdg"}, Path("/xdg/bcigui/models")),
        ("linux", {}, Path.home() / ".local/share/bcigui/models"),
        ("win32", {"APPDATA": "/appdata"}, Path("/appdata/bcigui/models")),
        ("darwin", {}, Path.home() / "Library/Application Support/bcigui/models"),
    ],
)
def test_installed_uses_per_user_folder(monkeypatch, platform, env, expected):
    monkeypatch.delenv("BCIGUI_STORE", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.delenv("APPDATA", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(paths, "_checkout_models_dir", lambda: None)
    monkeypatch.setattr(sys, "platform", platform)
    assert default_store_dir() == expected


def test_generated_path_layout(tmp_path):
    path = generate_model_path("SVM", "subject-01", tmp_path)
    assert path.parent == tmp_path / "subject-01"
    match = NAME_RE.fullmatch(path.name)
    assert match and match["type"] == "SVM"
    assert not path.exists()


def test_generated_path_uses_default_store(tmp_path):
    set_default_store_dir(tmp_path)
    assert generate_model_path("LSTMNet", "a").parent == tmp_path / "a"


def test_thousand_calls_give_thousand_paths(tmp_path):
    generated = [generate_model_path("SVNN", "fast", tmp_path) for _ in range(1000)]
    assert len(set(generated)) == 1000
    assert all(NAME_RE.fullmatch(p.name) for p in generated)


def test_existing_file_gets_a_suffix(tmp_path, monkeypatch):
    class FrozenClock:
        @staticmethod
        def now():
            from datetime import datetime

            return datetime(2024, 5, 6, 7, 8, 9, 123456)

    monkeypatch.setattr(paths, "datetime", FrozenClock)
    monkeypatch.setattr(paths, "_issued", set())
    taken = tmp_path / "lab" / "SVM_20240506_070809_123456.bcimodel"
    taken.parent.mkdir()
    taken.write_bytes(b"x")
    first = generate_model_path("SVM", "lab", tmp_path)
    second = generate_model_path("SVM", "lab", tmp_path)
    assert first.name == "SVM_20240506_070809_123456_2.bcimodel"
    assert second.name == "SVM_20240506_070809_123456_3.bcimodel"


def test_fresh_model_file_takes_the_next_name_when_another_writer_wins(tmp_path):
    tried: list[Path] = []

    def write_after_a_competitor(path: Path) -> None:
        tried.append(path)
        if len(tried) == 1:  # another process creates the file between naming and writing
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"theirs")
        atomic_write_bytes(path, b"ours", overwrite=False)

    path = write_fresh_model_file(write_after_a_competitor, "SVM", "lab", tmp_path)
    assert path == tried[1] != tried[0] and path.parent == tmp_path / "lab"
    assert NAME_RE.fullmatch(path.name)
    assert path.read_bytes() == b"ours" and tried[0].read_bytes() == b"theirs"


def test_fresh_model_file_tries_the_preferred_name_first(tmp_path):
    def write(path: Path) -> None:
        atomic_write_bytes(path, b"x", overwrite=False)

    wanted = tmp_path / "lab" / "imported.bcimodel"
    assert write_fresh_model_file(write, "SVM", "lab", tmp_path, first=wanted) == wanted
    again = write_fresh_model_file(write, "SVM", "lab", tmp_path, first=wanted)
    assert again != wanted and NAME_RE.fullmatch(again.name)


def test_fresh_model_file_gives_up_naming_the_label(tmp_path):
    def always_taken(path: Path) -> None:
        raise FileExistsError(path)

    with pytest.raises(FileExistsError, match=r"no free file name .*label 'lab' after 3 tries"):
        write_fresh_model_file(always_taken, "SVM", "lab", tmp_path, attempts=3)


def test_custom_extension(tmp_path):
    assert generate_model_path("SVM", "x", tmp_path, ext=".pkl").suffix == ".pkl"
    with pytest.raises(ConfigError):
        generate_model_path("SVM", "x", tmp_path, ext="pkl")
    with pytest.raises(ConfigError):
        generate_model_path("SVM", "x", tmp_path, ext="./../a")


@pytest.mark.parametrize("label", ["subject-01", "S1_run.2", "x" * 64, "A", "0"])
def test_valid_labels(label):
    assert validate_name(label) == label


@pytest.mark.parametrize(
    ("label", "reason"),
    [
        ("", "empty"),
        ("a/b", "separator"),
        ("a\\b", "separator"),
        ("..", "'..'"),
        ("a..b", "'..'"),
        (".hidden", "starts with '.'"),
        ("x" * 65, "65 characters"),
        ("with space", "' '"),
        ("ñandú", "contains"),
        ("a:b", "':'"),
        ("nul\x00", "contains"),
    ],
)
def test_invalid_labels_are_refused(tmp_path, label, reason):
    with pytest.raises(ConfigError, match=re.escape(reason)) as info:
        generate_model_path("SVM", label, tmp_path)
    assert isinstance(info.value, ValueError)
    assert "label" in str(info.value)


@pytest.mark.parametrize("model_type", ["", "../SVM", "S V M", ".SVM"])
def test_invalid_model_types_are_refused(tmp_path, model_type):
    with pytest.raises(ConfigError, match="model type"):
        generate_model_path(model_type, "ok", tmp_path)


def test_non_string_label_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="must be a string"):
        generate_model_path("SVM", 3, tmp_path)  # type: ignore[arg-type]


def test_library_versions_do_not_import_tensorflow():
    versions = library_versions()
    assert set(versions) == {
        "python",
        "numpy",
        "scikit-learn",
        "tensorflow",
        "keras",
        "skops",
        "pydantic",
        "bcigui",
    }
    assert versions["tensorflow"] != "not installed"
    assert all(isinstance(v, str) and v for v in versions.values())


def test_library_versions_are_read_once_and_handed_out_as_copies(monkeypatch):
    first = library_versions()

    def refuse(name: str) -> str:
        raise AssertionError(f"package metadata of {name} was read again")

    monkeypatch.setattr(versions.metadata, "version", refuse)
    first["numpy"] = "changed by a caller"
    second = library_versions()
    assert second is not first and second["numpy"] != "changed by a caller"
    assert second == library_versions() and set(second) == set(first)


def test_version_differences_lists_only_load_relevant_changes():
    saved = {"scikit-learn": "1.8.0", "keras": "3.15.1", "pydantic": "1.0", "python": "3.10"}
    running = {"scikit-learn": "1.9.1", "keras": "3.15.1", "pydantic": "2.0", "python": "3.11"}
    assert version_differences(saved, running) == ["scikit-learn: saved with 1.8.0, running 1.9.1"]
    assert version_differences({"skops": "0.1"}, {}) == [
        "skops: saved with 0.1, running not installed"
    ]
    assert version_differences(library_versions(), library_versions()) == []
