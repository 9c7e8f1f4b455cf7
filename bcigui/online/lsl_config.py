"""An ``lsl_api.cfg`` that confines Lab Streaming Layer to this machine.

liblsl reads its configuration from the file named by the ``LSLAPICFG`` environment variable
when the library loads (the first stream, inlet or resolver of the process). Tests, demos and
replays write one with :func:`write_local_lsl_config` so that their streams are visible on
this machine only (``ResolveScope = machine``, peers ``127.0.0.1``, IPv6 off) and, with a unique
``SessionID``, invisible to any other process using another session id: parallel test runs on
one machine never see each other's streams.
"""

from __future__ import annotations

import uuid
from os import PathLike
from pathlib import Path

#: Environment variable liblsl reads its configuration file from.
LSL_CONFIG_ENV = "LSLAPICFG"


def local_lsl_config_text(session_id: str) -> str:
    """The text of a machine-local ``lsl_api.cfg`` with the given ``SessionID``."""
    if not session_id or any(c.isspace() for c in session_id):
        raise ValueError(f"an LSL session id must be one word without spaces, got {session_id!r}")
    return (
        "[ports]\n"
        "IPv6 = disable\n"
        "\n"
        "[multicast]\n"
        "ResolveScope = machine\n"
        "\n"
        "[lab]\n"
        "KnownPeers = {127.0.0.1}\n"
        f"SessionID = {session_id}\n"
    )


def write_local_lsl_config(
    path: str | PathLike[str], session_id: str | None = None
) -> tuple[Path, str]:
    """Write a machine-local ``lsl_api.cfg``.

    Parameters
    ----------
    path : path-like
        The file to write (its folder must exist).
    session_id : str, optional
        LSL ``SessionID``; a fresh ``bcigui-<uuid>`` when omitted.

    Returns
    -------
    (Path, str)
        The file written and the session id in it. Point ``LSLAPICFG`` at the file before
        liblsl loads.
    """
    session_id = session_id or f"bcigui-{uuid.uuid4().hex}"
    target = Path(path)
    target.write_text(local_lsl_config_text(session_id), encoding="utf-8")
    return target, session_id
