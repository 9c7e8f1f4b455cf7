"""The documentation names only things that exist: README.md and docs/architecture.md.

Checked in both files:

* every dotted ``bcigui.xxx`` name resolves: a module, or an attribute of one (``bcigui.DataError``,
  ``bcigui.store.manager.ModelManager.subscribe``);
* every ``from bcigui... import ...`` line of a Python example imports names that exist;
* every repository path in backticks (outside code blocks) and every relative link target
  exists. A path counts when its first component is a tracked source folder (``bcigui/``,
  ``tests/``, ``docs/``, ...) or it is a top-level file (``bootstrap.py``); runtime places such as
  ``models/index.sqlite3``, ``.venv/`` or ``dist/`` and placeholders (``<label>``, ``*.py``) are
  not checked.

And the map itself: the architecture page lists the layers in the order of the import-linter
``layers`` contract, and README's "Repository layout" block names existing entries.
"""

from __future__ import annotations

import importlib
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
DOCS = ("README.md", "docs/architecture.md")
#: Tracked folders whose paths a document may name; paths under other folders are runtime places.
SOURCE_ROOTS = frozenset({"bcigui", "tests", "docs", "benchmarks", "packaging", "resources", ".ci"})
TOP_LEVEL_FILES = frozenset(
    {"main.py", "bootstrap.py", "pyproject.toml", "requirements.lock", "README.md"}
)
PLACEHOLDER = re.compile(r"[<>*{}$%~\\]")
DOTTED = re.compile(r"(?<![\w./\\-])bcigui(?:\.[A-Za-z_]\w*)+")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
FROM_IMPORT = re.compile(r"^\s*from\s+(bcigui[\w.]*)\s+import\s+(\([^)]*\)|[^\n]+)", re.MULTILINE)
BACKTICKED = re.compile(r"`([^`\n]+)`")
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _text(doc: str) -> str:
    return (REPO / doc).read_text(encoding="utf-8")


def _without_code_blocks(text: str) -> str:
    return FENCE.sub("", text)


def _resolve(dotted: str) -> Any:
    """The object a dotted ``bcigui.xxx`` name stands for; AttributeError or ImportError if none."""
    parts = dotted.split(".")
    obj: Any = importlib.import_module(parts[0])
    module_name = parts[0]
    for part in parts[1:]:
        if hasattr(obj, part):
            obj = getattr(obj, part)
        else:  # a submodule not imported yet (or a name that does not exist: ImportError)
            obj = importlib.import_module(f"{module_name}.{part}")
        if getattr(obj, "__name__", None) == f"{module_name}.{part}":
            module_name = obj.__name__
    return obj


def _repo_paths(text: str) -> set[str]:
    """Repository paths named in backticks (outside code blocks) or as relative link targets."""
    prose = _without_code_blocks(text)
    words = [w for span in BACKTICKED.findall(prose) for w in span.split()]
    words += [t for t in LINK.findall(prose) if not re.match(r"[a-z]+:|#", t)]
    found = set()
    for word in words:
        path = word.split("::")[0].split("#")[0].rstrip(".,;:")
        if not path or PLACEHOLDER.search(path):
            continue
        first = path.split("/")[0]
        if ("/" in path and first in SOURCE_ROOTS) or path in TOP_LEVEL_FILES:
            found.add(path)
    return found


@pytest.mark.parametrize("doc", DOCS)
def test_every_dotted_bcigui_name_exists(doc):
    names = sorted(set(DOTTED.findall(_text(doc))))
    assert names, f"{doc} names no bcigui module: is the pattern still right?"
    missing = []
    for name in names:
        try:
            _resolve(name)
        except (ImportError, AttributeError) as exc:
            missing.append(f"{name} ({exc})")
    assert not missing, f"{doc} names what does not exist; fix the name: {missing}"


@pytest.mark.parametrize("doc", DOCS)
def test_every_import_in_the_examples_exists(doc):
    code = "\n".join(body for lang, body in FENCE.findall(_text(doc)) if lang == "python")
    missing = []
    for module_name, names in FROM_IMPORT.findall(code):
        module = importlib.import_module(module_name)
        names = re.sub(r"#[^\n]*", "", names)  # comments after the names
        for name in names.strip().strip("()").replace("\n", " ").split(","):
            name = name.split(" as ")[0].strip()
            if name and not hasattr(module, name):
                missing.append(f"from {module_name} import {name}")
    assert not missing, f"{doc}'s examples import names that do not exist: {missing}"


@pytest.mark.parametrize("doc", DOCS)
def test_every_repository_path_exists(doc):
    paths = _repo_paths(_text(doc))
    assert paths, f"{doc} names no repository path: is the pattern still right?"
    missing = sorted(p for p in paths if not (REPO / p).exists())
    assert not missing, f"{doc} names paths that do not exist; fix or remove them: {missing}"


def test_runtime_places_and_placeholders_are_not_taken_for_paths():
    text = (
        "`models/index.sqlite3` `<store>/.trash/` `dist/bcigui/` `tests/*.py` "
        "`.venv/bin/python benchmarks/bench_core.py` [x](https://example.org) "
        "[y](docs/benchmarks.md) `tests/test_docs.py::test_x`"
    )
    assert _repo_paths(text) == {
        "benchmarks/bench_core.py",
        "docs/benchmarks.md",
        "tests/test_docs.py",
    }


def test_a_name_that_does_not_exist_is_caught():
    with pytest.raises((ImportError, AttributeError)):
        _resolve("bcigui.classifiers.cv_training")
    with pytest.raises((ImportError, AttributeError)):
        _resolve("bcigui.store.manager.ModelManager.no_such_method")
    assert DOTTED.findall("bundle id `org.bcigui.bcigui`, `~/.config/bcigui/bcigui.conf`") == []


def test_the_architecture_lists_the_layers_in_the_contract_order():
    config = tomllib.loads(_text("pyproject.toml"))
    (layers,) = [
        c["layers"] for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"
    ]
    text = _text("docs/architecture.md")
    table = [row.split("`")[1] for row in text.splitlines() if row.startswith("| `bcigui.")]
    assert table == layers, "docs/architecture.md's layer table differs from pyproject.toml's"
    for package in sorted(p.parent.name for p in (REPO / "bcigui").glob("*/__init__.py")):
        assert f"bcigui.{package}" in layers, f"bcigui/{package}/ is in no import-linter layer"


def test_the_readme_layout_names_existing_entries():
    section = _text("README.md").split("## Repository layout", 1)[1]
    block = FENCE.findall(section)[0][1]
    entries, parent = [], ""
    for line in block.splitlines():
        if not line.strip():
            continue
        name = line.split()[0]
        if line[0].isspace():  # an entry of the folder on the last unindented line
            entries.append(parent + name)
        else:
            entries.append(name)
            parent = name if name.endswith("/") else ""
    assert "bcigui/app/" in entries
    missing = [e for e in entries if not (REPO / e).exists()]
    assert not missing, f"README's repository layout names entries that do not exist: {missing}"
    packages = {f"bcigui/{p.parent.name}/" for p in (REPO / "bcigui").glob("*/__init__.py")}
    assert packages <= set(entries), f"README's layout omits {sorted(packages - set(entries))}"
