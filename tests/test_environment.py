"""The installed environment is the locked one (``requirements.lock``, written by bootstrap.py).

A fresh clone must run with the distributions that were measured and tested, not with whatever
is newest on PyPI that day (ml_dtypes 0.7.0, for one, stalls TensorFlow's first import for more
than a second while holding the GIL, which freezes the window).
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path
from types import ModuleType

import pytest
from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parents[1]
LOCK = REPO / "requirements.lock"
FIX = (
    "Fix: `python3 bootstrap.py install` reinstalls .venv from requirements.lock; after "
    "changing a dependency in pyproject.toml, `python3 bootstrap.py lock` re-resolves the lock."
)


def _load_bootstrap() -> ModuleType:
    """bootstrap.py lives at the repository root, outside the package: load it by path."""
    spec = importlib.util.spec_from_file_location("bcigui_bootstrap", REPO / "bootstrap.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bootstrap = _load_bootstrap()


def test_installed_distributions_match_the_lock() -> None:
    mismatches = bootstrap.lock_mismatches(LOCK)
    assert not mismatches, (
        f"this environment ({sys.prefix}) differs from {LOCK.name}:\n  "
        + "\n  ".join(mismatches)
        + f"\n{FIX}"
    )


def test_lock_holds_every_pyproject_pin() -> None:
    """Each pin of pyproject.toml (runtime and dev) is in the lock at that version."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    locked = bootstrap.locked_versions(LOCK)
    stale = []
    for line in [*project["dependencies"], *project["optional-dependencies"]["dev"]]:
        requirement = Requirement(line)
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        name = bootstrap.normalized_name(requirement.name)
        pinned = str(requirement.specifier).removeprefix("==")
        if locked.get(name) != pinned:
            stale.append(f"{name}: pyproject.toml pins {pinned}, the lock has {locked.get(name)}")
    assert not stale, f"{LOCK.name} is stale:\n  " + "\n  ".join(stale) + f"\n{FIX}"


def test_every_locked_distribution_has_hashes() -> None:
    """pip installs the lock with --require-hashes: one pin without a hash fails the install."""
    blocks = re.split(r"\n(?=[A-Za-z0-9])", LOCK.read_text())
    pins = [b for b in blocks if not b.startswith("#")]
    unhashed = [b.splitlines()[0] for b in pins if "--hash=sha256:" not in b]
    assert len(pins) == len(bootstrap.locked_requirements(LOCK)) > 50
    assert not unhashed, f"pins without --hash in {LOCK.name}: {unhashed}\n{FIX}"


def test_mismatch_report_names_the_distribution(tmp_path: Path) -> None:
    """A missing distribution and a wrong version are each reported by name."""
    pytest_version = bootstrap.locked_versions(LOCK)["pytest"]
    lock = tmp_path / "requirements.lock"
    lock.write_text(
        "# comment\n"
        "pytest==0.0.1 \\\n    --hash=sha256:00\n"
        f"Pytest_Timeout=={bootstrap.locked_versions(LOCK)['pytest-timeout']} \\\n"
        "    --hash=sha256:00\n"
        "no-such-dist-bcigui==1.0 ; python_version >= '3.11' \\\n    --hash=sha256:00\n"
        "only-on-an-old-python==1.0 ; python_version < '3.0' \\\n    --hash=sha256:00\n"
    )
    problems = bootstrap.lock_mismatches(lock)
    assert problems == [
        "no-such-dist-bcigui: locked at 1.0, not installed",
        f"pytest: locked at 0.0.1, installed {pytest_version}",
    ]


def test_install_stamp_follows_the_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Editing the lock changes the stamp, so bootstrap.py reinstalls the environment."""
    lock = tmp_path / "requirements.lock"
    lock.write_text("numpy==2.4.6\n")
    monkeypatch.setattr(bootstrap, "LOCK", lock)
    before = bootstrap._wanted_stamp()
    lock.write_text("numpy==2.4.5\n")
    assert bootstrap._wanted_stamp() != before


def test_ml_dtypes_initialises_without_stalling() -> None:
    """ml_dtypes' extension (imported by TensorFlow and Keras) starts in well under a second.

    0.7.0 spends 1.0-1.6 s in it with the GIL held (the window freezes); 0.6.0 about 5 ms.
    """
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import ml_dtypes"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    self_us = {
        match.group(2): int(match.group(1))
        for match in re.finditer(r"^import time:\s+(\d+) \|\s+\d+ \|\s+(\S+)$", proc.stderr, re.M)
    }
    ext_s = self_us["ml_dtypes._ml_dtypes_ext"] / 1e6
    assert ext_s < 0.3, (
        f"ml_dtypes {metadata.version('ml_dtypes')}'s extension took {ext_s:.2f} s to import "
        f"({bootstrap.locked_versions(LOCK).get('ml-dtypes')} locked); the window would freeze "
        f"that long at TensorFlow's first import.\n{FIX}"
    )
