"""The pipelines of a study: tick classifiers, edit each one's grid in its generated form."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from bcigui.gui.study.grid import GridValueError, PipelineForm


class PipelinesPanel(QGroupBox):
    """A checkable list of every registered classifier and the grid form of the selected one.

    Forms are built when a classifier is first selected or ticked.

    Signals
    -------
    changed()
        A pipeline was ticked or unticked, or a grid changed.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Pipelines"), parent)
        self.types: dict[str, type] = {}
        self.forms: dict[str, PipelineForm] = {}
        self.list = QListWidget()
        self.list.setObjectName("study_pipelines")
        self.list.setMaximumWidth(200)
        self.list.currentItemChanged.connect(self._show_current)
        self.list.itemChanged.connect(self._item_changed)
        self.stack = QStackedWidget()
        self.placeholder = QLabel(self.tr("Loading the classifiers…"))
        self.placeholder.setWordWrap(True)
        self.stack.addWidget(self.placeholder)
        self.advanced = QCheckBox(self.tr("Show advanced settings"))
        self.advanced.toggled.connect(self._set_advanced)
        self.configurations = QLabel()
        self.configurations.setObjectName("study_configurations")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.stack)
        right = QVBoxLayout()
        top = QHBoxLayout()
        top.addWidget(self.configurations, 1)
        top.addWidget(self.advanced)
        right.addLayout(top)
        right.addWidget(scroll, 1)
        self.setMinimumHeight(360)
        row = QHBoxLayout(self)
        row.addWidget(self.list)
        row.addLayout(right, 1)

    def set_types(self, types: dict[str, type]) -> None:
        """List the registered classifiers (``model_type`` -> class), none ticked."""
        self.types = {cls.__name__: cls for cls in types.values()}
        self.list.blockSignals(True)
        self.list.clear()
        for name in self.types:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.placeholder.setText(self.tr("Select a classifier to edit its grid."))
        if self.list.count():
            self.list.setCurrentRow(0)
        self._update_count()

    def form(self, name: str) -> PipelineForm:
        """The grid form of classifier ``name`` (built on first use)."""
        if name not in self.forms:
            form = PipelineForm(self.types[name])
            form.form.set_show_advanced(self.advanced.isChecked())
            form.changed.connect(self._form_changed)
            self.forms[name] = form
            self.stack.addWidget(form)
        return self.forms[name]

    def _item(self, name: str) -> QListWidgetItem:
        return self.list.findItems(name, Qt.MatchFlag.MatchExactly)[0]

    def set_ticked(self, name: str, ticked: bool = True) -> None:
        """Tick (or untick) classifier ``name``."""
        self._item(name).setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def select(self, name: str) -> None:
        """Show the grid form of classifier ``name``."""
        self.list.setCurrentItem(self._item(name))

    def ticked(self) -> list[str]:
        """The ticked classifiers, in list order."""
        items = (self.list.item(i) for i in range(self.list.count()))
        return [it.text() for it in items if it.checkState() == Qt.CheckState.Checked]

    def pipelines(self) -> list[dict[str, Any]]:
        """``{"model", "params", "grid"}`` of each ticked classifier.

        Raises
        ------
        GridValueError
            A grid value does not fit its field (the message names classifier and field).
        """
        out = []
        for name in self.ticked():
            try:
                form = self.form(name)
                entry = {"model": name, "params": form.params(), "grid": form.grid()}
                out.append(entry | form.extra_keys)
            except GridValueError as exc:
                raise GridValueError(f"{name}: {exc}") from None
        return out

    def errors(self) -> list[str]:
        """The grid mistakes of the ticked pipelines, each naming classifier and field."""
        return [f"{n}: {e}" for n in self.ticked() for e in self.form(n).errors()]

    def max_configurations(self) -> int:
        """The largest number of configurations among the ticked pipelines (0: none ticked)."""
        return max((self.form(n).n_configurations() for n in self.ticked()), default=0)

    def set_pipelines(self, pipelines: list[dict[str, Any]]) -> None:
        """Tick exactly these classifiers and show their parameters and grids (from a spec).

        Each entry has ``model`` (class name), ``params`` and ``grid`` (dotted keys).
        """
        wanted = {p["model"]: p for p in pipelines}
        for name in self.types:
            self.set_ticked(name, name in wanted)
            if name in wanted:
                entry = wanted[name]
                extra: dict[str, Any] = {
                    k: entry[k] for k in ("name", "random", "n_iter") if k in entry
                }
                self.form(name).set_grid(
                    dict(entry.get("params") or {}), dict(entry.get("grid") or {}), extra
                )
        if pipelines:
            self.select(pipelines[0]["model"])

    def _show_current(self, item: QListWidgetItem | None, _previous: Any = None) -> None:
        if item is None:
            self.stack.setCurrentWidget(self.placeholder)
            return
        self.stack.setCurrentWidget(self.form(item.text()))
        self._update_count()

    def _item_changed(self, _item: QListWidgetItem) -> None:
        self._update_count()
        self.changed.emit()

    def _form_changed(self) -> None:
        self._update_count()
        self.changed.emit()

    def _set_advanced(self, show: bool) -> None:
        for form in self.forms.values():
            form.form.set_show_advanced(show)

    def _update_count(self) -> None:
        item = self.list.currentItem()
        if item is None or item.text() not in self.forms:
            self.configurations.setText("")
            return
        n = self.forms[item.text()].n_configurations()
        self.configurations.setText(
            self.tr("%n configuration(s) of %1", "", n).replace("%1", item.text())
        )
