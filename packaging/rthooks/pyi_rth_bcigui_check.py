"""PyInstaller runtime hook: ``bcigui --check-bundle`` runs packaging/bundle_check.py and exits.

Runtime hooks run inside the bundle before the entry script, so the option never reaches the
app's own argument parser; a source install has no such option (run the module instead).
"""

import sys

if sys.argv[1:2] == ["--check-bundle"]:
    import bundle_check

    sys.exit(bundle_check.main(sys.argv[2:]))
