"""Speller decisions sent out on an LSL marker stream, for the stimulus program's feedback.

One string sample per decision, a JSON object ``{"symbol", "posterior", "n_flashes",
"n_repetitions"}``, on a stream named ``bcigui-decisions`` (type ``Markers``) by default.
"""

from __future__ import annotations

import json

from bcigui.online.closing import Closing
from bcigui.online.speller import Decision

#: Default name of the decisions stream.
DECISIONS_STREAM = "bcigui-decisions"


def decision_json(decision: Decision) -> str:
    """The JSON text sent for ``decision``."""
    return json.dumps(
        {
            "symbol": decision.symbol,
            "posterior": round(decision.posterior, 6),
            "n_flashes": decision.n_flashes,
            "n_repetitions": decision.n_repetitions,
        }
    )


class DecisionOutlet(Closing):
    """A string marker outlet for speller decisions (pylsl).

    Parameters
    ----------
    name : str
        Stream name (``bcigui-decisions``).
    source_id : str
        LSL source id, so a stimulus program can find the stream again after a restart.
    """

    def __init__(self, name: str = DECISIONS_STREAM, source_id: str = DECISIONS_STREAM) -> None:
        import pylsl

        info = pylsl.StreamInfo(name, "Markers", 1, 0, "string", source_id)
        self.name = name
        self._outlet: pylsl.StreamOutlet | None = pylsl.StreamOutlet(info)

    def send(self, decision: Decision, timestamp: float = 0.0) -> str:
        """Push one decision (``timestamp`` 0 = now); returns the text sent."""
        if self._outlet is None:
            raise RuntimeError(f"the decisions outlet {self.name!r} is closed")
        text = decision_json(decision)
        self._outlet.push_sample([text], timestamp)
        return text

    def have_consumers(self) -> bool:
        """True when some inlet (a stimulus program) is connected."""
        return self._outlet is not None and bool(self._outlet.have_consumers())

    def close(self) -> None:
        """Destroy the outlet."""
        self._outlet = None
