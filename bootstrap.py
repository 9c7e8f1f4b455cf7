"""Set up a local virtual environment and run bcigui or its test suite.

Usage (from the repository root, any OS with Python 3.11 or 3.12)::

    python3 bootstrap.py run  [app arguments...]   # install if needed, start the app
    python3 bootstrap.py test [pytest arguments...] # install if needed, run every check

The environment lives in ``.venv`` beside this file and is reinstalled only when
``pyproject.toml`` changes (a hash of it is stored in ``.venv/bcigui-install.stamp``).
This file only uses the standard library so it runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("BCIGUI_VENV", ROOT / ".venv"))
STAMP = VENV / "bcigui-install.stamp"


def _venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def _wanted_stamp() -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def _say(message: str) -> None:
    sys.stderr.write(f"[bootstrap] {message}\n")
    sys.stderr.flush()


def ensure_environment() -> Path:
    """Create or update ``.venv`` so that it matches ``pyproject.toml``; return its python."""
    if sys.version_info < (3, 11) or sys.version_info >= (3, 13):
        sys.exit(f"bcigui needs Python 3.11 or 3.12; this is {sys.version.split()[0]}.")
    python = _venv_python()
    wanted = _wanted_stamp()
    if python.exists() and STAMP.exists() and STAMP.read_text().strip() == wanted:
        return python
    if not python.exists():
        _say(f"creating virtual environment in {VENV}")
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    _say("installing bcigui and its pinned dependencies (first time: a few minutes)")
    pip = [str(python), "-m", "pip", "--disable-pip-version-check"]
    subprocess.check_call([*pip, "install", "--quiet", "--upgrade", "pip"])
    subprocess.check_call([*pip, "install", "--quiet", "-e", f"{ROOT}[dev]"])
    STAMP.write_text(wanted + "\n")
    return python


def _run(cmd: list[str], env: dict[str, str] | None = None) -> int:
    _say("$ " + " ".join(cmd))
    return subprocess.call(cmd, cwd=ROOT, env=env)


def run_tests(python: Path, pytest_args: list[str]) -> int:
    """Static checks (ruff, import contract, mypy) then the whole pytest suite."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("MPLBACKEND", "Agg")
    bindir = python.parent
    checks = [
        [str(python), "-m", "ruff", "check", "bcigui", "tests", "benchmarks", "main.py"],
        [str(bindir / ("lint-imports.exe" if os.name == "nt" else "lint-imports"))],
        [str(python), "-m", "mypy"],
    ]
    for cmd in checks:
        code = _run(cmd, env)
        if code != 0:
            _say(f"check failed: {' '.join(cmd)}")
            return code
    return _run([str(python), "-m", "pytest", *pytest_args], env)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "install"}:
        sys.stderr.write(__doc__ or "")
        return 2
    python = ensure_environment()
    if argv[0] == "install":
        return 0
    if argv[0] == "test":
        return run_tests(python, argv[1:])
    return _run([str(python), str(ROOT / "main.py"), *argv[1:]])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
