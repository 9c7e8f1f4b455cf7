"""The Study tab."""

from bcigui.gui.study.tab import StudyTab

__all__ = ["StudyTab"]
