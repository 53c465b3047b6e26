"""tensorflow-addons' F1Score / FBetaScore API, in keras.ops.

tensorflow-addons is end-of-life (May 2024) and does not install with current
TensorFlow; its metric lives on as keras.metrics.F1Score / FBetaScore. This port keeps
tfa's behaviour, including where it differs from scikit-learn:
- threshold=None marks every tied row maximum as predicted (values within 1e-12 of 0
  excepted; Keras uses 1e-9), not the first argmax;
- y_pred > threshold, strict;
- divide_no_nan: 0 / 0 is 0 (scikit-learn's zero_division=0);
- average="weighted" normalises by the total support, so all-zero support gives 0.
  scikit-learn falls back to the plain mean of the per-class scores there, which with
  zero_division=0 is 0 as well: every per-class score without support is 0.
"""

from __future__ import annotations

import keras
from keras import ops

ZERO_GUARD = 1e-12


def _divide_no_nan(a, b):
    return ops.where(b != 0, a / ops.where(b != 0, b, 1.0), 0.0)


@keras.saving.register_keras_serializable(package="f1_oracle")
class FBetaScore(keras.metrics.Metric):
    def __init__(self, num_classes, average=None, beta=1.0, threshold=None,
                 name="fbeta_score", dtype="float32"):
        super().__init__(name=name, dtype=dtype)
        if average not in (None, "micro", "macro", "weighted"):
            raise ValueError(f"Unknown average type {average!r}")
        if not beta > 0:
            raise ValueError(f"beta should be > 0, got {beta}")
        if threshold is not None and not 0 < threshold <= 1:
            raise ValueError(f"threshold should be in (0, 1], got {threshold}")
        self.num_classes, self.average = num_classes, average
        self.beta, self.threshold = beta, threshold
        shape = () if average == "micro" else (num_classes,)
        (self.true_positives, self.false_positives, self.false_negatives,
         self.weights_intermediate) = (
            self.add_variable(shape, initializer="zeros", dtype=self.dtype, name=name)
            for name in ("tp", "fp", "fn", "w")
        )

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_pred = ops.convert_to_tensor(y_pred, self.dtype)
        if self.threshold is None:
            row_max = ops.max(y_pred, axis=-1, keepdims=True)
            predicted = (y_pred >= row_max) & (ops.abs(y_pred) > ZERO_GUARD)
        else:
            predicted = y_pred > self.threshold
        y_pred = ops.cast(predicted, self.dtype)
        y_true = ops.cast(y_true, self.dtype)
        axis = None if self.average == "micro" else 0

        def weighted_sum(x):
            if sample_weight is not None:
                x = x * ops.expand_dims(ops.cast(sample_weight, self.dtype), 1)
            return ops.sum(x, axis=axis)

        self.true_positives.assign_add(weighted_sum(y_pred * y_true))
        self.false_positives.assign_add(weighted_sum(y_pred * (1 - y_true)))
        self.false_negatives.assign_add(weighted_sum((1 - y_pred) * y_true))
        self.weights_intermediate.assign_add(weighted_sum(y_true))

    def result(self):
        precision = _divide_no_nan(self.true_positives, self.true_positives + self.false_positives)
        recall = _divide_no_nan(self.true_positives, self.true_positives + self.false_negatives)
        b2 = self.beta**2
        f_score = _divide_no_nan((1 + b2) * precision * recall, b2 * precision + recall)
        if self.average == "weighted":
            weights = _divide_no_nan(self.weights_intermediate, ops.sum(self.weights_intermediate))
            return ops.sum(f_score * weights)
        if self.average is not None:
            return ops.mean(f_score)
        return f_score

    def reset_state(self):
        for v in self.variables:
            v.assign(ops.zeros(v.shape, v.dtype))

    def get_config(self):
        return {
            **super().get_config(),
            "num_classes": self.num_classes,
            "average": self.average,
            "beta": self.beta,
            "threshold": self.threshold,
        }


@keras.saving.register_keras_serializable(package="f1_oracle")
class F1Score(FBetaScore):
    def __init__(self, num_classes, average=None, threshold=None, name="f1_score", dtype="float32"):
        super().__init__(num_classes, average, 1.0, threshold, name=name, dtype=dtype)

    def get_config(self):
        config = super().get_config()
        del config["beta"]
        return config
