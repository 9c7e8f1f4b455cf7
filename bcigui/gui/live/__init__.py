"""The Live tab: run a library model on Lab Streaming Layer EEG and watch it decide."""

from bcigui.gui.live.tab import LiveTab

__all__ = ["LiveTab"]
