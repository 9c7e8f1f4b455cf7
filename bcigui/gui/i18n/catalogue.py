"""Keep the catalogues current: ``python -m bcigui.gui.i18n.catalogue update|build``.

``update`` (what ``python3 bootstrap.py i18n`` runs after a code change):

1. writes :mod:`bcigui.gui.i18n.core_strings` from the core: the texts of the Qt-free core that
   the window translates at run time (the classifiers' form labels, descriptions and
   None-texts in context ``ConfigForm``; the :class:`~bcigui.errors.UserText` templates
   of core messages and errors in context ``errors``), so that ``lupdate`` sees them;
2. runs ``pyside6-lupdate -no-obsolete`` over every ``bcigui/gui/**/*.py`` into each
   ``bcigui_<lang>.ts`` (new strings arrive as ``unfinished``; translate them, see
   ``tools/fill_translations.py``);
3. compiles the ``.qm`` files (``build``).

``build`` only compiles a ``.qm`` that is missing or older than its ``.ts`` (the set-up and the
bundle build run it).
"""

from __future__ import annotations

import argparse
import ast
import logging
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args, get_origin

from bcigui.gui.i18n import CATALOGUE_DIR, TRANSLATED_LANGUAGES, catalogue_file, catalogue_source

log = logging.getLogger(__name__)

GUI_DIR = CATALOGUE_DIR.parent
PACKAGE_DIR = GUI_DIR.parent
CORE_STRINGS = CATALOGUE_DIR / "core_strings.py"
#: Context of the classifiers' form texts, as ``bcigui.gui.training.config_form`` translates.
FORM_CONTEXT = "ConfigForm"
#: Context of the core's UserText templates, as :func:`bcigui.gui.i18n.tr_core` translates.
ERRORS_CONTEXT = "errors"
#: What an editor calls None or an empty value when a field's hints do not say.
DEFAULT_FORM_WORDS = ("auto", "none", "off")


def qt_tool(name: str) -> str:
    """The path of ``pyside6-<name>`` (beside this Python, else on PATH)."""
    beside = Path(sys.executable).parent / f"pyside6-{name}"
    for candidate in (beside, beside.with_suffix(".exe")):
        if candidate.is_file():
            return str(candidate)
    found = shutil.which(f"pyside6-{name}")
    if found is None:
        raise FileNotFoundError(
            f"pyside6-{name} is not installed: it comes with PySide6-Essentials "
            "(run 'python3 bootstrap.py install')"
        )
    return found


def gui_sources() -> list[Path]:
    """Every Python file of the GUI package (lupdate's input), sorted."""
    return sorted(p for p in GUI_DIR.rglob("*.py") if "__pycache__" not in p.parts)


# -- the core's texts ---------------------------------------------------------------------------
def _models_of(annotation: Any) -> Iterator[type]:
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in get_args(annotation):
        yield from _models_of(arg)
    if get_origin(annotation) is not None and not get_args(annotation):
        return


def form_texts() -> list[str]:
    """Every text a classifier's form shows: its description, labels, tooltips, None-texts."""
    from bcigui.classifiers.form_hints import hint_of
    from bcigui.classifiers.registry import available_types

    texts: dict[str, None] = dict.fromkeys(DEFAULT_FORM_WORDS)
    seen: set[type] = set()

    def walk(model: type) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, field in model.model_fields.items():  # type: ignore[attr-defined]
            hint = hint_of(field)
            texts.setdefault(hint.get("label") or name.replace("_", " ").capitalize())
            if field.description:
                texts.setdefault(field.description)
            for key in ("none_text", "off_text"):
                if hint.get(key):
                    texts.setdefault(str(hint[key]))
            for nested in _models_of(field.annotation):
                walk(nested)

    from bcigui.gui.training.model_panel import first_paragraph

    # in model-type order: the registry's own order depends on which classifier loaded first
    for _model_type, cls in sorted(available_types().items()):
        texts.setdefault(first_paragraph(cls))
        walk(cls)
    return list(texts)


def error_templates(package: Path = PACKAGE_DIR) -> list[str]:
    """Every :class:`~bcigui.errors.UserText` template of the core, found in its source.

    A template is the first argument of a ``UserText.of(...)`` call in any module outside
    ``bcigui.gui``.

    Raises
    ------
    ValueError
        When a template is not a string literal (it could not be translated).
    """
    found: dict[str, None] = {}
    for path in sorted(package.rglob("*.py")):
        if GUI_DIR in path.parents:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "of"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "UserText"
            ):
                continue
            first = node.args[0] if node.args else None
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                raise ValueError(
                    f"{path}:{node.lineno}: the template of UserText.of() must be a string "
                    "literal (with {name} fields for the values), so that it can be translated"
                )
            found.setdefault(first.value)
    return list(found)


def core_strings_source() -> str:
    """The text of :mod:`bcigui.gui.i18n.core_strings` for the current core."""
    lines = [
        "# ruff: noqa: E501",
        '"""Texts of the Qt-free core that the window translates (generated: do not edit).',
        "",
        "Written by ``python -m bcigui.gui.i18n.catalogue update`` (``python3 bootstrap.py",
        "i18n``) so that ``pyside6-lupdate`` finds them; tests/gui/test_i18n.py checks that it",
        'is current."""',
        "",
        "",
        "def QT_TRANSLATE_NOOP(context: str, text: str) -> str:",
        '    """Mark ``text`` for the catalogue without translating it."""',
        "    return text",
        "",
        "",
        "FORM_TEXTS = (",
        *(f"    QT_TRANSLATE_NOOP({FORM_CONTEXT!r}, {t!r})," for t in form_texts()),
        ")",
        "ERROR_TEMPLATES = (",
        *(f"    QT_TRANSLATE_NOOP({ERRORS_CONTEXT!r}, {t!r})," for t in error_templates()),
        ")",
        "",
    ]
    return "\n".join(lines)


def core_strings_current() -> bool:
    """Whether ``core_strings.py`` lists exactly the core's current texts."""
    from bcigui.gui.i18n import core_strings

    return core_strings.FORM_TEXTS == tuple(form_texts()) and core_strings.ERROR_TEMPLATES == (
        tuple(error_templates())
    )


def write_core_strings() -> None:
    """Rewrite ``core_strings.py`` from the core."""
    CORE_STRINGS.write_text(core_strings_source(), encoding="utf-8")


# -- lupdate / lrelease -------------------------------------------------------------------------
def lupdate(ts_file: Path) -> str:
    """Run ``pyside6-lupdate -no-obsolete`` over the GUI sources into ``ts_file``; its output."""
    command = [qt_tool("lupdate"), "-no-obsolete", "-locations", "none"]
    command += [str(p) for p in gui_sources()] + ["-ts", str(ts_file)]
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=PACKAGE_DIR)
    return done.stdout + done.stderr


def build(force: bool = False) -> list[Path]:
    """Compile each ``.qm`` that is missing or older than its ``.ts``; the files compiled."""
    built = []
    for language in TRANSLATED_LANGUAGES:
        source, target = catalogue_source(language), catalogue_file(language)
        if not source.is_file():
            continue
        if force or not target.is_file() or target.stat().st_mtime < source.stat().st_mtime:
            subprocess.run(
                [qt_tool("lrelease"), "-silent", str(source), "-qm", str(target)], check=True
            )
            built.append(target)
    return built


def update() -> None:
    """Refresh ``core_strings.py`` and every ``.ts`` from the code, then compile them."""
    write_core_strings()
    for language in TRANSLATED_LANGUAGES:
        log.info("%s", lupdate(catalogue_source(language)).strip())
    build(force=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bcigui.gui.i18n.catalogue")
    parser.add_argument("command", choices=["update", "build"])
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.command == "update":
        update()
    else:
        for path in build():
            log.info("compiled %s", path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
