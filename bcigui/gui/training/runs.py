"""The record of one training run as the GUI follows it (no widgets).

A :class:`RunRecord` collects what the worker's signals carry: state, the latest progress,
curve points, the log, and the final result or error. The run panel shows the selected record;
switching records re-draws from here.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication

from bcigui.gui.i18n import QT_TRANSLATE_NOOP
from bcigui.gui.plots import SERIES


def _tr(text: str) -> str:
    return QCoreApplication.translate("RunRecord", text)


STATE_TEXT = {
    "queued": QT_TRANSLATE_NOOP("RunRecord", "queued"),
    "running": QT_TRANSLATE_NOOP("RunRecord", "running"),
    "stopping": QT_TRANSLATE_NOOP("RunRecord", "stopping…"),
    "succeeded": QT_TRANSLATE_NOOP("RunRecord", "done"),
    "failed": QT_TRANSLATE_NOOP("RunRecord", "failed"),
    "cancelled": QT_TRANSLATE_NOOP("RunRecord", "stopped, not saved"),
}


def format_duration(seconds: float) -> str:
    """``"0:42"`` or ``"1:02:03"``."""
    seconds = max(round(seconds), 0)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@dataclass
class RunRecord:
    """One queued, running or finished training run."""

    number: int
    title: str
    network: bool
    worker: Any = None
    state: str = "queued"
    fraction: float = 0.0
    message: str = ""
    values: dict[str, Any] = field(default_factory=dict)
    points: dict[str, list[tuple[float, float]]] = field(
        default_factory=lambda: {k: [] for k in SERIES}
    )
    result: Any = None
    error: Any = None
    started_at: float | None = None
    ended_at: float | None = None
    _eta_origin: tuple[float, float] | None = None

    @property
    def active(self) -> bool:
        """Queued, running or stopping."""
        return self.state in ("queued", "running", "stopping")

    def start(self) -> None:
        """The worker started."""
        self.state = "running"
        self.started_at = time.monotonic()

    def add_progress(self, fraction: float, message: str, values: dict[str, Any]) -> list[str]:
        """Take one progress report; return the series that gained a point."""
        self.fraction = max(self.fraction, float(fraction))
        self.message = message
        self.values = values
        if "epoch" in values and "batch" in values and self._eta_origin is None:
            self._eta_origin = (time.monotonic(), self.fraction)
        epoch = values.get("epoch")
        if epoch is None:
            return []
        if values.get("epoch_end"):
            x = float(epoch)
            keys = [k for k in SERIES if k in values]
        else:
            n_batches = max(int(values.get("n_batches", 1)), 1)
            x = float(epoch) - 1 + int(values.get("batch", 0)) / n_batches
            keys = [k for k in ("loss", "accuracy") if k in values]
        for key in keys:
            self.points[key].append((x, float(values[key])))
        return keys

    def eta_seconds(self) -> float | None:
        """Seconds left, from the pace since the first batch (None until it can be told)."""
        if self._eta_origin is None or self.state != "running":
            return None
        t0, f0 = self._eta_origin
        elapsed = time.monotonic() - t0
        done = self.fraction - f0
        if done < 0.01 or elapsed < 1.0:
            return None
        return elapsed / done * max(1.0 - self.fraction, 0.0)

    def progress_text(self) -> str:
        """``"Epoch 3/50 · batch 7/12 · loss 0.512 · ETA 0:42"`` or the latest message."""
        v = self.values
        if "epoch" in v and "n_epochs" in v:
            parts = [
                QCoreApplication.translate("RunRecord", "Epoch {e}/{n}").format(
                    e=v["epoch"], n=v["n_epochs"]
                )
            ]
            if "batch" in v and "n_batches" in v:
                parts.append(
                    QCoreApplication.translate("RunRecord", "batch {b}/{n}").format(
                        b=v["batch"], n=v["n_batches"]
                    )
                )
            if "loss" in v:
                parts.append(
                    QCoreApplication.translate("RunRecord", "loss {x:.3f}").format(x=v["loss"])
                )
            if "val_accuracy" in v:
                parts.append(
                    QCoreApplication.translate("RunRecord", "val. accuracy {x:.3f}").format(
                        x=v["val_accuracy"]
                    )
                )
            text = " · ".join(parts)
        else:
            text = self.message
        eta = self.eta_seconds()
        if eta is not None:
            text += " · " + QCoreApplication.translate("RunRecord", "ETA {t}").format(
                t=format_duration(eta)
            )
        return text

    def list_text(self) -> str:
        """The line of this run in the runs list."""
        state = _tr(STATE_TEXT.get(self.state, self.state))
        text = f"#{self.number} {self.title} · {state}"
        if self.state == "running":
            text += f" {self.fraction:.0%}"
        if self.state == "succeeded" and self.result is not None:
            m = self.result.metrics
            text += " · " + QCoreApplication.translate(
                "RunRecord", "accuracy {a:.3f}, balanced {b:.3f}"
            ).format(a=m.accuracy, b=m.balanced_accuracy)
        return text
