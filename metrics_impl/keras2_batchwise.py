"""Keras 2's removed batch-wise metric functions, as posted in seeds 001 and 002.

`K.round(K.clip(x, 0, 1))` turns probabilities into 0/1 (round half to even, so 0.5 is
negative: the rule is y_pred > 0.5), counts are summed over the batch, and K.epsilon()
guards each division. Right on one batch; wrong as soon as Keras averages its per-batch
values over an epoch, which is why Keras 2.0 removed it (keras #5794).
"""

from __future__ import annotations

import keras
from keras import ops

EPSILON = 1e-7  # K.epsilon()


def _round_clip(x):
    return ops.round(ops.clip(x, 0, 1))


def precision(y_true, y_pred):
    true_positives = ops.sum(_round_clip(y_true * y_pred))
    predicted_positives = ops.sum(_round_clip(y_pred))
    return true_positives / (predicted_positives + EPSILON)


def recall(y_true, y_pred):
    true_positives = ops.sum(_round_clip(y_true * y_pred))
    possible_positives = ops.sum(_round_clip(y_true))
    return true_positives / (possible_positives + EPSILON)


def fbeta_score(y_true, y_pred, beta=1.0):
    y_true = ops.cast(y_true, keras.config.floatx())
    p = precision(y_true, y_pred)
    r = recall(y_true, y_pred)
    bb = beta**2
    return (1 + bb) * (p * r) / (bb * p + r + EPSILON)


def f1(y_true, y_pred):
    return fbeta_score(y_true, y_pred, beta=1.0)

