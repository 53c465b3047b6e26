"""The identity model a Keras metric is compiled into and read from `model.evaluate`: the
loop a metric function's per-batch values are averaged in.

The model's output is its input, so `y_pred` goes in as `x`, and a PyDataset yields
exactly the case's batches, ragged and size-1 ones included. Compiled models are cached
per implementation and input signature: Keras keeps its traced step function on the
model, so later examples do not retrace. This module subclasses Keras's classes, so it
starts Keras: the styles import it where they run a model.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from f1_oracle._backend import keras_module
from f1_oracle.readout import plain
from f1_oracle.styles.base import epoch_jit

keras = keras_module()  # this module subclasses Keras's: imported where Keras is used
ops = keras.ops


class BatchesDataset(keras.utils.PyDataset):
    """Yields (x=y_pred, y=y_true[, sample_weight]) batch by batch, as given."""

    def __init__(self, batches, with_targets: bool = True):
        super().__init__()
        self._batches = batches.items
        self._with_targets = with_targets

    def __len__(self) -> int:
        return len(self._batches)

    def __getitem__(self, index: int):
        y_true, y_pred, w = self._batches[index]
        x = np.asarray(y_pred, dtype=np.float32)
        if not self._with_targets:
            return (x,)
        y = np.asarray(y_true, dtype=np.float32)
        return (x, y) if w is None else (x, y, np.asarray(w, dtype=np.float32))


@keras.saving.register_keras_serializable(package="f1_oracle")
def zero_loss(y_true, y_pred):
    """`compile` needs a loss; the identity model has nothing to learn."""
    return ops.zeros(ops.shape(y_pred)[:1])


def identity_model(metrics: list, input_shape: tuple[int, ...], jit_compile="auto"):
    """A model whose output is its input, compiled with `metrics` as weighted metrics:
    `evaluate` then feeds each batch's scores, labels and weights to the metrics as they
    are. `jit_compile` is Keras's own default unless a harness says otherwise."""
    inputs = keras.Input(shape=input_shape, dtype="float32")
    model = keras.Model(inputs, keras.layers.Identity()(inputs))
    model.compile(optimizer="sgd", loss=zero_loss, weighted_metrics=metrics,
                  jit_compile=jit_compile)
    return model


def log_name(metric) -> str:
    """The key `evaluate` logs a metric (a Metric object or a plain function) under."""
    return getattr(metric, "name", None) or metric.__name__


def evaluated(model: keras.Model, data, name: str):
    """The value `model.evaluate` logs under `name` after one pass over `data`."""
    logs = model.evaluate(data, verbose=0, return_dict=True)
    return plain(logs[name])


class Compiled(NamedTuple):
    model: keras.Model
    metric: object
    log_name: str | None


_MODELS: dict[tuple, Compiled] = {}


def compiled(impl, num_classes: int, input_shape: tuple[int, ...], build=None) -> Compiled:
    """An identity model compiled with `impl`'s metric, built once per implementation and
    shape. Keyed by name and contract (which identify what `make` builds), so variants
    derived by a check with the same contract share the model and its traced step."""
    key = (impl.name, impl.contract, num_classes, tuple(input_shape))
    if key not in _MODELS:
        metric = impl.build(num_classes)
        metrics, name = (build or (lambda m: ([m], log_name(m))))(metric)
        model = identity_model(metrics, tuple(input_shape), jit_compile=epoch_jit())
        _MODELS[key] = Compiled(model, metric, name)
    return _MODELS[key]
