"""Feed an implementation a case the way its users do, and return what they would read.

The epoch harnesses compile an identity model (its output is its input, so `y_pred` goes
in as `x`) and run Keras's own `evaluate`/`fit` loop over a PyDataset that yields exactly
the case's batches, ragged and size-1 ones included. That loop is where a metric
function's per-batch values get averaged, so it is where the batch-averaging error
lives. Compiled models are cached per implementation and input signature: Keras keeps
its traced step function on the model, so later examples do not retrace.
"""

from __future__ import annotations

import warnings
from typing import NamedTuple

import keras
import numpy as np
from keras import ops

from f1_oracle.case import Case
from f1_oracle.implementation import Implementation


class Batches(NamedTuple):
    """What a harness feeds: (y_true, y_pred, sample_weight) per batch. Usually a case's
    split; bad-input probes build them directly (shapes a Case would refuse)."""

    items: list[tuple]
    num_classes: int

    @classmethod
    def of(cls, case: Case) -> Batches:
        return cls(case.batches(), case.num_classes)

    @property
    def score_shape(self) -> tuple[int, ...]:
        return tuple(np.shape(self.items[0][1])[1:])


def observe(impl: Implementation, case: Case):
    """The value users of `impl` would read after feeding it `case`."""
    return observe_batches(impl, Batches.of(case))


def observe_batches(impl: Implementation, batches: Batches):
    runner = {
        "stream": stream,
        "torch-stream": torch_stream,
        "epoch": epoch,
        "fit-callback": fit_callback,
    }[impl.harness]
    return runner(impl, batches)


def stream(impl: Implementation, batches: Batches):
    return feed(impl.build(batches.num_classes), batches)


def feed(metric, fed: Case | Batches):
    """update_state per batch (sample_weight only when the batch has weights), then result()."""
    batches = Batches.of(fed) if isinstance(fed, Case) else fed
    update(metric, batches)
    return read(metric)


def update(metric, batches: Batches) -> None:
    for y_true, y_pred, w in batches.items:
        if w is None:
            metric.update_state(y_true, y_pred)
        else:
            metric.update_state(y_true, y_pred, sample_weight=w)


def read(metric):
    return _to_numpy(metric.result())


def torch_stream(impl: Implementation, batches: Batches):
    """torchmetrics / torcheval style: update(preds, target) per batch, then compute()."""
    metric = impl.build(batches.num_classes)
    torch_update(metric, batches)
    return torch_read(metric)


def torch_update(metric, batches: Batches) -> None:
    import torch

    for y_true, y_pred, _ in batches.items:
        # numpy has no bfloat16 torch understands: widen exactly, then narrow in torch.
        dtype = str(np.asarray(y_pred).dtype)
        wide = np.asarray(y_pred, dtype=np.float64 if dtype == "float64" else np.float32)
        preds = torch.from_numpy(wide)
        if dtype in ("bfloat16", "float16"):
            preds = preds.to(getattr(torch, dtype))
        metric.update(preds, torch.from_numpy(np.asarray(y_true)).long())


def torch_read(metric):
    import torch

    return metric.compute().detach().cpu().to(torch.float64).numpy()


def merged(impl: Implementation, case: Case, owners: tuple[int, ...], shards: int):
    """Batch i fed to metric owners[i] of `shards` fresh metrics (in order); the others
    then merged into the first with the implementation's merge, and its value read."""
    updater, reader = {"stream": (update, read),
                       "torch-stream": (torch_update, torch_read)}[impl.harness]
    batches = case.batches()
    metrics = [impl.build(case.num_classes) for _ in range(shards)]
    for index, metric in enumerate(metrics):
        mine = [batch for batch, owner in zip(batches, owners, strict=True) if owner == index]
        updater(metric, Batches(mine, case.num_classes))
    impl.merge(metrics[0], metrics[1:])
    return reader(metrics[0])


class BatchesDataset(keras.utils.PyDataset):
    """Yields (x=y_pred, y=y_true[, sample_weight]) batch by batch, as given."""

    def __init__(self, batches: Batches, with_targets: bool = True):
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


def epoch(impl: Implementation, batches: Batches):
    compiled = _compiled(impl, batches.num_classes, batches.score_shape)
    return evaluated(compiled.model, BatchesDataset(batches), compiled.log_name)


def evaluated(model: keras.Model, data, log_name: str):
    """The value `model.evaluate` logs under `log_name` after one pass over `data`."""
    logs = model.evaluate(data, verbose=0, return_dict=True)
    return np.asarray(logs[log_name])


def fit_callback(impl: Implementation, batches: Batches):
    """One `fit` epoch over the batches; the callback's value at the end of the epoch."""
    compiled = _compiled(impl, batches.num_classes, batches.score_shape)
    y_true = np.concatenate([np.asarray(t) for t, _, _ in batches.items])
    callback = compiled.metric.make_callback(BatchesDataset(batches, with_targets=False), y_true)
    with warnings.catch_warnings():  # the identity model has nothing to train, by design
        warnings.filterwarnings("ignore", "The model does not have any trainable weights")
        compiled.model.fit(BatchesDataset(batches), epochs=1, verbose=0, callbacks=[callback])
    return np.asarray(callback.value)


def compiled_model(impl: Implementation, case: Case) -> keras.Model:
    """The cached identity model the epoch harness runs `impl` in, for this case's shape."""
    return _compiled(impl, case.num_classes, case.y_pred.shape[1:]).model


@keras.saving.register_keras_serializable(package="f1_oracle")
def zero_loss(y_true, y_pred):
    """`compile` needs a loss; the identity model has nothing to learn."""
    return ops.zeros(ops.shape(y_pred)[:1])


# How Keras users' loops run by default: traced on TensorFlow (tf.function; XLA is left
# off, so that a new batch size does not recompile) and on JAX (jax.jit), eager on torch.
EPOCH_JIT = keras.backend.backend() == "jax"
EPOCH_TRACED = keras.backend.backend() in ("tensorflow", "jax")


class _Compiled(NamedTuple):
    model: keras.Model
    metric: object
    log_name: str | None


_MODELS: dict[tuple, _Compiled] = {}


def _compiled(impl: Implementation, num_classes: int, input_shape: tuple[int, ...]):
    """An identity model compiled with `impl`, built once per implementation and shape.

    Keyed by name and contract (which identify what `make` builds), so variants derived
    by a check with the same contract share the model and its traced step function.
    """
    key = (impl.name, impl.contract, num_classes, tuple(input_shape))
    if key not in _MODELS:
        _MODELS[key] = _compile(impl, num_classes, tuple(input_shape))
    return _MODELS[key]


def _compile(impl: Implementation, num_classes: int, input_shape: tuple[int, ...]):
    metric = impl.build(num_classes)
    if impl.harness == "fit-callback":
        metrics, name = list(metric.metrics), None
    else:
        metrics, name = [metric], log_name(metric)
    return _Compiled(identity_model(metrics, input_shape, jit_compile=EPOCH_JIT), metric, name)


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


def _to_numpy(value):
    return np.asarray(ops.convert_to_numpy(value))
