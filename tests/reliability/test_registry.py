"""The case registry and the tests stay in step: every listed test exists, every reliability
test is listed, and the suite holds at least 40 distinct hostile-input cases."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.reliability.cases import AREAS, CASES, HOSTILE_AREAS

REPO = Path(__file__).resolve().parents[2]
SUITE = Path(__file__).resolve().parent


def functions_in(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in tree.body
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")}  # fmt: skip


def test_every_listed_test_exists():
    missing = []
    for case in CASES:
        assert case.area in AREAS, case
        assert case.tests and case.case and case.expected, case
        for node in case.tests:
            file, _, name = node.partition("::")
            path = REPO / file
            if not path.is_file() or name.split("[")[0] not in functions_in(path):
                missing.append(f"{case.id}: {node}")
    assert not missing, missing


def test_ids_are_unique_and_ordered_by_area():
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))
    for case in CASES:
        assert case.id[0] == case.area[0].upper(), case.id


def test_every_reliability_test_is_in_the_table():
    listed = {node for case in CASES for node in case.tests}
    unlisted = [
        f"{path.relative_to(REPO).as_posix()}::{name}"
        for path in sorted(SUITE.glob("test_*.py")) if path.name != Path(__file__).name
        for name in sorted(functions_in(path))
        if f"{path.relative_to(REPO).as_posix()}::{name}" not in listed
    ]  # fmt: skip
    assert not unlisted, unlisted


def test_at_least_40_hostile_cases():
    hostile = [c for c in CASES if c.area in HOSTILE_AREAS]
    assert len(hostile) >= 40, len(hostile)
