"""Set up a local virtual environment from the lock file and run bcigui or its test suite.

Usage (from the repository root, any OS with Python 3.11 or 3.12)::

    python3 bootstrap.py run  [app arguments...]    # install if needed, start the app
    python3 bootstrap.py test [pytest arguments...] # install if needed, run every check
    python3 bootstrap.py install                    # install if needed, nothing else
    python3 bootstrap.py lock [--upgrade]           # re-resolve requirements.lock
    python3 bootstrap.py i18n                       # refresh the translation catalogues

The environment lives in ``.venv`` beside this file (``BCIGUI_VENV`` moves it). It holds
exactly the distributions of ``requirements.lock`` (every transitive dependency of
``bcigui[dev]`` at one version, with its SHA-256 hashes), installed with
``pip install --require-hashes -r requirements.lock``, then bcigui itself with
``pip install --no-deps -e .``. It is reinstalled only when ``requirements.lock`` or
``pyproject.toml`` changes (a hash of both is stored in ``.venv/bcigui-install.stamp``).

``lock`` re-resolves the lock with uv (pinned in the dev extra) for Linux, Windows and macOS
and Python 3.11 and 3.12, keeping the current pins where ``pyproject.toml`` allows them;
``lock --upgrade`` moves every unpinned transitive dependency to its newest release. Run it
after changing a dependency in ``pyproject.toml`` and commit both files.

``run``, ``test`` and ``install`` compile the window's translations (``bcigui/gui/i18n/*.ts`` to
``.qm`` with ``pyside6-lrelease``) when a ``.qm`` is missing or older than its ``.ts``; the
``.qm`` files are never committed. ``i18n`` refreshes the catalogues after a code change: it runs
``pyside6-lupdate -no-obsolete`` over the GUI (new strings arrive untranslated in the ``.ts``),
then compiles them (see docs/architecture.md, "Languages").

``test`` on Linux first makes sure the system libraries the Qt tests and the Xvfb bundle test
need are there: as root on Debian/Ubuntu it installs the missing ones with apt-get; otherwise it
says which are missing (the Xvfb test then skips).

This file only uses the standard library so it runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("BCIGUI_VENV", ROOT / ".venv"))
STAMP = VENV / "bcigui-install.stamp"
LOCK = ROOT / "requirements.lock"
LOCK_COMMAND = "python3 bootstrap.py lock"
I18N_DIR = ROOT / "bcigui" / "gui" / "i18n"
#: Distributions a venv may hold beside the locked ones.
UNLOCKED_OK = frozenset({"pip", "bcigui"})
#: Debian packages the test command needs: Xvfb (the bundle's X11 test) and the libraries
#: Qt's xcb and offscreen platform plugins load.
DEBIAN_PACKAGES = (
    "xvfb",
    "xauth",
    "libegl1",
    "libgl1",
    "libglib2.0-0",
    "libfontconfig1",
    "libdbus-1-3",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-xinerama0",
    "libxcb-xkb1",
)
_LOCK_LINE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def _venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def _wanted_stamp() -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    digest.update(LOCK.read_bytes() if LOCK.exists() else b"no lock")
    digest.update(sys.version.encode())
    return digest.hexdigest()


def _say(message: str) -> None:
    sys.stderr.write(f"[bootstrap] {message}\n")
    sys.stderr.flush()


def normalized_name(name: str) -> str:
    """A distribution name in PEP 503 normal form (``ML_Dtypes`` -> ``ml-dtypes``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def locked_requirements(lock: Path = LOCK) -> list[tuple[str, str, str | None]]:
    """The pins of a lock file: ``(normalized name, version, environment marker or None)``.

    A name may appear twice with different markers (a version per Python release).
    """
    pins = []
    for line in lock.read_text().splitlines():
        match = _LOCK_LINE.match(line.strip())
        if match:
            name, version, marker = match.groups()
            pins.append((normalized_name(name), version, marker))
    return pins


def locked_versions(lock: Path = LOCK) -> dict[str, str]:
    """The version each locked distribution must have on this platform and Python.

    Environment markers (``sys_platform == 'darwin'``) are evaluated with ``packaging``, which
    the locked environment holds; call it from the environment's own interpreter.
    """
    from packaging.markers import Marker

    return {
        name: version
        for name, version, marker in locked_requirements(lock)
        if marker is None or Marker(marker).evaluate()
    }


def lock_mismatches(lock: Path = LOCK) -> list[str]:
    """How the running interpreter's distributions differ from the lock (empty when they match).

    Each entry names one distribution: missing, or installed at another version than locked.
    """
    from importlib import metadata

    problems = []
    for name, version in sorted(locked_versions(lock).items()):
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            problems.append(f"{name}: locked at {version}, not installed")
            continue
        if installed != version:
            problems.append(f"{name}: locked at {version}, installed {installed}")
    return problems


def _installed(python: Path) -> list[str]:
    """Normalized names of the distributions installed in the venv of ``python``."""
    out = subprocess.check_output(
        [str(python), "-m", "pip", "list", "--format=json", "--disable-pip-version-check"]
    )
    return [normalized_name(d["name"]) for d in json.loads(out)]


def ensure_environment() -> Path:
    """Create or update the venv so that it matches ``requirements.lock``; return its python."""
    if sys.version_info < (3, 11) or sys.version_info >= (3, 13):
        sys.exit(f"bcigui needs Python 3.11 or 3.12; this is {sys.version.split()[0]}.")
    if not LOCK.exists():
        sys.exit(f"{LOCK} is missing: restore it from git (git checkout -- {LOCK.name}).")
    python = _venv_python()
    wanted = _wanted_stamp()
    if python.exists() and STAMP.exists() and STAMP.read_text().strip() == wanted:
        return python
    if not python.exists():
        _ensure_venv_support()
        _say(f"creating virtual environment in {VENV}")
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    STAMP.unlink(missing_ok=True)  # an interrupted install is redone next time
    _say(f"installing the locked dependencies from {LOCK.name} (first time: a few minutes)")
    pip = [str(python), "-m", "pip", "--disable-pip-version-check"]
    subprocess.check_call([*pip, "install", "--quiet", "--upgrade", "pip"])
    subprocess.check_call([*pip, "install", "--quiet", "--require-hashes", "-r", str(LOCK)])
    locked = {name for name, _version, _marker in locked_requirements()}
    extra = sorted(set(_installed(python)) - locked - UNLOCKED_OK)
    if extra:
        _say("removing distributions the lock no longer holds: " + ", ".join(extra))
        subprocess.check_call([*pip, "uninstall", "--quiet", "--yes", *extra])
    # bcigui itself, without touching the locked set; setuptools comes from the lock.
    subprocess.check_call(
        [*pip, "install", "--quiet", "--no-deps", "--no-build-isolation", "-e", str(ROOT)]
    )
    STAMP.write_text(wanted + "\n")
    return python


def write_lock(python: Path, uv_args: list[str]) -> int:
    """Re-resolve ``requirements.lock`` from ``pyproject.toml`` with uv (see the module doc)."""
    cmd = [
        str(python), "-m", "uv", "pip", "compile", str(ROOT / "pyproject.toml"),
        "--extra", "dev", "--universal", "--python-version", "3.11", "--generate-hashes",
        "--no-header", "--quiet", "--index-url", "https://pypi.org/simple",
        "--output-file", str(LOCK), *uv_args,
    ]  # fmt: skip
    code = _run(cmd)
    if code != 0:
        return code
    header = (
        "# Every distribution of bcigui[dev] (runtime, test and build tools), each at one\n"
        "# version with the SHA-256 hashes of its files, for Linux, Windows and macOS and\n"
        "# Python 3.11/3.12. bootstrap.py installs it into .venv (CI and the bundle build use\n"
        "# that venv); tests/test_environment.py checks the venv against it.\n"
        "# Resolved by uv from pyproject.toml. After changing a dependency there, refresh with:\n"
        f"#    {LOCK_COMMAND}            (keeps the other pins)\n"
        f"#    {LOCK_COMMAND} --upgrade  (newest releases pyproject.toml allows)\n"
    )
    LOCK.write_text(header + LOCK.read_text())
    _say(f"wrote {LOCK}: {len(locked_requirements())} pins; commit it with pyproject.toml")
    return 0


def _missing_debian_packages() -> list[str]:
    missing = []
    for package in DEBIAN_PACKAGES:
        proc = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", package],
            capture_output=True,
            text=True,
            check=False,
        )
        if "install ok installed" not in proc.stdout:
            missing.append(package)
    return missing


def _apt_install(packages: list[str], purpose: str) -> bool:
    """Install Debian packages with apt-get as root; otherwise say the command. True if done."""
    command = "apt-get install -y --no-install-recommends " + " ".join(packages)
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        _say(
            f"system packages missing for {purpose}: {', '.join(packages)}. "
            f"To install them: sudo apt-get update && sudo {command}"
        )
        return False
    _say(f"installing system packages for {purpose}: {', '.join(packages)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    try:
        subprocess.check_call(["apt-get", "update", "-q"], env=env)
        subprocess.check_call(
            ["apt-get", "install", "-y", "-q", "--no-install-recommends", *packages], env=env
        )
    except (subprocess.CalledProcessError, OSError) as exc:
        # a package mirror that fails must not fail the tests: what needs them skips instead
        _say(f"could not install {', '.join(packages)} ({exc}); retry later with: {command}")
        return False
    return True


def _is_debian() -> bool:
    return sys.platform.startswith("linux") and shutil.which("dpkg-query") is not None


def ensure_system_packages() -> None:
    """On Debian/Ubuntu, install the packages of :data:`DEBIAN_PACKAGES` that are missing.

    Only as root (CI): anyone else gets the apt-get command to run, and the Xvfb bundle test
    skips with a reason. Other systems are left alone.
    """
    if not _is_debian():
        return
    missing = _missing_debian_packages()
    if missing:
        _apt_install(missing, "the Qt tests and the Xvfb bundle test (it skips without xvfb)")


def _ensure_venv_support() -> None:
    """Debian's Python keeps ensurepip (needed to create a venv) in python3.X-venv."""
    try:
        import ensurepip  # noqa: F401
    except ImportError:
        package = f"python3.{sys.version_info.minor}-venv"
        if not (_is_debian() and _apt_install([package], "creating the virtual environment")):
            sys.exit(f"this Python cannot create a virtual environment: install {package}.")


def _run(cmd: list[str], env: dict[str, str] | None = None) -> int:
    _say("$ " + " ".join(cmd))
    return subprocess.call(cmd, cwd=ROOT, env=env)


def ensure_translations(python: Path) -> int:
    """Compile each ``bcigui/gui/i18n/*.ts`` whose ``.qm`` is missing or older (lrelease)."""
    bindir = python.parent
    lrelease = bindir / ("pyside6-lrelease.exe" if os.name == "nt" else "pyside6-lrelease")
    for source in sorted(I18N_DIR.glob("*.ts")):
        target = source.with_suffix(".qm")
        if target.is_file() and target.stat().st_mtime >= source.stat().st_mtime:
            continue
        code = _run([str(lrelease), "-silent", str(source), "-qm", str(target)])
        if code != 0:
            _say(f"could not compile {source.name}: the window stays English")
            return code
    return 0


def update_translations(python: Path) -> int:
    """``i18n``: lupdate the catalogues from the code, then compile them."""
    return _run([str(python), "-m", "bcigui.gui.i18n.catalogue", "update"])


def run_tests(python: Path, pytest_args: list[str]) -> int:
    """Static checks (ruff, import contract, mypy) then the whole pytest suite."""
    ensure_system_packages()
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
    if not argv or argv[0] not in {"run", "test", "install", "lock", "i18n"}:
        sys.stderr.write(__doc__ or "")
        return 2
    python = ensure_environment()
    if argv[0] == "lock":
        return write_lock(python, argv[1:])
    if argv[0] == "i18n":
        return update_translations(python)
    ensure_translations(python)
    if argv[0] == "install":
        return 0
    if argv[0] == "test":
        return run_tests(python, argv[1:])
    return _run([str(python), str(ROOT / "main.py"), *argv[1:]])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
