"""The project's recommended metric: streaming F-beta over weighted confusion counts.

F-beta is a ratio of counts, so the only state that composes over batches is the counts.
This metric keeps, per class, the weighted true positives, predicted positives and
actual positives (support), and computes F-beta from them in `result()` exactly as
scikit-learn does: F = (1 + b^2) tp / (b^2 actual + predicted), `zero_division` when that
denominator is 0, NaN per-class values left out of averages, `weighted` by support
(falling back to the plain mean when the support is all zero).
"""

from __future__ import annotations

import math

import keras
from keras import ops

from f1_oracle._backend import holds
from metrics_impl import _inputs
from metrics_impl._inputs import TASKS, BadInput
from metrics_impl._runtime import values_available

AVERAGES = ("micro", "macro", "weighted", None)


@keras.saving.register_keras_serializable(package="f1_oracle")
class StreamingFBeta(keras.metrics.Metric):
    """F-beta accumulated over batches; equals scikit-learn's fbeta_score on all the data.

    task: "binary" (y_true and y_pred of shape (N,) or (N, 1); average is "binary"),
      "multiclass" (y_pred (N, C) scores, the first maximum is the prediction; y_true
      one-hot (N, C) or class indices (N,) / (N, 1)), or "multilabel" ((N, C) both).
    threshold, inclusive: binary and multilabel predict y_pred > threshold
      (>= when inclusive), compared in float64 for float64 scores and in float32 otherwise
      (16-bit scores are widened exactly), so a threshold that float32 cannot represent
      acts as its float32 rounding.
    zero_division: value of a class whose tp + fp + fn is 0 (0, 1 or NaN, as scikit-learn).
    validate: check values (NaN, ranges) on every update; shapes are always checked.
    """

    def __init__(
        self,
        task: str = "binary",
        num_classes: int | None = None,
        average: str | None = "binary",
        beta: float = 1.0,
        threshold: float = 0.5,
        inclusive: bool = False,
        zero_division: float = 0.0,
        validate: bool = True,
        name: str = "fbeta",
        dtype: str | None = "float32",
    ):
        super().__init__(name=name, dtype=dtype)
        if self.dtype in ("float16", "bfloat16"):
            raise ValueError(
                f"dtype {self.dtype} cannot hold counts exactly past 2048 (float16) or 256 "
                "(bfloat16) samples; use float32 or float64 for the state"
            )
        if not holds(self.dtype):
            raise ValueError(
                f"the {keras.backend.backend()} backend turns {self.dtype} into a narrower "
                "type here (JAX needs jax_enable_x64 for float64); choose another dtype"
            )
        if task not in TASKS:
            raise ValueError(f"task must be one of {TASKS}; got {task!r}")
        if task == "binary":
            if average not in ("binary", None):
                raise ValueError(f"binary task takes average='binary'; got {average!r}")
            num_classes, average = 1, "binary"
        elif average not in AVERAGES:
            raise ValueError(f"average must be one of {AVERAGES}; got {average!r}")
        elif not isinstance(num_classes, int) or num_classes < 1:
            raise ValueError(f"{task} needs num_classes >= 1; got {num_classes!r}")
        if not (isinstance(beta, int | float) and beta > 0 and math.isfinite(beta)):
            raise ValueError(f"beta must be a finite number > 0; got {beta!r}")
        if not 0 <= threshold <= 1:
            raise ValueError(f"threshold must be in [0, 1]; got {threshold!r}")
        if not (math.isnan(zero_division) or zero_division in (0, 1)):
            raise ValueError(f"zero_division must be 0, 1 or NaN; got {zero_division!r}")
        self.task, self.num_classes, self.average = task, num_classes, average
        self.beta, self.threshold, self.inclusive = float(beta), float(threshold), inclusive
        self.zero_division, self.validate = float(zero_division), validate
        self.true_positives, self.predicted_positives, self.actual_positives = (
            self.add_variable((num_classes,), initializer="zeros", dtype=self.dtype, name=name)
            for name in ("tp", "pred", "actual")
        )

    def update_state(self, y_true, y_pred, sample_weight=None):
        counts, problems = _inputs.batch_counts(
            y_true, y_pred, sample_weight, self.task, self.num_classes, self.threshold,
            self.inclusive, self.dtype,
        )
        tp, predicted, actual = counts
        poison = self._check(problems, tp) if self.validate else 0.0
        self.true_positives.assign_add(tp + poison)
        self.predicted_positives.assign_add(predicted)
        self.actual_positives.assign_add(actual)

    def _check(self, problems, like):
        """Raise on bad values when they are readable; otherwise NaN to poison the state."""
        flags = ops.stack([flag() for flag, _ in problems])
        if values_available(like):
            for raised, (_, message) in zip(ops.convert_to_numpy(flags), problems, strict=True):
                if raised:
                    raise BadInput(message if isinstance(message, str) else message())
            return 0.0
        return ops.cast(ops.where(ops.any(flags), float("nan"), 0.0), self.dtype)

    def result(self):
        # Tensors, not the variables: JAX no longer reads a Keras variable inside its ops.
        tp, predicted, actual = (ops.convert_to_tensor(v) for v in self._counts())
        if self.average == "micro":  # (1,): torch's keepdims sum over all axes is 0-d
            tp, predicted, actual = (ops.reshape(ops.sum(v), (1,)) for v in (tp, predicted, actual))
        b2 = self.beta**2
        denom = b2 * actual + predicted
        safe = ops.where(denom > 0, denom, 1.0)
        per_class = ops.where(denom > 0, (1 + b2) * tp / safe, self.zero_division)
        if self.average is None:
            return per_class
        if self.average in ("binary", "micro"):
            return per_class[0]
        return _nan_average(per_class, actual if self.average == "weighted" else None)

    def merge_state(self, metrics):
        """Add the counts of other StreamingFBeta metrics (shards of one stream counted
        apart: on other replicas, processes or machines) to this one, whose result is
        then that of the whole stream. `metrics`: one metric or an iterable of them; they
        must count the same way (task, classes, threshold rule)."""
        others = [metrics] if isinstance(metrics, StreamingFBeta) else list(metrics)
        for other in others:
            if not isinstance(other, StreamingFBeta) or other._counting() != self._counting():
                raise ValueError(
                    f"cannot merge {other!r} into a StreamingFBeta counting {self._counting()}"
                )
        for other in others:
            for mine, theirs in zip(self._counts(), other._counts(), strict=True):
                mine.assign_add(ops.cast(theirs, self.dtype))

    def _counting(self) -> dict:
        """What decides the counts (multiclass predictions do not use the threshold)."""
        rule = "argmax" if self.task == "multiclass" else (self.threshold, self.inclusive)
        return {"task": self.task, "num_classes": self.num_classes, "rule": rule}

    def _counts(self):
        return self.true_positives, self.predicted_positives, self.actual_positives

    def reset_state(self):
        for v in self._counts():
            v.assign(ops.zeros(v.shape, v.dtype))

    def get_config(self):
        return {
            **super().get_config(),
            "task": self.task,
            "num_classes": self.num_classes,
            "average": self.average,
            "beta": self.beta,
            "threshold": self.threshold,
            "inclusive": self.inclusive,
            "zero_division": self.zero_division,
            "validate": self.validate,
        }


def _nan_average(values, weights):
    """Mean ignoring NaN, weighted when weights are given and not all zero (scikit-learn's
    _nanaverage); NaN when every value is NaN."""
    keep = ops.logical_not(ops.isnan(values))
    v = ops.where(keep, values, 0.0)
    n_kept = ops.sum(ops.cast(keep, values.dtype))
    plain = ops.sum(v) / ops.maximum(n_kept, 1.0)
    if weights is not None:
        w = ops.where(keep, weights, 0.0)
        total = ops.sum(w)
        plain = ops.where(total > 0, ops.sum(v * w) / ops.where(total > 0, total, 1.0), plain)
    return ops.where(n_kept > 0, plain, float("nan"))


@keras.saving.register_keras_serializable(package="f1_oracle")
class StreamingF1(StreamingFBeta):
    """StreamingFBeta with beta = 1."""

    def __init__(self, task="binary", num_classes=None, average="binary", name="f1", **kwargs):
        kwargs.pop("beta", None)
        super().__init__(task, num_classes, average, beta=1.0, name=name, **kwargs)
