"""One registry: the built-in list, bcigui's lazy names, declared payload types, refused saves."""

from __future__ import annotations

import subprocess
import sys
from typing import Any, ClassVar

import numpy as np
import pytest

import bcigui
from bcigui.classifiers.registry import (
    BUILTIN_CLASSIFIERS,
    available_types,
    get_classifier_class,
    register,
    trusted_payload_types,
    unregister,
)
from bcigui.data.synthetic import make_p300
from bcigui.errors import ConfigError, ModelFileError
from bcigui.modelfile.payloads import PLAIN_DATA_TYPES


def test_the_builtin_list_is_what_bcigui_exposes_and_the_registry_holds():
    registered = {cls.__name__: cls for cls in available_types().values()}
    assert set(registered) == set(BUILTIN_CLASSIFIERS)
    for name, module in BUILTIN_CLASSIFIERS.items():
        assert getattr(bcigui, name) is registered[name]
        assert registered[name].__module__ == module
        assert name in bcigui.__all__


def test_importing_bcigui_and_naming_a_network_loads_no_tensorflow():
    code = (
        "import sys, bcigui\n"
        "classes = [getattr(bcigui, n) for n in bcigui.__all__ if n[0].isupper()]\n"
        "assert bcigui.LSTMNet.model_type == 'lstm'\n"
        "bad = [m for m in ('tensorflow', 'keras', 'PySide6') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


@pytest.mark.parametrize("model_type", sorted(available_types()))
def test_every_type_trusts_plain_data_and_dotted_names_only(model_type):
    trusted = trusted_payload_types(get_classifier_class(model_type))
    assert set(PLAIN_DATA_TYPES) <= set(trusted)
    assert all("." in name and " " not in name for name in trusted)


def test_declared_types_are_per_class_and_inherited():
    svm, lda = get_classifier_class("svm"), get_classifier_class("shrinkage_lda")
    assert "sklearn.svm._classes.SVC" in trusted_payload_types(svm)
    assert "sklearn.svm._classes.SVC" not in trusted_payload_types(lda)

    class TunedSVM(svm):  # a subclass, not registered: trusts what SVM declared
        pass

    assert trusted_payload_types(TunedSVM) == trusted_payload_types(svm)


def test_payload_types_must_be_dotted_names():
    with pytest.raises(ValueError, match="dotted type names"):
        register(payload_types=["GaussianNB"])


def test_unregister_forgets_the_type(toy_classifier):
    assert available_types()["toy_nb"] is toy_classifier
    unregister("toy_nb")
    assert "toy_nb" not in available_types()
    with pytest.raises(KeyError):
        get_classifier_class("toy_nb")
    unregister("toy_nb")  # twice is harmless


def _leaky_toy(base: type, payload_types: tuple[str, ...]) -> type:
    """A toy whose payload is a Pipeline(StandardScaler, GaussianNB): two types more than the
    toy declares."""

    class LeakyToy(base):  # type: ignore[misc, valid-type]
        model_type: ClassVar[str] = "leaky_toy"
        display_name: ClassVar[str] = "Leaky toy"

        def _make_estimator(self, trials: Any, y_idx: np.ndarray) -> Any:
            from sklearn.naive_bayes import GaussianNB
            from sklearn.pipeline import make_pipeline
            from sklearn.preprocessing import StandardScaler

            return make_pipeline(StandardScaler(), GaussianNB())

    return register(payload_types=payload_types)(LeakyToy)


def test_a_payload_the_loader_would_refuse_is_refused_at_save(toy_classifier, isolated_store):
    ts = make_p300(n_trials=40, random_state=0)
    leaky = _leaky_toy(toy_classifier, ())
    try:
        model = leaky().fit(ts.X, ts.y)
        target = isolated_store / "p300" / "leaky_toy_1.bcimodel"
        with pytest.raises(ConfigError) as info:
            model.save(target)
        message = str(info.value)
        assert "sklearn.pipeline.Pipeline" in message
        assert "sklearn.preprocessing._data.StandardScaler" in message
        assert "GaussianNB" not in message  # declared by the toy it derives from
        assert "@register(payload_types=" in message and __name__ in message
        assert not target.exists()
        # the seed call with model_label trains, then refuses to save: no file in the store
        with pytest.raises(ConfigError, match="was not saved"):
            leaky.fit(leaky(), ts.X[:10], ts.y[:10], ts.X, ts.y, model_label="p300")
        assert list(isolated_store.rglob("*.bcimodel")) == []
    finally:
        unregister("leaky_toy")

    # declaring the types at the registration is the fix: it saves and loads back
    fixed = _leaky_toy(
        toy_classifier,
        ("sklearn.pipeline.Pipeline", "sklearn.preprocessing._data.StandardScaler"),
    )
    try:
        model = fixed().fit(ts.X, ts.y)
        loaded = fixed.load(model.save(isolated_store / "leaky_toy_2.bcimodel"))
        np.testing.assert_array_equal(loaded.predict_proba(ts.X), model.predict_proba(ts.X))
    finally:
        unregister("leaky_toy")


def test_a_file_holding_undeclared_types_is_refused_at_load(toy_classifier, isolated_store):
    """The other side: a file written by a class that trusted more is refused by one that
    trusts less (its own declaration is all a loader goes by)."""
    ts = make_p300(n_trials=40, random_state=0)
    permissive = _leaky_toy(
        toy_classifier,
        ("sklearn.pipeline.Pipeline", "sklearn.preprocessing._data.StandardScaler"),
    )
    path = permissive().fit(ts.X, ts.y).save(isolated_store / "leaky.bcimodel")
    unregister("leaky_toy")
    _leaky_toy(toy_classifier, ())
    try:
        with pytest.raises(ModelFileError, match=r"not trusted: sklearn\.pipeline\.Pipeline"):
            bcigui.load_model(path)
    finally:
        unregister("leaky_toy")
