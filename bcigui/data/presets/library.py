"""Where presets live: the built-in JSON files, a user's folder, export and import.

Built-in presets are the ``*.json`` files beside this module. A user's presets are one
``<name>.json`` per preset in a folder the caller gives (the window passes its data folder's
``presets/``; the CLI takes ``--presets-dir``). Nothing here overwrites silently: saving or
importing a name that exists raises :class:`~bcigui.errors.ConfigError` unless ``replace=True``,
and a built-in name is never replaced.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from functools import cache
from os import PathLike
from pathlib import Path

from pydantic import ValidationError

from bcigui.data.presets.model import ParadigmPreset
from bcigui.errors import ConfigError

log = logging.getLogger(__name__)

BUILTIN_DIR = Path(__file__).resolve().parent


def _field_problem(exc: ValidationError) -> str:
    """``"field 'tmax': ..."`` for the first problem of a validation error."""
    first = exc.errors()[0]
    loc = ".".join(str(p) for p in first["loc"])
    message = str(first["msg"]).removeprefix("Value error, ")
    return f"field {loc!r}: {message}" if loc else message


def read_preset(path: str | PathLike[str]) -> ParadigmPreset:
    """Read and validate one preset file.

    Raises
    ------
    ConfigError
        A file that cannot be read, is not JSON, or is not a valid preset; the message names
        the file and the field.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the preset file ({exc.strerror or exc})") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"{path}: not a preset file: invalid JSON at line {exc.lineno} ({exc.msg})"
        ) from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: not a preset file: expected a JSON object")
    try:
        return ParadigmPreset.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{path}: invalid preset, {_field_problem(exc)}") from exc


@cache
def _builtin() -> tuple[ParadigmPreset, ...]:
    return tuple(read_preset(p) for p in sorted(BUILTIN_DIR.glob("*.json")))


def builtin_presets() -> dict[str, ParadigmPreset]:
    """The presets shipped with bcigui, by name."""
    return {p.name: p for p in _builtin()}


def user_presets(folder: str | PathLike[str] | None) -> dict[str, ParadigmPreset]:
    """The valid presets in ``folder`` (one ``*.json`` each), by name.

    A malformed file is skipped with a warning in the log (it names the file and the field);
    :func:`read_preset` raises for it.
    """
    if folder is None or not Path(folder).is_dir():
        return {}
    found: dict[str, ParadigmPreset] = {}
    for path in sorted(Path(folder).glob("*.json")):
        try:
            preset = read_preset(path)
        except ConfigError as exc:
            log.warning("skipped a preset file: %s", exc)
            continue
        found[preset.name] = preset
    return found


def list_presets(folder: str | PathLike[str] | None = None) -> dict[str, ParadigmPreset]:
    """Built-in presets, then the user's in ``folder`` (a user one never hides a built-in)."""
    return {**user_presets(folder), **builtin_presets()}


def find_preset(name: str, folder: str | PathLike[str] | None = None) -> ParadigmPreset:
    """A preset by name (built-in or in ``folder``), or from a ``.json`` path.

    Raises
    ------
    ConfigError
        No preset of that name (the message lists the names that exist), or a bad file.
    """
    if name.endswith(".json") or os.sep in name or "/" in name:
        return read_preset(name)
    presets = list_presets(folder)
    if name not in presets:
        raise ConfigError(
            f"no preset named {name!r}; presets: {', '.join(sorted(presets)) or 'none'} "
            "(or give the path of a preset .json file)"
        )
    return presets[name]


def _write_json(preset: ParadigmPreset, path: Path) -> None:
    """Write ``preset`` to ``path`` through a temporary file (never half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(preset.model_dump(mode="json", exclude_defaults=False), indent=2)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _check_free(preset: ParadigmPreset, folder: Path, replace: bool) -> Path:
    if preset.name in builtin_presets():
        raise ConfigError(
            f"{preset.name!r} is a built-in preset: save yours under another name"
        )
    target = folder / f"{preset.name}.json"
    if target.exists() and not replace:
        raise ConfigError(
            f"a preset named {preset.name!r} exists already ({target}): choose another name "
            "or replace it explicitly"
        )
    return target


def save_user_preset(
    preset: ParadigmPreset, folder: str | PathLike[str], *, replace: bool = False
) -> Path:
    """Save ``preset`` as ``folder/<name>.json``.

    Raises
    ------
    ConfigError
        The name is a built-in's, or a user preset of that name exists and ``replace`` is False.
    """
    target = _check_free(preset, Path(folder), replace)
    _write_json(preset, target)
    log.info("saved preset %s v%d to %s", preset.name, preset.version, target)
    return target


def export_preset(preset: ParadigmPreset, path: str | PathLike[str]) -> Path:
    """Write ``preset`` to ``path`` (any name; ``.json`` is added when missing)."""
    target = Path(path)
    if target.suffix.lower() != ".json":
        target = target.with_name(target.name + ".json")
    _write_json(preset, target)
    return target


def import_preset(
    path: str | PathLike[str], folder: str | PathLike[str], *, replace: bool = False
) -> ParadigmPreset:
    """Validate the preset file ``path`` and copy it into the user's ``folder``.

    Raises
    ------
    ConfigError
        A malformed file (naming the file and the field), a built-in name, or a name that
        exists in ``folder`` while ``replace`` is False (nothing is overwritten silently).
    """
    preset = read_preset(path)
    save_user_preset(preset, folder, replace=replace)
    return preset
