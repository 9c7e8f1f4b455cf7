"""What the Model Library's toolbar and context menu do (a mixin of :class:`LibraryTab`)."""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from bcigui.gui.error_dialog import show_worker_error
from bcigui.gui.library.dialogs import AnnotateDialog, TrashDialog, confirm_legacy_import
from bcigui.gui.model_adapter import ModelLibrary
from bcigui.gui.settings import AppSettings
from bcigui.gui.worker_task import WorkerError

#: How long the Undo bar stays after a delete.
UNDO_SECONDS = 20

if TYPE_CHECKING:  # annotations only: the store is imported once the core is loaded
    from bcigui.gui.library.tab import LibraryTab
    from bcigui.store.manager import ModelManager
    from bcigui.store.trash import TrashEntry

log = logging.getLogger(__name__)


class LibraryActions:
    """Actions on the selected models; expects the attributes :class:`LibraryTab` defines."""

    library: ModelLibrary
    settings: AppSettings | None
    last_deleted: list[TrashEntry]

    # helpers ------------------------------------------------------------------------------------
    def _widget(self) -> QWidget:
        assert isinstance(self, QWidget)
        return self

    def _tab(self) -> LibraryTab:
        """This mixin as the LibraryTab it is part of (its table, signals and undo bar)."""
        return cast("LibraryTab", self)

    def _say(self, text: str) -> None:
        self._tab().message.emit(text)

    def _fail(self, title: str, exc: BaseException | WorkerError) -> None:
        error = exc if isinstance(exc, WorkerError) else WorkerError.from_exception(exc)
        self._say(f"{title}: {error.message}")
        show_worker_error(self._widget(), title, error)

    def _folder(self, purpose: str) -> str:
        return self.settings.last_folder(purpose) if self.settings is not None else ""

    def _remember(self, purpose: str, path: str | Path) -> None:
        if self.settings is not None:
            self.settings.set_last_folder(purpose, Path(path).parent)

    def _watch(self, worker: Any, done: str, title: str) -> Any:
        worker.result.connect(lambda _r: self._say(done))
        worker.error.connect(lambda e: self._fail(title, e))
        return worker

    # memory -------------------------------------------------------------------------------------
    def load_selected(self) -> list[Any]:
        """Load the selected models into memory (each in a worker)."""
        workers = []
        for record in self._tab().selected_records():
            if record.status != "ok":
                continue
            worker = self.library.load(record.path)
            workers.append(
                self._watch(
                    worker,
                    QCoreApplication.translate("LibraryActions", "Loaded {n}").format(
                        n=record.name
                    ),
                    QCoreApplication.translate("LibraryActions", "Could not load {n}").format(
                        n=record.name
                    ),
                )
            )
        return workers

    def unload_selected(self) -> None:
        """Drop the selected models from memory."""
        for record in self._tab().selected_records():
            self.library.unload(record.path)

    def use_selected_for_inference(self) -> None:
        """Route the selected model to the Inference tab."""
        records = [r for r in self._tab().selected_records() if r.status == "ok"]
        if records:
            self._tab().use_for_inference.emit(records[0].path)

    # annotations --------------------------------------------------------------------------------
    def annotate_selected(self) -> None:
        """Rename, notes and tags of the selected model."""
        records = self._tab().selected_records()
        if len(records) != 1:
            return
        dialog = AnnotateDialog(records[0], self._widget())
        if dialog.exec():
            self.annotate(records[0].path, **dialog.changes())

    def annotate(self, path: Path, **changes: Any) -> None:
        """Apply annotation ``changes`` to ``path``."""
        try:
            self.library.annotate(path, **changes)
        except Exception as exc:
            self._fail(
                QCoreApplication.translate("LibraryActions", "Could not save the notes"), exc
            )

    def toggle_champion(self) -> None:
        """Mark the selected model as its label's champion (or unmark it)."""
        records = self._tab().selected_records()
        if len(records) == 1:
            try:
                self.library.set_champion(records[0].path, not records[0].champion)
            except Exception as exc:
                self._fail(
                    QCoreApplication.translate("LibraryActions", "Could not mark the champion"), exc
                )

    # delete / restore ---------------------------------------------------------------------------
    def delete_selected(self) -> list[Any]:
        """Move the selected models to the trash; the Undo bar brings them back."""
        entries = []
        for record in self._tab().selected_records():
            try:
                entries.append(self.library.delete(record.path))
            except Exception as exc:
                self._fail(
                    QCoreApplication.translate("LibraryActions", "Could not delete {n}").format(
                        n=record.name
                    ),
                    exc,
                )
        if entries:
            self.last_deleted = entries
            text = QCoreApplication.translate(  # no %n: lupdate gives translate() no plurals
                "LibraryActions", "{n} model(s) moved to the trash."
            ).format(n=len(entries))
            self._tab().undo_label.setText(
                text
                + " "
                + QCoreApplication.translate(
                    "LibraryActions", "Undo is offered for {s} s; the Trash keeps them."
                ).format(s=UNDO_SECONDS)
            )
            self._tab().undo_bar.show()
            self._tab().undo_timer.start()
            self._say(text)
        return entries

    def undo_delete(self) -> list[Path]:
        """Restore what the last delete moved to the trash (while the Undo bar is up)."""
        restored = self.restore_entries(self.last_deleted)
        self.expire_undo()
        return restored

    def expire_undo(self) -> None:
        """The Undo bar's time is up (or it was used): the deletion stands."""
        self.last_deleted = []
        self._tab().undo_timer.stop()
        self._tab().undo_bar.hide()

    def restore_entries(self, entries: list[Any]) -> list[Path]:
        """Bring trash ``entries`` back into the store; one already back there is skipped."""
        restored = []
        in_trash = {e.id for e in self.library.trash()} if entries else set()
        for entry in entries:
            if entry.id not in in_trash:
                self._say(
                    QCoreApplication.translate(
                        "LibraryActions", "{n} is no longer in the trash."
                    ).format(n=entry.original)
                )
                continue
            existing = self._already_in_store(entry)
            if existing is not None:
                self._say(
                    QCoreApplication.translate(
                        "LibraryActions", "{n} is already in the store as {p}; not restored."
                    ).format(n=entry.original, p=existing)
                )
                continue
            try:
                restored.append(self.library.restore(entry))
            except Exception as exc:
                self._fail(
                    QCoreApplication.translate("LibraryActions", "Could not restore {n}").format(
                        n=entry.original
                    ),
                    exc,
                )
        if restored:
            self._say(
                QCoreApplication.translate(  # no %n: lupdate gives translate() no plurals
                    "LibraryActions", "Restored {n} model(s)."
                ).format(n=len(restored))
            )
        return restored

    def _already_in_store(self, entry: Any) -> Path | None:
        """The stored copy of the model in trash ``entry`` (same uuid and payload), if any."""
        manager = self.library.manager
        if manager is None:
            return None
        try:
            record = manager.find_duplicate(entry.path, label=Path(entry.original).parent.name)
        except Exception:  # an unreadable trashed file: restore_model reports it
            log.debug("could not read the manifest of %s", entry.path, exc_info=True)
            return None
        return None if record is None else record.path

    def open_trash(self) -> None:
        """The trash dialog: restore selected entries."""
        dialog = TrashDialog(self.library.trash(), self._widget())
        if dialog.exec():
            self.restore_entries(dialog.selected_entries())

    # files in and out ---------------------------------------------------------------------------
    def export_selected(self) -> None:
        """Copy the selected model out of the store (file dialog)."""
        records = self._tab().selected_records()
        if not records:
            return
        record = records[0]
        start = str(Path(self._folder("export") or Path.home()) / record.path.name)
        dest, _ = QFileDialog.getSaveFileName(
            self._widget(),
            QCoreApplication.translate("LibraryActions", "Export model"),
            start,
            QCoreApplication.translate("LibraryActions", "bcigui model (*.bcimodel)"),
        )
        if dest:
            self._remember("export", dest)
            self.export_to(record.path, Path(dest))

    def export_to(self, path: Path, dest: Path) -> Any:
        """Export ``path`` to ``dest`` in a worker."""
        worker = self.library.export_model(path, dest)
        return self._watch(
            worker,
            QCoreApplication.translate("LibraryActions", "Exported to {p}").format(p=dest),
            QCoreApplication.translate("LibraryActions", "Export failed"),
        )

    def import_dialog(self) -> None:
        """Pick ``.bcimodel`` files and import them."""
        files, _ = QFileDialog.getOpenFileNames(
            self._widget(),
            QCoreApplication.translate("LibraryActions", "Import models"),
            self._folder("import"),
            QCoreApplication.translate(
                "LibraryActions", "bcigui models (*.bcimodel);;All files (*)"
            ),
        )
        if files:
            self._remember("import", files[0])
            self.import_files([Path(f) for f in files])

    def import_files(self, files: list[Path]) -> list[Any]:
        """Verify and copy ``files`` into the store (one worker each)."""
        workers = []
        for source in files:
            worker = self.library.submit(
                partial(_import_unless_present, source=source), f"import {source.name}"
            )
            worker.result.connect(lambda outcome, s=source: self._import_done(s, *outcome))
            worker.error.connect(
                lambda e, s=source: self._fail(
                    QCoreApplication.translate("LibraryActions", "Could not import {n}").format(
                        n=s.name
                    ),
                    e,
                )
            )
            workers.append(worker)
        return workers

    def _import_done(self, source: Path, path: Path, duplicate: bool) -> None:
        if duplicate:
            text = QCoreApplication.translate(
                "LibraryActions", "{n} is already in the store as {p}; nothing was imported."
            )
            self._say(text.format(n=source.name, p=path))
            self._tab().show_model(Path(path))
        else:
            self._imported(path)

    def _imported(self, path: Path) -> None:
        self._say(QCoreApplication.translate("LibraryActions", "Imported {p}").format(p=path))
        self._tab().show_model(Path(path))

    def import_legacy_dialog(self) -> None:
        """Pick a prototype ``.pkl`` and import it after an explicit trust confirmation."""
        file, _ = QFileDialog.getOpenFileName(
            self._widget(),
            QCoreApplication.translate("LibraryActions", "Import a legacy model"),
            self._folder("import"),
            QCoreApplication.translate("LibraryActions", "Legacy pickles (*.pkl)"),
        )  # fmt: skip
        if file:
            self._remember("import", file)
            self.import_legacy_file(Path(file))

    def import_legacy_file(self, source: Path) -> Any:
        """Ask, then convert ``source`` (trust=True only after the user agreed)."""
        if not confirm_legacy_import(self._widget(), source.name):
            self._say(QCoreApplication.translate("LibraryActions", "Legacy import cancelled."))
            return None
        worker = self.library.import_legacy(source)
        worker.result.connect(self._imported)
        worker.error.connect(
            lambda e: self._fail(
                QCoreApplication.translate("LibraryActions", "Legacy import failed"), e
            )
        )
        return worker

    def verify_all(self) -> Any:
        """Re-hash every model in a worker; report the broken ones."""
        worker = self.library.verify_all()
        worker.result.connect(self._verified)
        worker.error.connect(
            lambda e: self._fail(QCoreApplication.translate("LibraryActions", "Verify failed"), e)
        )
        return worker

    def _verified(self, broken: list[Any]) -> None:
        if broken:
            text = QCoreApplication.translate(  # no %n: lupdate gives translate() no plurals
                "LibraryActions", "{n} broken model(s): {names}"
            )
            self._say(text.format(n=len(broken), names=", ".join(r.name for r in broken)))
        else:
            self._say(QCoreApplication.translate("LibraryActions", "Every model verified."))
        self._tab().refresh()

    def compare_selected(self) -> None:
        """Metrics and curves of the selected models side by side."""
        from bcigui.gui.library.compare import CompareDialog

        records = [r for r in self._tab().selected_records() if r.status == "ok"]
        if len(records) >= 2:
            dialog = CompareDialog(records, self._widget())
            dialog.setModal(False)
            dialog.show()
            self._compare_dialog = dialog


def _import_unless_present(manager: ModelManager, source: Path) -> tuple[Path, bool]:
    """Import ``source`` unless the store holds the same model: ``(path, was_duplicate)``."""
    existing = manager.find_duplicate(source)
    if existing is not None:
        return existing.path, True
    return manager.import_model(source), False
