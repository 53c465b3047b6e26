"""Feed an implementation a case the way its users do, and return what they would read.

The epoch harnesses compile an identity model (its output is its input, so `y_pred` goes
in as `x`) and run Keras's own `evaluate`/`fit` loop over a PyDataset that yields exactly
the case's batches, ragged and size-1 ones included. That loop is where a metric
function's per-batch values get averaged, so it is where the batch-averaging error
lives. Compiled models are cached per implementation and input signature: Keras keeps
its traced step function on the model, so later examples do not retrace.
"""

from __future__ import annotations

from typing import NamedTuple

import keras
import numpy as np
from keras import ops

from f1_oracle.case import Case
from f1_oracle.implementation import Implementation


def observe(impl: Implementation, case: Case):
    """The value users of `impl` would read after feeding it `case`."""
    runner = {
        "stream": stream,
        "torch-stream": torch_stream,
        "epoch": epoch,
        "fit-callback": fit_callback,
    }[impl.harness]
    return runner(impl, case)


def stream(impl: Implementation, case: Case):
    return feed(impl.build(case.num_classes), case)


def feed(metric, case: Case):
    """update_state per batch (sample_weight only when the case has weights), then result()."""
    for y_true, y_pred, w in case.batches():
        if w is None:
            metric.update_state(y_true, y_pred)
        else:
            metric.update_state(y_true, y_pred, sample_weight=w)
    return _to_numpy(metric.result())


def torch_stream(impl: Implementation, case: Case):
    """torchmetrics / torcheval style: update(preds, target) per batch, then compute()."""
    import torch

    metric = impl.build(case.num_classes)
    dtype = str(case.y_pred.dtype)
    for y_true, y_pred, _ in case.batches():
        # numpy has no bfloat16 torch understands: widen exactly, then narrow in torch.
        wide = np.asarray(y_pred, dtype=np.float64 if dtype == "float64" else np.float32)
        preds = torch.from_numpy(wide)
        if dtype in ("bfloat16", "float16"):
            preds = preds.to(getattr(torch, dtype))
        metric.update(preds, torch.from_numpy(np.asarray(y_true)).long())
    return metric.compute().detach().cpu().to(torch.float64).numpy()


class BatchesDataset(keras.utils.PyDataset):
    """Yields (x=y_pred, y=y_true[, sample_weight]) batch by batch, as given."""

    def __init__(self, case: Case, with_targets: bool = True):
        super().__init__()
        self._batches = case.batches()
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


def epoch(impl: Implementation, case: Case):
    compiled = _compiled(impl, case.num_classes, case.y_pred.shape[1:])
    logs = compiled.model.evaluate(BatchesDataset(case), verbose=0, return_dict=True)
    return np.asarray(logs[compiled.log_name])


def fit_callback(impl: Implementation, case: Case):
    """One `fit` epoch over the batches; the callback's value at the end of the epoch."""
    compiled = _compiled(impl, case.num_classes, case.y_pred.shape[1:])
    callback = compiled.metric.make_callback(
        BatchesDataset(case, with_targets=False), np.asarray(case.y_true)
    )
    compiled.model.fit(BatchesDataset(case), epochs=1, verbose=0, callbacks=[callback])
    return np.asarray(callback.value)


def compiled_model(impl: Implementation, case: Case) -> keras.Model:
    """The cached identity model the epoch harness runs `impl` in, for this case's shape."""
    return _compiled(impl, case.num_classes, case.y_pred.shape[1:]).model


@keras.saving.register_keras_serializable(package="f1_oracle")
def zero_loss(y_true, y_pred):
    """`compile` needs a loss; the identity model has nothing to learn."""
    return ops.zeros(ops.shape(y_pred)[:1])


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
    inputs = keras.Input(shape=input_shape, dtype="float32")
    model = keras.Model(inputs, keras.layers.Identity()(inputs))
    if impl.harness == "fit-callback":
        metrics, log_name = list(metric.metrics), None
    else:
        metrics, log_name = [metric], getattr(metric, "name", None) or metric.__name__
    model.compile(optimizer="sgd", loss=zero_loss, weighted_metrics=metrics, jit_compile=False)
    return _Compiled(model, metric, log_name)


def _to_numpy(value):
    return np.asarray(ops.convert_to_numpy(value))
