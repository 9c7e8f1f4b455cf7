"""``python -m bcigui train|predict``: headless training and prediction on recordings or .npy.

Examples::

    python -m bcigui train --model SVM --recording s1_raw.fif s2_raw.fif \\
        --map 1=NonTarget 2=Target --tmin 0 --tmax 0.8 --l-freq 1 --h-freq 30 \\
        --test-recording s3_raw.fif --set kernel=linear --set signal.resample_sfreq=32 \\
        --label p300
    python -m bcigui predict --label p300 --type svm --recording s4_raw.fif --csv out.csv
    python -m bcigui train --preset muse-p300 --recording s1_raw.fif --h-freq 20 --label muse

``--preset NAME`` fills the epoch settings (and, without ``--model``, the classifier) from a
paradigm preset; options given explicitly override its values, and the model records the preset
as modified.

``predict`` epochs recordings with the settings stored in the model (event map, window,
baseline, filter, picks, rejection: :func:`bcigui.app.model_epoching.epoch_for_model`); options
given on the command line override those settings, and the output says which ones.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from bcigui.errors import ConfigError, DataError

if TYPE_CHECKING:
    from bcigui.app.prediction import Prediction
    from bcigui.classifiers.base import BaseClassifier
    from bcigui.data.epoching import EpochSettings
    from bcigui.data.presets import ParadigmPreset
    from bcigui.data.trialset import TrialSet

log = logging.getLogger(__name__)


def _write(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


# ----------------------------------------------------------------------------- parsing helpers
def parse_assignments(items: list[str] | None, what: str) -> dict[str, Any]:
    """``["a=1", "block.b=x"]`` -> ``{"a": 1, "block": {"b": "x"}}`` (JSON values, else text)."""
    result: dict[str, Any] = {}
    for item in items or []:
        key, sep, text = item.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"{what}: expected key=value, got {item!r}")
        try:
            value: Any = json.loads(text)
        except json.JSONDecodeError:
            value = text
        *parents, leaf = key.strip().split(".")
        target = result
        for part in parents:
            target = target.setdefault(part, {})
            if not isinstance(target, dict):
                raise ConfigError(f"{what}: {key!r} sets inside a value that is not a block")
        target[leaf] = value
    return result


def _epoch_overrides(args: argparse.Namespace) -> dict[str, Any]:
    """Epoch settings given on the command line (only those given)."""
    given: dict[str, Any] = {}
    if args.map:
        given["event_map"] = parse_assignments(args.map, "--map")
        given["event_map"] = {k: str(v) for k, v in given["event_map"].items()}
    for name in ("tmin", "tmax", "l_freq", "h_freq", "reject_uv", "picks", "bad_channels"):
        value = getattr(args, name, None)
        if value is not None:
            given[name] = value
    if args.baseline is not None:
        given["baseline"] = [None if v.lower() == "none" else float(v) for v in args.baseline]
    return given


def _epoch_settings(args: argparse.Namespace) -> EpochSettings:
    """The epoch settings of the command line: ``--preset`` (when given) with the flags given
    explicitly on top (they win, and the preset is recorded as modified)."""
    from bcigui.data.epoching import EpochSettings

    given = _epoch_overrides(args)
    if args.preset:
        from bcigui.app.presets import preset_settings

        return preset_settings(_preset(args), given, condition=args.condition)
    if args.condition:
        raise ConfigError("--condition needs --preset (a condition of that preset)")
    if "event_map" not in given:
        raise ConfigError(
            "--map is required with --recording (e.g. --map 1=NonTarget 2=Target), "
            "or a --preset"
        )
    return EpochSettings.model_validate(given)


def _warn_reader_problems(preset: ParadigmPreset, paths: list[str]) -> None:
    """Warn on stderr where recordings differ from the preset's reader hints (rate, channels)."""
    from bcigui.app.presets import reader_problems
    from bcigui.data.recordings import inspect_recording

    for path in paths:
        for problem in reader_problems(preset, inspect_recording(path)):
            sys.stderr.write(f"WARNING: preset {preset.name}: {problem}\n")
    sys.stderr.flush()


def _preset(args: argparse.Namespace) -> ParadigmPreset:
    from bcigui.data.presets import find_preset

    return find_preset(args.preset, args.presets_dir)


def _add_epoch_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("epoching (recordings)")
    g.add_argument(
        "--preset",
        metavar="NAME",
        help="paradigm preset (built-in, in --presets-dir, or a .json path): event map, window, "
        "baseline, filters, picks, rejection; the options below given explicitly override it",
    )
    g.add_argument("--condition", help="with --preset: the condition whose event map to use")
    g.add_argument(
        "--presets-dir", dest="presets_dir", help="folder of your own presets (one .json each)"
    )
    g.add_argument("--map", nargs="+", metavar="KEY=CLASS", help="event key -> class name")
    g.add_argument("--tmin", type=float, help="trial start relative to the event (s)")
    g.add_argument("--tmax", type=float, help="trial end relative to the event (s)")
    g.add_argument("--baseline", nargs=2, metavar=("A", "B"), help="baseline window (s; 'none')")
    g.add_argument("--l-freq", dest="l_freq", type=float, help="high-pass before epoching (Hz)")
    g.add_argument("--h-freq", dest="h_freq", type=float, help="low-pass before epoching (Hz)")
    g.add_argument("--reject-uv", dest="reject_uv", type=float, help="peak-to-peak limit (uV)")
    g.add_argument("--picks", nargs="+", help="channels, in order (default: EEG channels)")
    g.add_argument("--bad", dest="bad_channels", nargs="+", help="channels to leave out")


# ----------------------------------------------------------------------------- train
def _training_data(args: argparse.Namespace) -> tuple[TrialSet, TrialSet | None]:
    """The training trials and the test trials when given (recordings: epoched alike; the
    trials carry their epoch settings, which the model records)."""
    from bcigui.data.epoching import epoch_recordings
    from bcigui.data.inputs import as_trialset

    if bool(args.recording) == bool(args.x):
        raise ConfigError("give either --recording files or --x/--y .npy files")
    if args.recording:
        settings = _epoch_settings(args)
        if args.preset:
            _warn_reader_problems(_preset(args), [*args.recording, *(args.test_recording or [])])
        trials = epoch_recordings(args.recording, settings)
        test = epoch_recordings(args.test_recording, settings) if args.test_recording else None
        return trials, test
    if not args.y:
        raise ConfigError("--x needs --y (label files aligned with the data files)")
    trials = as_trialset(args.x, args.y, role="train")
    test = as_trialset(args.test_x, args.test_y, role="test") if args.test_x else None
    return trials, test


def _cv_scheme(text: str) -> tuple[Literal["kfold", "grouped"], int]:
    """``--cv K`` or ``--cv grouped`` as (scheme, n_splits)."""
    if text == "grouped":
        return "grouped", 5
    if not (text.isdigit() and int(text) >= 2):
        raise ConfigError(f"--cv takes a number of folds >= 2 or 'grouped', got {text!r}")
    return "kfold", int(text)


def _model_choice(args: argparse.Namespace) -> tuple[type[BaseClassifier], dict[str, Any]]:
    """The classifier class and its configuration: ``--model`` and ``--set``, or the
    ``--preset``'s recommended pipeline (its configuration with ``--set`` on top)."""
    from bcigui.app.presets import merged_config, resolve_model_class

    given = parse_assignments(args.set, "--set")
    if args.model:
        return resolve_model_class(args.model), given
    if not args.preset:
        raise ConfigError("give --model (SVM, XdawnRiemann, ...) or a --preset that recommends one")
    preset = _preset(args)
    if preset.pipeline is None:
        raise ConfigError(f"preset {preset.name!r} recommends no pipeline: give --model")
    cls = resolve_model_class(preset.pipeline.model)
    _write(f"model from preset {preset.name} v{preset.version}: {cls.display_name}")
    return cls, merged_config(preset.pipeline.config, given)


def cmd_train(args: argparse.Namespace) -> int:
    """Train a classifier on recordings or .npy files, print metrics, save with --label."""
    from bcigui.app.cv_training import fit_with_cross_validation
    from bcigui.app.fitting import save_trained, split_trials, train_and_save

    cls, config = _model_choice(args)
    model = cls.model_validate(config)
    if args.label is not None:
        from bcigui.modelfile.paths import validate_name

        validate_name(args.label, "--label")
    cv = _cv_scheme(args.cv) if args.cv else None
    trials, test = _training_data(args)
    if cv is not None:
        if test is not None:
            raise ConfigError("--cv replaces the test set: leave out --test-recording/--test-x")
        _write(f"training data: {trials.summary()}")
        result = fit_with_cross_validation(
            model, trials, scheme=cv[0], n_splits=cv[1], permutations=args.permutations,
            model_label=args.label, store_dir=args.store, save=False,
        )  # fmt: skip
        if args.label is not None and (result.near_chance is None or not args.discard_chance):
            result.saved_path = save_trained(model, args.label, args.store)
        _write(f"cross-validation ({cv[0]}):\n{result.cross_validation.summary()}")
    else:
        if test is None:
            trials, test = split_trials(trials, args.test_fraction, seed=args.seed)
        _write(f"training data: {trials.summary()}")
        _write(f"test data:     {test.summary()}")
        result = train_and_save(
            model, trials, test, label=args.label, store_dir=args.store,
            save_near_chance=not args.discard_chance,
        )  # fmt: skip
    _write(f"{cls.display_name}: {result.metrics.summary()}  ({result.training_seconds:.1f} s)")
    verdict = result.near_chance
    if verdict is not None:
        sys.stderr.write("WARNING: " + verdict.text() + "\n")
        sys.stderr.flush()
    if result.saved_path is not None:
        _write(f"saved to {result.saved_path}" + (" (near chance)" if verdict else ""))
    elif args.label is not None and verdict is not None:
        _write("not saved: the result is near chance (--discard-chance)")
    if args.json:
        report = {"metrics": result.metrics.to_dict()}
        if result.cross_validation is not None:
            report["cross_validation"] = result.cross_validation.to_dict()
        _write(json.dumps(report, indent=2, default=str))
    return 0


# ----------------------------------------------------------------------------- predict
def _load_for_predict(args: argparse.Namespace) -> BaseClassifier:
    from bcigui.classifiers.loading import load_model

    if bool(args.model) == bool(args.label):
        raise ConfigError("give either --model PATH or --label LABEL")
    if args.model:
        return load_model(args.model)
    from bcigui.store.manager import ModelManager

    manager = ModelManager(args.store) if args.store else ModelManager.default()
    try:
        if args.type:
            from bcigui.app.presets import resolve_model_class

            model = manager.get_or_load_model(resolve_model_class(args.type).model_type, args.label)
        else:
            records = manager.list(label=args.label, status="ok")
            model = manager.get(records[0].path) if records else None
    finally:
        manager.close()
    if model is None:
        kind = f" of type {args.type}" if args.type else ""
        raise ConfigError(f"no model{kind} with label {args.label!r} in the store")
    return model


def _predictions(args: argparse.Namespace, model: BaseClassifier) -> list[Prediction]:
    """Predict the --x files (with their --y labels) or the epoched --recording files."""
    from bcigui.app.model_description import describe_epoching
    from bcigui.app.model_epoching import epoch_for_model
    from bcigui.app.prediction import predict_files, predict_trials

    if bool(args.recording) == bool(args.x):
        raise ConfigError("give either --recording files or --x .npy files")
    if args.x:
        if args.y and len(args.y) != len(args.x):
            raise ConfigError(
                f"{len(args.x)} --x files but {len(args.y)} --y files: give one label file per "
                "data file, in the same order (or no --y)"
            )
        labels = [Path(y) for y in args.y] if args.y else [None] * len(args.x)
        files = predict_files(model, list(zip([Path(x) for x in args.x], labels, strict=True)))
        if files.problems:
            raise DataError(files.problems[min(files.problems)])
        return files.predictions
    override = _epoch_settings(args) if args.preset else (_epoch_overrides(args) or None)
    trials, report = epoch_for_model(model, args.recording, override)
    if report.follows_reference:
        _write(f"epoch settings from the model: {describe_epoching(report.settings)}")
    else:
        _write(f"epoch settings: {report.describe()}")
    return predict_trials(model, trials)


def cmd_predict(args: argparse.Namespace) -> int:
    """Predict every trial; print a table (or write --csv) of classes and probabilities."""
    from bcigui.app.inference import labelled_scores
    from bcigui.app.prediction import accuracy, model_classes
    from bcigui.app.predictions_csv import ModelIdentity, prediction_table, write_predictions_csv
    from bcigui.classifiers.chance import inference_context

    model = _load_for_predict(args)
    predictions = _predictions(args, model)
    classes = model_classes(model)
    if args.csv:
        write_predictions_csv(args.csv, predictions, classes, ModelIdentity.of(model))
        _write(f"{len(predictions)} predictions written to {args.csv}")
    else:
        header, rows = prediction_table(predictions, classes)
        for row in [header, *rows]:
            _write("\t".join(row))
    score = accuracy(predictions)
    if score is not None:
        n = sum(p.true is not None for p in predictions)
        _write(f"accuracy against the mapped events: {score:.3f} ({n} trials)")
        scores = labelled_scores(predictions, classes, context=inference_context(model))
        if scores is not None:
            _write(f"{scores.summary()} on {scores.n_trials} labelled trials")
            if scores.near_chance is not None:
                sys.stderr.write("WARNING: " + scores.near_chance.text() + "\n")
                sys.stderr.flush()
    return 0


# ----------------------------------------------------------------------------- parsers
def add_decoding_parsers(sub: Any) -> None:
    """Add ``train`` and ``predict`` to the ``python -m bcigui`` subcommands."""
    train = sub.add_parser("train", help="train a classifier on recordings or .npy files")
    train.add_argument(
        "--model", help="type: SVM, LSTMNet, XdawnRiemann, ... (default: the --preset's pipeline)"
    )
    data = train.add_argument_group("data")
    data.add_argument("--recording", nargs="+", help="EEG recordings to train on")
    data.add_argument(
        "--test-recording",
        dest="test_recording",
        nargs="+",
        help="recordings to test on (default: hold out --test-fraction)",
    )
    data.add_argument("--x", nargs="+", help="seed .npy trial files")
    data.add_argument("--y", nargs="+", help="seed .npy label files")
    data.add_argument("--test-x", dest="test_x", nargs="+", help="test .npy trial files")
    data.add_argument("--test-y", dest="test_y", nargs="+", help="test .npy label files")
    data.add_argument(
        "--test-fraction",
        dest="test_fraction",
        type=float,
        default=0.2,
        help="held-out fraction without test files (default 0.2): stratified by class, whole "
        "recordings when there are several",
    )
    _add_epoch_options(train)
    train.add_argument(
        "--set",
        action="append",
        metavar="KEY=VALUE",
        help="hyperparameter (JSON value; dotted keys, e.g. signal.h_freq=30)",
    )
    train.add_argument(
        "--cv",
        help="cross-validate instead of holding out a test set: K stratified folds, or "
        "'grouped' (folds never split a recording); then fit on all trials. The scores are "
        "saved in the model's manifest",
    )
    train.add_argument("--permutations", type=int, default=0, help="permutation test (with --cv)")
    train.add_argument("--label", help="save the model under this label")
    train.add_argument(
        "--discard-chance",
        dest="discard_chance",
        action="store_true",
        help="do not save a model whose result is within noise of chance (by default it is "
        "saved, with a warning on stderr and the verdict in its manifest)",
    )
    train.add_argument("--store", help="model store folder (default: the app's store)")
    train.add_argument("--seed", type=int, default=0, help="seed of the held-out split")
    train.add_argument("--json", action="store_true", help="also print the metrics as JSON")
    train.set_defaults(func=cmd_train)

    predict = sub.add_parser("predict", help="predict recordings or .npy files with a model")
    predict.add_argument("--model", help="model file (.bcimodel)")
    predict.add_argument("--label", help="newest model with this label in the store")
    predict.add_argument("--type", help="with --label: only models of this type")
    predict.add_argument("--store", help="model store folder (default: the app's store)")
    predict.add_argument("--recording", nargs="+", help="EEG recordings to predict")
    predict.add_argument("--x", nargs="+", help="seed .npy trial files")
    predict.add_argument("--y", nargs="+", help="optional .npy label files (for accuracy)")
    _add_epoch_options(predict)
    predict.add_argument("--csv", help="write the predictions to this CSV file")
    predict.set_defaults(func=cmd_predict)
