"""Start bcigui: the desktop window (``python main.py``), or a headless subcommand
(``python main.py demo``, ``python main.py models list``). See ``python main.py --help``."""

import sys

from bcigui.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
