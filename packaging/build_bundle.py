"""Build the installer bundle ``dist/bcigui/`` with PyInstaller (``packaging/bcigui.spec``).

Usage (from the repository root, in the locked environment that ``python3 bootstrap.py install``
makes from ``requirements.lock``, dev tools included)::

    .venv/bin/python packaging/build_bundle.py              # build dist/bcigui/
    .venv/bin/python packaging/build_bundle.py --if-stale   # reuse one built from the same inputs
    .venv/bin/python packaging/build_bundle.py --untrimmed  # no excludes, no strip (size baseline)
    dist/bcigui/install-desktop-entry.sh                    # Linux: add it to the application menu

A finished bundle holds ``build-info.json`` (the hash of its inputs, the build time, the size).
``--if-stale`` compares that hash with the current inputs (bcigui's sources, resources/,
packaging/, main.py, pyproject.toml, the installed distributions and Python's version) and
builds only when they differ. The bundle holds the distributions of the interpreter that runs
this script; a build from an environment that differs from ``requirements.lock`` logs a warning
naming the differences (the bundle would not hold the tested libraries). PyInstaller's work
folder goes to ``build/pyinstaller`` and is removed after a successful build unless
``--keep-work`` is given (it is about the size of the bundle).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from fnmatch import fnmatch
from importlib import metadata
from pathlib import Path

log = logging.getLogger("bcigui.build_bundle")

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "bcigui.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
APP_NAME = "bcigui"
INFO_FILE = "build-info.json"
#: Files and folders whose content decides what the bundle holds.
INPUTS = ("bcigui", "resources", "packaging", "main.py", "pyproject.toml")
_IGNORED_PARTS = {"__pycache__", ".mypy_cache", ".ruff_cache"}


@dataclass(frozen=True)
class BuildResult:
    """What :func:`build` produced.

    Attributes
    ----------
    folder : str
        The bundle folder (``<dist>/bcigui``).
    executable : str
        The bundled program (``<folder>/bcigui``; ``bcigui.exe`` on Windows).
    inputs_hash : str
        SHA-256 over the build inputs (see :func:`inputs_hash`).
    trimmed : bool
        Whether the excludes and strip of the spec applied (False for ``--untrimmed``).
    build_s : float
        Seconds PyInstaller ran (0 when an up-to-date bundle was reused).
    size_bytes : int
        Bytes of all files in the bundle.
    reused : bool
        True when ``--if-stale`` found the bundle up to date and built nothing.
    """

    folder: str
    executable: str
    inputs_hash: str
    trimmed: bool
    build_s: float
    size_bytes: int
    reused: bool = False


def inputs_hash(trimmed: bool = True) -> str:
    """SHA-256 over every input of the bundle: sources, spec, resources, libraries, Python."""
    digest = hashlib.sha256(f"trimmed={trimmed}\n{sys.version}\n".encode())
    for name in INPUTS:
        top = ROOT / name
        files = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
        for path in files:
            if _IGNORED_PARTS.intersection(path.parts) or path.suffix == ".pyc":
                continue
            digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    dists = sorted(
        f"{d.metadata['Name']}=={d.version}".lower()
        for d in metadata.distributions()
        if d.metadata["Name"]
    )
    digest.update("\n".join(dists).encode())
    return digest.hexdigest()


def folder_size(folder: Path) -> int:
    """Bytes of the regular files under ``folder`` (symbolic links not followed)."""
    total = 0
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(dirpath) / name
            if not path.is_symlink():
                total += path.stat().st_size
    return total


def executable_in(folder: Path) -> Path:
    """The bundled program inside a bundle folder."""
    return folder / (f"{APP_NAME}.exe" if sys.platform == "win32" else APP_NAME)


def read_info(folder: Path) -> dict[str, object] | None:
    """The ``build-info.json`` of a finished bundle (None when absent or unreadable)."""
    try:
        info = json.loads((folder / INFO_FILE).read_text())
    except (OSError, ValueError):
        return None
    return info if isinstance(info, dict) else None


def strip_libraries(internal: Path) -> int:
    """Strip the symbol tables of the libraries named by ``bundle_layout.STRIPPED_PATHS``.

    Returns the bytes saved (0 where no ``strip`` program exists: the bundle works unstripped).
    """
    sys.path.insert(0, str(ROOT / "packaging"))
    from bundle_layout import STRIPPED_PATHS

    strip = shutil.which("strip")
    if strip is None or not sys.platform.startswith("linux"):
        log.warning("no strip program: the bundle keeps its symbol tables")
        return 0
    saved = 0
    for path in sorted(internal.rglob("*.so*")):
        rel = path.relative_to(internal).as_posix()
        if path.is_symlink() or not any(fnmatch(rel, p) for p in STRIPPED_PATHS):
            continue
        before = path.stat().st_size
        subprocess.run([strip, "--strip-unneeded", str(path)], check=True)
        saved += before - path.stat().st_size
    log.info("stripped %.0f MiB of symbol tables", saved / 2**20)
    return saved


def warn_if_unlocked() -> list[str]:
    """Log a warning when this interpreter's distributions differ from ``requirements.lock``.

    Returns the differences (empty when the environment is the locked one).
    """
    sys.path.insert(0, str(ROOT))
    from bootstrap import LOCK, lock_mismatches

    mismatches = lock_mismatches(LOCK)
    if mismatches:
        log.warning(
            "this environment (%s) differs from %s: %s. The bundle will hold these versions; "
            "build from the venv of `python3 bootstrap.py install` to ship the locked ones.",
            sys.prefix,
            LOCK.name,
            "; ".join(mismatches),
        )
    return mismatches


def build(
    dist: Path = DIST,
    work: Path = WORK,
    trimmed: bool = True,
    if_stale: bool = False,
    keep_work: bool = False,
) -> BuildResult:
    """Build (or reuse) the bundle ``<dist>/bcigui``.

    Parameters
    ----------
    dist : Path
        Folder that receives the ``bcigui`` bundle folder.
    work : Path
        PyInstaller's work folder.
    trimmed : bool
        Apply the spec's excludes and strip; False gives the untrimmed size baseline.
    if_stale : bool
        Reuse an existing bundle built from the same inputs.
    keep_work : bool
        Keep PyInstaller's work folder after a successful build.

    Returns
    -------
    BuildResult

    Raises
    ------
    RuntimeError
        When PyInstaller fails (its exit status and the log's last lines are in the message).
    """
    folder = dist / APP_NAME
    compile_translations()
    wanted = inputs_hash(trimmed)
    info = read_info(folder)
    if if_stale and info is not None and info.get("inputs_hash") == wanted:
        if executable_in(folder).is_file():
            log.info("bundle %s is up to date (inputs %s)", folder, wanted[:12])
            return BuildResult(**{**info, "reused": True})  # type: ignore[arg-type]
    warn_if_unlocked()
    if folder.exists():
        shutil.rmtree(folder)  # never leave a half-old bundle behind a failed build
    cmd = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level=WARN",
        f"--distpath={dist}",
        f"--workpath={work}",
        str(SPEC),
    ]
    if not trimmed:
        cmd += ["--", "--untrimmed"]
    log.info("building the bundle: %s", " ".join(cmd))
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    build_s = time.perf_counter() - started
    if proc.returncode != 0 or not executable_in(folder).is_file():
        tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-40:])
        raise RuntimeError(f"PyInstaller failed with status {proc.returncode}:\n{tail}")
    for line in proc.stderr.splitlines():
        if "WARNING" in line or "ERROR" in line:
            log.debug("pyinstaller: %s", line)
    if trimmed:
        strip_libraries(folder / "_internal")
    installer = ROOT / "packaging" / "linux" / "install-desktop-entry.sh"
    if sys.platform.startswith("linux"):
        shutil.copy2(installer, folder / installer.name)
    if not keep_work:
        shutil.rmtree(work, ignore_errors=True)
    result = BuildResult(
        folder=str(folder),
        executable=str(executable_in(folder)),
        inputs_hash=wanted,
        trimmed=trimmed,
        build_s=round(build_s, 1),
        size_bytes=folder_size(folder),
    )
    (folder / INFO_FILE).write_text(json.dumps(asdict(result), indent=1) + "\n")
    log.info("bundle %s: %.0f MiB, built in %.0f s", folder, result.size_bytes / 2**20, build_s)
    return result


def compile_translations() -> None:
    """Compile the window's catalogues (``bcigui/gui/i18n/*.ts`` to ``.qm``) the spec bundles."""
    subprocess.run(
        [sys.executable, "-m", "bcigui.gui.i18n.catalogue", "build"], cwd=ROOT, check=True
    )


def main(argv: list[str] | None = None) -> int:
    """Command line: build the bundle, print its build-info as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dist", type=Path, default=DIST, help="output folder (default dist/)")
    parser.add_argument("--work", type=Path, default=WORK, help="PyInstaller work folder")
    parser.add_argument("--untrimmed", action="store_true", help="no excludes, no strip")
    parser.add_argument("--if-stale", action="store_true", help="reuse an up-to-date bundle")
    parser.add_argument("--keep-work", action="store_true", help="keep the work folder")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        result = build(
            args.dist.resolve(),
            args.work.resolve(),
            trimmed=not args.untrimmed,
            if_stale=args.if_stale,
            keep_work=args.keep_work,
        )
    except RuntimeError as exc:
        log.error("%s", exc)
        return 1
    sys.stdout.write(json.dumps(asdict(result), indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
