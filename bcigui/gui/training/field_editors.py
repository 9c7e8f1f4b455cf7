"""Editor widgets for single pydantic fields: numbers, choices, booleans, free values.

Each editor is a :class:`FieldEditor`: ``value()``, ``set_value()``, a ``changed`` signal and
``set_errors()`` for the validation messages that concern it. :func:`make_scalar_editor` picks
the editor from a field's annotation and constraints; block and list editors live in
:mod:`bcigui.gui.training.config_form`.
"""

from __future__ import annotations

import ast
import math
import types
from typing import Any, Literal, Union, get_args, get_origin

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from bcigui.classifiers.form_hints import hint_of

INT_MIN, INT_MAX = -(2**31) + 2, 2**31 - 1
FLOAT_LIMIT = 1e12

Errors = list[tuple[tuple[Any, ...], str]]
"""Validation messages as (location relative to the editor, message)."""


def split_optional(annotation: Any) -> tuple[list[Any], bool]:
    """The members of a union annotation other than None, and whether None is allowed."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = list(get_args(annotation))
        return [a for a in args if a is not type(None)], type(None) in args
    return [annotation], False


def bounds_of(field: Any) -> dict[str, float]:
    """``ge``/``gt``/``le``/``lt`` constraints of a pydantic FieldInfo, over its ``bounds`` hint."""
    out: dict[str, float] = dict(hint_of(field).get("bounds", {}))
    for item in getattr(field, "metadata", []):
        for key in ("ge", "gt", "le", "lt"):
            value = getattr(item, key, None)
            if value is not None:
                out[key] = value
    return out


def form_text(text: str) -> str:
    """A text of a classifier's form (label, description, None-text) in the window's language.

    The catalogue lists these core texts in ``bcigui/gui/i18n/core_strings.py``.
    """
    return QCoreApplication.translate("ConfigForm", text)


def range_text(bounds: dict[str, float]) -> str:
    """``"≥ 1, ≤ 100000"`` for tooltips."""
    parts = [
        f"{sym} {bounds[k]:g}"
        for k, sym in (("ge", "≥"), ("gt", ">"), ("le", "≤"), ("lt", "<"))
        if k in bounds
    ]
    return ", ".join(parts)


class _WheelGuard(QObject):
    """Lets a spin box or combo box take wheel events only when it has focus.

    Scrolling a long form must scroll the form, not change the value under the mouse.
    """

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel and isinstance(obj, QWidget) and not obj.hasFocus():
            event.ignore()
            return True
        return False


_WHEEL_GUARD: _WheelGuard | None = None


def guard_wheel(widget: QWidget) -> None:
    """Install the wheel guard on ``widget``."""
    global _WHEEL_GUARD
    if _WHEEL_GUARD is None:
        _WHEEL_GUARD = _WheelGuard()
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    widget.installEventFilter(_WHEEL_GUARD)


class FieldEditor(QWidget):
    """Base of every field editor."""

    changed = Signal()

    def value(self) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def set_value(self, value: Any) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def set_errors(self, errors: Errors) -> list[str]:
        """Show nested errors; return the messages the row itself should show."""
        return [msg for _, msg in errors]

    def _single(self, widget: QWidget) -> None:
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(widget)
        self.setFocusProxy(widget)


class BoolEditor(FieldEditor):
    """A check box."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QCheckBox()
        self._single(self.box)
        self.box.toggled.connect(self.changed)

    def value(self) -> bool:
        return self.box.isChecked()

    def set_value(self, value: Any) -> None:
        self.box.setChecked(bool(value))


class IntEditor(FieldEditor):
    """A spin box; with ``none_text`` its lowest value stands for None."""

    def __init__(
        self, bounds: dict[str, float], none_text: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        low = int(bounds["ge"]) if "ge" in bounds else int(bounds.get("gt", INT_MIN - 1)) + 1
        high = int(bounds["le"]) if "le" in bounds else int(bounds.get("lt", INT_MAX + 1)) - 1
        low, high = max(low, INT_MIN), min(high, INT_MAX)
        self.none_text = none_text
        self.spin = QSpinBox()
        self.spin.setRange(low - 1 if none_text else low, high)
        if none_text:
            self.spin.setSpecialValueText(none_text)
        self.spin.setAccelerated(True)
        guard_wheel(self.spin)
        self._single(self.spin)
        self.spin.valueChanged.connect(self.changed)

    def value(self) -> int | None:
        v = self.spin.value()
        return None if self.none_text and v == self.spin.minimum() else v

    def set_value(self, value: Any) -> None:
        self.spin.setValue(self.spin.minimum() if value is None else int(value))


class FloatSpinBox(QDoubleSpinBox):
    """A double spin box that shows ``1e-05`` rather than ``0.00``, and accepts what it shows.

    With ``log_steps`` the arrows walk a 1-2-5 sequence (0.001, 0.002, 0.005, 0.01...), which
    suits learning rates, C and tolerances; otherwise they add ``singleStep``.
    """

    def __init__(self, parent: QWidget | None = None, *, log_steps: bool = False) -> None:
        super().__init__(parent)
        self.setDecimals(12)
        self.log_steps = log_steps

    def textFromValue(self, value: float) -> str:
        return f"{value:.6g}"

    def valueFromText(self, text: str) -> float:
        try:
            return float(text.strip().replace(",", "."))
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        stripped = text.strip().replace(",", ".")
        try:
            value = float(stripped)
        except ValueError:
            partial = stripped in ("", "-", "+", ".") or stripped.lower().endswith(
                ("e", "e-", "e+")
            )
            state = QValidator.State.Intermediate if partial else QValidator.State.Invalid
            return state, text, pos
        ok = self.minimum() <= value <= self.maximum() and math.isfinite(value)
        return (QValidator.State.Acceptable if ok else QValidator.State.Intermediate), text, pos

    def stepBy(self, steps: int) -> None:
        value = self.value()
        if not self.log_steps or value <= 0:
            super().stepBy(steps)
            return
        ladder = (1.0, 2.0, 5.0)
        exponent = math.floor(math.log10(value) + 1e-9)
        mantissa = value / 10**exponent
        rung = 0 if mantissa < 2 - 1e-9 else (1 if mantissa < 5 - 1e-9 else 2)
        on_rung = abs(mantissa - ladder[rung]) <= 1e-6 * mantissa
        index = 3 * exponent + rung + steps
        if steps < 0 and not on_rung:
            index += 1  # 0.003 steps down to 0.002, not to 0.001
        self.setValue(round(ladder[index % 3] * 10 ** (index // 3), 12))


class FloatEditor(FieldEditor):
    """A :class:`FloatSpinBox` with the field's range."""

    def __init__(self, bounds: dict[str, float], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        low = bounds.get(
            "ge",
            bounds["gt"] + max(1e-12, abs(bounds["gt"]) * 1e-9) if "gt" in bounds else -FLOAT_LIMIT,
        )
        high = bounds.get(
            "le",
            bounds["lt"] - max(1e-6, abs(bounds["lt"]) * 1e-6) if "lt" in bounds else FLOAT_LIMIT,
        )
        positive = "gt" in bounds and bounds["gt"] == 0 and high > 1
        self.spin = FloatSpinBox(log_steps=positive)
        self.spin.setRange(low, high)
        self.spin.setSingleStep(0.05 if high - low <= 1.0 else 0.1)
        self.spin.setKeyboardTracking(True)
        self.spin.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
        guard_wheel(self.spin)
        self._single(self.spin)
        self.spin.valueChanged.connect(self.changed)

    def value(self) -> float:
        return float(self.spin.value())

    def set_value(self, value: Any) -> None:
        self.spin.setValue(float(value))


class ChoiceEditor(FieldEditor):
    """A combo box of fixed choices, with "none" first when None is allowed."""

    def __init__(
        self,
        choices: list[Any],
        optional: bool,
        none_text: str = "none",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.combo = QComboBox()
        if optional:
            self.combo.addItem(form_text(none_text), None)
        for choice in choices:
            self.combo.addItem(str(choice), choice)
        guard_wheel(self.combo)
        self._single(self.combo)
        self.combo.currentIndexChanged.connect(self.changed)

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(value)
        if index < 0:  # a value the choices do not list (e.g. a dict of class weights)
            self.combo.addItem(str(value), value)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)


class ChoiceOrNumberEditor(FieldEditor):
    """An editable combo box: one of the named choices, or a number typed in."""

    def __init__(
        self, choices: list[str], none_text: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.choices = choices
        #: The entry that stands for None (optional fields), e.g. "off".
        self.none_text = none_text
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.addItems(([none_text] if none_text else []) + choices)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        guard_wheel(self.combo)
        self._single(self.combo)
        self.combo.currentTextChanged.connect(self.changed)

    def value(self) -> Any:
        text = self.combo.currentText().strip()
        if self.none_text is not None and text in (self.none_text, ""):
            return None
        if text in self.choices:
            return text
        try:
            return float(text.replace(",", "."))
        except ValueError:
            return text  # validation reports it

    def set_value(self, value: Any) -> None:
        if value is None:
            self.combo.setCurrentText(self.none_text or "")
        else:
            self.combo.setCurrentText(str(value) if isinstance(value, str) else f"{value:g}")


def _is_model(args: tuple[Any, ...]) -> bool:
    from pydantic import BaseModel

    return any(isinstance(a, type) and issubclass(a, BaseModel) for a in args)


class ValuesEditor(FieldEditor):
    """A line edit for one number, a fixed-length tuple or a list, written comma-separated.

    Parameters
    ----------
    item : type
        ``float``, ``int`` or ``str``: the type of each value.
    length : int or None
        1 for a single value, 2 for a pair (a time window), None for a list of any length.
    optional : bool
        An empty field means None (shown by the placeholder ``off_text``).
    """

    def __init__(
        self,
        item: type,
        length: int | None,
        optional: bool,
        off_text: str = "off",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.item, self.length, self.optional = item, length, optional
        self.edit = QLineEdit()
        if optional:
            self.edit.setPlaceholderText(off_text)
        self._single(self.edit)
        self.edit.textChanged.connect(self.changed)

    def value(self) -> Any:
        text = self.edit.text().strip()
        if not text:
            return None if self.optional else ([] if self.length is None else text)
        parts = [p.strip() for p in text.split(",")]
        if self.length == 1 and self.item is float:
            parts = [text.replace(",", ".")]  # one number: a comma is a decimal comma
        if self.item is not str:
            try:
                values: list[Any] = [self.item(p) for p in parts]
            except ValueError:
                return text  # validation names the problem
        else:
            values = [p for p in parts if p]
        if self.length == 1:
            return values[0] if len(values) == 1 else text
        return tuple(values) if self.length else values

    def set_value(self, value: Any) -> None:
        if value is None:
            self.edit.setText("")
        elif isinstance(value, list | tuple):
            self.edit.setText(", ".join(_text(v) for v in value))
        else:
            self.edit.setText(_text(value))


def _text(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


class TextEditor(FieldEditor):
    """A line edit for plain strings or, with ``literal``, Python literals (``None``, dicts)."""

    def __init__(self, literal: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.literal = literal
        self.edit = QLineEdit()
        self._single(self.edit)
        self.edit.textChanged.connect(self.changed)

    def value(self) -> Any:
        text = self.edit.text()
        if not self.literal:
            return text
        try:
            return ast.literal_eval(text.strip() or "None")
        except (ValueError, SyntaxError):
            return text

    def set_value(self, value: Any) -> None:
        self.edit.setText(repr(value) if self.literal else str(value))


def make_scalar_editor(field: Any) -> FieldEditor | None:
    """The editor for a field that is not a config block or a list of blocks; None if it is.

    The field's form hints (:mod:`bcigui.classifiers.form_hints`) give the texts for None and
    for an empty value, extra bounds, and choices its type does not list.
    """
    from pydantic import BaseModel

    hint = hint_of(field)
    members, optional = split_optional(field.annotation)
    bounds = bounds_of(field)
    literal_choices = [c for m in members if get_origin(m) is Literal for c in get_args(m)]
    plain = [m for m in members if get_origin(m) is not Literal]
    off_text = form_text(hint.get("off_text", "off"))
    if "choices" in hint:
        return ChoiceEditor(list(hint["choices"]), True, form_text(hint.get("none_text", "none")))
    if any(isinstance(m, type) and issubclass(m, BaseModel) for m in members):
        return None
    if any(get_origin(m) is list and _is_model(get_args(m)) for m in members):
        return None
    sequence = [m for m in members if get_origin(m) in (list, tuple)]
    if sequence and len(plain) == 1:
        args = [a for a in get_args(sequence[0]) if a is not Ellipsis]
        item = float if float in args else str if str in args else int if int in args else None
        fixed = get_origin(sequence[0]) is tuple and Ellipsis not in get_args(sequence[0])
        if item is not None:
            length = len(args) if fixed else None
            return ValuesEditor(item, length, optional, off_text)
    if literal_choices and not plain:
        return ChoiceEditor(literal_choices, optional)
    if literal_choices and plain == [float]:
        none_text = form_text(hint.get("none_text", "none")) if optional else None
        return ChoiceOrNumberEditor([str(c) for c in literal_choices], none_text)
    if plain == [bool]:
        return BoolEditor()
    if plain == [int]:
        return IntEditor(bounds, form_text(hint.get("none_text", "auto")) if optional else None)
    if plain == [float] and not optional:
        return FloatEditor(bounds)
    if plain == [float]:
        return ValuesEditor(float, 1, True, off_text)
    if plain == [str] and not optional:
        return TextEditor()
    return TextEditor(literal=True)
