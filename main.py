"""Start bcigui: the desktop window (``python main.py``), or a headless subcommand
(``python main.py demo``, ``python main.py models list``). See ``python main.py --help``."""

import multiprocessing
import sys

from bcigui.__main__ import main

if __name__ == "__main__":
    # in the installer bundle, a worker process (a study's) runs its task here and exits
    multiprocessing.freeze_support()
    sys.exit(main())
