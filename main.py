"""Start bcigui. Until the desktop window lands this runs the headless demo."""

import sys

from bcigui.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
