"""Start bcigui: the desktop window (``python main.py``), or a headless subcommand
(``python main.py demo``, ``python main.py models list``). See ``python main.py --help``."""

import multiprocessing
import sys

from bcigui.__main__ import main

if __name__ == "__main__":
    # in the installer bundle, a worker process (a study's) runs its task here and exits
    multiprocessing.freeze_support()
    if getattr(sys, "frozen", False) and sys.argv[1:2] == ["--check-bundle"]:
        # the installer bundle's own checks (packaging/bundle_check.py, bundled beside the app);
        # routed here, not in a runtime hook, so that worker processes find this __main__
        import bundle_check

        sys.exit(bundle_check.main(sys.argv[2:]))
    sys.exit(main())
