"""What the installer bundle must hold beyond the self-test: readers, pipelines, metadata, paths.

``bcigui --self-test`` proves the window, TensorFlow, scikit-learn and the store work in the
bundle. These checks cover the rest of what PyInstaller can silently leave out: MNE's lazily
loaded readers and data files, pyRiemann, the package metadata that model files record, the
resources folder, and where the bundle keeps its store and settings (the user's data folder,
never inside the bundle).

Run it in the bundle with ``dist/bcigui/bcigui --check-bundle`` (the runtime hook
``main.py`` routes that option here before the app starts, in the bundle only) or from a
source checkout with ``python packaging/bundle_check.py``. It writes one JSON object on stdout,
``{"ok": bool, "checks": {name: "ok" | error}, "facts": {...}}``, and exits 0 when every check
passed. ``--store DIR`` also loads every model in DIR and records its predictions on the demo
test set, so a test can compare them with a source install's (stores move both ways).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger("bcigui.bundle_check")

#: Libraries whose version every model file records; "not installed" in the bundle would make
#: each model look as if it came from other library versions.
RECORDED_LIBRARIES = ("numpy", "scikit-learn", "tensorflow", "keras", "skops", "pydantic")

#: MNE readers the app offers (issue 5); resolving each one imports its lazily loaded module.
MNE_READERS = (
    "read_raw_fif",
    "read_raw_edf",
    "read_raw_bdf",
    "read_raw_gdf",
    "read_raw_brainvision",
    "read_raw_eeglab",
)


def bundle_root() -> Path | None:
    """The bundle's data folder (``sys._MEIPASS``) when frozen, else None."""
    root = getattr(sys, "_MEIPASS", None)
    return Path(root).resolve() if getattr(sys, "frozen", False) and root else None


def _inside(path: Path, folder: Path | None) -> bool:
    if folder is None:
        return False
    try:
        path.resolve().relative_to(folder)
    except ValueError:
        return False
    return True


def check_versions(facts: dict[str, Any]) -> None:
    """Every library a model file records has its metadata (version) in the bundle."""
    from bcigui.modelfile.versions import NOT_INSTALLED, library_versions

    versions = library_versions()
    facts["versions"] = versions
    missing = [name for name in RECORDED_LIBRARIES if versions.get(name) == NOT_INSTALLED]
    if missing:
        raise AssertionError(f"no package metadata for {', '.join(missing)}")


def check_resources(facts: dict[str, Any]) -> None:
    """The icon the window loads is where ``bcigui.gui.main_window`` looks for it."""
    from bcigui.gui.main_window import RESOURCES

    icon = RESOURCES / "icons" / "bcigui.svg"
    facts["resources"] = str(RESOURCES)
    if not icon.is_file():
        raise AssertionError(f"{icon} is missing")


def check_presets(facts: dict[str, Any]) -> None:
    """The built-in paradigm presets (JSON data files) are in the bundle and valid."""
    from bcigui.data.presets import builtin_presets

    names = sorted(builtin_presets())
    facts["presets"] = names
    if "p300-oddball" not in names:
        raise AssertionError(f"built-in presets missing: found {names}")


def check_user_folders(facts: dict[str, Any]) -> None:
    """The default model store and the app-data folder are outside the bundle."""
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    from bcigui.gui.settings import APPLICATION, ORGANIZATION
    from bcigui.modelfile.paths import default_store_dir

    app = QCoreApplication.instance() or QCoreApplication([sys.argv[0]])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    store = default_store_dir()
    where = QStandardPaths.StandardLocation
    data = Path(QStandardPaths.writableLocation(where.AppDataLocation))
    settings = QStandardPaths.writableLocation(where.GenericConfigLocation)
    facts.update(store=str(store), app_data=str(data), settings_folder=settings)
    root = bundle_root()
    for what, path in (("model store", store), ("app data", data), ("settings", Path(settings))):
        if _inside(path, root):
            raise AssertionError(f"the {what} folder {path} is inside the bundle {root}")


def check_mne(facts: dict[str, Any]) -> None:
    """MNE writes and reads back a small .fif recording, epochs it and finds every reader."""
    import mne
    import numpy as np

    mne.set_log_level("WARNING")
    facts["mne"] = mne.__version__
    missing = [name for name in MNE_READERS if not callable(getattr(mne.io, name, None))]
    if missing:
        raise AssertionError(f"mne.io lacks {', '.join(missing)}")
    info = mne.create_info(["Fz", "Cz", "Pz", "STI 014"], 128.0, ["eeg", "eeg", "eeg", "stim"])
    data = np.random.default_rng(0).standard_normal((4, 1280)) * 1e-5
    data[3] = 0.0
    data[3, [128, 384, 640, 896]] = [1, 2, 1, 2]
    with tempfile.TemporaryDirectory(prefix="bcigui-check-") as tmp:
        path = Path(tmp) / "check_raw.fif"
        mne.io.RawArray(data, info).save(path)
        raw = mne.io.read_raw_fif(path, preload=True)
    raw.filter(1.0, 30.0, picks="eeg")
    events = mne.find_events(raw, stim_channel="STI 014")
    epochs = mne.Epochs(raw, events, {"a": 1, "b": 2}, tmin=0.0, tmax=0.5, baseline=None)
    shape = epochs.get_data(picks="eeg").shape
    if shape != (4, 3, 65):
        raise AssertionError(f"epochs of shape {shape}, expected (4, 3, 65)")


def check_pyriemann(facts: dict[str, Any]) -> None:
    """An xDAWN covariance + tangent space + logistic regression pipeline fits and predicts."""
    import numpy as np
    import pyriemann
    from pyriemann.estimation import XdawnCovariances
    from pyriemann.tangentspace import TangentSpace
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    facts["pyriemann"] = pyriemann.__version__
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 4, 64))
    y = np.repeat([0, 1], 20)
    X[y == 1, :, 20:30] += 1.0
    pipeline = make_pipeline(XdawnCovariances(nfilter=2), TangentSpace(), LogisticRegression())
    accuracy = pipeline.fit(X, y).score(X, y)
    if accuracy < 0.9:
        raise AssertionError(f"training accuracy {accuracy:.2f} on separable data")


def predict_store(store: Path) -> dict[str, dict[str, list[Any]]]:
    """Load every model of ``store`` and predict the synthetic P300 demo test set.

    Returns ``{path relative to the store: {"predicted": [...], "proba": [[...], ...]}}``,
    so that a source install and the bundle can compare what they make of the same files.
    """
    import numpy as np

    from bcigui.classifiers.base import BaseClassifier
    from bcigui.data import load_seed_files
    from bcigui.data.synthetic import write_demo_dataset

    with tempfile.TemporaryDirectory(prefix="bcigui-check-") as tmp:
        files = write_demo_dataset("p300", tmp, random_state=0)
        trials = load_seed_files(files["xTest"], files["yTest"], role="query")
    out: dict[str, dict[str, list[Any]]] = {}
    for path in sorted(store.rglob("*.bcimodel")):
        predicted, proba = BaseClassifier.load(path).predict_trials(trials)
        out[path.relative_to(store).as_posix()] = {
            "predicted": [str(p) for p in predicted],
            "proba": np.asarray(proba, dtype=float).tolist(),
        }
    if not out:
        raise AssertionError(f"no .bcimodel file under {store}")
    return out


def check_study(facts: dict[str, Any]) -> None:
    """A tiny study runs in two worker processes started by the frozen app (multiprocessing
    spawn inside the bundle) and in an embedded Dask LocalCluster, with the same scores."""
    from bcigui.app.study import run_study
    from bcigui.data.npy_io import write_seed_files
    from bcigui.data.synthetic import make_p300
    from bcigui.study.executors import ExecutorSettings
    from bcigui.study.spec import load_spec

    with tempfile.TemporaryDirectory(prefix="bcigui-check-study-") as tmp_name:
        tmp = Path(tmp_name)
        tables = []
        for group in range(2):
            trials = make_p300(n_trials=40, sfreq=64.0, target_ratio=0.3, random_state=group)
            x, y = write_seed_files(trials, tmp / f"s{group}", layout="stack")
            tables.append(
                f'[[data.trials]]\nx = ["{x[0].as_posix()}"]\ny = ["{y[0].as_posix()}"]\n'
                f'group = "s{group}"\n'
            )
        spec_file = tmp / "check.toml"
        spec_file.write_text(
            '[cv]\nscheme = "grouped"\n\n[[pipeline]]\nmodel = "ShrinkageLDA"\n\n'
            + "\n".join(tables),
            encoding="utf-8",
        )
        scores = {}
        for kind in ("local", "dask"):
            outcome = run_study(
                load_spec(spec_file),
                executor=ExecutorSettings(kind=kind, n_workers=2),  # type: ignore[arg-type]
                out_dir=tmp / f"out-{kind}",
                store_dir=None,
                label=None,
            )
            scores[kind] = sorted(
                (row.group, row.fold, row.scores.get("roc_auc"), row.error) for row in outcome.rows
            )
            facts[f"study_{kind}_rows"] = len(outcome.rows)
        if not scores["local"] or scores["local"] != scores["dask"]:
            raise AssertionError(f"local and Dask study rows differ: {scores}")


CHECKS: dict[str, Callable[[dict[str, Any]], None]] = {
    "versions": check_versions,
    "resources": check_resources,
    "presets": check_presets,
    "user_folders": check_user_folders,
    "mne": check_mne,
    "pyriemann": check_pyriemann,
    "study": check_study,
}


def run_checks(store: Path | None = None) -> dict[str, Any]:
    """Run every check; the report says which passed and what each one found.

    Parameters
    ----------
    store : Path, optional
        Also load every model of this store and predict the demo test set with it
        (``facts["predictions"]``, see :func:`predict_store`).
    """
    facts: dict[str, Any] = {"frozen": bool(getattr(sys, "frozen", False))}
    root = bundle_root()
    facts["bundle"] = str(root) if root else None
    checks = dict(CHECKS)
    if store is not None:
        checks["store"] = lambda f: f.update(predictions=predict_store(store))
    results: dict[str, str] = {}
    for name, check in checks.items():
        try:
            check(facts)
        except Exception as exc:
            log.error("check %s failed:\n%s", name, traceback.format_exc())
            results[name] = f"{type(exc).__name__}: {exc}"
        else:
            log.info("check %s: ok", name)
            results[name] = "ok"
    return {"ok": all(v == "ok" for v in results.values()), "checks": results, "facts": facts}


def main(argv: list[str] | None = None) -> int:
    """Run the checks, write the JSON report to stdout; 0 when all passed."""
    parser = argparse.ArgumentParser(prog="bcigui --check-bundle", description=__doc__)
    parser.add_argument("--store", type=Path, help="also load and run every model in STORE")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    report = run_checks(args.store)
    sys.stdout.write(json.dumps(report, indent=1, default=str) + "\n")
    sys.stdout.flush()
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
