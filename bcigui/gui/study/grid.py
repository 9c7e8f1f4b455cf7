"""Parameter grids typed into a classifier's form: "values: 2, 4, 8" beside a field.

:func:`parse_values` turns the text typed beside a field into a list of values of the field's
type, checked against its choices and bounds; a mistake raises :class:`GridValueError`, whose
message names the field and the fix. :class:`PipelineForm` is one classifier's generated form
(:class:`~bcigui.gui.training.config_form.ConfigForm`) with such a line edit beside each scalar
field; :meth:`PipelineForm.grid` gives the pipeline's grid in the keys of ``train --set``
(dotted for nested blocks): a field with values typed gives that list, a field changed from its
default gives a one-value list, every other field keeps its default.
"""

from __future__ import annotations

import math
from typing import Any, Literal, get_args, get_origin

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from bcigui.gui.training.config_form import ConfigForm, default_of, label_for
from bcigui.gui.training.field_editors import (
    BoolEditor,
    ChoiceEditor,
    ChoiceOrNumberEditor,
    FloatEditor,
    IntEditor,
    bounds_of,
    range_text,
    split_optional,
)

#: Editors whose field can take a list of values.
GRIDDABLE_EDITORS = (BoolEditor, ChoiceEditor, ChoiceOrNumberEditor, FloatEditor, IntEditor)
_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


class GridValueError(ValueError):
    """A value typed for a grid does not fit its field; the message names the field."""


def _in_bounds(value: float, bounds: dict[str, float]) -> bool:
    checks = {
        "ge": lambda b: value >= b,
        "gt": lambda b: value > b,
        "le": lambda b: value <= b,
        "lt": lambda b: value < b,
    }
    return all(checks[k](b) for k, b in bounds.items() if k in checks)


def _parse_one(token: str, field: Any) -> Any:
    """One typed value as the field's type (a choice, a bool, an int or a float)."""
    members, optional = split_optional(field.annotation)
    choices = [c for m in members if get_origin(m) is Literal for c in get_args(m)]
    plain = [m for m in members if get_origin(m) is not Literal]
    lowered = token.lower()
    if optional and lowered in ("none", "off", "auto"):
        return None
    if token in [str(c) for c in choices]:
        return next(c for c in choices if str(c) == token)
    if bool in plain:
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ValueError(QCoreApplication.translate("StudyGrid", "write true or false"))
    number = token.replace(",", ".") if token.count(",") == 1 else token
    if int in plain and float not in plain:
        try:
            as_float = float(number)
        except ValueError:
            raise ValueError(
                QCoreApplication.translate("StudyGrid", "not a whole number")
            ) from None
        if not as_float.is_integer():
            raise ValueError(QCoreApplication.translate("StudyGrid", "not a whole number"))
        return int(as_float)
    if float in plain:
        try:
            value = float(number)
        except ValueError:
            if choices:
                raise ValueError(
                    QCoreApplication.translate("StudyGrid", "not a number nor one of {c}").format(
                        c=", ".join(map(str, choices))
                    )
                ) from None
            raise ValueError(QCoreApplication.translate("StudyGrid", "not a number")) from None
        if not math.isfinite(value):
            raise ValueError(QCoreApplication.translate("StudyGrid", "not a finite number"))
        return value
    if choices:
        raise ValueError(
            QCoreApplication.translate("StudyGrid", "not one of {c}").format(
                c=", ".join(map(str, choices))
            )
        )
    return token


def parse_values(text: str, name: str, field: Any) -> list[Any]:
    """The values typed for field ``name``: ``"2, 4, 8"`` -> ``[2, 4, 8]``.

    Values are separated by commas or semicolons (write ``0.5; 1.5`` where a comma is the
    decimal mark). An empty text gives an empty list (no grid on this field).

    Parameters
    ----------
    text : str
        What the user typed.
    name : str
        The field's name (its label names it in messages).
    field : pydantic FieldInfo
        The field: its annotation gives the type, its constraints the bounds.

    Returns
    -------
    list
        The distinct values, in the order typed.

    Raises
    ------
    GridValueError
        A value is not of the field's type or lies outside its range; the message names the
        field, the value and what is allowed.
    """
    separator = ";" if ";" in text else ","
    tokens = [t.strip() for t in text.split(separator) if t.strip()]
    label = label_for(name, field)
    bounds = bounds_of(field)
    values: list[Any] = []
    for token in tokens:
        try:
            value = _parse_one(token, field)
        except ValueError as exc:
            raise GridValueError(
                QCoreApplication.translate("StudyGrid", "{field}: {value!r} is {why}.").format(
                    field=label, value=token, why=exc
                )
            ) from None
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if number and not _in_bounds(float(value), bounds):
            raise GridValueError(
                QCoreApplication.translate(
                    "StudyGrid", "{field}: {value} is outside the allowed range ({range})."
                ).format(field=label, value=token, range=range_text(bounds))
            )
        if value not in values:
            values.append(value)
    return values


def _flatten(prefix: str, value: Any, default: Any, out: dict[str, list[Any]]) -> None:
    """Dotted keys of the leaves of ``value`` that differ from ``default``."""
    if isinstance(value, dict) and isinstance(default, dict):
        for key, item in value.items():
            _flatten(f"{prefix}.{key}", item, default.get(key), out)
    elif value != default:
        out[prefix] = [value]


def _nest(key: str, value: Any, into: dict[str, Any]) -> None:
    head, _, rest = key.partition(".")
    if rest:
        inner = into.get(head)
        inner = dict(inner) if isinstance(inner, dict) else {}
        _nest(rest, value, inner)
        into[head] = inner
    else:
        into[head] = value


class PipelineForm(QWidget):
    """One classifier's form with a "values" line edit beside each scalar field.

    Parameters
    ----------
    model_cls : type
        The classifier class (a pydantic model).

    Signals
    -------
    changed()
        A field or a list of values changed.
    """

    changed = Signal()

    def __init__(self, model_cls: type, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_cls = model_cls
        self.form = ConfigForm(model_cls, sectioned=True)
        self.fields: dict[str, Any] = model_cls.model_fields  # type: ignore[attr-defined]
        #: The "values" line edit of each field that can take a list of values.
        self.value_edits: dict[str, QLineEdit] = {}
        #: Grid entries read from a spec that no editor shows (nested keys with several values).
        self.extra_grid: dict[str, list[Any]] = {}
        #: Random search ranges (``random``, ``n_iter``) and ``name`` read from a spec, kept.
        self.extra_keys: dict[str, Any] = {}
        self.extra_note = QLabel()
        self.extra_note.setWordWrap(True)
        self.extra_note.setStyleSheet("color: palette(placeholder-text);")
        self.extra_note.hide()
        for name, row in self.form.rows.items():
            if not isinstance(row.editor, GRIDDABLE_EDITORS):
                continue
            edit = QLineEdit()
            edit.setObjectName(f"values_{name}")
            edit.setPlaceholderText(QCoreApplication.translate("StudyGrid", "values: e.g. 2, 4, 8"))
            edit.setToolTip(
                QCoreApplication.translate(
                    "StudyGrid",
                    "Try several values of this field in the study, separated by commas "
                    "(semicolons when a comma is the decimal mark). Empty: the value at left.",
                )
            )
            edit.textChanged.connect(lambda _text, n=name: self._values_edited(n))
            layout = row.layout()
            assert layout is not None
            layout.removeWidget(row.editor)
            line = QHBoxLayout()
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(row.editor, 1)
            line.addWidget(edit, 1)
            assert isinstance(layout, QVBoxLayout)
            layout.insertLayout(0, line)
            self.value_edits[name] = edit
        self.form.changed.connect(self.changed)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.extra_note)
        column.addWidget(self.form)

    @property
    def model_name(self) -> str:
        """The classifier's public class name (what a spec's ``model`` names)."""
        return self.model_cls.__name__

    def _values_edited(self, name: str) -> None:
        edit = self.value_edits[name]
        try:
            values = parse_values(edit.text(), name, self.fields[name])
        except GridValueError as exc:
            self.form.rows[name].show_messages([str(exc)])
        else:
            self.form.rows[name].show_messages([])
            self.form.editor(name).setEnabled(len(values) < 2)
        self.changed.emit()

    def errors(self) -> list[str]:
        """Every grid mistake, each naming its field (empty when the grid is valid)."""
        out = []
        for name, edit in self.value_edits.items():
            try:
                parse_values(edit.text(), name, self.fields[name])
            except GridValueError as exc:
                out.append(str(exc))
        return out

    def params(self) -> dict[str, Any]:
        """Fields changed from their defaults and not varied: key (dotted) -> value.

        None values are left out (a TOML spec cannot hold them; the default applies).
        """
        out: dict[str, list[Any]] = {}
        values = self.form.values()
        for name, field in self.fields.items():
            typed = self.value_edits.get(name)
            if typed is not None and typed.text().strip():
                continue
            _flatten(name, values[name], default_of(field), out)
        return {k: v[0] for k, v in out.items() if v[0] is not None and k not in self.extra_grid}

    def grid(self) -> dict[str, list[Any]]:
        """The values to try: key (dotted for nested blocks) -> list of values.

        Raises
        ------
        GridValueError
            A list of values does not fit its field.
        """
        out: dict[str, list[Any]] = {}
        for name, edit in self.value_edits.items():
            listed = parse_values(edit.text(), name, self.fields[name])
            if listed:
                out[name] = listed
        out.update(self.extra_grid)
        return out

    def n_configurations(self) -> int:
        """How many parameter combinations the grid holds (1 when nothing varies; the number of
        draws of a random search)."""
        if self.extra_keys.get("random"):
            return int(self.extra_keys.get("n_iter", 10))
        try:
            grid = self.grid()
        except GridValueError:
            return 1
        return math.prod(len(v) for v in grid.values()) if grid else 1

    def set_grid(
        self,
        params: dict[str, Any],
        grid: dict[str, list[Any]],
        extra: dict[str, Any] | None = None,
    ) -> None:
        """Show fixed parameters and a grid read from a spec (dotted keys; the reverse of
        :meth:`params` and :meth:`grid`); ``extra`` holds the spec's ``random``, ``n_iter``
        and ``name``, kept as they are."""
        self.extra_keys = dict(extra or {})
        fixed: dict[str, Any] = {}
        for key, value in params.items():
            _nest(key, value, fixed)
        self.extra_grid = {}
        for edit in self.value_edits.values():
            edit.clear()
        for key, values in grid.items():
            listed = list(values) if isinstance(values, list | tuple) else [values]
            if len(listed) == 1:
                _nest(key, listed[0], fixed)
            elif key in self.value_edits:
                self.value_edits[key].setText(", ".join(_text(v) for v in listed))
            else:
                self.extra_grid[key] = listed
        base = {n: default_of(f) for n, f in self.fields.items()}
        for name, value in fixed.items():
            if isinstance(value, dict) and isinstance(base.get(name), dict):
                merged = dict(base[name])
                merged.update(value)
                value = merged
            base[name] = value
        self.form.set_values(base)
        notes = []
        if self.extra_grid:
            notes.append(
                QCoreApplication.translate(
                    "StudyGrid", "Also varied (from the spec): {items}"
                ).format(
                    items="; ".join(
                        f"{k} = {', '.join(map(_text, v))}" for k, v in self.extra_grid.items()
                    )
                )
            )
        ranges = self.extra_keys.get("random") or {}
        if ranges:
            notes.append(
                QCoreApplication.translate(
                    "StudyGrid", "Random search (from the spec, {n} draws): {items}"
                ).format(
                    n=self.extra_keys.get("n_iter", 10),
                    items="; ".join(
                        f"{k} in [{_text(r['low'])}, {_text(r['high'])}]"
                        + (" log" if r.get("log") else "")
                        for k, r in ranges.items()
                    ),
                )
            )
        self.extra_note.setText("\n".join(notes))
        self.extra_note.setVisible(bool(notes))


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


__all__ = ["GridValueError", "PipelineForm", "parse_values"]
