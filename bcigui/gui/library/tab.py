"""The Model Library tab: every model of the store in a sortable, filterable table."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QItemSelectionModel, QPoint, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from bcigui.gui.core import CoreInfo
from bcigui.gui.file_drop import dropped_paths
from bcigui.gui.library.details import ModelDetails
from bcigui.gui.library.library_actions import UNDO_SECONDS, LibraryActions
from bcigui.gui.library.table_model import COLUMN_KEYS, ModelFilterProxy, ModelTableModel
from bcigui.gui.library.watcher import StoreWatcher
from bcigui.gui.model_adapter import ModelLibrary
from bcigui.gui.settings import AppSettings

if TYPE_CHECKING:  # annotations only: the store is imported once the core is loaded
    from bcigui.store.records import ModelRecord
    from bcigui.store.trash import TrashEntry

log = logging.getLogger(__name__)

MODEL_SUFFIXES = (".bcimodel", ".pkl")


class LibraryTab(LibraryActions, QWidget):
    """Table, filters, details pane and the actions on the selected models.

    Parameters
    ----------
    library : ModelLibrary
        The window's shared adapter over the ModelManager.
    settings : AppSettings, optional
        For the last folders of the import/export dialogs.

    Signals
    -------
    use_for_inference(Path)
        The user wants to run this model on trials.
    message(str)
        A line for the status bar.
    """

    use_for_inference = Signal(Path)
    message = Signal(str)

    def __init__(
        self,
        library: ModelLibrary,
        settings: AppSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.settings = settings
        self.last_deleted: list[TrashEntry] = []
        self._pending_select: Path | None = None
        self.setAcceptDrops(True)

        self.table_model = ModelTableModel(self)
        self.proxy = ModelFilterProxy(self)
        self.proxy.setSourceModel(self.table_model)
        self.table = QTableView()
        self.table.setObjectName("model_table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COLUMN_KEYS.index("created_utc"), Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _i: self.use_selected_for_inference())

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Filter by name, label, type, notes, tags…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.label_combo = QComboBox()
        self.type_combo = QComboBox()
        for combo in (self.label_combo, self.type_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(self._apply_filters)
        self.filter_edit.textChanged.connect(self._apply_filters)
        self.count_label = QLabel()
        filters = QHBoxLayout()
        filters.addWidget(self.filter_edit, 1)
        filters.addWidget(QLabel(self.tr("Label")))
        filters.addWidget(self.label_combo)
        filters.addWidget(QLabel(self.tr("Type")))
        filters.addWidget(self.type_combo)
        filters.addWidget(self.count_label)

        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self._build_actions()

        self.undo_label = QLabel()
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.clicked.connect(self.undo_delete)
        self.undo_bar = QWidget()
        undo_layout = QHBoxLayout(self.undo_bar)
        undo_layout.setContentsMargins(0, 0, 0, 0)
        undo_layout.addWidget(self.undo_label, 1)
        undo_layout.addWidget(self.undo_button)
        self.undo_bar.hide()
        #: The Undo bar offers undo for this long, then the deletion stands.
        self.undo_timer = QTimer(self)
        self.undo_timer.setSingleShot(True)
        self.undo_timer.setInterval(UNDO_SECONDS * 1000)
        self.undo_timer.timeout.connect(self.expire_undo)

        self.details = ModelDetails()
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addLayout(filters)
        layout.addWidget(self.undo_bar)
        layout.addWidget(self.splitter, 1)

        self.watcher = StoreWatcher(self)
        self.watcher.changed.connect(self.library.reconcile)
        self.library.storeChanged.connect(self._store_changed)
        self.library.cacheChanged.connect(self._cache_changed)
        self.library.ready.connect(self._attached)
        self._update_actions()

    # -- the main window's Tab protocol --------------------------------------------------------
    def core_ready(self, info: CoreInfo) -> None:
        """Nothing to do here: the store arrives through the ModelLibrary's ``ready`` signal."""

    def save_state(self, settings: AppSettings) -> None:
        """Remember how the table and the details pane share the height."""
        settings.qsettings.setValue("library/splitter", self.splitter.saveState())

    def restore_state(self, settings: AppSettings) -> None:
        """Restore the table / details split saved by :meth:`save_state`."""
        state = settings.qsettings.value("library/splitter")
        if isinstance(state, QByteArray):
            self.splitter.restoreState(state)

    def _build_actions(self) -> None:
        def action(text: str, slot: Any, tip: str = "") -> QAction:
            act = QAction(text, self)
            act.setToolTip(tip or text)
            act.triggered.connect(slot)
            return act

        self.load_action = action(self.tr("Load"), self.load_selected, self.tr("Load into memory"))
        self.unload_action = action(
            self.tr("Unload"), self.unload_selected, self.tr("Free its memory")
        )
        self.infer_action = action(self.tr("Use for inference"), self.use_selected_for_inference)
        self.annotate_action = action(self.tr("Rename / notes…"), self.annotate_selected)
        # checkable with one fixed text: toggling it never changes its width or moves the toolbar
        self.champion_action = action(
            self.tr("Champion"), lambda: self.toggle_champion(),
            self.tr("The default model for its label (checked: this model is the champion)"),
        )  # fmt: skip
        self.champion_action.setCheckable(True)
        self.delete_action = action(
            self.tr("Delete"), self.delete_selected, self.tr("Move to the trash")
        )
        self.delete_action.setShortcut("Del")
        self.trash_action = action(
            self.tr("Trash…"), self.open_trash, self.tr("Restore deleted models")
        )
        self.export_action = action(self.tr("Export…"), self.export_selected)
        self.import_action = action(
            self.tr("Import…"), self.import_dialog, self.tr("Import .bcimodel files")
        )
        self.legacy_action = action(self.tr("Import legacy .pkl…"), self.import_legacy_dialog)
        self.verify_action = action(
            self.tr("Verify all"), self.verify_all, self.tr("Re-hash every model")
        )
        self.reveal_action = action(
            self.tr("Reveal"), self.reveal_selected, self.tr("Open the folder")
        )
        self.compare_action = action(
            self.tr("Compare"), self.compare_selected, self.tr("2+ models")
        )
        self.selection_actions = [
            self.load_action, self.unload_action, self.infer_action, self.annotate_action,
            self.champion_action, self.delete_action, self.export_action, self.reveal_action,
        ]  # fmt: skip
        for act in (
            *self.selection_actions[:7], self.compare_action, None, self.import_action,
            self.legacy_action, self.trash_action, self.verify_action, self.reveal_action,
        ):  # fmt: skip
            if act is None:
                self.toolbar.addSeparator()
            else:
                self.toolbar.addAction(act)
                self.addAction(act)

    # -- data ----------------------------------------------------------------------------------
    def _attached(self) -> None:
        store = self.library.store_dir
        if store is not None:
            self.watcher.watch(store)  # the adapter reconciles, then the table fills

    def refresh(self) -> None:
        """Re-read the index (fast: no model file is opened) and keep the selection."""
        selected = {r.path for r in self.selected_records()}
        if self._pending_select is not None:
            selected = {self._pending_select}
        current = self.details.record.path if self.details.record is not None else None
        records = self.library.records()
        self.table_model.set_records(records, self.library.cached_paths())
        self._fill_combo(self.label_combo, self.tr("all labels"), {r.label for r in records})
        self._fill_combo(self.type_combo, self.tr("all types"), {r.model_type for r in records})
        self._apply_filters()
        self._select_paths(selected)
        if current is not None and not selected:
            self.details.clear()

    def _fill_combo(self, combo: QComboBox, any_text: str, values: set[Any]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(any_text, None)
        for value in sorted(v for v in values if v):
            combo.addItem(str(value), value)
        index = combo.findData(current)
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def _apply_filters(self) -> None:
        self.proxy.set_filters(
            self.filter_edit.text(), self.label_combo.currentData(), self.type_combo.currentData()
        )
        self.count_label.setText(
            self.tr("{n} of {total} models").format(
                n=self.proxy.rowCount(), total=self.table_model.rowCount()
            )
        )

    def _store_changed(self, _event: Any) -> None:
        self.refresh()

    def _cache_changed(self, _event: Any) -> None:
        self.table_model.set_in_memory(self.library.cached_paths())
        self._update_actions()

    def set_filter(self, text: str = "", label: str | None = None, model_type: str | None = None):
        """Set the three filters (for scripts and tests)."""
        self.filter_edit.setText(text)
        self.label_combo.setCurrentIndex(max(self.label_combo.findData(label), 0))
        self.type_combo.setCurrentIndex(max(self.type_combo.findData(model_type), 0))
        self._apply_filters()

    # -- selection -----------------------------------------------------------------------------
    def visible_records(self) -> list[ModelRecord]:
        """The records in table order after filtering and sorting."""
        rows = [
            self.proxy.mapToSource(self.proxy.index(r, 0)).row()
            for r in range(self.proxy.rowCount())
        ]
        return [self.table_model.record_at(r) for r in rows]

    def selected_records(self) -> list[ModelRecord]:
        """The records of the selected rows, in table order."""
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return [
            self.table_model.record_at(self.proxy.mapToSource(self.proxy.index(r, 0)).row())
            for r in rows
        ]

    def _select_paths(self, paths: set[Path]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        first = None
        for path in paths:
            row = self.table_model.row_of(path)
            if row < 0:
                continue
            index = self.proxy.mapFromSource(self.table_model.index(row, 0))
            if not index.isValid():
                continue
            flags = (
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            )
            selection.select(index, flags)
            first = first or index
            if path == self._pending_select:
                self._pending_select = None
        if first is not None:
            self.table.scrollTo(first)

    @property
    def model_path(self) -> Path | None:
        """The selected model (or the one routed here and not indexed yet)."""
        if self._pending_select is not None:
            return self._pending_select
        records = self.selected_records()
        return records[0].path if records else None

    def show_model(self, path: Path) -> None:
        """Select model ``path`` (routed from the Training tab), clearing the filters."""
        self.filter_edit.clear()
        self.set_filter()
        self._pending_select = Path(path)
        self.refresh()
        if self._pending_select is not None:  # not indexed yet (saved by a training)
            self.library.reconcile()

    def _selection_changed(self, *_args: Any) -> None:
        records = self.selected_records()
        if len(records) >= 1:
            self.details.show_record(records[0])
        else:
            self.details.clear()
        self._update_actions()

    def _update_actions(self) -> None:
        records = self.selected_records()
        cached = self.library.cached_paths() if records else set()
        ok = [r for r in records if r.status == "ok"]
        one = len(records) == 1
        self.load_action.setEnabled(any(r.path not in cached for r in ok))
        self.unload_action.setEnabled(any(r.path in cached for r in records))
        self.infer_action.setEnabled(one and bool(ok))
        self.annotate_action.setEnabled(one)
        self.champion_action.setEnabled(one and bool(ok))
        self.champion_action.setChecked(one and records[0].champion)
        for act in (self.delete_action, self.export_action, self.reveal_action):
            act.setEnabled(bool(records))
        self.compare_action.setEnabled(len(ok) >= 2)
        has_store = self.library.manager is not None
        for act in (self.import_action, self.legacy_action, self.trash_action, self.verify_action):
            act.setEnabled(has_store)

    def _context_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        for act in (*self.selection_actions, self.compare_action):
            menu.addAction(act)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def reveal_selected(self) -> None:
        """Open the folder of the selected model in the system's file manager."""
        records = self.selected_records()
        folder = records[0].path.parent if records else self.library.store_dir
        if folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # -- drag and drop -------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if any(u.toLocalFile().endswith(MODEL_SUFFIXES) for u in urls):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_paths(event)
        models = [p for p in paths if p.suffix == ".bcimodel"]
        if models:
            self.import_files(models)
        for legacy in (p for p in paths if p.suffix == ".pkl"):
            self.import_legacy_file(legacy)
        event.acceptProposedAction()
