"""The main window: Training, Model Library, Inference, Live and Study tabs, menus, status bar.

The window is built from PySide6 widgets only, so that it paints at once; its first job (started
when it is first shown) imports the core in a worker thread (:func:`bcigui.gui.core.load_core`)
and then enables the tabs. Closing it while a training runs asks first, cancels every job and
joins the worker threads within two seconds.
"""

from __future__ import annotations

import logging
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QIcon, QKeySequence, QShowEvent
from PySide6.QtWidgets import QLabel, QLayout, QMainWindow, QMessageBox, QTabWidget, QWidget

from bcigui.gui.core import CoreInfo, load_core
from bcigui.gui.error_dialog import show_worker_error
from bcigui.gui.inference import InferenceTab
from bcigui.gui.library import LibraryTab
from bcigui.gui.live import LiveTab
from bcigui.gui.model_adapter import ModelLibrary
from bcigui.gui.settings import AppSettings
from bcigui.gui.study import StudyTab
from bcigui.gui.tab_protocol import Tab
from bcigui.gui.training import TrainingTab
from bcigui.gui.workers import Worker, WorkerError, WorkerPool

if TYPE_CHECKING:  # annotations only: the store is imported once the core is loaded
    from bcigui.store.events import StoreEvent

log = logging.getLogger(__name__)

#: Seconds the window waits for worker threads when it closes.
SHUTDOWN_TIMEOUT_S = 2.0
#: How long a tab's message stays in the status bar.
STATUS_MESSAGE_MS = 8000
#: The window can be made this small; below what a page needs, the page scrolls.
MINIMUM_SIZE = (640, 480)
RESOURCES = Path(__file__).resolve().parents[2] / "resources"


def app_icon() -> QIcon:
    """The application icon (empty when the resources folder is not shipped)."""
    path = RESOURCES / "icons" / "bcigui.svg"
    return QIcon(str(path)) if path.is_file() else QIcon()


class MainWindow(QMainWindow):
    """The bcigui main window.

    Parameters
    ----------
    settings : AppSettings, optional
        Where to remember geometry and folders (tests pass one backed by a temporary file).
    pool : WorkerPool, optional
        The worker pool the tabs share (default: a new one owned by the window).
    store_dir : Path, optional
        Model store folder for this session (``--store``); default: Preferences, else the
        core's default.

    Signals
    -------
    core_loaded(CoreInfo)
        The core finished loading; the tabs are usable.
    """

    core_loaded = Signal(object)

    def __init__(
        self,
        settings: AppSettings | None = None,
        pool: WorkerPool | None = None,
        store_dir: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings if settings is not None else AppSettings()
        #: False for unattended runs (``--self-test``): errors are logged, no dialog waits.
        self.show_errors_in_dialogs = True
        #: Why the core could not be loaded (None while loading or once loaded).
        self.core_error: WorkerError | None = None
        self.pool = pool if pool is not None else WorkerPool(self)
        self.store_override = store_dir or self.settings.store_dir
        self.core: CoreInfo | None = None
        self.stopped_cleanly = True
        self._core_worker: Worker | None = None
        self._closing = False
        self.setWindowTitle(self.tr("bcigui — EEG classifiers"))
        self.setWindowIcon(app_icon())

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.training_tab = TrainingTab(self.pool, self.settings)
        self.library = ModelLibrary(self.pool, self)
        self.library_tab = LibraryTab(self.library, self.settings)
        self.inference_tab = InferenceTab(self.library, self.settings)
        self.live_tab = LiveTab(self.pool, self.library, self.settings)
        #: The pages, each a :class:`~bcigui.gui.tab_protocol.Tab`: the window reaches them
        #: only through that protocol and their public signals and methods.
        self.study_tab = StudyTab(self.pool, self.library, self.settings)
        self.pages: tuple[Tab, ...] = (
            self.training_tab,
            self.library_tab,
            self.inference_tab,
            self.live_tab,
            self.study_tab,
        )
        self.tabs.addTab(self.training_tab, self.tr("Training"))
        self.tabs.addTab(self.library_tab, self.tr("Model Library"))
        self.tabs.addTab(self.inference_tab, self.tr("Inference"))
        self.tabs.addTab(self.live_tab, self.tr("Live"))
        self.tabs.addTab(self.study_tab, self.tr("Study"))
        self.setCentralWidget(self.tabs)
        # the window never grows by itself (say, past a small screen) when a page's minimum
        # grows: the pages scroll instead (their panels sit in scroll areas)
        window_layout = self.layout()
        if window_layout is not None:
            window_layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.setMinimumSize(*MINIMUM_SIZE)

        self.store_label = QLabel(self.tr("Store: loading…"))
        self.store_label.setObjectName("store_path")
        self.memory_label = QLabel()
        self.memory_label.setObjectName("models_in_memory")
        self.statusBar().addPermanentWidget(self.memory_label)
        self.statusBar().addPermanentWidget(self.store_label)
        self._build_menus()
        for page in self.pages:
            page.message.connect(self.show_status_message)
        self.training_tab.show_in_library.connect(self.show_in_library)
        self.training_tab.use_for_inference.connect(self.use_for_inference)
        self.training_tab.run_finished.connect(lambda _record: self.library.reconcile())
        self.training_tab.model_saved.connect(lambda _path: self.library.reconcile())
        self.library_tab.use_for_inference.connect(self.use_for_inference)
        self.live_tab.use_session_for_training.connect(self.use_session_for_training)
        self.study_tab.show_in_library.connect(self.show_in_library)
        self.study_tab.models_saved.connect(self.library.reconcile)
        self.library.cacheChanged.connect(self._show_memory)
        self.library.storeChanged.connect(self._show_memory)
        self._apply_cache_limits()
        self._show_memory()
        self._restore_geometry()

    # -- menus -------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.open_action = QAction(self.tr("&Open data…"), self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self.open_data)
        self.import_action = QAction(self.tr("&Import model…"), self)
        self.import_action.setEnabled(False)  # until the core is loaded
        self.import_action.setToolTip(self.tr("Import .bcimodel files into the store"))
        self.import_action.triggered.connect(self.import_models)
        self.preferences_action = QAction(self.tr("&Preferences…"), self)
        self.preferences_action.setShortcut(QKeySequence("Ctrl+,"))
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.preferences_action.triggered.connect(self.open_preferences)
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.open_action)
        file_menu.addAction(self.import_action)
        file_menu.addSeparator()
        file_menu.addAction(self.preferences_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.about_action = QAction(self.tr("&About bcigui"), self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)

    # -- start-up ------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._core_worker is None and self.core is None:
            QTimer.singleShot(0, self.load_core)

    def load_core(self) -> Worker | None:
        """Import the core in a worker (once); the tabs come alive when it is done."""
        if self._core_worker is not None or self.core is not None or self._closing:
            return self._core_worker
        self.statusBar().showMessage(self.tr("Loading the classifiers…"))
        worker = self.pool.submit(
            load_core(self.store_override), name="load core", lane="core", abandonable=True
        )
        worker.result.connect(self._core_ready)
        worker.error.connect(self._core_failed)
        self._core_worker = worker
        return worker

    def _core_ready(self, info: CoreInfo) -> None:
        self.core = info
        self._core_worker = None
        for page in self.pages:
            page.core_ready(info)
        self._show_store(info.store_dir)
        self.import_action.setEnabled(True)
        self.statusBar().showMessage(self.tr("Ready"), 3000)
        self.core_loaded.emit(info)

    def _core_failed(self, error: WorkerError) -> None:
        self._core_worker = None
        self.core_error = error
        self.statusBar().showMessage(self.tr("The classifiers could not be loaded."))
        if self.show_errors_in_dialogs:
            show_worker_error(self, self.tr("bcigui could not start"), error)
        else:
            log.error("the core could not be loaded: %s\n%s", error.message, error.details)

    def _show_store(self, store: Path) -> None:
        self.store_label.setText(self.tr("Store: {p}").format(p=store))
        self.store_label.setToolTip(self.tr("Models are saved under {p}").format(p=store))
        self.library.set_store(store)

    # -- actions ------------------------------------------------------------------------------
    def open_data(self) -> None:
        """File > Open data…: the Training tab's file dialog."""
        self.tabs.setCurrentWidget(self.training_tab)
        self.training_tab.open_data_dialog()

    def open_preferences(self) -> None:
        """Edit the store and data folders."""
        from bcigui.gui.preferences import PreferencesDialog

        current = self.core.store_dir if self.core else None
        dialog = PreferencesDialog(self.settings, current, self)
        if dialog.exec():
            before = self.settings.store_dir
            dialog.apply()
            self._apply_cache_limits()
            if self.core is not None and self.settings.store_dir != before:
                self.apply_store(self.settings.store_dir)

    def _apply_cache_limits(self) -> None:
        self.library.set_cache_limits(self.settings.cache_models, self.settings.cache_mb * 1024**2)

    def apply_store(self, store: Path | None) -> None:
        """Use ``store`` as the model store from now on (None: the default)."""
        from bcigui.modelfile import paths

        paths.set_default_store_dir(store)
        self._show_store(paths.default_store_dir())

    def show_about(self) -> None:
        """Help > About: versions that matter for model files."""
        from bcigui.modelfile.versions import library_versions

        rows = "".join(
            f"<tr><td>{escape(k)}</td><td>&nbsp;{escape(v)}</td></tr>"
            for k, v in library_versions().items()
        )
        QMessageBox.about(
            self,
            self.tr("About bcigui"),
            self.tr(
                "<h3>bcigui</h3><p>Train, keep and run EEG classifiers for brain-computer "
                "interfaces.</p>"
            )
            + f"<table>{rows}</table>",
        )

    def import_models(self) -> None:
        """File > Import model…: the Model Library's import dialog."""
        self.tabs.setCurrentWidget(self.library_tab)
        self.library_tab.import_dialog()

    def show_status_message(self, text: str) -> None:
        """Show a tab's message in the status bar for a few seconds."""
        self.statusBar().showMessage(text, STATUS_MESSAGE_MS)

    def _show_memory(self, _event: StoreEvent | None = None) -> None:
        info = self.library.cache_info()
        if not info:
            self.memory_label.setText("")
            return
        self.memory_label.setText(
            self.tr("In memory: {n}/{m} models ({mb:.1f} MB)").format(
                n=info.get("size", 0),
                m=info.get("max_models", 0),
                mb=info.get("bytes", 0) / 1e6,
            )
        )

    def show_in_library(self, path: Path) -> None:
        """Route a saved model to the Model Library tab."""
        self.library_tab.show_model(path)
        self.tabs.setCurrentWidget(self.library_tab)

    def use_for_inference(self, path: Path) -> None:
        """Route a saved model to the Inference tab."""
        self.inference_tab.show_model(path)
        self.tabs.setCurrentWidget(self.inference_tab)

    def use_session_for_training(self, path: Path) -> None:
        """Open a recorded live session in the Training tab's recording dialog."""
        self.tabs.setCurrentWidget(self.training_tab)
        self.training_tab.data_panel.open_recording_dialog("train", [Path(path)])

    # -- geometry and closing ----------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = self.settings.geometry("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            screen = QGuiApplication.primaryScreen()
            available = screen.availableGeometry() if screen else None
            width, height = 1480, 900
            if available is not None and available.width() > 0:
                width = min(width, int(available.width() * 0.95))
                height = min(height, int(available.height() * 0.92))
            self.resize(width, height)
        self._fit_to_screen()
        state = self.settings.geometry("state")
        if state is not None:
            self.restoreState(state)
        for page in self.pages:
            page.restore_state(self.settings)

    def _fit_to_screen(self) -> None:
        """Shrink a window (restored from a larger screen) to the screen it is on."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen is not None else None
        if available is None or available.width() <= 0:
            return
        width = max(min(self.width(), available.width()), self.minimumWidth())
        height = max(min(self.height(), available.height()), self.minimumHeight())
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)

    def save_settings(self) -> None:
        """Remember geometry and tab state."""
        self.settings.set_geometry("geometry", self.saveGeometry())
        self.settings.set_geometry("state", self.saveState())
        for page in self.pages:
            page.save_state(self.settings)
        self.settings.sync()

    def confirm_stop_training(self) -> bool:
        """Ask whether to stop the running and queued trainings and quit."""
        answer = QMessageBox.question(
            self,
            self.tr("Training in progress"),
            self.tr(
                "A training or a study is running or queued. Stop it (nothing of it is saved) "
                "and quit?"
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def closeEvent(self, event: QCloseEvent) -> None:
        busy = self.training_tab.has_active_runs() or self.study_tab.is_running()
        if busy and not self.confirm_stop_training():
            event.ignore()
            return
        self._closing = True
        self.save_settings()
        self.training_tab.shutdown()
        self.study_tab.shutdown()
        self.stopped_cleanly = self.pool.shutdown(timeout_s=SHUTDOWN_TIMEOUT_S)
        self.live_tab.shutdown()  # after the live session stopped: its replayed stream
        self.library.close()
        if not self.stopped_cleanly:
            log.warning("some work did not stop within %.1f s", SHUTDOWN_TIMEOUT_S)
        event.accept()
