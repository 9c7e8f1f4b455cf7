"""The model panel: classifier type, its generated settings form, label and parameter count."""

from __future__ import annotations

import inspect
import logging
import re
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from bcigui.app.training import TRAINING_LANE, CountRequest, count_params_job, is_network
from bcigui.gui.training.config_form import ConfigForm
from bcigui.gui.training.field_editors import form_text
from bcigui.gui.workers import Worker, WorkerPool

if TYPE_CHECKING:  # annotations only: the classifiers load after the window paints
    from bcigui.classifiers.base import BaseClassifier

log = logging.getLogger(__name__)

#: Labels offered in the label box (any valid name may be typed).
SUGGESTED_LABELS = ("p300", "inner")
ERROR_STYLE = "color: #c62828;"


def first_paragraph(cls: type) -> str:
    """The first paragraph of a class docstring, on one line, without reST markup."""
    doc = inspect.getdoc(cls) or ""
    text = " ".join(doc.split("\n\n")[0].split())
    return re.sub(r":\w+:`~?([^`]+)`", r"\1", text).replace("``", "")


class ModelPanel(QWidget):
    """Choose and configure the classifier to train.

    Signals
    -------
    changed()
        The type, a setting or the label changed (validity may have changed).
    """

    changed = Signal()

    def __init__(self, pool: WorkerPool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pool = pool
        self.types: dict[str, type[BaseClassifier]] = {}
        self.forms: dict[str, ConfigForm] = {}
        self.errors: list[str] = []
        self._label_error = ""
        self._shape: tuple[int, int, int] | None = None
        self._count_worker: Worker | None = None

        self.type_box = QComboBox()
        self.type_box.setObjectName("model_type")
        self.type_box.setEnabled(False)
        self.type_box.addItem(self.tr("Loading classifiers…"))
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setObjectName("model_description")
        self.description.setStyleSheet("color: palette(placeholder-text);")
        self.advanced = QCheckBox(self.tr("Show advanced settings"))
        self.stack = QStackedWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.stack)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area = scroll

        self.label_box = QComboBox()
        self.label_box.setObjectName("model_label")
        self.label_box.setEditable(True)
        self.label_box.addItems(SUGGESTED_LABELS)
        self.label_box.setToolTip(
            self.tr(
                "The model is saved under <store>/<label>/. Use p300, inner or any name of "
                "letters, digits, '-', '_' and '.'."
            )
        )
        self.label_error = QLabel()
        self.label_error.setStyleSheet(ERROR_STYLE)
        self.label_error.setWordWrap(True)
        self.label_error.hide()
        self.params_label = QLabel("—")
        self.params_label.setObjectName("param_count")
        self.count_button = QToolButton()
        self.count_button.setText(self.tr("Count"))
        self.count_button.setToolTip(
            self.tr(
                "Build the network once to count its parameters (loads TensorFlow, a few seconds "
                "the first time; afterwards the count follows every change)."
            )
        )

        #: "Preset X recommends Y [Use it]": shown when training recordings came from a preset.
        self.recommendation = QLabel()
        self.recommendation.setObjectName("recommended_pipeline")
        self.recommendation.setWordWrap(True)
        self.use_recommended = QPushButton(self.tr("Use it"))
        self.use_recommended.setObjectName("use_recommended")
        self.use_recommended.clicked.connect(self.use_recommendation)
        self._recommended: tuple[str, dict[str, Any]] | None = None
        recommendation_row = QHBoxLayout()
        recommendation_row.setContentsMargins(0, 0, 0, 0)
        recommendation_row.addWidget(self.recommendation, 1)
        recommendation_row.addWidget(self.use_recommended)
        self.recommendation_bar = QWidget()
        self.recommendation_bar.setLayout(recommendation_row)
        self.recommendation_bar.hide()

        top = QFormLayout()
        top.addRow(self.recommendation_bar)
        top.addRow(self.tr("Classifier"), self.type_box)
        top.addRow(self.description)
        label_row = QVBoxLayout()
        label_row.setSpacing(1)
        label_row.addWidget(self.label_box)
        label_row.addWidget(self.label_error)
        top.addRow(self.tr("Label"), label_row)
        params_row = QHBoxLayout()
        params_row.addWidget(self.params_label, 1)
        params_row.addWidget(self.count_button)
        top.addRow(self.tr("Parameters"), params_row)
        self._params_row = params_row
        self._top = top
        top.addRow(self.advanced)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)

        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(400)
        self._count_timer.timeout.connect(lambda: self.count_parameters(explicit=False))
        self.type_box.currentIndexChanged.connect(self._type_changed)
        self.label_box.currentTextChanged.connect(self._label_changed)
        self.advanced.toggled.connect(self._advanced_toggled)
        self.count_button.clicked.connect(lambda: self.count_parameters(explicit=True))
        self.setEnabled(False)

    # -- setup -------------------------------------------------------------------------------
    def set_types(self, types: dict[str, type[BaseClassifier]], initial: str | None = None) -> None:
        """Fill the type selector with the registered classifiers (once the core is loaded)."""
        self.types = dict(types)
        self.type_box.blockSignals(True)
        self.type_box.clear()
        for model_type, cls in self.types.items():
            self.type_box.addItem(getattr(cls, "display_name", model_type), model_type)
        self.type_box.blockSignals(False)
        self.type_box.setEnabled(True)
        self.setEnabled(True)
        index = self.type_box.findData(initial) if initial else -1
        self.type_box.setCurrentIndex(max(index, 0))
        self._type_changed()

    def select_type(self, model_type: str) -> None:
        """Show the form of ``model_type``."""
        index = self.type_box.findData(model_type)
        if index < 0:
            raise KeyError(model_type)
        self.type_box.setCurrentIndex(index)

    def recommend(self, preset_text: str, model_type: str, config: dict[str, Any]) -> None:
        """Offer the preset's pipeline (``model_type`` with ``config``) with a "Use it" button;
        an empty ``model_type`` hides the offer. Nothing changes until the user clicks."""
        if not model_type or model_type not in self.types:
            self._recommended = None
            self.recommendation_bar.hide()
            return
        self._recommended = (model_type, dict(config))
        name = getattr(self.types[model_type], "display_name", model_type)
        self.recommendation.setText(
            self.tr("Preset {p} recommends {m}.").format(p=preset_text, m=name)
        )
        self.recommendation_bar.show()

    def use_recommendation(self) -> None:
        """Select the recommended classifier and set its recommended settings."""
        if self._recommended is None:
            return
        from bcigui.app.presets import merged_config

        model_type, config = self._recommended
        self.select_type(model_type)
        form = self.current_form()
        if form is not None and config:
            form.set_values(merged_config(form.values(), config))
        self.recommendation_bar.hide()

    def current_type(self) -> str:
        """The selected model type (``"svm"``...); '' before the core is loaded."""
        return str(self.type_box.currentData() or "")

    def current_form(self) -> ConfigForm | None:
        """The form of the selected type."""
        return self.forms.get(self.current_type())

    def _type_changed(self) -> None:
        model_type = self.current_type()
        cls = self.types.get(model_type)
        if cls is None:
            return
        if model_type not in self.forms:
            form = ConfigForm(cls, sectioned=True)
            form.setObjectName(f"form_{model_type}")
            form.set_show_advanced(self.advanced.isChecked())
            form.changed.connect(self._settings_changed)
            self.forms[model_type] = form
            self.stack.addWidget(form)
            # never clip the form sideways: the column is at least as wide as the widest form
            bar = self.scroll_area.verticalScrollBar().sizeHint().width()
            self.scroll_area.setMinimumWidth(self.stack.minimumSizeHint().width() + bar + 4)
        self.stack.setCurrentWidget(self.forms[model_type])
        self.description.setText(form_text(first_paragraph(cls)))
        network = is_network(cls)
        self._top.setRowVisible(self._params_row, network)
        self.count_button.setVisible(network and not self._tensorflow_ready())
        self._settings_changed()

    def _advanced_toggled(self, show: bool) -> None:
        for form in self.forms.values():
            form.set_show_advanced(show)

    # -- validation ----------------------------------------------------------------------------
    def _settings_changed(self) -> None:
        self.validate()
        self.params_label.setText("—")
        self._count_timer.start()
        self.changed.emit()

    def validate(self) -> list[str]:
        """Validate the form and the label; show messages inline; return them."""
        from pydantic import ValidationError

        self.errors = []
        form = self.current_form()
        cls = self.types.get(self.current_type())
        if form is None or cls is None:
            self.errors = [self.tr("no classifier selected")]
            return self.errors
        try:
            cls.model_validate(form.values())
        except ValidationError as exc:
            details = [(tuple(e["loc"]), e["msg"]) for e in exc.errors()]
            form.set_errors(details)
            self.errors = [f"{'.'.join(map(str, loc))}: {msg}" for loc, msg in details]
        else:
            form.set_errors([])
        if self._label_error:
            self.errors.append(self._label_error)
        return self.errors

    @property
    def is_valid(self) -> bool:
        """True when the settings and the label are valid."""
        return bool(self.types) and not self.errors

    def settings(self) -> tuple[str, dict[str, Any]]:
        """(model type, validated settings as a dict); raises ``ValidationError`` if invalid."""
        cls = self.types[self.current_type()]
        form = self.current_form()
        assert form is not None
        model = cls.model_validate(form.values())
        return self.current_type(), model.model_dump(mode="python")

    # -- label -------------------------------------------------------------------------------
    def label(self) -> str:
        """The label as typed (stripped)."""
        return self.label_box.currentText().strip()

    def set_label(self, text: str) -> None:
        """Set the label text."""
        self.label_box.setCurrentText(text)

    def _label_changed(self) -> None:
        self._label_error = ""
        if self.types:  # the core (and its name check) is loaded
            from bcigui.errors import ConfigError
            from bcigui.modelfile.paths import validate_name

            try:
                validate_name(self.label(), "label")
            except ConfigError as exc:
                self._label_error = str(exc)
        self.label_error.setText(self._label_error)
        self.label_error.setVisible(bool(self._label_error))
        self.validate()
        self.changed.emit()

    # -- parameter count -----------------------------------------------------------------------
    @staticmethod
    def _tensorflow_ready() -> bool:
        from bcigui.app.runtime import tensorflow_ready

        return tensorflow_ready()

    def set_data_shape(self, shape: tuple[int, int, int] | None) -> None:
        """(channels, samples, classes) of the training data, for the parameter count."""
        if shape != self._shape:
            self._shape = shape
            self.params_label.setText("—")
            self._count_timer.start()

    def shutdown(self) -> None:
        """Stop the pending parameter count (the window is closing)."""
        self._count_timer.stop()

    def refresh_count(self) -> None:
        """Count again soon (after a training loaded TensorFlow, for example)."""
        if "(" in self.params_label.text() or self.params_label.text() == "—":
            self._count_timer.start()

    def count_parameters(self, explicit: bool = False) -> Worker | None:
        """Count the network's parameters in the training lane.

        Without ``explicit`` this only happens once TensorFlow is loaded (by a training or by
        the Count button), so that merely editing settings never loads it.
        """
        cls = self.types.get(self.current_type())
        if cls is None or not is_network(cls):
            self.params_label.setText(self.tr("— (not a network)") if cls else "—")
            return None
        if self.errors:
            self.params_label.setText(self.tr("— (fix the settings)"))
            return None
        if self._shape is None:
            self.params_label.setText(self.tr("— (depends on the data: add files first)"))
            return None
        if not explicit and not self._tensorflow_ready():
            self.params_label.setText(self.tr("— (press Count)"))
            return None
        if self.pool.closed:
            return None
        if self._count_worker is not None:
            self._count_worker.cancel()
        model_type, params = self.settings()
        request = CountRequest(model_type, params, *self._shape)
        worker = self.pool.submit(
            count_params_job(request), name="count parameters", lane=TRAINING_LANE
        )
        busy = any(w is not worker for w in self.pool.running(TRAINING_LANE))
        self.params_label.setText(
            self.tr("— (counted after the running training)") if busy else self.tr("counting…")
        )
        worker.result.connect(self._count_done)
        worker.error.connect(self._count_failed)
        worker.finished.connect(self._count_finished)
        self._count_worker = worker
        return worker

    def _count_done(self, count: int) -> None:
        self.params_label.setText(self.tr("{n} parameters").format(n=QLocale().toString(count)))
        self.count_button.hide()

    def _count_failed(self, error: Any) -> None:
        self.params_label.setText(self.tr("— (cannot build: {msg})").format(msg=error.message))

    def _count_finished(self) -> None:
        if self._count_worker is self.sender():
            self._count_worker = None
