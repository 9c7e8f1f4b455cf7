"""Guard for the PySide6 pin: void Qt calls must not leak references to None.

PySide6-Essentials 6.12.0 on CPython 3.11 dropped one reference to ``None`` per call of a
C++ method returning ``void``; a window redrawing curves aborted within minutes
("Fatal Python error: none_dealloc"). 6.11.3 is pinned; this test fails if a bump brings the
bug back.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

_STRESS = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QObject
    obj = QObject()
    before = sys.getrefcount(None)
    for _ in range(1000):
        obj.setObjectName("x")
    print(before - sys.getrefcount(None))
    for _ in range(300_000):
        obj.setObjectName("x")
    """
)


def test_void_calls_do_not_leak_references_to_none() -> None:
    out = subprocess.run(
        [sys.executable, "-c", _STRESS], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert abs(int(out.stdout.strip())) < 10
