"""Shared fixtures: an isolated model store per test, synthetic data files, real-data paths."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("BCIGUI_SHARED_DATA", REPO.parent / "shared" / "data"))


@pytest.fixture(autouse=True)
def isolated_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own default model store, so nothing is written into ``models/``."""
    from bcigui.modelfile import paths

    store = tmp_path / "store"
    monkeypatch.setenv(paths.STORE_ENV_VAR, str(store))
    paths.set_default_store_dir(store)
    yield store
    paths.set_default_store_dir(None)


@pytest.fixture(scope="session")
def p300_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """Synthetic P300 demo set as seed ``.npy`` files (xTrain, yTrain, xTest, yTest)."""
    from bcigui.data.synthetic import write_demo_dataset

    folder = tmp_path_factory.mktemp("p300")
    return write_demo_dataset("p300", folder, random_state=0)


@pytest.fixture(scope="session")
def inner_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """Synthetic inner-speech demo set (4 classes) as seed ``.npy`` files."""
    from bcigui.data.synthetic import write_demo_dataset

    folder = tmp_path_factory.mktemp("inner")
    return write_demo_dataset("inner", folder, random_state=0)


def shared_data(*parts: str) -> Path:
    """A path under ``../shared/data``; skips the test when it is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real EEG data not found at {path} (CI has ../shared/data)")
    return path


@pytest.fixture
def toy_classifier() -> Iterator[type]:
    """``ToyNB`` (tests/classifiers/toy_classifier.py), registered for one test, then forgotten."""
    import importlib
    import sys

    from bcigui.classifiers.registry import unregister

    name = "tests.classifiers.toy_classifier"
    sys.modules.pop(name, None)  # importing the module is its registration
    module = importlib.import_module(name)
    try:
        yield module.ToyNB
    finally:
        unregister(module.ToyNB.model_type)
        sys.modules.pop(name, None)
