"""Legacy prototype pickles: converted through a restricted unpickler, hostile ones refused."""

from __future__ import annotations

import enum
import hashlib
import json
import os
import pickle
import subprocess
import sys
import types
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pydantic import BaseModel, PrivateAttr

from bcigui import SVM, SVNN, ConfigError, LSTMNet, ModelFileError
from bcigui.modelfile.model_file import read_manifest
from bcigui.store import legacy, legacy_unpickler
from bcigui.store.legacy import import_legacy
from bcigui.store.legacy_unpickler import UntrustedPickleError
from bcigui.store.manager import ModelManager
from tests.store.test_index import small_trials

__all__ = ["small_trials"]  # fixture used here

PROTO = "backend.classes.ClasificationModel"


# --------------------------------------------------------------------------- the prototype
class ActivationFunction(BaseModel):
    kind: str = "relu"


class DenseLayer(BaseModel):
    units: int = 64
    activation: ActivationFunction = ActivationFunction()


class LSTMLayer(BaseModel):
    hidden_size: int = 64
    bidirectional: bool = False


class SequenceEncoder(BaseModel):
    input_feature_dim: int | None = None
    layers: list[LSTMLayer] = [LSTMLayer()]


class Pooling(str, enum.Enum):  # noqa: UP042 - as the prototype wrote it
    LAST = "last"
    MEAN = "mean"


class ProtoLSTMNet(BaseModel):
    encoder: SequenceEncoder = SequenceEncoder()
    pooling: Pooling = Pooling.LAST
    classification: DenseLayer | None = None
    epochs: int = 50
    optimizer_name: str = "adam"  # a prototype field bcigui does not have
    _tf_model: Any = PrivateAttr(default=None)


class ProtoSVM(BaseModel):
    kernel: str = "rbf"
    C: float = 1.0
    gamma: str = "scale"
    probability: bool = True
    _svc_model: Any = PrivateAttr(default=None)


class ProtoSVNN(BaseModel):
    hidden_size: int = 8
    epochs: int = 10
    _keras_model: Any = PrivateAttr(default=None)
    _classes: Any = PrivateAttr(default=None)


_PLACES = {
    "LSTM": [("ActivationFunction", ActivationFunction), ("DenseLayer", DenseLayer),
             ("LSTMLayer", LSTMLayer), ("SequenceEncoder", SequenceEncoder),
             ("Pooling", Pooling), ("LSTMNet", ProtoLSTMNet)],
    "SVM": [("SVM", ProtoSVM)],
    "SVNN": [("SVNN", ProtoSVNN)],
}  # fmt: skip


_MODULES = {name: types.ModuleType(f"{PROTO}.{name}") for name in _PLACES}
for _module_name, _classes in _PLACES.items():
    for _name, _cls in _classes:
        _cls.__module__ = _MODULES[_module_name].__name__
        _cls.__qualname__ = _name
        setattr(_MODULES[_module_name], _name, _cls)


@pytest.fixture
def prototype(monkeypatch):
    """The prototype's modules, with the classes above living at the prototype's paths."""
    for name in ("backend", "backend.classes", PROTO):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    for module in _MODULES.values():
        monkeypatch.setitem(sys.modules, module.__name__, module)


def seed_trials(trials) -> tuple[np.ndarray, np.ndarray]:
    """The seed's (N, T, F) arrays and the prototype's time-major flattening (N, T*F)."""
    seed = np.transpose(trials.X, (0, 2, 1)).astype(np.float32)
    return seed, seed.reshape(len(seed), -1)


def write_pickle(obj: Any, path: Path, protocol: int = pickle.DEFAULT_PROTOCOL) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(obj, protocol=protocol))
    return path


# --------------------------------------------------------------------------- conversion
@pytest.mark.parametrize(("protocol", "probability"), [(2, False), (5, True)])
def test_prototype_svm_converts_with_the_same_predictions(prototype, small_trials, tmp_path,
                                                          protocol, probability):  # fmt: skip
    from sklearn.svm import SVC

    seed, flat = seed_trials(small_trials)
    proto = ProtoSVM(C=2.0, probability=probability)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # SVC(probability=True) is deprecated
        svc = SVC(C=2.0, probability=probability, random_state=0)
        proto._svc_model = svc.fit(flat, small_trials.y)
    pkl = write_pickle(proto, tmp_path / "models" / "p300" / "svm_20251109_143022.pkl", protocol)
    manager = ModelManager(tmp_path / "store")
    path = import_legacy(pkl, trust=True, manager=manager, n_features=8)
    assert path.parent == manager.store_dir / "p300" and path.name.startswith("svm_")
    manifest = read_manifest(path)
    assert manifest["imported_from"]["legacy_pickle"] == str(pkl.resolve())
    assert manifest["imported_from"]["sha256"] == hashlib.sha256(pkl.read_bytes()).hexdigest()
    assert manifest["imported_from"]["prototype_class"] == f"{PROTO}.SVM.SVM"
    assert manifest["hyperparameters"]["C"] == 2.0
    model = ModelManager(tmp_path / "store").get_or_load_model("svm", "p300")
    assert isinstance(model, SVM)
    if probability:  # Platt-scaled probabilities; labels are their argmax (as bcigui's SVM does)
        preds, proba = SVM.query(model, seed, return_logits=True)
        np.testing.assert_allclose(proba, svc.predict_proba(flat), atol=1e-9)
        np.testing.assert_array_equal(preds, svc.classes_[np.argmax(proba, axis=1)])
    else:
        np.testing.assert_array_equal(SVM.query(model, seed), svc.predict(flat))
    assert manager.record(path).status == "ok"


def test_prototype_lstm_converts_with_the_same_predictions(prototype, small_trials, tmp_path):
    import keras

    seed, _ = seed_trials(small_trials)
    inputs = keras.Input((None, 8))
    outputs = keras.layers.Dense(2, activation="softmax")(keras.layers.LSTM(4)(inputs))
    network = keras.Model(inputs, outputs)
    proto = ProtoLSTMNet(
        encoder=SequenceEncoder(input_feature_dim=8, layers=[LSTMLayer(hidden_size=4)]),
        classification=DenseLayer(units=2, activation=ActivationFunction(kind="softmax")),
        epochs=3,
    )
    proto._tf_model = network
    pkl = write_pickle(proto, tmp_path / "models" / "p300" / "lstm_20251109_143022.pkl")
    manager = ModelManager(tmp_path / "store")
    path = manager.import_legacy(pkl, trust=True)
    model = manager.get(path)
    assert isinstance(model, LSTMNet)
    assert model.encoder.layers[0].hidden_size == 4 and model.pooling == "last"
    assert model.epochs == 3 and model.input_adapter.scale == "none"
    expected = network.predict(seed, verbose=0)
    preds, proba = LSTMNet.query(model, seed, return_logits=True)
    np.testing.assert_allclose(proba, expected, atol=1e-5)
    np.testing.assert_array_equal(preds, np.argmax(expected, axis=1))


def test_prototype_svnn_converts_with_reordered_inputs(prototype, small_trials, tmp_path):
    import keras

    seed, flat = seed_trials(small_trials)
    inputs = keras.Input((flat.shape[1],))
    hidden = keras.layers.Dense(8, activation="relu")(inputs)
    network = keras.Model(inputs, keras.layers.Dense(2, activation="softmax")(hidden))
    proto = ProtoSVNN()
    proto._keras_model = network
    proto._classes = np.array(["NonTarget", "Target"])
    expected = network.predict(flat, verbose=0)
    elsewhere = write_pickle(proto, tmp_path / "downloads" / "svnn_x.pkl")
    assert import_legacy(elsewhere, trust=True, n_features=8).parent.name == "legacy"
    pkl = write_pickle(proto, tmp_path / "svnn_x.pkl")
    path = import_legacy(pkl, trust=True, label="p300", n_features=8)
    model = ModelManager.get(path)
    assert isinstance(model, SVNN) and path.parent.name == "p300"
    preds, proba = SVNN.query(model, seed, return_logits=True)
    np.testing.assert_allclose(proba, expected, atol=1e-5)
    assert set(preds) <= {"NonTarget", "Target"}


def test_missing_shape_information_is_asked_for(prototype, small_trials, tmp_path):
    from sklearn.svm import SVC

    _, flat = seed_trials(small_trials)
    proto = ProtoSVM()
    proto._svc_model = SVC().fit(flat, small_trials.y)
    pkl = write_pickle(proto, tmp_path / "svm.pkl")
    with pytest.raises(ConfigError, match="n_features"):
        import_legacy(pkl, trust=True)
    with pytest.raises(ConfigError, match="cannot be 7 features"):
        import_legacy(pkl, trust=True, n_features=7)


def test_pickles_that_are_not_prototype_models(prototype, tmp_path):
    with pytest.raises(ModelFileError, match="not a prototype model"):
        import_legacy(write_pickle({"a": 1}, tmp_path / "dict.pkl"), trust=True)
    with pytest.raises(ModelFileError, match="no trained model"):
        import_legacy(write_pickle(ProtoSVM(), tmp_path / "untrained.pkl"), trust=True)
    (tmp_path / "garbage.pkl").write_bytes(b"\x80\x04garbage")
    with pytest.raises(ModelFileError, match=r"garbage\.pkl"):
        import_legacy(tmp_path / "garbage.pkl", trust=True)
    with pytest.raises(FileNotFoundError, match=r"missing\.pkl"):
        import_legacy(tmp_path / "missing.pkl", trust=True)


# --------------------------------------------------------------------------- hostile pickles
class Payload:
    """Pickles as a call of ``func(*args)``: what a malicious pickle does."""

    def __init__(self, func: Any, *args: Any) -> None:
        self.func, self.args = func, args

    def __reduce__(self) -> tuple[Any, ...]:
        return self.func, self.args


def hostile_pickles(marker: Path) -> dict[str, bytes]:
    touch = f"open({str(marker)!r}, 'w').close()"
    return {
        "os.system": pickle.dumps(Payload(os.system, f"touch {marker}")),
        "eval": pickle.dumps(Payload(eval, touch)),
        "exec": pickle.dumps(Payload(exec, touch)),
        "subprocess": pickle.dumps(Payload(subprocess.Popen, ["touch", str(marker)])),
        "__import__": pickle.dumps(Payload(__import__, "os")),
        "getattr": b"cbuiltins\ngetattr\n(ckeras.src.models.functional\nFunctional\n"
        b"S'__init__'\ntR.",
        "nested": pickle.dumps({"model": [Payload(os.system, f"touch {marker}")]}),
        "reconstructor": b"ccopy_reg\n_reconstructor\n(cbuiltins\nset\ncbuiltins\nlist\nNtR.",
        "codecs": b"c_codecs\nencode\n(S'x'\nS'rot13'\ntR.",
    }


@pytest.mark.parametrize("kind", list(hostile_pickles(Path("x"))))
def test_hostile_pickles_are_refused_without_running(prototype, tmp_path, kind):
    marker = tmp_path / "pwned"
    pkl = tmp_path / "models" / "p300" / f"svm_{kind}.pkl"
    pkl.parent.mkdir(parents=True)
    pkl.write_bytes(hostile_pickles(marker)[kind])
    with pytest.raises(UntrustedPickleError, match=r"refused .*nothing was run") as info:
        import_legacy(pkl, trust=True, manager=ModelManager(tmp_path / "store"))
    assert str(pkl) in str(info.value)
    assert not marker.exists()
    assert not list((tmp_path / "store").rglob("*.bcimodel"))


def test_hostile_global_inside_a_prototype_object(prototype, tmp_path):
    marker = tmp_path / "pwned"
    proto = ProtoSVM()
    proto._svc_model = Payload(os.system, f"touch {marker}")
    pkl = write_pickle(proto, tmp_path / "svm.pkl")
    with pytest.raises(UntrustedPickleError, match=r"refused global (posix|os|nt)\.system"):
        import_legacy(pkl, trust=True)
    assert not marker.exists()


def test_nothing_is_unpickled_without_trust(prototype, tmp_path, monkeypatch):
    marker = tmp_path / "pwned"
    pkl = tmp_path / "svm.pkl"
    pkl.write_bytes(hostile_pickles(marker)["os.system"])

    def forbidden(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the pickle was opened")

    monkeypatch.setattr(legacy_unpickler, "RestrictedUnpickler", forbidden)
    monkeypatch.setattr(legacy, "unpickle_restricted", forbidden)
    for trust in (False, None, "yes", 1):
        with pytest.raises(UntrustedPickleError, match="trust=True"):
            import_legacy(pkl, trust=trust)  # type: ignore[arg-type]
    with pytest.raises(UntrustedPickleError, match="nothing was read"):
        ModelManager.import_legacy(pkl)
    assert not marker.exists()


def test_restricted_unpickler_allows_plain_data(tmp_path):
    data = {"a": np.arange(3, dtype=np.int32), "b": {1, 2}, "c": (b"x", 1.5, None)}
    for protocol in range(6):
        out = legacy_unpickler.unpickle_restricted(pickle.dumps(data, protocol=protocol), tmp_path)
        np.testing.assert_array_equal(out["a"], data["a"])
        assert out["b"] == {1, 2} and out["c"] == (b"x", 1.5, None)


def test_pickle_inside_the_store_keeps_its_label(prototype, small_trials, tmp_path):
    from sklearn.svm import SVC

    _, flat = seed_trials(small_trials)
    proto = ProtoSVM()
    proto._svc_model = SVC().fit(flat, small_trials.y)
    manager = ModelManager(tmp_path / "store")
    pkl = write_pickle(proto, manager.store_dir / "p300" / "svm_20251109_143022.pkl")
    assert manager.list()[0].status == "legacy-untrusted"
    path = import_legacy(pkl, trust=True, manager=manager, n_features=8)
    assert path.parent == manager.store_dir / "p300"
    assert {r.status for r in manager.list(label="p300")} == {"ok", "legacy-untrusted"}


def test_cli_imports_a_trusted_pickle(prototype, small_trials, tmp_path, capsys):
    from sklearn.svm import SVC

    from bcigui.cli import models as cli_models

    _, flat = seed_trials(small_trials)
    proto = ProtoSVM()
    proto._svc_model = SVC().fit(flat, small_trials.y)
    pkl = write_pickle(proto, tmp_path / "models" / "p300" / "svm_1.pkl")
    store = str(tmp_path / "store")
    assert cli_models.main(["import", str(pkl), "--store", store]) == 2
    assert "trust=True" in capsys.readouterr().err
    argv = ["import", str(pkl), "--trust", "--n-features", "8", "--store", store, "--json"]
    assert cli_models.main(argv) == 0
    assert Path(json.loads(capsys.readouterr().out)["path"]).parent.name == "p300"
