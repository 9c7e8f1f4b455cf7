"""The form generated from the classifiers' pydantic fields, and the model panel around it."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import get_args

import pytest
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QCheckBox, QComboBox, QGroupBox, QSpinBox

from bcigui.classifiers.form_hints import hint_of
from bcigui.classifiers.registry import available_types
from bcigui.gui.training.config_form import BlockListEditor, ConfigForm
from bcigui.gui.training.field_editors import FloatSpinBox


@pytest.fixture
def panel(qtbot, pool):
    from bcigui.gui.training.model_panel import ModelPanel

    widget = ModelPanel(pool)
    qtbot.addWidget(widget)
    widget.set_types(available_types(), initial="svm")
    return widget


@pytest.mark.parametrize("model_type", sorted(available_types()))
def test_defaults_round_trip(qtbot, model_type: str) -> None:
    cls = available_types()[model_type]
    form = ConfigForm(cls, sectioned=True)
    qtbot.addWidget(form)
    assert cls.model_validate(form.values()).model_dump() == cls().model_dump()


def test_widgets_follow_the_field_definitions(qtbot) -> None:
    lstm = available_types()["lstm"]
    form = ConfigForm(lstm, sectioned=True)
    qtbot.addWidget(form)
    epochs = form.editor("epochs").spin
    assert isinstance(epochs, QSpinBox)
    assert (epochs.minimum(), epochs.maximum()) == (1, 100_000)  # ge=1, le=100_000
    pooling = form.editor("pooling").combo
    assert isinstance(pooling, QComboBox)
    assert [pooling.itemText(i) for i in range(pooling.count())] == [
        "last",
        "mean",
        "max",
        "attention",
    ]
    assert "Passes over the training data" in form.editor("epochs").toolTip()
    assert "≥ 1" in form.editor("epochs").toolTip()
    patience = form.editor("early_stopping_patience")
    assert patience.value() == 10 and patience.spin.specialValueText() == "off"  # default 10
    assert patience.spin.minimum() == 0  # "off", then 1 (ge=1) and up
    lr = form.editor("learning_rate").spin
    assert lr.minimum() > 0 and lr.maximum() == 10.0
    layers = form.editor("encoder").form.editor("layers")
    assert isinstance(layers, BlockListEditor)
    assert isinstance(layers.form.editor("bidirectional").box, QCheckBox)
    svm_form = ConfigForm(available_types()["svm"], sectioned=True)
    qtbot.addWidget(svm_form)
    assert svm_form.editor("gamma").combo.isEditable()  # 'scale' | 'auto' | a number


def test_signal_preprocessing_fields_are_typed_in_as_text(qtbot) -> None:
    svm = available_types()["svm"]
    form = ConfigForm(svm, sectioned=True)
    qtbot.addWidget(form)
    signal = form.editor("signal").form
    assert signal.editor("l_freq").edit.placeholderText() == "off"
    assert "all channels" in signal.editor("channels").edit.placeholderText()
    signal.editor("channels").edit.setText("TP9, AF7 ,AF8")
    signal.editor("l_freq").edit.setText("0,5")  # a decimal comma
    signal.editor("h_freq").edit.setText("30")
    signal.editor("baseline").edit.setText("0, 0.1")
    model = svm.model_validate(form.values())
    assert model.signal.channels == ["TP9", "AF7", "AF8"]
    assert (model.signal.l_freq, model.signal.h_freq) == (0.5, 30.0)
    assert model.signal.baseline == (0.0, 0.1)
    form.set_values(svm().model_dump())
    assert signal.editor("channels").edit.text() == "" and signal.editor("baseline").value() is None
    form.set_values({"signal": model.signal.model_dump()})
    assert signal.editor("channels").edit.text() == "TP9, AF7, AF8"
    signal.editor("h_freq").edit.setText("thirty")
    with pytest.raises(ValueError):
        svm.model_validate(form.values())


def test_float_spin_box_accepts_scientific_notation(qtbot) -> None:
    spin = FloatSpinBox(log_steps=True)
    qtbot.addWidget(spin)
    spin.setRange(1e-12, 10.0)
    assert spin.validate("1e-4", 0)[0] == QValidator.State.Acceptable
    assert spin.validate("1e-", 0)[0] == QValidator.State.Intermediate
    assert spin.validate("abc", 0)[0] == QValidator.State.Invalid
    spin.setValue(0.001)
    spin.stepBy(1)
    assert spin.value() == pytest.approx(0.002)
    spin.stepBy(-2)
    assert spin.value() == pytest.approx(0.0005)
    assert spin.text() == "0.0005"


def test_layer_list_add_remove_and_move(qtbot, panel) -> None:
    panel.select_type("lstm")
    layers = panel.current_form().editor("encoder").form.editor("layers")
    layers.form.editor("hidden_size").set_value(16)
    layers.form.editor("hidden_size").changed.emit()
    layers.add_item()  # a copy of the selected one, after it
    layers.form.editor("hidden_size").set_value(8)
    layers.form.editor("hidden_size").changed.emit()
    assert [v["hidden_size"] for v in layers.value()] == [16, 8]
    layers.move_item(-1)
    assert [v["hidden_size"] for v in layers.value()] == [8, 16]
    assert layers.list.item(0).text().startswith("LSTM 8")
    _, params = panel.settings()
    assert [layer["hidden_size"] for layer in params["encoder"]["layers"]] == [8, 16]
    layers.remove_item()
    layers.remove_item()
    assert layers.value() == []
    assert not panel.is_valid
    assert any("at least one LSTM layer" in e for e in panel.errors)
    layers_row = panel.current_form().editor("encoder").form.rows["layers"]
    assert "at least one LSTM layer" in layers_row.error.text()


def test_invalid_values_are_shown_inline(qtbot, panel) -> None:
    assert panel.is_valid
    form = panel.current_form()
    form.editor("max_iter").set_value(0)  # in the spin box's range, refused by the model
    form.editor("max_iter").changed.emit()
    assert not panel.is_valid
    row = form.rows["max_iter"]
    assert not row.error.isHidden() and "-1 (no limit) or >= 1" in row.error.text()
    form.editor("max_iter").set_value(-1)
    form.editor("max_iter").changed.emit()
    assert panel.is_valid and row.error.isHidden()

    form.editor("gamma").combo.setCurrentText("-2")
    assert not panel.is_valid
    assert "gamma must be" in form.rows["gamma"].error.text()
    form.editor("gamma").combo.setCurrentText("scale")
    assert panel.is_valid

    panel.set_label("bad/label")
    assert not panel.is_valid
    assert "path separator" in panel.label_error.text() and not panel.label_error.isHidden()
    panel.set_label("p300")
    assert panel.is_valid and panel.label_error.isHidden()


def test_advanced_fields_are_hidden_until_asked(qtbot, panel) -> None:
    panel.select_type("svm")
    form = panel.current_form()
    panel.show()
    assert form.rows["tol"].isHidden()
    panel.advanced.setChecked(True)
    assert not form.rows["tol"].isHidden()
    panel.advanced.setChecked(False)
    form.editor("max_iter").set_value(0)
    form.editor("max_iter").changed.emit()
    assert not form.rows["max_iter"].isHidden()  # a field that needs fixing is never hidden


def test_parameter_count_waits_for_tensorflow_or_the_count_button(qtbot, panel) -> None:
    panel.select_type("svm")
    assert panel.count_parameters() is None
    panel.select_type("lstm")
    panel.current_form().set_values({"encoder": {"layers": [{"hidden_size": 4}]}})
    assert panel.count_parameters() is None
    assert "add files first" in panel.params_label.text()
    panel.set_data_shape((8, 116, 2))
    worker = panel.count_parameters(explicit=True)
    with qtbot.waitSignal(worker.finished, timeout=60_000):
        pass
    # LSTM(4) on 8 features: 4*4*(8+4+1) = 208; softmax 4*2+2 = 10
    assert panel.params_label.text() == "218 parameters"


def _all_field_names(cls: type, seen: set[type] | None = None) -> set[str]:
    """Field names of ``cls`` and of every config block nested in it."""
    from pydantic import BaseModel

    seen = set() if seen is None else seen
    seen.add(cls)
    names: set[str] = set()
    for name, field in cls.model_fields.items():
        names.add(name)
        pending = [field.annotation]
        while pending:
            item = pending.pop()
            if isinstance(item, type) and issubclass(item, BaseModel) and item not in seen:
                names |= _all_field_names(item, seen)
            pending.extend(get_args(item))
    return names


def test_the_form_code_names_no_classifier_field():
    """Grouping, labels and texts come from the fields' hints, not from lists in gui/."""
    import bcigui.gui.training.block_editors as block_editors
    import bcigui.gui.training.config_form as config_form
    import bcigui.gui.training.field_editors as field_editors

    names = set().union(*(_all_field_names(cls) for cls in available_types().values()))
    for module in (config_form, field_editors, block_editors):
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        literals = {
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
        }
        assert not literals & names, f"{module.__name__} names {sorted(literals & names)}"


@pytest.mark.parametrize("model_type", sorted(available_types()))
def test_every_classifier_form_follows_its_field_hints(qtbot, model_type: str) -> None:
    cls = available_types()[model_type]
    form = ConfigForm(cls, sectioned=True)
    qtbot.addWidget(form)
    assert set(form.rows) == set(cls.model_fields)
    hints = {name: hint_of(field) for name, field in cls.model_fields.items()}
    training = [n for n, h in hints.items() if h.get("group") == "training"]
    assert {"class_weight", "random_state"} <= set(training)  # from BaseClassifier
    box = form._layouts[training[0]].parentWidget()
    assert isinstance(box, QGroupBox) and box.title() == "Training"
    rows = sorted(training, key=lambda n: box.layout().getWidgetPosition(form.rows[n])[0])
    assert rows == sorted(training, key=lambda n: hints[n]["order"])
    for name, hint in hints.items():
        assert form.rows[name].isHidden() == (hint.get("group") == "advanced"), name
        if name in training:
            assert form._layouts[name] is box.layout()
        else:
            assert form._layouts[name].parentWidget() is not box
