"""The Inference tab."""

from bcigui.gui.inference.tab import InferenceTab

__all__ = ["InferenceTab"]
