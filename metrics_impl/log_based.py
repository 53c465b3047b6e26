"""Seed 003's log-based F1, and the predict-at-epoch-end callback of seeds 001 and 003.

Log-based: three count metrics (true, predicted and possible positives) go into
`compile`, and a callback rebuilds F1 from the epoch logs, which hold Keras's average of
each metric's per-batch values. Keras 3 averages those values per batch, unweighted.
Sum-returning counts therefore arrive as sum / n_batches, a factor that cancels in
2 tp / (predicted + possible): exact for any split. Mean-returning counts (fractions of
each batch) arrive as the mean of per-batch fractions, which weights a sample by
1 / (its batch size): exact only when all batches have one size.

Predict callback: at the end of the epoch, predict on the validation data and ask
scikit-learn, with np.round as the threshold (0.5 rounds to 0: y_pred > 0.5).
"""

from __future__ import annotations

import warnings

import keras
import numpy as np
from keras import ops
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import f1_score

from metrics_impl.keras2_batchwise import _round_clip


def _counts(y_true, y_pred):
    y_true = ops.cast(y_true, keras.config.floatx())
    return (
        _round_clip(y_true * y_pred),
        _round_clip(y_pred),
        _round_clip(y_true),
    )


def true_positives(y_true, y_pred):
    return ops.sum(_counts(y_true, y_pred)[0])


def predicted_positives(y_true, y_pred):
    return ops.sum(_counts(y_true, y_pred)[1])


def possible_positives(y_true, y_pred):
    return ops.sum(_counts(y_true, y_pred)[2])


def true_positive_rate(y_true, y_pred):
    return ops.mean(_counts(y_true, y_pred)[0])


def predicted_positive_rate(y_true, y_pred):
    return ops.mean(_counts(y_true, y_pred)[1])


def possible_positive_rate(y_true, y_pred):
    return ops.mean(_counts(y_true, y_pred)[2])


class F1FromLogs(keras.callbacks.Callback):
    """Reads the three count metrics from the epoch logs; F1 = 2 tp / (pred + poss)."""

    def __init__(self, names: tuple[str, str, str]):
        super().__init__()
        self.names = names
        self.value = float("nan")

    def on_epoch_end(self, epoch, logs=None):
        tp, predicted, possible = (float(logs[name]) for name in self.names)
        denominator = predicted + possible
        self.value = 2 * tp / denominator if denominator > 0 else 0.0
        logs["f1_from_logs"] = self.value


class LogBasedF1:
    """The count metrics to compile and the callback that reads them back."""

    def __init__(self, counts):
        self.metrics = list(counts)
        self._names = tuple(fn.__name__ for fn in counts)

    def make_callback(self, validation_inputs, validation_targets):
        return F1FromLogs(self._names)


def log_based_sums() -> LogBasedF1:
    return LogBasedF1((true_positives, predicted_positives, possible_positives))


def log_based_means() -> LogBasedF1:
    return LogBasedF1((true_positive_rate, predicted_positive_rate, possible_positive_rate))


class PredictF1Callback(keras.callbacks.Callback):
    """Seeds 001/003: predict the validation data at epoch end, score with scikit-learn."""

    def __init__(self, validation_inputs, validation_targets):
        super().__init__()
        self.validation_inputs = validation_inputs
        self.validation_targets = validation_targets
        self.value = float("nan")

    def on_epoch_end(self, epoch, logs=None):
        predictions = self.model.predict(self.validation_inputs, verbose=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UndefinedMetricWarning)
            self.value = f1_score(
                np.ravel(self.validation_targets), np.round(np.ravel(predictions)), zero_division=0
            )


class PredictAtEpochEnd:
    """Nothing to compile; the callback does the work."""

    metrics = ()

    def make_callback(self, validation_inputs, validation_targets):
        return PredictF1Callback(validation_inputs, validation_targets)
