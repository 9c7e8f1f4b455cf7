"""The Spanish interface: no English text slips through, and the catalogue is current.

The walker (:func:`untranslated_texts`) reads every text a user can see on any widget of a
window or dialog (labels, buttons, tool tips, group boxes, tab titles, menus and their actions,
table headers, placeholders, window titles, plot axes) and flags the ones still in English: a
text is English when it holds a word that occurs in the catalogue's English sources but in none
of its translations, or when it is a catalogue source shown untranslated. It knows no widget by
name, so tabs added later (Live, Study) are walked as soon as the window holds them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from tests.gui.conftest import load_demo, run_inference, wait_for_check

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "bcigui" / "gui" / "i18n" / "bcigui_es.ts"
#: English words that are names in Spanish too (metric, model and file names, units).
ALLOWED_WORDS = frozenset(
    """roc auc svm lstm lstmnet xdawn csp lda eeg lsl eegnet mlp erp bcigui bcimodel npy pkl csv
    fif edf bdf gdf hz mb ms ok sd f1 macro moabb riemann adam relu softmax tensorflow keras
    sklearn scikit learn dropout pooling shrinkage auto none fir boxcar linear mean robust
    standard scale balanced average last
    markers""".split()  # "markers": LSL's content type of a marker stream, as the stream names it
)


# -- the catalogue's vocabulary -----------------------------------------------------------------
def _catalogue_pairs() -> Iterator[tuple[str, str, list[str]]]:
    for context in ET.parse(CATALOGUE).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            forms = (
                [f.text or "" for f in translation.iter("numerusform")]
                if translation is not None
                else []
            )
            if translation is not None and not forms:
                forms = [translation.text or ""]
            yield name, message.findtext("source") or "", forms


def _words(text: str) -> set[str]:
    text = re.sub(r"<[^>]+>|\{[^}]*\}|%\w+|&(?=\w)", " ", text)
    return {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z']*[A-Za-z]|[A-Za-z]", text)}


@cache
def english_only_words() -> frozenset[str]:
    """Words of the English sources that no translation uses (minus :data:`ALLOWED_WORDS`)."""
    source_words: set[str] = set()
    spanish_words: set[str] = set()
    for _context, source, forms in _catalogue_pairs():
        source_words |= _words(source)
        for form in forms:
            spanish_words |= _words(form)
    return frozenset(w for w in source_words - spanish_words - ALLOWED_WORDS if len(w) > 1)


@cache
def translated_sources() -> frozenset[str]:
    """Source texts whose Spanish differs (a widget showing one is untranslated)."""
    return frozenset(
        s for _c, s, forms in _catalogue_pairs() if forms and forms[0] != s and len(s) > 2
    )


@cache
def api_names() -> frozenset[str]:
    """Names of the API the Library shows as they are: settings, manifest keys, JSON words."""
    from bcigui.classifiers.registry import available_types
    from bcigui.gui.i18n.catalogue import _models_of

    names = {"true", "false", "null", "files", "path", "sha256"}
    todo = list(available_types().values())
    while todo:
        model = todo.pop()
        for name, field in model.model_fields.items():
            names.add(name)
            todo.extend(_models_of(field.annotation))
    return frozenset(names)


@cache
def preset_titles() -> tuple[str, ...]:
    """Titles of the built-in paradigm presets (also as ``title: condition``), longest first.

    A preset's title, condition names and description are data authored with the preset (like
    a model's name, a file name or a label): the lab knows the paradigms by these names, and a
    user's own presets are titled in whatever language they write. The window shows them as
    they are.
    """
    from bcigui.data.presets import builtin_presets

    titles = set()
    for preset in builtin_presets().values():
        titles.add(preset.title)
        titles.update(f"{preset.title}: {condition}" for condition in preset.conditions)
    return tuple(sorted(titles, key=len, reverse=True))


def is_english(text: str) -> bool:
    """Whether ``text`` (as a user sees it) is still English."""
    plain = re.sub(r"<[^>]+>", " ", text).replace("&", "").strip()
    if not plain or plain in api_names():
        return False
    for title in preset_titles():  # a preset's own name is data: the words around it are not
        plain = plain.replace(title, " ").strip()
    if plain in translated_sources():
        return True
    # file names, paths and identifiers (trial_01_x.npy, /tmp/store, p300) are not sentences
    chunks = [c for c in plain.split() if not re.search(r"[/\\_.]\w|\w[_/\\]|\d", c)]
    return bool(_words(" ".join(chunks)) & english_only_words())


# -- the walker ---------------------------------------------------------------------------------
def widget_texts(widget) -> Iterator[tuple[str, str]]:
    """Every (kind, text) a user can see on ``widget`` itself."""
    from PySide6.QtCore import QModelIndex, Qt
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QGroupBox,
        QLabel,
        QLineEdit,
        QMenu,
        QPlainTextEdit,
        QTabWidget,
        QTextEdit,
    )

    yield "tooltip", widget.toolTip()
    if widget.isWindow():
        yield "window title", widget.windowTitle()
    if isinstance(widget, QLabel):
        yield "label", widget.text()
    if isinstance(widget, QAbstractButton):
        yield "button", widget.text()
    if isinstance(widget, QGroupBox):
        yield "group box", widget.title()
    if isinstance(widget, QLineEdit | QPlainTextEdit):
        yield "placeholder", widget.placeholderText()
    if isinstance(widget, QPlainTextEdit):  # logs: the lines bcigui wrote, not the log module's
        yield "text", widget.toPlainText()
    if isinstance(widget, QTextEdit):
        yield "text", widget.toPlainText()
        yield "placeholder", widget.placeholderText()
    if isinstance(widget, QAbstractSpinBox):
        yield "special value", widget.specialValueText()
    if isinstance(widget, QComboBox):
        for i in range(widget.count()):  # a value shown as it is ('poly', 'none') is code
            if widget.itemData(i) != widget.itemText(i):
                yield "combo item", widget.itemText(i)
    if isinstance(widget, QTabWidget):
        for i in range(widget.count()):
            yield "tab", widget.tabText(i)
            yield "tab tooltip", widget.tabToolTip(i)
    if isinstance(widget, QMenu):
        yield "menu", widget.title()
    for action in widget.actions():
        yield "action", action.text()
        yield "action tooltip", action.toolTip() if action.toolTip() != action.text() else ""
    in_combo = isinstance(widget.parent(), QComboBox) or isinstance(
        widget.parent() and widget.parent().parent(), QComboBox
    )  # a combo box's pop-up list: its items are checked on the combo box
    if isinstance(widget, QAbstractItemView) and widget.model() is not None and not in_combo:
        model, root = widget.model(), QModelIndex()
        rows = model.rowCount(root)
        try:
            columns = model.columnCount(root)
        except TypeError:  # a list model (QListWidget) keeps columnCount private: one column
            columns = 1
        for orientation, count in (
            (Qt.Orientation.Horizontal, columns),
            (Qt.Orientation.Vertical, rows if rows < 50 else 0),
        ):
            for section in range(count):
                header = model.headerData(section, orientation, Qt.ItemDataRole.DisplayRole)
                yield "header", str(header) if header is not None else ""
        for row in range(min(rows, 20)):  # the cells' own words (states, "— missing —")
            for column in range(columns):
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = model.index(row, column, root).data(role)
                    yield "cell", value if isinstance(value, str) else ""
    yield from _plot_texts(widget)


def _plot_texts(widget) -> Iterator[tuple[str, str]]:
    import pyqtgraph as pg

    if isinstance(widget, pg.PlotWidget):
        item = widget.getPlotItem()
        yield "plot title", item.titleLabel.text or ""
        for name in ("left", "bottom"):
            yield "plot axis", item.getAxis(name).labelText or ""


def untranslated_texts(*roots) -> list[str]:
    """``"Class.kind: text"`` for each English text on the roots and all their children."""
    from PySide6.QtWidgets import QWidget

    found = []
    for root in roots:
        for widget in [root, *root.findChildren(QWidget)]:
            for action in widget.actions():  # menus of the menu bar and tool buttons
                if action.menu() is not None:
                    found += untranslated_texts(action.menu())
            for kind, text in widget_texts(widget):
                for line in text.splitlines() if text else []:
                    if is_english(line):  # the line, not a whole page, names the slip
                        found.append(f"{type(widget).__name__}.{kind}: {line!r}")
    return sorted(set(found))


# -- fixtures -------------------------------------------------------------------------------------
@pytest.fixture
def spanish(qapp) -> Iterator[None]:
    """Our Spanish catalogue and Qt's installed; the previous language and locale afterwards."""
    from PySide6.QtCore import QLocale

    from bcigui.gui.i18n import catalogue, install_translators

    catalogue.build()
    before = QLocale()
    loaded = install_translators("es", qapp)
    assert [p.name for p in loaded] == ["bcigui_es.qm", "qtbase_es.qm"]
    yield
    install_translators("en", qapp)
    QLocale.setDefault(before)


@pytest.fixture
def es_window(spanish, window):
    """The main window, built under the Spanish catalogue, with the core loaded."""
    return window


def modal_texts(qtbot, open_it) -> list[str]:
    """Run ``open_it()`` (which shows a modal dialog); walk and close the dialog it shows."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    seen: list[list[str]] = []

    def walk_and_close() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, walk_and_close)
            return
        seen.append(untranslated_texts(dialog))
        dialog.close()

    QTimer.singleShot(0, walk_and_close)
    open_it()
    qtbot.waitUntil(lambda: bool(seen), timeout=5_000)
    return seen[0]


# -- the tests ------------------------------------------------------------------------------------
def test_catalogue_is_complete_and_current(tmp_path: Path) -> None:
    from bcigui.gui.i18n import catalogue

    text = CATALOGUE.read_text(encoding="utf-8")
    assert 'type="unfinished"' not in text, "untranslated entries: see tools/fill_translations.py"
    assert catalogue.core_strings_current(), "run 'python3 bootstrap.py i18n'"
    copy = tmp_path / CATALOGUE.name
    copy.write_text(text, encoding="utf-8")
    output = catalogue.lupdate(copy)
    assert copy.read_text(encoding="utf-8") == text, (
        "the catalogue misses strings of the code: run 'python3 bootstrap.py i18n' and "
        f"translate the new entries\n{output}"
    )


def test_every_gui_text_is_visible_to_lupdate() -> None:
    """pyside6-lupdate skips what it cannot read: a call through an alias of ``translate`` is
    never listed, and a ``QCoreApplication.translate(context, text, "", n)`` call is listed
    without plural forms (its Spanish then shows for n = 1 only). Plurals use ``self.tr``."""
    import ast

    problems = []
    for path in sorted((ROOT / "bcigui" / "gui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
            if (
                isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Attribute)
                and node.value.attr == "translate"
            ):
                problems.append(f"{where}: an alias of translate (lupdate cannot see its calls)")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "translate"
                and (len(node.args) >= 4 or any(k.arg == "n" for k in node.keywords))
            ):
                problems.append(f"{where}: translate() with a count (no plural forms; use self.tr)")
    assert not problems, "\n".join(problems)


def test_every_plural_has_the_spanish_forms() -> None:
    for context in ET.parse(CATALOGUE).getroot().iter("context"):
        for message in context.iter("message"):
            if message.get("numerus") == "yes":
                forms = [f.text or "" for f in message.iter("numerusform")]
                assert len(forms) == 2 and all("%n" in f or "%Ln" in f for f in forms), forms


def test_every_core_error_template_is_in_the_catalogue() -> None:
    from bcigui.gui.i18n import catalogue

    templates = catalogue.error_templates()
    assert len(templates) >= 8
    translated = {s for c, s, forms in _catalogue_pairs() if c == "errors" and forms[0]}
    assert set(templates) <= translated


def test_the_walker_flags_english_and_passes_spanish() -> None:
    assert is_english("Load demo data")
    assert is_english("3 trials were skipped")
    assert not is_english("Cargar datos de demostración")
    assert not is_english("trial_01_x.npy")
    assert not is_english("ROC-AUC 0.81, SVM")
    assert not is_english("P300 oddball / speller — v1")  # a preset's title is data
    assert is_english("Preset P300 oddball / speller recommends XdawnRiemann.")


def test_main_window_is_spanish_in_every_state(
    qtbot, es_window, isolated_store: Path, tmp_path: Path
) -> None:
    """Empty, data problems, demo data, trained, library with a model, inference results."""
    from bcigui.gui import automation as auto

    window = es_window
    assert window.windowTitle() == "bcigui — clasificadores de EEG"
    slips: dict[str, list[str]] = {}

    def walk(state: str) -> None:
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
            qtbot.wait(10)
            slips[f"{state} / {window.tabs.tabText(index)}"] = untranslated_texts(window)

    walk("empty")
    import numpy as np

    panel = window.training_tab.data_panel
    bad = tmp_path / "bad"
    bad.mkdir()
    np.save(bad / "s1_x.npy", np.zeros((4, 50, 3), dtype=np.float32))
    np.save(bad / "s1_y.npy", np.array([0, 1, 0]))  # 3 labels for 4 trials
    np.save(bad / "s2_x.npy", np.zeros((4, 50, 5), dtype=np.float32))  # other channel count
    np.save(bad / "s2_y.npy", np.array([0, 1, 0, 1]))
    np.save(bad / "s3_x.npy", np.zeros((4, 50, 3), dtype=np.float32))
    np.save(bad / "s3_y.npy", np.array([0, 1, 0, 1]))
    np.save(bad / "s4_x.npy", np.zeros((4, 50, 3), dtype=np.float32))  # no label file
    panel.add_files(sorted(bad.iterdir()))
    check = wait_for_check(qtbot, panel)
    assert len(check.problems) >= 3
    walk("data problems")
    panel.train_box.clear()
    load_demo(qtbot, window)
    walk("demo data")
    auto.configure(window, "svm", "p300", input_adapter={"decimate": 4})
    record = auto.train(window, timeout_s=120)
    walk("trained")
    library = window.library_tab
    qtbot.waitUntil(lambda: library.table_model.rowCount() == 1, timeout=10_000)
    library.show_model(Path(record.result.saved_path))
    walk("library with a model")
    tab = window.inference_tab
    window.use_for_inference(Path(record.result.saved_path))
    qtbot.waitUntil(lambda: tab.model_path is not None, timeout=10_000)
    panel = window.training_tab.data_panel
    tab.files.set_rows(list(panel.test_box.rows or panel.train_box.rows)[:4])
    run_inference(qtbot, tab)
    walk("inference results")
    failures = {k: v for k, v in slips.items() if v}
    assert not failures, "\n".join(f"{k}:\n  " + "\n  ".join(v) for k, v in failures.items())


def _p300_model(folder: Path) -> Path:
    """A ShrinkageLDA trained on a small synthetic 128 Hz P300 recording (a Live tab model)."""
    from bcigui import ShrinkageLDA
    from bcigui.data.epoching import EpochSettings, epoch_recordings
    from tests.online.conftest import write_p300_recording

    settings = EpochSettings(
        event_map={"1": "NonTarget", "2": "Target"}, tmin=0.0, tmax=0.8, l_freq=1.0, h_freq=20.0
    )
    train = write_p300_recording(folder / "train_raw.fif", n_trials=40, lead_s=2.0)
    model = ShrinkageLDA().fit_trials(epoch_recordings(train, settings))
    model.training_info_["epoching"] = settings.model_dump()
    return model.save(folder / "p300.bcimodel", label="p300-es")


@pytest.mark.timeout(120)
def test_live_and_study_tabs_are_spanish(
    qtbot, es_window, isolated_store: Path, tmp_path: Path
) -> None:
    """Live: streams searched, a model chosen, a replayed stream described, speller on and off.
    Study: data added, pipelines ticked with a grid, results rows, comparison and best models."""
    import json
    import shutil

    import numpy as np

    from bcigui.data.synthetic import make_p300
    from tests.online.conftest import write_p300_recording

    window = es_window
    slips: dict[str, list[str]] = {}
    live = window.live_tab
    window.tabs.setCurrentWidget(live)
    qtbot.waitUntil(lambda: live._searched and not live._discovering, timeout=20_000)
    slips["live, streams searched"] = untranslated_texts(window)
    store = window.library.store_dir
    store.mkdir(parents=True, exist_ok=True)
    model = Path(shutil.copy(_p300_model(tmp_path), store / "p300.bcimodel"))
    window.library.reconcile()
    qtbot.waitUntil(lambda: live.picker.model_combo.findData(str(model)) >= 0, timeout=20_000)
    live.picker.choose(model)
    recording = write_p300_recording(tmp_path / "p300_raw.fif", n_trials=20, seed=2, lead_s=2.0)
    try:
        assert live.start_replay(recording) is not None
        qtbot.waitUntil(lambda: live.replay is not None, timeout=30_000)
        qtbot.waitUntil(lambda: live.streams.eeg_name == live.replay.name, timeout=20_000)
        qtbot.waitUntil(lambda: live.picker.compat_label.text().startswith("✓"), timeout=20_000)
        slips["live, model and replayed stream"] = untranslated_texts(window)
        live.options.speller_check.setChecked(not live.options.speller_check.isChecked())
        slips["live, speller toggled"] = untranslated_texts(window)
    finally:
        live.stop_replay()

    study = window.study_tab
    window.tabs.setCurrentWidget(study)
    qtbot.waitUntil(lambda: study.pipelines.list.count() > 0, timeout=20_000)
    slips["study, empty"] = untranslated_texts(window)
    files = []
    for seed, subject in enumerate(("s01", "s02")):
        trials = make_p300(n_trials=16, random_state=seed)
        np.save(tmp_path / f"{subject}_x.npy", trials.X.astype(np.float32))
        np.save(tmp_path / f"{subject}_y.npy", np.asarray(trials.y))
        files += [tmp_path / f"{subject}_x.npy", tmp_path / f"{subject}_y.npy"]
    study.data_panel.add_files(files)
    study.pipelines.set_ticked("SVM")
    study.pipelines.set_ticked("ShrinkageLDA")
    study.pipelines.form("SVM").value_edits["C"].setText("0.5, 2")
    study.update_state()
    slips["study, pipelines ticked with a grid"] = untranslated_texts(window)

    def row(pipeline: str, params: dict, fold: int, auc: float) -> dict:
        scores = {"roc_auc": auc, "balanced_accuracy": auc - 0.1}
        return {"pipeline": pipeline, "params": json.dumps(params), "group": "s01",
                "fold": fold, "scores": scores, "fit_seconds": 2.0, "worker": "w1"}  # fmt: skip

    results = study.results
    results.start({"SVM": 4, "ShrinkageLDA": 2}, ["roc_auc", "balanced_accuracy"], 2)
    for r in (
        row("SVM", {"C": 1}, 0, 0.7),
        row("SVM", {"C": 1}, 1, 0.8),
        row("ShrinkageLDA", {}, 0, 0.9),
    ):
        results.add_row(r)
    results.refresh()
    slips["study, running"] = untranslated_texts(window)
    results.set_pipeline_scores(
        {"ShrinkageLDA": (1, "0.900"), "SVM": (2, "0.750 ± 0.050")},
        {"ShrinkageLDA": [0.9], "SVM": [0.7, 0.8]},
    )
    results.show_comparison(
        [
            {"a": "SVM", "b": "ShrinkageLDA", "difference": 0.05, "p": 0.01, "effect": 1.2},
            {"a": "SVM", "b": "XdawnRiemann", "difference": -0.01, "p": 0.6, "effect": 0.1},
        ]
    )
    results.show_models([("SVM", "C=1", model)])
    slips["study, results"] = untranslated_texts(window)
    failures = {k: v for k, v in slips.items() if v}
    assert not failures, "\n".join(f"{k}:\n  " + "\n  ".join(v) for k, v in failures.items())


def test_dialogs_are_spanish(qtbot, es_window, isolated_store: Path, small_p300) -> None:
    from bcigui.gui.error_dialog import show_error
    from bcigui.gui.library.dialogs import AnnotateDialog, TrashDialog
    from bcigui.gui.preferences import PreferencesDialog
    from tests.gui.conftest import save_svm

    window = es_window
    slips: dict[str, list[str]] = {}
    slips["preferences"] = untranslated_texts(PreferencesDialog(window.settings, None, window))
    slips["about"] = modal_texts(qtbot, window.show_about)
    slips["error"] = modal_texts(
        qtbot, lambda: show_error(window, "Error", "x", "Traceback...", informative="")
    )
    paths = [save_svm(isolated_store, "p300", small_p300, C=c) for c in (1.0, 0.5)]
    library = window.library_tab
    window.library.reconcile()
    qtbot.waitUntil(lambda: library.table_model.rowCount() == 2, timeout=10_000)
    library.show_model(paths[0])
    slips["annotate"] = untranslated_texts(AnnotateDialog(library.selected_records()[0], library))
    slips["trash"] = untranslated_texts(TrashDialog(window.library.trash(), library))
    library.table.selectAll()
    library.compare_selected()
    slips["compare"] = untranslated_texts(library._compare_dialog)
    library._compare_dialog.close()
    dialog = window.training_tab.data_panel.open_recording_dialog("train")
    slips["recording"] = untranslated_texts(dialog)
    from bcigui.gui.recording.preset_row import entry_key

    row = dialog.panel.preset_row
    for name, condition in (("p300-oddball", None), ("inner-speech-nieto2022", "inner")):
        index = row.combo.findData(entry_key((name, condition)))
        assert index > 0, name
        row.combo.setCurrentIndex(index)
        row.combo.activated.emit(index)  # as a user picks it: the editors fill in
        dialog.panel.tmin.setValue(dialog.panel.tmin.value() + 0.1)  # edited: "(modified)"
        slips[f"recording with preset {name}"] = untranslated_texts(dialog)
    dialog.close()
    failures = {k: v for k, v in slips.items() if v}
    assert not failures, "\n".join(f"{k}:\n  " + "\n  ".join(v) for k, v in failures.items())


def test_locale_and_preferences_choose_the_language(tmp_path: Path) -> None:
    """``LANG=es_ES.UTF-8`` gives a Spanish window; the Preferences choice wins over it."""
    from bcigui.gui.i18n import catalogue

    catalogue.build()
    script = textwrap.dedent(
        """
        import sys
        from bcigui.gui.app import make_application
        from bcigui.gui.i18n import install_translators, resolve_language
        from bcigui.gui.settings import AppSettings, settings_file
        app = make_application()
        settings = AppSettings(settings_file(sys.argv[1]))
        if len(sys.argv) > 2:
            settings.language = sys.argv[2]
        install_translators(resolve_language(settings.language), app)
        from bcigui.gui.main_window import MainWindow
        window = MainWindow(settings=settings)
        tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
        print(window.windowTitle() + "|" + "|".join(tabs))
        window.pool.shutdown(timeout_s=2.0)
        """
    )

    def title(lang: str, *choice: str) -> str:
        env = dict(os.environ, LANG=lang, LC_ALL=lang, LANGUAGE="", QT_QPA_PLATFORM="offscreen")
        env["PYTHONPATH"] = str(ROOT)
        done = subprocess.run(
            [sys.executable, "-c", script, str(tmp_path / "settings.ini"), *choice],
            capture_output=True, text=True, env=env, timeout=120, check=True,
        )  # fmt: skip
        return done.stdout.strip().splitlines()[-1]

    assert title("es_ES.UTF-8") == (
        "bcigui — clasificadores de EEG|Entrenamiento|Biblioteca de modelos|Inferencia|"
        "En vivo|Estudio"
    )
    assert title("en_GB.UTF-8").startswith("bcigui — EEG classifiers|Training|")
    assert title("es_ES.UTF-8", "en").startswith("bcigui — EEG classifiers|")
    assert title("en_GB.UTF-8", "es").startswith("bcigui — clasificadores de EEG|")


def test_core_error_in_the_window_is_spanish_and_stays_english_in_str(
    qtbot, spanish, tmp_path: Path
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from bcigui.data.npy_file import read_npy
    from bcigui.errors import DataFileError
    from bcigui.gui.error_dialog import show_worker_error
    from bcigui.gui.worker_task import WorkerError

    empty = tmp_path / "a_x.npy"
    empty.write_bytes(b"")
    with pytest.raises(DataFileError) as info:
        read_npy(empty)
    assert str(info.value) == (
        f"{empty}: is an empty file (0 bytes), not a NumPy .npy file "
        "(save it with numpy.save(path, array))"
    )
    error = WorkerError.from_exception(info.value)
    spanish_text = (
        f"{empty}: es un archivo vacío (0 bytes), no un archivo .npy de NumPy "
        "(guárdelo con numpy.save(path, array))"
    )
    assert error.message == spanish_text
    shown: list[tuple[str, list[str]]] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, read_and_close)
            return
        buttons = [b.text() for b in box.findChildren(QPushButton)]
        shown.append((box.text(), buttons))
        box.close()

    from PySide6.QtWidgets import QPushButton

    QTimer.singleShot(0, read_and_close)
    show_worker_error(None, "Error", error)
    qtbot.waitUntil(lambda: bool(shown), timeout=5_000)
    text, buttons = shown[0]
    assert text == f"DataFileError: {spanish_text}"
    assert "Cerrar" in buttons  # Qt's own button, from qtbase_es
    assert str(info.value).endswith("(save it with numpy.save(path, array))")


def test_chance_warning_is_spanish_in_the_window_and_english_in_the_log(spanish) -> None:
    import numpy as np

    from bcigui.classifiers.chance import chance_verdict
    from bcigui.gui.i18n import tr_core

    y_true = np.array([0] * 15 + [1] * 5)
    verdict = chance_verdict(y_true, np.zeros(20, dtype=np.int64), None, ["NonTarget", "Target"])
    assert verdict is not None
    assert verdict.headline().startswith("Near chance: balanced accuracy 50.0 %")
    window_text = tr_core(verdict.text())
    assert window_text.startswith("Cerca del azar: la exactitud equilibrada 50.0 %")
    assert "Causas probables:" in window_text
    assert "Too few test trials (20)" in verdict.text()
