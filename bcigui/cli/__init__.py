"""Headless commands over the same core as the window: ``python -m bcigui <command>``.

Commands
--------
demo
    Train the built-in classifiers on the synthetic demo data and show their test metrics.
versions
    Show the versions of Python and the libraries that matter for model files.
models list|show|verify|import|export|delete|restore|purge
    Work with a model store (``--store DIR``, default: the app's store; ``--json``).
train
    Train any registered classifier on EEG recordings (``--recording``, ``--map``, epoch
    options) or seed ``.npy`` files (``--x``/``--y``); print the test metrics; save with
    ``--label``. Hyperparameters with ``--set key=value`` (dotted keys for config blocks).
predict
    Predict recordings or ``.npy`` files with a model file or a stored label; print or export
    (``--csv``) the predicted class and probabilities of every trial.
study
    Compare and tune pipelines from a TOML spec with (nested) cross-validation, on an
    embedded Dask cluster, a lab's cluster (``--scheduler``) or local processes (``--local``).

Errors exit with status 2 and one line on stderr.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

log = logging.getLogger("bcigui")


def _write(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _demo_models(kind: str, which: Sequence[str]) -> list[object]:
    from bcigui import (
        SVM,
        SVNN,
        DenseLayer,
        InputAdapter,
        LSTMLayer,
        LSTMNet,
        SequenceAdapter,
        SequenceEncoder,
    )

    models = {
        "svm": lambda: SVM(input_adapter=InputAdapter(decimate=4)),
        "svnn": lambda: SVNN(
            layers=[DenseLayer(units=32, dropout=0.5), DenseLayer(units=32, dropout=0.5)],
            epochs=40,
            class_weight="balanced",
            input_adapter=InputAdapter(decimate=4),
        ),
        "lstm": lambda: LSTMNet(
            encoder=SequenceEncoder(layers=[LSTMLayer(hidden_size=32, bidirectional=True)]),
            pooling="mean",
            input_adapter=SequenceAdapter(decimate=4),
            class_weight="balanced",
            epochs=15,
            learning_rate=3e-3,
        ),
    }
    return [models[name]() for name in which]


def cmd_demo(args: argparse.Namespace) -> int:
    """Train on synthetic data written as seed ``.npy`` files; print (or save) the metrics."""
    from bcigui.data.synthetic import write_demo_dataset

    with tempfile.TemporaryDirectory(prefix="bcigui-demo-") as tmp:
        files = write_demo_dataset(args.kind, Path(tmp), random_state=args.seed)
        _write(f"demo data ({args.kind}): {len(files['xTrain'])} training and "
               f"{len(files['xTest'])} test trials written as .npy files")  # fmt: skip
        report = {}
        for model in _demo_models(args.kind, args.models):
            cls = type(model)
            result = cls.fit(  # type: ignore[attr-defined]
                model, files["xTest"], files["yTest"], files["xTrain"], files["yTrain"],
                model_label=args.label,
            )  # fmt: skip
            m = result.metrics
            _write(f"{cls.display_name:8s} {m.summary()}  ({result.training_seconds:.1f} s)")  # type: ignore[attr-defined]
            if result.saved_path:
                _write(f"         saved to {result.saved_path}")
            report[cls.model_type] = m.to_dict()  # type: ignore[attr-defined]
    if args.json:
        _write(json.dumps(report, indent=2))
    return 0


def cmd_versions(args: argparse.Namespace) -> int:
    """Print library versions (the ones recorded in every model file)."""
    from bcigui.modelfile.versions import library_versions

    for name, version in library_versions().items():
        _write(f"{name:14s} {version}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bcigui", description=__doc__.split("\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="train on the built-in synthetic data, show metrics")
    demo.add_argument("--kind", choices=["p300", "inner"], default="p300")
    demo.add_argument(
        "--models", nargs="+", choices=["svm", "svnn", "lstm"], default=["svm", "svnn", "lstm"]
    )
    demo.add_argument("--label", default=None, help="save the models under this label")
    demo.add_argument("--seed", type=int, default=0)
    demo.add_argument("--json", action="store_true", help="also print the metrics as JSON")
    demo.set_defaults(func=cmd_demo)
    versions = sub.add_parser("versions", help="show library versions")
    versions.set_defaults(func=cmd_versions)
    from bcigui.cli.models import add_models_parser

    add_models_parser(sub)
    from bcigui.cli.decoding import add_decoding_parsers

    add_decoding_parsers(sub)
    from bcigui.cli.study import add_study_parser

    add_study_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m bcigui`` subcommands."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    from pydantic import ValidationError

    from bcigui.errors import BciguiError

    try:
        return int(args.func(args))
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or exc.title}: {e['msg']}" for e in exc.errors()
        )
        sys.stderr.write(f"error: invalid {exc.title} settings: {problems}\n")
        return 2
    except (BciguiError, FileNotFoundError, FileExistsError) as exc:
        message = " ".join(str(exc).split())  # one line
        sys.stderr.write(f"error: {message}\n")
        return 2
