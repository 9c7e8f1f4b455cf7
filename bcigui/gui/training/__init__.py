"""The Training tab: data panel, generated model form, queued runs with live curves."""

from bcigui.gui.training.tab import TrainingTab

__all__ = ["TrainingTab"]
