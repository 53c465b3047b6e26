"""A Keras metric object fed batch by batch: `update_state(y_true, y_pred[,
sample_weight])` per batch, then `result()`; `reset_state()`; `merge_state` where the
class has it (tf-keras, ours)."""

from __future__ import annotations

from f1_oracle._backend import keras_module
from f1_oracle.readout import plain
from f1_oracle.styles.base import (
    Capabilities,
    Script,
    Style,
    defines,
    per_batch,
    takes,
    weight_kwargs,
)


def to_numpy(value):
    """A Keras tensor as numpy; a dict, list or string the metric returned, as it is."""
    keras = keras_module()

    if isinstance(value, dict | list | tuple | str) or value is None:
        return plain(value)
    return plain(keras.ops.convert_to_numpy(value))


def overrides_config(metric) -> bool:
    """get_config is the class's own, not only Keras's base (which cannot rebuild a
    metric whose constructor takes arguments)."""
    keras = keras_module()

    own = type(metric).get_config
    return not any(own is getattr(base, "get_config", None)
                   for base in (keras.metrics.Metric, keras.metrics.Mean))


class KerasMetric(Style):
    @property
    def flushes_subnormals(self) -> bool:
        from f1_oracle._backend import reductions_flush_subnormals

        return reductions_flush_subnormals()

    name = "keras-metric"
    doc = "update_state(y_true, y_pred[, sample_weight]) per batch, result(), reset_state() " \
          "(Keras 3, tf-keras)"

    def recognises(self, obj) -> bool:
        return defines(obj, "update_state") and defines(obj, "result")

    def update_batch(self, metric, y_true, y_pred, weight) -> None:
        metric.update_state(y_true, y_pred, **weight_kwargs(weight))

    def script(self, metric) -> Script:
        return Script((), per_batch(
            "metric.update_state(t, p)", "metric.update_state(t, p, sample_weight=w)"),
            "metric.result()")  # value() makes any backend's tensor numpy

    def read(self, metric):
        return to_numpy(metric.result())

    def reset(self, metric) -> None:
        metric.reset_state()

    def merge(self, first, others: list) -> None:
        first.merge_state(others)

    def capabilities(self, metric) -> Capabilities:
        keras = keras_module()

        weights = takes(metric.update_state, "sample_weight")
        is_keras = isinstance(metric, keras.metrics.Metric)
        return Capabilities(
            weights=weights, reset=defines(metric, "reset_state"),
            merge=defines(metric, "merge_state"),
            config=is_keras and defines(metric, "from_config") and overrides_config(metric),
            # Keras's evaluate passes sample_weight to every compiled metric.
            distributed=is_keras and weights, keras=is_keras, reads=True)
