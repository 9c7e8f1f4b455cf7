"""The Model Library's table: one row per indexed model, sortable and filterable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from bcigui.gui.i18n import QT_TRANSLATE_NOOP, number

Index = QModelIndex | QPersistentModelIndex

#: (key, header) of every column, in order.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", QT_TRANSLATE_NOOP("ModelTableModel", "Name")),
    ("model_type", QT_TRANSLATE_NOOP("ModelTableModel", "Type")),
    ("label", QT_TRANSLATE_NOOP("ModelTableModel", "Label")),
    ("created_utc", QT_TRANSLATE_NOOP("ModelTableModel", "Created (UTC)")),
    ("accuracy", QT_TRANSLATE_NOOP("ModelTableModel", "Accuracy")),
    ("balanced_accuracy", QT_TRANSLATE_NOOP("ModelTableModel", "Balanced acc.")),
    ("roc_auc", QT_TRANSLATE_NOOP("ModelTableModel", "ROC-AUC")),
    ("cv_balanced_accuracy", QT_TRANSLATE_NOOP("ModelTableModel", "CV bal. acc.")),
    ("cv_roc_auc", QT_TRANSLATE_NOOP("ModelTableModel", "CV ROC-AUC")),
    ("classes", QT_TRANSLATE_NOOP("ModelTableModel", "Classes")),
    ("input", QT_TRANSLATE_NOOP("ModelTableModel", "Input (T x F)")),
    ("size", QT_TRANSLATE_NOOP("ModelTableModel", "Size")),
    ("status", QT_TRANSLATE_NOOP("ModelTableModel", "Status")),
    ("in_memory", QT_TRANSLATE_NOOP("ModelTableModel", "In memory")),
)
COLUMN_KEYS = [key for key, _ in COLUMNS]
#: Columns holding scores in [0, 1] (test set, or cross-validation means).
SCORE_KEYS = frozenset("accuracy balanced_accuracy roc_auc cv_balanced_accuracy cv_roc_auc".split())
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
PATH_ROLE = Qt.ItemDataRole.UserRole + 2
#: Columns that carry the near-chance marker (icon on the name, colour and tooltip on scores).
NEAR_CHANCE_KEYS = frozenset({"name"}) | SCORE_KEYS
NEAR_CHANCE_COLOR = "#b26a00"


def _size_text(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024**2:
        return f"{number(size / 1024, 1)} KiB"
    return f"{number(size / 1024**2, 1)} MiB"


class ModelTableModel(QAbstractTableModel):
    """ModelRecords as rows (no model file is opened)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._records: list[Any] = []
        self._in_memory: set[Path] = set()
        self._warning_icon: QIcon | None = None

    def warning_icon(self) -> QIcon:
        """The icon marking a model whose result is within noise of chance."""
        if self._warning_icon is None:
            style = QApplication.style()
            self._warning_icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return self._warning_icon

    def set_records(self, records: list[Any], in_memory: set[Path]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._records = list(records)
        self._in_memory = set(in_memory)
        self.endResetModel()

    def set_in_memory(self, in_memory: set[Path]) -> None:
        """Update the "In memory" column only."""
        self._in_memory = set(in_memory)
        col = COLUMN_KEYS.index("in_memory")
        if self._records:
            self.dataChanged.emit(self.index(0, col), self.index(len(self._records) - 1, col))

    def record_at(self, row: int) -> Any:
        """The record shown in ``row``."""
        return self._records[row]

    def row_of(self, path: Path) -> int:
        """The row of model file ``path`` (-1 when absent)."""
        target = Path(path)
        for row, record in enumerate(self._records):
            if record.path == target:
                return row
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("ModelTableModel", COLUMNS[section][1])
        return None

    def _value(self, record: Any, key: str) -> Any:
        if key == "in_memory":
            return record.path in self._in_memory
        if key == "input":
            return (record.n_times or 0, record.n_features or 0)
        if key == "classes":
            return ", ".join(str(c) for c in record.classes)
        return getattr(record, key)

    def _text(self, record: Any, key: str, value: Any) -> str:
        if key in SCORE_KEYS:
            return "" if value is None else number(value, 3)
        if key == "size":
            return _size_text(int(value))
        if key == "in_memory":
            return QCoreApplication.translate("ModelTableModel", "yes") if value else ""
        if key == "input":
            if record.n_features is None:
                return ""
            any_length = QCoreApplication.translate("ModelTableModel", "any")
            return f"{record.n_times or any_length} x {record.n_features}"
        if key == "name" and record.champion:
            return f"★ {record.name}"
        if key == "created_utc" and value:
            return str(value)[:19].replace("T", " ")
        return "" if value is None else str(value)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record = self._records[index.row()]
        key = COLUMN_KEYS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(record, key, self._value(record, key))
        if role == SORT_ROLE:
            value = self._value(record, key)
            if value is None:
                return -1.0 if key in SCORE_KEYS else ""
            return value if isinstance(value, int | float | str) else str(value)
        if role == PATH_ROLE:
            return str(record.path)
        near_chance = record.near_chance if key in NEAR_CHANCE_KEYS else None
        if role == Qt.ItemDataRole.DecorationRole and key == "name" and near_chance:
            return self.warning_icon()
        if role == Qt.ItemDataRole.ForegroundRole and key in SCORE_KEYS and near_chance:
            return QColor(NEAR_CHANCE_COLOR)
        if role == Qt.ItemDataRole.ToolTipRole:
            if record.status != "ok":
                return record.reason or record.status
            if near_chance:
                return near_chance
            if key.startswith("cv_") and record.cv_scheme:
                return QCoreApplication.translate(
                    "ModelTableModel", "mean over the folds of {scheme} cross-validation"
                ).format(scheme=record.cv_scheme)
            return str(record.path)
        if role == Qt.ItemDataRole.ForegroundRole and key == "status" and record.status != "ok":
            return QColor("#c0392b")
        if role == Qt.ItemDataRole.TextAlignmentRole and (key in SCORE_KEYS or key == "size"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class ModelFilterProxy(QSortFilterProxyModel):
    """Sorts on the raw values and filters by text, label and type."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.text = ""
        self.label: str | None = None
        self.model_type: str | None = None

    def set_filters(self, text: str, label: str | None, model_type: str | None) -> None:
        """Show only rows matching every given filter (empty text / None: any)."""
        self.beginFilterChange()
        self.text = text.strip().lower()
        self.label = label or None
        self.model_type = model_type or None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, ModelTableModel)
        record = model.record_at(source_row)
        if self.label is not None and record.label != self.label:
            return False
        if self.model_type is not None and record.model_type != self.model_type:
            return False
        if not self.text:
            return True
        haystack = " ".join(
            str(v)
            for v in (
                record.name,
                record.relpath,
                record.label,
                record.model_type,
                record.notes,
                " ".join(record.tags),
                " ".join(str(c) for c in record.classes),
                "near chance" if record.near_chance else "",
            )
        ).lower()
        return self.text in haystack
