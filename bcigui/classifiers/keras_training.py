"""Keras training and inference helpers shared by the network classifiers.

Imports TensorFlow/Keras: import this module only inside fit/predict/load.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import keras
import numpy as np
import tensorflow as tf

from bcigui.classifiers.progress import CancelToken, ProgressCallback

log = logging.getLogger(__name__)

#: Minimum seconds between two per-batch progress reports (the last batch always reports).
REPORT_INTERVAL_S = 0.05
#: Trials per inference call; bigger inputs are chunked.
PREDICT_CHUNK = 512


class ProgressCancelCallback(keras.callbacks.Callback):
    """Reports progress per batch and per epoch and stops training when the token is cancelled.

    The per-batch report is throttled to :data:`REPORT_INTERVAL_S`. A cancelled epoch is never
    reported as finished: ``on_epoch_end`` is silent once cancellation was seen.
    """

    def __init__(
        self, progress: ProgressCallback, cancel: CancelToken, epochs: int, steps: int
    ) -> None:
        super().__init__()
        self.progress = progress
        self.cancel = cancel
        self.epochs = max(epochs, 1)
        self.steps = max(steps, 1)
        self.epoch = 0
        self.cancelled = False
        self._last_report = 0.0

    def _check_cancel(self) -> bool:
        if self.cancel.cancelled and not self.cancelled:
            self.cancelled = True
            log.info("cancel requested: stopping after batch")
        if self.cancelled:
            self.model.stop_training = True
            if hasattr(self.model, "stop_evaluating"):
                self.model.stop_evaluating = True
        return self.cancelled

    def on_epoch_begin(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        self.epoch = epoch

    def on_train_batch_end(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        if self._check_cancel():
            return
        now = time.monotonic()
        last = batch + 1 >= self.steps
        if not last and now - self._last_report < REPORT_INTERVAL_S:
            return
        self._last_report = now
        logs = logs or {}
        self.progress(
            (self.epoch + (batch + 1) / self.steps) / self.epochs,
            f"epoch {self.epoch + 1}/{self.epochs}, batch {batch + 1}/{self.steps}",
            epoch=self.epoch + 1,
            batch=batch + 1,
            n_batches=self.steps,
            n_epochs=self.epochs,
            **{k: float(v) for k, v in logs.items() if k in ("loss", "accuracy")},
        )

    def on_test_batch_begin(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        self._check_cancel()

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        if self._check_cancel():
            return
        values = {k: float(v) for k, v in (logs or {}).items()}
        self.progress(
            (epoch + 1) / self.epochs,
            f"epoch {epoch + 1}/{self.epochs} finished",
            epoch=epoch + 1,
            n_epochs=self.epochs,
            epoch_end=True,
            **values,
        )


class StopEarlyKeepBest(keras.callbacks.EarlyStopping):
    """Early stopping on ``val_loss`` that restores the best epoch's weights *only when it stopped*.

    Keras's ``EarlyStopping(restore_best_weights=True)`` also rewinds a run that used up its
    epoch budget before the patience ran out. With a short budget (the seed guide's 8 epochs)
    the noisy validation loss of an early epoch then wins and throws away most of the training:
    the seed-guide LSTMNet on the Muse export, training on one session and testing on the
    other, ROC-AUC 0.664 / 0.590 with the rewind against 0.667 / 0.658 without it. A run that
    ends on its budget keeps its last weights; a run that stopped early keeps its best ones.
    """

    def __init__(self, patience: int) -> None:
        super().__init__(monitor="val_loss", patience=patience, restore_best_weights=True)

    def on_train_end(self, logs: dict[str, Any] | None = None) -> None:
        if self.stopped_epoch > 0:
            super().on_train_end(logs)


def set_seed(seed: int | None) -> None:
    """Seed Python, NumPy and TensorFlow for a reproducible fit (no-op for None)."""
    if seed is not None:
        keras.utils.set_random_seed(int(seed))


def train_network(
    network: keras.Model,
    x: np.ndarray,
    y: np.ndarray,
    validation: tuple[np.ndarray, np.ndarray] | None,
    *,
    epochs: int,
    batch_size: int,
    learning_rate: float,
    class_weight: dict[int, float] | None,
    early_stopping_patience: int | None,
    progress: ProgressCallback,
    cancel: CancelToken,
) -> tuple[dict[str, list[float]], bool]:
    """Compile and fit ``network``; return (history, cancelled).

    Parameters
    ----------
    x : ndarray, shape (n_trials, ...) ; y : ndarray of int, shape (n_trials,)
    validation : (x_val, y_val) or None
    """
    network.compile(
        optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    validation_data: tuple[np.ndarray, ...] | None = validation
    if validation is not None and class_weight:
        # weight validation trials like training ones, so val_loss (early stopping, curves)
        # measures the same objective that training minimises
        x_val, y_val = validation
        weights = np.array([class_weight[int(c)] for c in y_val], dtype=np.float32)
        validation_data = (x_val, y_val, weights)
    steps = int(np.ceil(len(x) / batch_size))
    progress_cb = ProgressCancelCallback(progress, cancel, epochs, steps)
    callbacks: list[keras.callbacks.Callback] = [progress_cb, keras.callbacks.TerminateOnNaN()]
    if early_stopping_patience and validation is not None:
        callbacks.append(StopEarlyKeepBest(early_stopping_patience))
    hist = network.fit(
        x,
        y,
        validation_data=validation_data,
        epochs=epochs,
        batch_size=batch_size,
        shuffle=True,
        class_weight=class_weight,
        verbose=0,
        callbacks=callbacks,
    )
    history = {k: [float(v) for v in vals] for k, vals in hist.history.items()}
    if progress_cb.cancelled and history:
        # Keras appends the interrupted epoch; it is not a finished one.
        n_done = progress_cb.epoch
        history = {k: v[:n_done] for k, v in history.items()}
    return history, progress_cb.cancelled


class CompiledPredictor:
    """Fast inference: one ``tf.function`` with a fixed input signature, traced once.

    Never the eager ``model(x)`` (slow) nor ``predict()`` per trial (large fixed cost).
    """

    def __init__(self, network: keras.Model) -> None:
        shape = [None, *network.inputs[0].shape[1:]]
        self._network = network
        self._fn = tf.function(
            lambda batch: network(batch, training=False),
            input_signature=[tf.TensorSpec(shape, tf.float32)],
            reduce_retracing=True,
        )

    def __call__(self, x: np.ndarray) -> np.ndarray:
        """Class probabilities for ``x``, shape ``(n_trials, n_classes)``."""
        out = [
            self._fn(tf.convert_to_tensor(x[i : i + PREDICT_CHUNK], tf.float32)).numpy()
            for i in range(0, len(x), PREDICT_CHUNK)
        ]
        return np.concatenate(out, axis=0)
