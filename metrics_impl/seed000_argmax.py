"""Seed 000: a batch-wise F1 for sparse (N, 1) labels against a (N, 2) softmax.

The first version fed the labels and the softmax to Keras 2's formula as they were: the
(N, 1) labels broadcast against both softmax columns, so every count is wrong. The fix
reshapes the labels to (N,) and takes argmax of the softmax. The fix is right on one
batch, and still averaged batch-wise by Keras.
"""

from __future__ import annotations

import keras
from keras import ops

from metrics_impl.keras2_batchwise import EPSILON, _round_clip


def _f1_from(y_true, y_pred):
    true_positives = ops.sum(_round_clip(y_true * y_pred))
    possible_positives = ops.sum(_round_clip(y_true))
    predicted_positives = ops.sum(_round_clip(y_pred))
    precision = true_positives / (predicted_positives + EPSILON)
    recall = true_positives / (possible_positives + EPSILON)
    return 2 * (precision * recall) / (precision + recall + EPSILON)


def f1_first_version(y_true, y_pred):
    return _f1_from(ops.cast(y_true, keras.config.floatx()), y_pred)


def f1_argmax(y_true, y_pred):
    y_true = ops.cast(ops.reshape(y_true, (-1,)), keras.config.floatx())
    y_pred = ops.cast(ops.argmax(y_pred, 1), keras.config.floatx())
    return _f1_from(y_true, y_pred)
