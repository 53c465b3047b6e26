"""Seed 001: the streaming `F1_score` subclass as posted.

`update_state` computes the batch counts and drops them (it never calls assign_add), so
the state stays at zero and `result()` is 0 / 0 = NaN whatever the data. Kept verbatim
in behaviour, ported to keras.ops, as a negative control.
"""

from __future__ import annotations

import keras
from keras import ops


def _f1_counts(y_true, y_pred):
    y_pred_binary = ops.where(y_pred >= 0.5, 1.0, 0.0)
    y_true = ops.cast(y_true, y_pred_binary.dtype)
    tp = ops.sum(y_true * y_pred_binary)
    return tp, ops.sum(y_pred_binary), ops.sum(y_true)


class PostedF1Score(keras.metrics.Metric):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.tp_count = self.add_variable((), initializer="zeros", name="tp_count")
        self.all_predicted_positives = self.add_variable((), initializer="zeros", name="pred")
        self.all_possible_positives = self.add_variable((), initializer="zeros", name="poss")

    def update_state(self, y_true, y_pred, sample_weight=None):
        _tp, _predicted_positives, _possible_positives = _f1_counts(y_true, y_pred)

    def result(self):
        precision = self.tp_count / self.all_predicted_positives
        recall = self.tp_count / self.all_possible_positives
        return 2 * (precision * recall) / (precision + recall)
