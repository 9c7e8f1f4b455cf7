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


def _no_overlap(widgets) -> None:
    shown = [w for w in widgets if w.isVisible()]
    for i, a in enumerate(shown):
        for b in shown[i + 1 :]:
            ga = a.geometry().translated(a.parentWidget().mapTo(a.window(), a.pos()) - a.pos())
            gb = b.geometry().translated(b.parentWidget().mapTo(b.window(), b.pos()) - b.pos())
            assert not ga.intersects(gb), (a.objectName() or a.text(), b.objectName() or b.text())


def test_every_tab_is_usable_at_1024_by_700(qtbot, window) -> None:
    from tests.gui.conftest import load_demo

    window.resize(1024, 700)
    load_demo(qtbot, window)
    tab = window.training_tab
    panel = tab.model_panel
    for model_type in list(panel.types):  # every classifier's form, the widest included
        panel.select_type(model_type)
        qtbot.wait(5)
        assert (window.width(), window.height()) == (1024, 700), model_type  # never grows
    tab.data_panel.set_cross_validation(True, folds=5, scheme="grouped")
    qtbot.wait(20)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(20)
        page = window.tabs.currentWidget()
        hint = page.minimumSizeHint()
        assert hint.width() <= page.width() and hint.height() <= page.height(), (index, hint)
    window.tabs.setCurrentIndex(0)
    qtbot.wait(20)
    for area_index in range(tab.splitter.count()):
        area = tab.splitter.widget(area_index)
        inner = area.widget()
        # every panel gets at least the width it needs: nothing clipped, no sideways scrolling
        assert area.viewport().width() >= inner.minimumSizeHint().width(), type(inner).__name__
        assert not area.horizontalScrollBar().isVisible()
    run = tab.run_panel
    _no_overlap([run.train_button, run.stop_button, run.cancel_queued_button, run.readiness])
    cv = tab.data_panel.cv
    _no_overlap([cv.radio, cv.folds, cv.scheme, cv.permutations, cv.folds_note])


def test_the_window_never_grows_past_a_small_screen(qtbot, window) -> None:
    window.resize(700, 520)  # narrower than the three training panels need
    qtbot.wait(20)
    window.training_tab.model_panel.select_type("lstm")
    qtbot.wait(20)
    assert (window.width(), window.height()) == (700, 520)
    areas = [window.training_tab.splitter.widget(i) for i in range(3)]
    # what does not fit scrolls inside its panel
    assert any(a.horizontalScrollBar().isVisible() for a in areas)
