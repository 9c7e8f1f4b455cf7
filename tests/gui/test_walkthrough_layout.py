"""Findings of the GUI walkthrough about sizes: result tiles that never clip, a window that
fits the screen, and every tab usable at 1024 x 700."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def cv_result(small_p300_module):
    """A real cross-validated fit of a tiny SVM (metrics with their fold SD)."""
    from bcigui.app.cv_training import fit_with_cross_validation
    from bcigui.classifiers.config import InputAdapter
    from bcigui.classifiers.svm import SVM

    model = SVM(input_adapter=InputAdapter(decimate=4, reduce_3d="mean_time_flat"))
    return fit_with_cross_validation(model, small_p300_module, scheme="kfold", n_splits=3)


@pytest.fixture(scope="module")
def small_p300_module():
    from bcigui.data.synthetic import make_p300

    return make_p300(n_trials=60, random_state=0)


@pytest.mark.parametrize("width", [1000, 620, 420, 260])
def test_cv_result_tiles_never_clip(qtbot, cv_result, width: int) -> None:
    from bcigui.gui.training.results import ResultsView

    view = ResultsView()
    qtbot.addWidget(view)
    view.show_result(cv_result)
    view.resize(width, 400)
    view.show()
    qtbot.waitExposed(view)
    card = view.card
    assert "±" in card.values["accuracy"].text()
    for key, label in card.values.items():
        label.setText(card.WIDEST_VALUE if key != "chance_level" else label.text())
    qtbot.wait(10)
    for label in (*card.values.values(), *card.captions.values()):
        assert label.width() >= label.sizeHint().width(), (width, label.text(), label.width())
        assert label.geometry().right() <= card.contentsRect().right()
    if width >= 1000:
        assert card.columns == 5  # one row when there is room
    elif width <= 260:
        assert card.columns == 1
