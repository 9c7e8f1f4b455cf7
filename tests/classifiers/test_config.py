"""Config validation: every invalid value is refused with a message that names the field."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bcigui import (
    SVM,
    SVNN,
    ActivationFunction,
    DenseLayer,
    InputAdapter,
    LSTMLayer,
    LSTMNet,
    SequenceEncoder,
)


@pytest.mark.parametrize(
    ("factory", "field"),
    [
        (lambda: ActivationFunction(kind="swish"), "kind"),
        (lambda: DenseLayer(units=0), "units"),
        (lambda: DenseLayer(dropout=1.5), "dropout"),
        (lambda: DenseLayer(kernel_regularizer="l3"), "kernel_regularizer"),
        (lambda: DenseLayer(regularizer_value=0), "regularizer_value"),
        (lambda: LSTMLayer(hidden_size=0), "hidden_size"),
        (lambda: LSTMLayer(num_layers=11), "num_layers"),
        (lambda: LSTMLayer(recurrent_dropout=-0.1), "recurrent_dropout"),
        (lambda: SequenceEncoder(layers=[]), "layers"),
        (lambda: SequenceEncoder(input_feature_dim=0), "input_feature_dim"),
        (lambda: LSTMNet(pooling="median"), "pooling"),
        (lambda: LSTMNet(classification=DenseLayer(units=2)), "classification"),
        (lambda: LSTMNet(epochs=0), "epochs"),
        (lambda: LSTMNet(learning_rate=-1), "learning_rate"),
        (lambda: SVM(C=0), "C"),
        (lambda: SVM(gamma=-1.0), "gamma"),
        (lambda: SVM(gamma="often"), "gamma"),
        (lambda: SVM(kernel="cubic"), "kernel"),
        (lambda: SVM(max_iter=0), "max_iter"),
        (lambda: SVNN(hidden_size=0), "hidden_size"),
        (lambda: SVNN(input_adapter=InputAdapter(reduce_3d="sum")), "reduce_3d"),
        (lambda: SVNN(unknown_field=1), "unknown_field"),
    ],
)
def test_invalid_values_name_the_field(factory, field):
    with pytest.raises(ValidationError) as info:
        factory()
    assert field in str(info.value)


def test_assignment_is_validated_too():
    svm = SVM()
    with pytest.raises(ValidationError, match="C"):
        svm.C = -3


def test_each_dense_layer_keeps_its_own_activation():
    """The prototype ignored per-layer activations; every layer's own activation is built."""
    net = SVNN(
        layers=[
            DenseLayer(units=8, activation=ActivationFunction(kind="tanh")),
            DenseLayer(units=8, activation=ActivationFunction(kind="gelu")),
        ]
    )
    model = net._build_network(n_features=10, n_classes=3)
    names = [layer.name for layer in model.layers]
    assert "hidden_1_tanh" in names and "hidden_2_gelu" in names
    kinds = [
        layer.get_config().get("activation") for layer in model.layers if "hidden" in layer.name
    ]
    assert "tanh" in kinds and "gelu" in kinds


def test_svnn_has_two_hidden_layers_by_default():
    """The prototype's SVNN had no hidden layer by default."""
    model = SVNN(hidden_size=16)._build_network(n_features=10, n_classes=2)
    dense = [layer for layer in model.layers if layer.__class__.__name__ == "Dense"]
    assert [d.units for d in dense] == [16, 16, 2]


@pytest.mark.parametrize("pooling", ["last", "mean", "max", "attention"])
def test_every_pooling_builds_and_counts_parameters(pooling):
    net = LSTMNet(
        encoder=SequenceEncoder(layers=[LSTMLayer(hidden_size=4, num_layers=2)]), pooling=pooling
    )
    assert net.count_params(n_features=3, n_classes=2) > 0
