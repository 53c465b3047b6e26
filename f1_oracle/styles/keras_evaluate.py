"""A Keras metric (a function, or a metric object) compiled into a model and read from
`model.evaluate`, the number its users see.

The harness compiles an identity model (its output is its input, so `y_pred` goes in as
`x`) and runs Keras's own `evaluate` loop over a PyDataset that yields exactly the case's
batches, ragged and size-1 ones included. That loop is where a metric function's
per-batch values get averaged, so it is where the batch-averaging error lives. Compiled
models are cached per implementation and input signature: Keras keeps its traced step
function on the model, so later examples do not retrace.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from f1_oracle._backend import keras_module
from f1_oracle.readout import plain
from f1_oracle.styles.base import KERAS_FUNCTION_DOC, Capabilities, Script, Style

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


# How Keras users' loops run by default: traced on TensorFlow (tf.function; XLA is left
# off, so that a new batch size does not recompile) and on JAX (jax.jit), eager on torch.
EPOCH_JIT = keras.backend.backend() == "jax"
EPOCH_TRACED = keras.backend.backend() in ("tensorflow", "jax")


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
        model = identity_model(metrics, tuple(input_shape), jit_compile=EPOCH_JIT)
        _MODELS[key] = Compiled(model, metric, name)
    return _MODELS[key]


class KerasEvaluate(Style):
    """`name`: keras-function for plain functions; keras-evaluate for metric objects run
    in the loop (the registry's @epoch entries)."""

    traced = EPOCH_TRACED

    def __init__(self, name: str = "keras-function"):
        self.name = name
        self.doc = KERAS_FUNCTION_DOC

    def as_is(self, target) -> bool:
        return self.name == "keras-function"  # a function, compiled into the model as it is

    @property
    def flushes_subnormals(self) -> bool:
        from f1_oracle._backend import reductions_flush_subnormals

        return reductions_flush_subnormals()

    def observe(self, impl, batches):
        model = compiled(impl, batches.num_classes, batches.score_shape)
        return evaluated(model.model, BatchesDataset(batches), model.log_name)

    def script(self, metric) -> Script:
        """An identity model compiled with the metric, evaluated over the batches as a
        Keras dataset: what `observe` runs, as a user writes it."""
        return Script(("import keras",), (
            "class Batches(keras.utils.PyDataset):  # (y_pred, y_true[, weights]) per batch",
            "    def __init__(self):",
            "        super().__init__()",
            "    def __len__(self):",
            "        return len(batches)",
            "    def __getitem__(self, i):",
            "        t, p, w = batches[i]",
            "        xy = (p.astype(np.float32), t.astype(np.float32))",
            "        return xy if w is None else (*xy, w.astype(np.float32))",
            "inputs = keras.Input(shape=batches[0][1].shape[1:], dtype='float32')",
            "model = keras.Model(inputs, keras.layers.Identity()(inputs))  # y_pred as given",
            "model.compile(optimizer='sgd', loss=lambda t, p: keras.ops.zeros("
            "keras.ops.shape(p)[:1]),",
            f"              weighted_metrics=[metric], jit_compile={EPOCH_JIT!r})",
            "logs = model.evaluate(Batches(), verbose=0, return_dict=True)"),
            f"logs[{log_name(metric)!r}]")

    def capabilities(self, metric) -> Capabilities:
        # evaluate passes sample_weight to metric objects; functions are wrapped by Keras,
        # which weights their per-sample values.
        is_object = isinstance(metric, keras.metrics.Metric)
        return Capabilities(weights=is_object, distributed=True, keras=True, saved=is_object)
