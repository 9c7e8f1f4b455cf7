"""Fill the unfinished entries of a Qt Linguist ``.ts`` catalogue from a JSON dictionary.

Usage (from the repository root, after ``python3 bootstrap.py i18n`` added new strings)::

    .venv/bin/python tools/fill_translations.py bcigui/gui/i18n/bcigui_es.ts new_es.json
    python3 bootstrap.py i18n        # compile the filled catalogue

The JSON maps each English source text to its translation; a key ``"Context|source"`` gives a
translation for one context only (it wins over the plain key). A plural source (``%n``) maps to
the list of its forms (Spanish: ``["%n modelo", "%n modelos"]``). Only entries marked
``unfinished`` are filled unless ``--overwrite`` is given; the sources still unfinished
afterwards are listed (exit status 1), so a translator can write them into the next JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def fill(ts_file: Path, translations: dict[str, object], overwrite: bool = False) -> list[str]:
    """Fill ``ts_file`` in place; returns the ``context|source`` entries still unfinished."""
    tree = ET.parse(ts_file)
    missing = []
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            if translation is None:
                translation = ET.SubElement(message, "translation")
            if translation.get("type") != "unfinished" and not overwrite:
                continue
            value = translations.get(f"{name}|{source}", translations.get(source))
            plural = message.get("numerus") == "yes"
            if value is None or isinstance(value, list) != plural:
                missing.append(f"{name}|{source}")
                continue
            translation.attrib.pop("type", None)
            translation.text = None
            for child in list(translation):
                translation.remove(child)
            if plural:
                assert isinstance(value, list)
                for form in value:
                    ET.SubElement(translation, "numerusform").text = str(form)
            else:
                translation.text = str(value)
    ET.indent(tree, space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts_file.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ts_file", type=Path)
    parser.add_argument("json_file", type=Path)
    parser.add_argument("--overwrite", action="store_true", help="also replace finished entries")
    args = parser.parse_args(argv)
    translations = json.loads(args.json_file.read_text(encoding="utf-8"))
    missing = fill(args.ts_file, translations, args.overwrite)
    for entry in missing:
        sys.stdout.write(f"unfinished: {entry}\n")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
