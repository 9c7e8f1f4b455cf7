"""Editors for nested config blocks: one block in a group box, or an ordered list of blocks.

Both hold a :class:`~bcigui.gui.training.config_form.ConfigForm` for the block's own fields:
:class:`BlockEditor` shows it in a group box (checkable when the block may be None),
:class:`BlockListEditor` shows the list (add, remove, move up/down) and edits the selected item.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from bcigui.gui.i18n import tr_core
from bcigui.gui.training.field_editors import Errors, FieldEditor


def _form(block_cls: type) -> Any:
    from bcigui.gui.training.config_form import ConfigForm  # (config_form imports this module)

    return ConfigForm(block_cls)


def _defaults(block_cls: type) -> dict[str, Any]:
    from bcigui.gui.training.config_form import default_of

    return {n: default_of(f) for n, f in block_cls.model_fields.items()}  # type: ignore[attr-defined]


def summarize(block_cls: type, values: dict[str, Any]) -> str:
    """One line describing a block in a list: the block class's own ``summary`` (config blocks
    have one, e.g. ``"LSTM 64, bidirectional"``), else its name and first value."""
    summary = getattr(block_cls, "summary", None)
    if callable(summary):
        return tr_core(summary(values))
    first = next(iter(values), "")
    return f"{block_cls.__name__} {values.get(first)!r}"


class BlockEditor(FieldEditor):
    """A nested config block in a group box; checkable when the block may be None.

    Parameters
    ----------
    name : str
        The field's name.
    block_cls : type
        The block's pydantic class.
    optional : bool
        The block may be None (the group box is checkable, unchecked for None).
    title : str
        The group box's title.
    template : dict, optional
        Values pre-filled when the block is switched on.
    """

    def __init__(
        self,
        name: str,
        block_cls: type,
        optional: bool,
        title: str,
        template: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.name = name
        self.optional = optional
        self.template = template
        self.box = QGroupBox(title)
        self.form = _form(block_cls)
        inner = QVBoxLayout(self.box)
        inner.addWidget(self.form)
        if optional:
            self.box.setCheckable(True)
            self.box.setChecked(False)
            self.box.toggled.connect(self._toggled)
        self._single(self.box)
        self.form.changed.connect(self.changed)

    def _toggled(self, on: bool) -> None:
        if on and self.template:
            self.form.set_values(self.template)
        self.form.setVisible(on)
        self.changed.emit()

    def value(self) -> dict[str, Any] | None:
        if self.optional and not self.box.isChecked():
            return None
        return self.form.values()

    def set_value(self, value: Any) -> None:
        if self.optional:
            self.box.setChecked(value is not None)
            self.form.setVisible(value is not None)
        if value is not None:
            self.form.set_values(dict(value))

    def set_errors(self, errors: Errors) -> list[str]:
        self.form.set_errors([(loc, msg) for loc, msg in errors if loc])
        return [msg for loc, msg in errors if not loc]


class BlockListEditor(FieldEditor):
    """A list of config blocks: add, remove, move up/down; the selected one is edited below.

    ``name`` is the field's name, ``title`` the group box's title; the list may be None
    (checkable box) when ``optional``.
    """

    def __init__(
        self,
        name: str,
        block_cls: type,
        optional: bool,
        title: str,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.block_cls = block_cls
        self.optional = optional
        self.items: list[dict[str, Any]] = []
        self.box = QGroupBox(title)
        self.list = QListWidget()
        self.list.setObjectName(f"list_{name}")
        self.list.setMaximumHeight(72)
        self.form = _form(block_cls)
        self.buttons: dict[str, QToolButton] = {}
        bar = QHBoxLayout()
        for key, text, tip in (
            (
                "add",
                "+",
                QCoreApplication.translate("ConfigForm", "Add a layer after the selected one"),
            ),
            (
                "remove",
                "\u2212",
                QCoreApplication.translate("ConfigForm", "Remove the selected layer"),
            ),
            ("up", "↑", QCoreApplication.translate("ConfigForm", "Move the selected layer up")),
            ("down", "↓", QCoreApplication.translate("ConfigForm", "Move the selected layer down")),
        ):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setAccessibleName(tip)
            bar.addWidget(button)
            self.buttons[key] = button
        bar.addStretch(1)
        inner = QVBoxLayout(self.box)
        inner.addWidget(self.list)
        inner.addLayout(bar)
        inner.addWidget(self.form)
        if optional:
            self.box.setCheckable(True)
            self.box.toggled.connect(self._toggled)
        self._single(self.box)
        self.buttons["add"].clicked.connect(self.add_item)
        self.buttons["remove"].clicked.connect(self.remove_item)
        self.buttons["up"].clicked.connect(lambda: self.move_item(-1))
        self.buttons["down"].clicked.connect(lambda: self.move_item(1))
        self.list.currentRowChanged.connect(self._select)
        self.form.changed.connect(self._form_changed)

    # -- list operations -----------------------------------------------------------------
    def add_item(self) -> None:
        """Insert a copy of the selected block (or a default one) after it."""
        row = self.list.currentRow()
        new = dict(self.items[row]) if 0 <= row < len(self.items) else _defaults(self.block_cls)
        self.items.insert(row + 1, new)
        self._refresh(row + 1)

    def remove_item(self) -> None:
        """Remove the selected block."""
        row = self.list.currentRow()
        if 0 <= row < len(self.items):
            del self.items[row]
            self._refresh(min(row, len(self.items) - 1))

    def move_item(self, delta: int) -> None:
        """Move the selected block up (-1) or down (+1)."""
        row = self.list.currentRow()
        target = row + delta
        if 0 <= row < len(self.items) and 0 <= target < len(self.items):
            self.items[row], self.items[target] = self.items[target], self.items[row]
            self._refresh(target)

    def _refresh(self, select: int) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for values in self.items:
            self.list.addItem(QListWidgetItem(summarize(self.block_cls, values)))
        self.list.blockSignals(False)
        self.list.setCurrentRow(select)
        self._select(select)
        self.changed.emit()

    def _select(self, row: int) -> None:
        valid = 0 <= row < len(self.items)
        self.form.setEnabled(valid)
        self.form.setVisible(valid)
        if valid:
            self.form.blockSignals(True)
            self.form.set_values(self.items[row])
            self.form.blockSignals(False)
        self.buttons["remove"].setEnabled(valid)
        self.buttons["up"].setEnabled(valid and row > 0)
        self.buttons["down"].setEnabled(valid and row < len(self.items) - 1)

    def _form_changed(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.items):
            self.items[row] = self.form.values()
            self.list.item(row).setText(summarize(self.block_cls, self.items[row]))
            self.changed.emit()

    def _toggled(self, on: bool) -> None:
        if on and not self.items and not self.signalsBlocked():
            self.add_item()  # switching the list on starts it with one default block
        for w in (self.list, self.form):
            w.setVisible(on)
        for button in self.buttons.values():
            button.setVisible(on)
        self.changed.emit()

    # -- FieldEditor ---------------------------------------------------------------------
    def value(self) -> list[dict[str, Any]] | None:
        if self.optional and not self.box.isChecked():
            return None
        return [dict(v) for v in self.items]

    def set_value(self, value: Any) -> None:
        if self.optional:
            self.box.setChecked(value is not None)
            self._toggled(value is not None)
        self.items = [dict(v) for v in (value or [])]
        self._refresh(0 if self.items else -1)

    def set_errors(self, errors: Errors) -> list[str]:
        bad_rows: dict[int, list[str]] = {}
        own: list[str] = []
        for loc, msg in errors:
            if loc and isinstance(loc[0], int):
                bad_rows.setdefault(loc[0], []).append(
                    f"{'.'.join(map(str, loc[1:]))}: {msg}" if len(loc) > 1 else msg
                )
            else:
                own.append(msg)
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setForeground(
                QBrush(QColor("#c62828")) if i in bad_rows else self.palette().text()
            )
            item.setToolTip("\n".join(bad_rows.get(i, [])))
        current = self.list.currentRow()
        self.form.set_errors([(loc[1:], msg) for loc, msg in errors if loc and loc[0] == current])
        return own + [
            QCoreApplication.translate("ConfigForm", "Layer {i}: {m}").format(i=i + 1, m=m[0])
            for i, m in sorted(bad_rows.items())
            if i != current
        ]
