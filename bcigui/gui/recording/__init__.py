"""The "Open EEG recording…" dialog, shared by the Training and Inference tabs."""

from bcigui.app.recording_choice import UNLABELLED, ModelInput, RecordingChoice
from bcigui.gui.recording.dialog import RecordingDialog

__all__ = ["UNLABELLED", "ModelInput", "RecordingChoice", "RecordingDialog"]
