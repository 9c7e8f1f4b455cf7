"""Acceptance: a classifier defined in one module with one registration (the toy in
tests/classifiers/toy_classifier.py) gets the generated form, the seed API, save/load and a
row in the model library, with no edit anywhere else."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel

from bcigui import ModelManager, load_model
from bcigui.classifiers.registry import available_types
from bcigui.gui.library.table_model import COLUMN_KEYS, ModelTableModel
from bcigui.gui.training.config_form import ConfigForm
from bcigui.gui.training.model_panel import ModelPanel


def _label_of(form: ConfigForm, name: str) -> str:
    layout = form._layouts[name]
    row, _ = layout.getWidgetPosition(form.rows[name])
    label = layout.itemAt(row, QFormLayout.ItemRole.LabelRole).widget()
    assert isinstance(label, QLabel)
    return label.text()


def _section_of(form: ConfigForm, name: str) -> str:
    parent = form._layouts[name].parentWidget()
    return parent.title() if isinstance(parent, QGroupBox) else "main"


def test_the_toy_gets_a_form_from_its_fields(qtbot, toy_classifier):
    toy = toy_classifier
    form = ConfigForm(toy, sectioned=True)
    qtbot.addWidget(form)
    assert set(form.rows) == set(toy.model_fields)
    assert toy.model_validate(form.values()).model_dump() == toy().model_dump()
    assert _label_of(form, "feature") == "Channel feature"
    combo = form.editor("feature").combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["mean", "variance"]
    assert "its mean or its variance" in form.editor("feature").toolTip()
    assert _label_of(form, "var_smoothing") == "Variance smoothing"
    assert form.rows["var_smoothing"].isHidden()  # group="advanced"
    form.set_show_advanced(True)
    assert not form.rows["var_smoothing"].isHidden()
    # the base class's hinted fields land in the Training box, as for the built-in classifiers
    assert _section_of(form, "random_state") == "Training"
    assert _label_of(form, "random_state") == "Seed"
    assert _label_of(form, "class_weight") == "Class weighting"
    assert _section_of(form, "feature") == "main"


def test_the_toy_trains_saves_lists_and_loads(
    qtbot, pool, toy_classifier, p300_files, isolated_store
):
    toy = toy_classifier
    panel = ModelPanel(pool)
    qtbot.addWidget(panel)
    panel.set_types(available_types(), initial="toy_nb")
    assert panel.current_type() == "toy_nb"
    assert panel.type_box.currentText() == "Toy naive Bayes"
    panel.current_form().editor("feature").set_value("variance")
    model_type, params = panel.settings()
    assert model_type == "toy_nb" and params["feature"] == "variance"

    # the seed API, verbatim
    cfg = toy(**params)
    result = toy.fit(
        cfg,
        p300_files["xTest"], p300_files["yTest"],
        p300_files["xTrain"], p300_files["yTrain"],
        model_label="p300",
    )  # fmt: skip
    assert result.saved_path is not None and result.saved_path.parent.name == "p300"
    assert result.saved_path.name.startswith("toy_nb_")
    preds, probs = toy.query(cfg, p300_files["xTest"][:5], return_logits=True)
    assert set(np.asarray(preds).tolist()) <= {"NonTarget", "Target"}
    assert probs.shape == (5, 2)

    # a row in the library: ModelManager's listing and the Library tab's table model
    manager = ModelManager(isolated_store)
    (record,) = manager.list(model_type="toy_nb")
    assert record.label == "p300" and record.path == result.saved_path
    table = ModelTableModel()
    table.set_records(manager.list(), set())
    row = table.row_of(result.saved_path)
    assert row >= 0

    def cell(key: str) -> str:
        return table.data(table.index(row, COLUMN_KEYS.index(key)))

    assert cell("model_type") == "toy_nb" and cell("label") == "p300"
    assert cell("balanced_accuracy") == f"{result.metrics.balanced_accuracy:.3f}"
    assert cell("status") == "ok"

    # loaded back by every route, with the same numbers
    for loaded in (
        toy.load(result.saved_path),
        load_model(result.saved_path),
        manager.get_or_load_model("toy_nb", "p300"),
    ):
        assert isinstance(loaded, toy) and loaded.feature == "variance"
        np.testing.assert_array_equal(
            toy.query(loaded, p300_files["xTest"][:5], return_logits=True)[1], probs
        )
