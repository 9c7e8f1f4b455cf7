"""The installer bundle (packaging/): build it, then run it the way a lab PC would.

The module fixture runs ``packaging/build_bundle.py --if-stale``: a bundle in ``dist/bcigui``
built from the same inputs is reused, otherwise (a clean checkout, as in CI) it is built, which
takes about 3 minutes here. Each bundle process gets its own HOME and XDG folders, so the
bundle's default store and settings are checked to land in that user's data folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.bundle, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[1]
BUILD_TIMEOUT_S = 1200
RUN_TIMEOUT_S = 300


@pytest.fixture(scope="module")
def bundle() -> Path:
    """The bundled executable, built (or reused when up to date) by the build script."""
    proc = subprocess.run(
        [sys.executable, str(REPO / "packaging" / "build_bundle.py"), "--if-stale"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
        check=False,
    )
    assert proc.returncode == 0, f"bundle build failed:\n{proc.stderr[-4000:]}"
    info = json.loads(proc.stdout)
    exe = Path(info["executable"])
    assert exe.is_file() and os.access(exe, os.X_OK)
    return exe


def _user_env(home: Path, **extra: str) -> dict[str, str]:
    """A fresh user: HOME and XDG folders under ``home``, no store override."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BCIGUI_", "XDG_"))}
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_CACHE_HOME=str(home / ".cache"),
        TF_CPP_MIN_LOG_LEVEL="2",
        QT_QPA_PLATFORM="offscreen",
        **extra,
    )
    home.mkdir(parents=True, exist_ok=True)
    return env


def _run(cmd: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cmd, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT_S, check=False
    )


def _files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


def _same_predictions(got: dict, expected: dict) -> None:
    import numpy as np

    assert sorted(got) == sorted(expected)
    for name, want in expected.items():
        assert got[name]["predicted"] == want["predicted"], name
        np.testing.assert_allclose(got[name]["proba"], want["proba"], rtol=1e-6, atol=1e-9)


@pytest.fixture(scope="module")
def kept_self_test(bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """One self-test that keeps its models (``--store``), on Xvfb's X11 screen when available.

    Returns the log and the store (an SVM and an LSTMNet saved by the bundle).
    """
    folder = tmp_path_factory.mktemp("kept")
    store = folder / "store"
    env = _user_env(folder / "home")
    cmd = [str(bundle), "--self-test", "--store", str(store)]
    if shutil.which("xvfb-run") is not None:
        env.pop("QT_QPA_PLATFORM")  # the real X11 (xcb) platform plugin on a virtual screen
        cmd = ["xvfb-run", "-a", *cmd]
    proc = _run(cmd, env)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log[-6000:]
    return log, store


def test_self_test_offscreen_trains_svm_and_lstm(bundle: Path, tmp_path: Path) -> None:
    """Under a Spanish locale: the bundle carries the translations and starts in Spanish."""
    before = _files_under(bundle.parent)
    home = tmp_path / "home"
    env = _user_env(home, LANG="es_ES.UTF-8", LC_ALL="es_ES.UTF-8", LANGUAGE="es")
    proc = _run([str(bundle), "--self-test"], env)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log[-6000:]
    assert "self-test: window in language es (bcigui — clasificadores de EEG)" in log
    assert "language es (bcigui_es.qm, qtbase_es.qm)" in log
    assert "self-test passed" in log
    assert "SVM trained" in log and "LSTMNet trained" in log
    assert log.count("reloads and predicts identically") == 2
    assert log.count("inference tab matches the API") == 2
    assert "self-test: live session spelled 'BC' over LSL" in log  # liblsl inside the bundle
    assert _files_under(bundle.parent) == before  # nothing written inside the bundle
    assert not list(home.rglob("*.bcimodel"))  # the self-test used a temporary store


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="xvfb-run not installed")
def test_self_test_under_xvfb(kept_self_test: tuple[str, Path]) -> None:
    log, _store = kept_self_test
    assert "self-test passed" in log
    assert "LSTMNet trained" in log


def test_store_and_settings_live_in_the_user_data_folder(bundle: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    proc = _run([str(bundle), "--check-bundle"], _user_env(home))
    assert proc.returncode == 0, proc.stderr[-6000:]
    report = json.loads(proc.stdout)
    assert report["ok"], report["checks"]
    facts = report["facts"]
    assert facts["frozen"] is True
    # a study in worker processes of the frozen app and in an embedded Dask cluster
    assert report["checks"]["study"] == "ok"
    assert facts["study_local_rows"] == facts["study_dask_rows"] == 2
    data = home / ".local" / "share"
    assert Path(facts["store"]) == data / "bcigui" / "models"
    assert Path(facts["app_data"]).is_relative_to(data)
    assert Path(facts["settings_folder"]) == home / ".config"
    from bcigui.modelfile.versions import library_versions

    assert facts["versions"] == library_versions()  # same libraries as this source install


def test_stores_move_between_source_install_and_bundle(
    bundle: Path, kept_self_test: tuple[str, Path], tmp_path: Path
) -> None:
    """A model saved from source loads in the bundle and predicts the same, and vice versa."""
    from bcigui import SVM
    from bcigui.data.synthetic import write_demo_dataset

    sys.path.insert(0, str(REPO / "packaging"))
    from bundle_check import predict_store

    source_store = tmp_path / "from_source"
    files = write_demo_dataset("p300", tmp_path / "demo", random_state=1)
    SVM(input_adapter={"decimate": 4}).fit(
        files["xTest"],
        files["yTest"],
        files["xTrain"],
        files["yTrain"],
        model_label="source",
        store_dir=source_store,
    )
    env = _user_env(tmp_path / "home")
    proc = _run([str(bundle), "--check-bundle", "--store", str(source_store)], env)
    assert proc.returncode == 0, proc.stderr[-6000:]
    _same_predictions(json.loads(proc.stdout)["facts"]["predictions"], predict_store(source_store))

    _log, bundle_store = kept_self_test  # an SVM and an LSTMNet saved by the bundle
    from_bundle = json.loads(
        _run([str(bundle), "--check-bundle", "--store", str(bundle_store)], env).stdout
    )["facts"]["predictions"]
    assert {Path(name).name.split("_")[0] for name in from_bundle} == {"svm", "lstm"}
    _same_predictions(predict_store(bundle_store), from_bundle)
