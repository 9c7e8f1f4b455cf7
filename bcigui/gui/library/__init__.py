"""The Model Library tab."""

from bcigui.gui.library.tab import LibraryTab

__all__ = ["LibraryTab"]
