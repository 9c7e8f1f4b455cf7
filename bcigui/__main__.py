"""``python -m bcigui``: the desktop application, or a headless subcommand.

With no arguments (or only application options such as ``--store DIR`` or ``--self-test``) the
window opens; ``demo``, ``versions`` and ``models ...`` run headless over the same core.
"""

from __future__ import annotations

import sys

#: Subcommands handled by :mod:`bcigui.cli` without Qt.
HEADLESS_COMMANDS = frozenset({"demo", "versions", "models", "train", "predict", "study"})


def main(argv: list[str] | None = None) -> int:
    """Dispatch to the window or to a headless subcommand; returns the exit status."""
    args = sys.argv[1:] if argv is None else argv
    if args and (args[0] in HEADLESS_COMMANDS or args[0] in ("-h", "--help")):
        from bcigui.cli import main as cli_main

        return cli_main(args)
    from bcigui.gui.app import main as gui_main

    return gui_main(args)


if __name__ == "__main__":
    sys.exit(main())
