"""``python -m bcigui``: the application (headless demo until the window lands) or a subcommand."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Run a subcommand (``demo``, ``versions``...); with none, run the demo."""
    from bcigui.cli import main as cli_main

    args = sys.argv[1:] if argv is None else argv
    if not args or (args[0].startswith("--") and args[0] not in ("--help", "-h")):
        args = ["demo", *args]
    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
