"""``python -m bcigui models ...``: tables, --json, exit codes, over a --store folder."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bcigui.cli import models as cli_models
from bcigui.store.manager import ModelManager
from tests.store.test_index import small_trials, tiny_svm
from tests.store.test_library import tamper_payload

__all__ = ["small_trials", "tiny_svm"]  # fixtures used here
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(tiny_svm, tmp_path: Path) -> Path:
    store = tmp_path / "store"
    manager = ModelManager(store)
    manager.save_and_cache(tiny_svm, "svm", "p300")
    manager.save_and_cache(tiny_svm, "svm", "inner")
    manager.close()
    return store


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli_models.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_table_and_json(store, capsys):
    code, out, _ = run(capsys, "list", "--store", str(store))
    assert code == 0
    assert "created (UTC)" in out and "p300/svm_" in out and "inner/svm_" in out
    assert "2 model(s)" in out
    code, out, _ = run(capsys, "list", "--store", str(store), "--json", "--label", "p300")
    rows = json.loads(out)
    assert code == 0 and [r["label"] for r in rows] == ["p300"]
    assert rows[0]["status"] == "ok" and rows[0]["path"].endswith(".bcimodel")
    code, out, _ = run(capsys, "--store", str(store), "list", "--text", "nothing-matches")
    assert code == 0 and "no models" in out


def test_show(store, capsys):
    rel = ModelManager(store).list(label="p300")[0].relpath
    code, out, _ = run(capsys, "show", rel, "--store", str(store))
    assert code == 0 and "status:" in out and "NonTarget, Target" in out
    assert "hyperparameters:" in out
    code, out, _ = run(capsys, "show", rel, "--store", str(store), "--json")
    data = json.loads(out)
    assert data["record"]["relpath"] == rel and data["manifest"]["model_type"] == "svm"


def test_verify_exit_status(store, capsys):
    code, out, _ = run(capsys, "verify", "--store", str(store))
    assert code == 0 and "2 model file(s) checked, 0 broken" in out
    victim = next(store.glob("p300/*.bcimodel"))
    tamper_payload(victim)
    code, out, _ = run(capsys, "verify", "--store", str(store))
    assert code == 1 and f"BROKEN p300/{victim.name}: payload checksum mismatch" in out
    code, out, _ = run(capsys, "verify", "--store", str(store), "--json")
    assert code == 1 and json.loads(out)["broken"][0]["relpath"] == f"p300/{victim.name}"


def test_import_export_delete_restore_purge(store, tmp_path, capsys):
    victim = ModelManager(store).list(label="p300")[0]
    code, out, _ = run(capsys, "export", victim.relpath, str(tmp_path / "out"), "--store",
                       str(store))  # fmt: skip
    exported = tmp_path / "out" / Path(victim.relpath).name
    assert code == 0 and exported.is_file() and str(exported) in out
    other = tmp_path / "other"
    code, out, _ = run(capsys, "import", str(exported), "--store", str(other), "--json")
    assert code == 0 and Path(json.loads(out)["path"]).parent == other / "p300"

    code, out, _ = run(capsys, "delete", victim.relpath, "--store", str(store))
    assert code == 0 and "moved p300/" in out
    code, out, _ = run(capsys, "restore", "--store", str(store), "--json")
    (entry,) = json.loads(out)
    assert entry["original"] == victim.relpath
    code, out, _ = run(capsys, "restore", "--store", str(store))
    assert entry["id"] in out
    code, out, _ = run(capsys, "restore", entry["id"], "--store", str(store))
    assert code == 0 and victim.path.is_file() and "restored" in out
    run(capsys, "delete", victim.relpath, "--store", str(store))
    code, out, _ = run(capsys, "purge", "--store", str(store))
    assert code == 0 and "purged 1 trash entry" in out
    code, out, _ = run(capsys, "restore", "--store", str(store))
    assert "the trash is empty" in out


def test_errors_exit_2_with_the_path(store, tmp_path, capsys):
    code, _, err = run(capsys, "import", str(tmp_path / "missing.bcimodel"), "--store",
                       str(store))  # fmt: skip
    assert code == 2 and "missing.bcimodel" in err
    (tmp_path / "old.pkl").write_bytes(b"\x80\x04N.")
    code, _, err = run(capsys, "import", str(tmp_path / "old.pkl"), "--store", str(store))
    assert code == 2 and "trust=True" in err
    code, _, err = run(capsys, "delete", "p300/nope.bcimodel", "--store", str(store))
    assert code == 2 and "nope.bcimodel" in err


def test_parser_plugs_into_a_main_parser(store, capsys):
    parser = argparse.ArgumentParser(prog="bcigui")
    cli_models.add_models_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["models", "list", "--store", str(store), "--json"])
    assert args.func(args) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2


def test_default_store_is_used_without_store_option(tiny_svm, capsys):
    ModelManager.save_and_cache(tiny_svm, "svm", "p300")
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0 and len(json.loads(out)) == 1


def test_runs_as_a_process(store):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "bcigui.cli.models", "list", "--store", str(store), "--json"],
        capture_output=True, text=True, timeout=120, env=env, cwd=REPO,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == 2
    assert "tensorflow" not in done.stderr.lower()
