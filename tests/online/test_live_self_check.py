"""The bundle's live self-check, run from source: replay, spell, record, on loopback."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.timeout(180), pytest.mark.slow]


def test_the_live_self_check_spells_the_replayed_text(tmp_path):
    from bcigui.app.live_self_check import SELF_CHECK_REPETITIONS, SELF_CHECK_TEXT, live_self_check

    summary = live_self_check(tmp_path)
    assert "".join(summary.decisions) == SELF_CHECK_TEXT
    assert summary.epochs == len(SELF_CHECK_TEXT) * SELF_CHECK_REPETITIONS * 12
    assert summary.session_path is not None and summary.session_path.is_file()


def test_the_speller_recordings_refuse_symbols_outside_the_matrix(tmp_path):
    from bcigui.online.demo import write_speller_recordings

    with pytest.raises(ValueError, match=r"\['@'\]"):
        write_speller_recordings(tmp_path, "A@")
