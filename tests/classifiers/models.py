"""Small configurations of every classifier that train in seconds on the synthetic sets."""

from __future__ import annotations

from bcigui import (
    SVM,
    SVNN,
    ActivationFunction,
    BaseClassifier,
    DenseLayer,
    InputAdapter,
    LSTMLayer,
    LSTMNet,
    SequenceAdapter,
    SequenceEncoder,
)


def small_lstm(n_features: int = 8, n_classes: int = 2, epochs: int = 15) -> LSTMNet:
    return LSTMNet(
        encoder=SequenceEncoder(
            input_feature_dim=n_features, layers=[LSTMLayer(hidden_size=16, bidirectional=True)]
        ),
        pooling="mean",
        fc_layers=[DenseLayer(units=16)],
        classification=DenseLayer(units=n_classes, activation=ActivationFunction(kind="softmax")),
        input_adapter=SequenceAdapter(decimate=4),
        class_weight="balanced",
        epochs=epochs,
        batch_size=32,
        learning_rate=3e-3,
        early_stopping_patience=None,  # the seed tests count every epoch
    )


def small_svnn(epochs: int = 40) -> SVNN:
    return SVNN(
        layers=[DenseLayer(units=32, dropout=0.5), DenseLayer(units=32, dropout=0.5)],
        epochs=epochs,
        batch_size=32,
        class_weight="balanced",
        # the adapter these tests were calibrated with (before robust scaling and FIR decimation)
        input_adapter=InputAdapter(decimate=4, scale="standard", antialias="boxcar"),
        early_stopping_patience=None,  # the seed tests count every epoch
    )


def small_svm() -> SVM:
    return SVM(kernel="rbf", C=1.0, probability=True, input_adapter=InputAdapter(decimate=4))


#: Hand-tuned small settings; every other registered type trains with :func:`small_model`.
FACTORIES = {"lstm": small_lstm, "svnn": small_svnn, "svm": small_svm}


def small_model(model_type: str) -> BaseClassifier:
    """A cheap configuration of any registered classifier type.

    The tuned one from :data:`FACTORIES` when there is one, else the type's defaults with a
    single epoch for networks (a new classifier needs no entry here).
    """
    from bcigui.classifiers.registry import get_classifier_class

    if model_type in FACTORIES:
        return FACTORIES[model_type]()
    cls = get_classifier_class(model_type)
    model = cls()
    if "epochs" in cls.model_fields:
        model.set_params(epochs=1)
    return model
