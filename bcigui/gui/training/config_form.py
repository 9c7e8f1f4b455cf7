"""A form generated from a pydantic model's fields, with nested blocks and lists of blocks.

:class:`ConfigForm` walks ``model_fields`` and builds one editor per field: spin boxes whose
ranges come from the ``ge``/``gt``/``le``/``lt`` constraints, combo boxes for ``Literal``
choices, check boxes for booleans, group boxes for nested config blocks (checkable when the
block is optional) and :class:`BlockListEditor` for lists of blocks (LSTM layers, dense layers).
Every editor's tooltip is the field's description plus its range. Grouping, labels and the other
presentation choices come from the fields' own form hints (:mod:`bcigui.classifiers.form_hints`):
this module names no classifier field, so a new classifier gets its form without changes here.
The form never validates by itself: its owner builds the model from :meth:`ConfigForm.values`
and hands the validation messages back through :meth:`ConfigForm.set_errors`, which shows each
one under its field.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, get_args, get_origin

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from bcigui.classifiers.form_hints import FormHint, hint_of
from bcigui.gui.training.block_editors import BlockEditor, BlockListEditor
from bcigui.gui.training.field_editors import (
    Errors,
    FieldEditor,
    bounds_of,
    form_text,
    make_scalar_editor,
    range_text,
    split_optional,
)


def label_for(name: str, field: Any) -> str:
    """The label shown for field ``name``: its ``label`` hint, else the name made readable."""
    return form_text(hint_of(field).get("label") or name.replace("_", " ").capitalize())


def tooltip_for(field: Any) -> str:
    """The field's description, with its allowed range."""
    text = form_text(field.description) if field.description else ""
    bounds = range_text(bounds_of(field))
    if not bounds:
        return text
    return text + "\n" + QCoreApplication.translate("ConfigForm", "Allowed: {r}").format(r=bounds)


def _block_class(members: Iterable[Any]) -> type | None:
    from pydantic import BaseModel

    for m in members:
        if isinstance(m, type) and issubclass(m, BaseModel):
            return m
    return None


def _list_block_class(members: Iterable[Any]) -> type | None:
    for m in members:
        if get_origin(m) is list:
            return _block_class(get_args(m))
    return None


def default_of(field: Any) -> Any:
    """The field's default value, as plain data (nested blocks as dicts)."""
    value = field.get_default(call_default_factory=True)
    return _plain(value)


def _plain(value: Any) -> Any:
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        return value.model_dump(mode="python")
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class FieldRow(QWidget):
    """An editor with the validation message under it."""

    def __init__(self, editor: FieldEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(editor)
        layout.addWidget(self.error)
        self.setFocusProxy(editor)

    def show_messages(self, messages: list[str]) -> None:
        """Show ``messages`` (the first two) under the editor, or hide the label."""
        self.error.setText("\n".join(dict.fromkeys(messages[:2])))
        self.error.setVisible(bool(messages))


class ConfigForm(QWidget):
    """Editors for the fields of ``model_cls`` (see the module docstring).

    Parameters
    ----------
    model_cls : type
        A pydantic model class.
    sectioned : bool
        Put the fields whose ``group`` hint is ``"training"`` in a "Training" box after the
        others (for classifier forms). Fields hinted ``"advanced"`` are hidden until
        :meth:`set_show_advanced`; see :mod:`bcigui.classifiers.form_hints` for every hint.
    """

    changed = Signal()

    def __init__(self, model_cls: type, *, sectioned: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.model_cls = model_cls
        self.rows: dict[str, FieldRow] = {}
        self._layouts: dict[str, QFormLayout] = {}
        self._show_advanced = False
        fields: dict[str, Any] = model_cls.model_fields  # type: ignore[attr-defined]
        hints = {name: hint_of(field) for name, field in fields.items()}
        #: Names of the fields hidden until "Show advanced settings" is ticked.
        self.advanced = frozenset(n for n, h in hints.items() if h.get("group") == "advanced")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        main = QFormLayout()
        main.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addLayout(main)
        self.form_error = QLabel()
        self.form_error.setStyleSheet("color: #c62828;")
        self.form_error.setWordWrap(True)
        self.form_error.hide()
        main.addRow(self.form_error)
        in_training = {n for n, h in hints.items() if sectioned and h.get("group") == "training"}
        main_names = _by_order([n for n in fields if n not in in_training], hints)
        training_names = _by_order([n for n in fields if n in in_training], hints)
        training_layout = main
        if training_names:
            box = QGroupBox(QCoreApplication.translate("ConfigForm", "Training"))
            training_layout = QFormLayout(box)
            training_layout.setFieldGrowthPolicy(
                QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow
            )
        for name in main_names:
            self._add_field(main, name, fields[name])
        for name in training_names:
            self._add_field(training_layout, name, fields[name])
        if training_names:
            outer.addWidget(box)
        outer.addStretch(1)
        self.set_values({n: default_of(f) for n, f in fields.items()})
        self.set_show_advanced(False)

    def _add_field(self, layout: QFormLayout, name: str, field: Any) -> None:
        editor = make_editor(name, field)
        editor.setToolTip(tooltip_for(field))
        row = FieldRow(editor)
        row.setObjectName(f"field_{name}")
        self.rows[name] = row
        self._layouts[name] = layout
        if isinstance(editor, BlockEditor | BlockListEditor):
            layout.addRow(row)
        else:
            label = QLabel(label_for(name, field))
            label.setToolTip(editor.toolTip())
            label.setBuddy(editor)
            layout.addRow(label, row)
        editor.changed.connect(self.changed)

    # -- values ------------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """Every field's value, nested blocks as dicts."""
        return {name: row.editor.value() for name, row in self.rows.items()}

    def set_values(self, values: dict[str, Any]) -> None:
        """Set the fields named in ``values``."""
        for name, value in values.items():
            if name in self.rows:
                editor = self.rows[name].editor
                editor.blockSignals(True)
                try:
                    editor.set_value(value)
                finally:
                    editor.blockSignals(False)
        self.changed.emit()

    def editor(self, name: str) -> FieldEditor:
        """The editor of field ``name``."""
        return self.rows[name].editor

    # -- errors and visibility -----------------------------------------------------------
    def set_errors(self, errors: Errors) -> None:
        """Show validation messages; ``errors`` are (location, message) with field names first."""
        by_field: dict[str, Errors] = {name: [] for name in self.rows}
        general: list[str] = []
        for loc, msg in errors:
            if loc and loc[0] in by_field:
                by_field[str(loc[0])].append((tuple(loc[1:]), msg))
            else:
                general.append(msg)
        for name, row in self.rows.items():
            row.show_messages(row.editor.set_errors(by_field[name]))
            if by_field[name] and name in self.advanced and not self._show_advanced:
                self._set_row_visible(name, True)  # never hide a field that needs fixing
        self.form_error.setText("\n".join(general))
        self.form_error.setVisible(bool(general))

    def set_show_advanced(self, show: bool) -> None:
        """Show or hide the fields hinted ``"advanced"`` (here and in nested forms)."""
        self._show_advanced = show
        for name, row in self.rows.items():
            self._set_row_visible(name, show or name not in self.advanced)
            editor = row.editor
            if isinstance(editor, BlockEditor | BlockListEditor):
                editor.form.set_show_advanced(show)

    def _set_row_visible(self, name: str, visible: bool) -> None:
        self._layouts[name].setRowVisible(self.rows[name], visible)


def _by_order(names: list[str], hints: dict[str, FormHint]) -> list[str]:
    """``names`` sorted by their ``order`` hint; those without one follow in their own order."""
    return sorted(names, key=lambda n: (0, hints[n]["order"]) if "order" in hints[n] else (1, 0))


def make_editor(name: str, field: Any) -> FieldEditor:
    """The editor for any field: scalar, nested block, or list of blocks."""
    scalar = make_scalar_editor(field)
    if scalar is not None:
        return scalar
    members, optional = split_optional(field.annotation)
    title = label_for(name, field)
    list_cls = _list_block_class(members)
    if list_cls is not None:
        return BlockListEditor(name, list_cls, optional, title)
    block_cls = _block_class(members)
    assert block_cls is not None, f"no editor for field {name!r}"
    return BlockEditor(name, block_cls, optional, title, hint_of(field).get("template"))


__all__ = ["ConfigForm", "FieldRow", "make_editor"]
