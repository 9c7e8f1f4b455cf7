"""``python -m bcigui models ...``: the model library without a window.

Subcommands: ``list``, ``show``, ``verify``, ``import``, ``export``, ``delete``, ``restore``
(and ``trash``, ``purge``). Each takes ``--store DIR`` (default: the default store) and
``--json`` for machine-readable output. Wire it into the main parser with
:func:`add_models_parser`; :func:`main` runs it on its own.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _json(value: Any) -> None:
    _out(json.dumps(value, indent=2, ensure_ascii=False, default=str))


def _manager(args: argparse.Namespace) -> Any:
    """The manager the command works on (made once per command by :func:`_run`)."""
    return args.manager


def _run(command: Any) -> Any:
    """Wrap a command: open the store's manager first, close it afterwards."""

    def run(args: argparse.Namespace) -> int:
        from bcigui.store.manager import ModelManager

        store = getattr(args, "store", None)
        args.manager = ModelManager(store) if store else ModelManager.default()
        try:
            return int(command(args))
        finally:
            if store:
                args.manager.close()

    run.__doc__ = command.__doc__
    return run


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *rows, strict=False)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
              for r in rows]  # fmt: skip
    return "\n".join(lines)


def _record_rows(records: Sequence[Any]) -> list[list[str]]:
    rows = []
    for r in records:
        created = (r.created_utc or "")[:19].replace("T", " ")
        status = r.status if r.reason is None else f"{r.status}: {r.reason}"
        rows.append([created, r.model_type or "?", r.label or "?", _fmt(r.accuracy),
                     _fmt(r.balanced_accuracy), _fmt(r.roc_auc), "*" if r.champion else "",
                     r.relpath, status if len(status) < 60 else status[:57] + "..."])  # fmt: skip
    return rows


_HEADERS = ("created (UTC)", "type", "label", "acc", "bal.acc", "auc", "champ", "file", "status")


def cmd_list(args: argparse.Namespace) -> int:
    """List the models of the store (from the index; files are not opened)."""
    manager = _manager(args)
    records = manager.list(
        label=args.label, model_type=args.type, status=args.status, text=args.text,
        sort=args.sort, descending=not args.ascending,
    )  # fmt: skip
    if args.json:
        _json([r.to_dict() for r in records])
    elif records:
        _out(_table(_HEADERS, _record_rows(records)))
        _out(f"{len(records)} model(s) in {manager.store_dir}")
    else:
        _out(f"no models in {manager.store_dir}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    """Everything the index and the manifest say about one model."""
    from bcigui.errors import ModelFileError
    from bcigui.modelfile.model_file import read_manifest

    manager = _manager(args)
    record = manager.record(args.path)
    path = record.path if record is not None else Path(args.path)
    try:
        manifest: dict[str, Any] | None = read_manifest(path)
    except ModelFileError as exc:
        if isinstance(exc, FileNotFoundError) and record is None:
            raise
        manifest = None
    if args.json:
        _json({"record": record.to_dict() if record else None, "manifest": manifest})
        return 0
    info: list[tuple[str, Any]] = [("path", path)]
    if record is not None:
        info += [("status", record.status + (f" ({record.reason})" if record.reason else "")),
                 ("type", record.model_type), ("label", record.label),
                 ("created (UTC)", record.created_utc), ("uuid", record.uuid),
                 ("classes", ", ".join(map(str, record.classes))),
                 ("input", f"{record.n_features} features x {record.n_times} samples"),
                 ("metrics", ", ".join(f"{k} {_fmt(v)}" for k, v in record.metrics.items())),
                 ("display name", record.display_name), ("tags", ", ".join(record.tags)),
                 ("notes", record.notes), ("champion", record.champion), ("size", record.size),
                 ("versions", "; ".join(record.version_differences) or "as running")]  # fmt: skip
    if manifest is not None:
        info += [("hyperparameters", json.dumps(manifest.get("hyperparameters"))),
                 ("training seconds", manifest.get("training_seconds")),
                 ("trained with", json.dumps(manifest.get("trained_versions"))),
                 ("imported from", json.dumps(manifest.get("imported_from")))]  # fmt: skip
        info += _input_stages(path, manifest)
    for key, value in info:
        if value not in (None, "", "null"):
            _out(f"{key + ':':22s}{value}")
    return 0


def _input_stages(path: Path, manifest: dict[str, Any]) -> list[tuple[str, Any]]:
    """The model's expected input, epoch settings and signal stage, in words."""
    from bcigui.app.model_description import (
        describe_epoching,
        describe_expected_input,
        describe_online_readiness,
        describe_signal,
    )
    from bcigui.app.recording_choice import ModelInput
    from bcigui.store.readiness import read_readiness

    signal = (manifest.get("preprocessing") or {}).get("signal")
    return [
        ("expects", describe_expected_input(ModelInput.from_manifest(path, manifest))),
        ("epoching", describe_epoching(manifest.get("epoching"))),
        ("signal stage", describe_signal(signal)),
        ("online", describe_online_readiness(read_readiness(path))),
    ]


def cmd_verify(args: argparse.Namespace) -> int:
    """Re-hash every payload; exit status 1 when some file is broken."""
    manager = _manager(args)
    broken = manager.verify_all()
    total = len(manager.list())
    if args.json:
        _json({"checked": total, "broken": [r.to_dict() for r in broken]})
    else:
        for record in broken:
            _out(f"BROKEN {record.relpath}: {record.reason}")
        _out(f"{total} model file(s) checked, {len(broken)} broken")
    return 1 if broken else 0


def cmd_import(args: argparse.Namespace) -> int:
    """Copy a model file (or, with --trust, convert a prototype pickle) into the store."""
    manager = _manager(args)
    source = Path(args.file)
    if source.suffix == ".pkl":
        path = manager.import_legacy(
            source, trust=args.trust, label=args.label, n_features=args.n_features
        )
    else:
        path = manager.import_model(source, label=args.label)
    if args.json:
        _json({"imported": str(source), "path": str(path)})
    else:
        _out(f"imported {source} as {path}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Copy a model and its annotations out of the store."""
    dest = _manager(args).export_model(args.path, args.dest, overwrite=args.overwrite)
    if args.json:
        _json({"exported": args.path, "path": str(dest)})
    else:
        _out(f"exported to {dest}")
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    """Move models to the trash (restorable with ``restore``)."""
    entries = [_manager(args).delete(path) for path in args.paths]
    if args.json:
        _json([{"id": e.id, "original": e.original, "trash": str(e.folder)} for e in entries])
    else:
        for entry in entries:
            _out(f"moved {entry.original} to the trash (restore with: models restore {entry.id})")
    return 0


def _trash_rows(entries: Sequence[Any]) -> list[list[str]]:
    return [[e.id, e.deleted_utc[:19].replace("T", " "), e.original, str(e.size)] for e in entries]


def cmd_restore(args: argparse.Namespace) -> int:
    """Restore trashed models; without an entry, list the trash."""
    manager = _manager(args)
    if not args.entries:
        entries = manager.list_trash()
        if args.json:
            _json([{"id": e.id, "original": e.original, "deleted_utc": e.deleted_utc,
                    "size": e.size} for e in entries])  # fmt: skip
        elif entries:
            _out(_table(("id", "deleted (UTC)", "original", "bytes"), _trash_rows(entries)))
        else:
            _out("the trash is empty")
        return 0
    restored = [manager.restore(entry) for entry in args.entries]
    if args.json:
        _json([str(p) for p in restored])
    else:
        for path in restored:
            _out(f"restored {path}")
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    """Empty the trash for good."""
    count = _manager(args).purge_trash()
    if args.json:
        _json({"purged": count})
    else:
        _out(f"purged {count} trash entr{'y' if count == 1 else 'ies'}")
    return 0


def add_models_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``models`` command (with its subcommands) to an argparse subparsers object.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        From ``parser.add_subparsers()``.

    Returns
    -------
    argparse.ArgumentParser
        The ``models`` parser; each subcommand sets ``func(args) -> int``.
    """
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--store", default=argparse.SUPPRESS, help="the store folder")
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help="machine-readable output")  # fmt: skip
    models = subparsers.add_parser("models", help="list, verify, import, export, delete models")
    models.add_argument("--store", default=None, help="the store folder (default: the default)")
    models.add_argument("--json", action="store_true", help="machine-readable output")
    sub = models.add_subparsers(dest="models_command", required=True)

    def add(name: str, func: Any, help_text: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = sub.add_parser(name, parents=[common], help=help_text)
        parser.set_defaults(func=_run(func))
        return parser

    p = add("list", cmd_list, "list the models (a table, or --json)")
    p.add_argument("--label")
    p.add_argument("--type", help="lstm, svm, svnn...")
    p.add_argument("--status", choices=["ok", "broken", "legacy-untrusted"])
    p.add_argument("--text", help="substring of path, label, name, notes or tags")
    p.add_argument("--sort", default="created_utc", help="created_utc, accuracy, roc_auc, ...")
    p.add_argument("--ascending", action="store_true", help="smallest/oldest first")
    add("show", cmd_show, "everything about one model").add_argument("path")
    add("verify", cmd_verify, "re-hash every payload, report broken files (exit 1)")
    p = add("import", cmd_import, "copy a .bcimodel (or a trusted legacy .pkl) into the store")
    p.add_argument("file")
    p.add_argument("--label", help="label folder to put it in")
    p.add_argument("--trust", action="store_true",
                   help="a .pkl comes from a trusted source (pickles can run code)")  # fmt: skip
    p.add_argument("--n-features", type=int, help="features per time step of a legacy SVM/SVNN")
    p = add("export", cmd_export, "copy a model (and its annotations) out of the store")
    p.add_argument("path")
    p.add_argument("dest", help="a folder or a file path")
    p.add_argument("--overwrite", action="store_true")
    add("delete", cmd_delete, "move models to the trash").add_argument("paths", nargs="+")
    add("restore", cmd_restore, "restore from the trash (no argument: list the trash)") \
        .add_argument("entries", nargs="*", help="trash ids or original paths")  # fmt: skip
    add("purge", cmd_purge, "empty the trash for good")
    return models  # type: ignore[no-any-return]


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``models`` subcommands on their own (``python -m bcigui.cli.models list``)."""
    from bcigui.errors import BciguiError

    parser = argparse.ArgumentParser(prog="bcigui")
    add_models_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["models", *(sys.argv[1:] if argv is None else argv)])
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return int(args.func(args))
    except (BciguiError, FileNotFoundError, FileExistsError) as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
