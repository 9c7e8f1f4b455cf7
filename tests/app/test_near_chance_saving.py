"""Training a near-chance model: saved only when asked to, verdict in the manifest and index."""

from __future__ import annotations

from pathlib import Path

from bcigui.app.cv_training import fit_with_cross_validation
from bcigui.app.fitting import save_trained, train_and_save
from bcigui.classifiers.config import InputAdapter
from bcigui.classifiers.loading import load_model
from bcigui.classifiers.svm import SVM
from bcigui.data.synthetic import make_p300
from bcigui.store.manager import ModelManager
from tests.chance_data import noise_trialset


def _chance_svm() -> SVM:
    return SVM(class_weight=None, input_adapter=InputAdapter(decimate=4))


def test_a_near_chance_model_is_kept_back_then_saved_on_request(tmp_path: Path) -> None:
    store = tmp_path / "models"
    model = _chance_svm()
    result = train_and_save(
        model, noise_trialset(60, 0), noise_trialset(40, 1), label="noise", store_dir=store,
        save_near_chance=False,
    )  # fmt: skip
    verdict = result.near_chance
    assert verdict is not None and verdict.single_class == "NonTarget"
    assert result.saved_path is None and not store.exists()
    path = save_trained(model, "noise", store)
    assert path.parent == store / "noise"
    manifest_metrics = load_model(path).training_info_["metrics"]
    assert manifest_metrics["near_chance"]["single_class"] == "NonTarget"
    (record,) = ModelManager(store).list()
    assert record.near_chance is not None
    assert "every trial was predicted as 'NonTarget'" in record.near_chance


def test_by_default_a_near_chance_model_is_saved_with_its_verdict(tmp_path: Path) -> None:
    result = train_and_save(
        _chance_svm(), noise_trialset(60, 0), noise_trialset(40, 1), label="noise",
        store_dir=tmp_path,
    )  # fmt: skip
    assert result.near_chance is not None and result.saved_path is not None


def test_a_good_model_is_saved_and_unflagged(tmp_path: Path) -> None:
    result = train_and_save(
        SVM(input_adapter=InputAdapter(decimate=4)), make_p300(n_trials=120, random_state=0),
        make_p300(n_trials=60, random_state=1), label="p300", store_dir=tmp_path,
        save_near_chance=False,
    )  # fmt: skip
    assert result.near_chance is None and result.saved_path is not None
    (record,) = ModelManager(tmp_path).list()
    assert record.near_chance is None


def test_cross_validated_verdict_is_in_the_manifest_and_index(tmp_path: Path) -> None:
    model = _chance_svm()
    result = fit_with_cross_validation(
        model, noise_trialset(80, 2), n_splits=4, model_label="noise", store_dir=tmp_path,
        save=False,
    )  # fmt: skip
    assert result.near_chance is not None and result.saved_path is None
    assert not tmp_path.joinpath("noise").exists()
    path = save_trained(model, "noise", tmp_path)
    saved = load_model(path).training_info_
    assert saved["metrics"] is None
    assert saved["cross_validation"]["near_chance"]["single_class"] == "NonTarget"
    (record,) = ModelManager(tmp_path).list()
    assert record.near_chance is not None and "Near chance" in record.near_chance
