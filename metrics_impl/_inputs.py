"""Input checking and this batch's confusion counts for the streaming metric.

`batch_counts` turns one batch into per-class (true positives, predicted positives,
actual positives) vectors, the only state that composes over batches. It reads y_true and
y_pred once each where it can: multiclass scores go through one argmax and two bincounts
over row indices (never an (N, C) one-hot), one-hot labels through row sums. Shape,
rank and dtype problems raise at once (they are known while tracing too); value problems
come back as (flag, message) pairs for the metric to raise on or to poison its state
with (see _runtime). Flags are callables, so that a metric that does not validate never
computes them; a message that needs more than the flag to be precise is a callable run
only when its flag is raised.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from keras import ops
from keras.backend import standardize_dtype

from metrics_impl import _runtime

TASKS = ("binary", "multiclass", "multilabel")

Problem = tuple[Callable[[], object], str | Callable[[], str]]


class BadInput(ValueError):
    """An input the metric cannot give the right value for, named."""


def _wrong_dtype(name: str, dtype) -> BadInput:
    return BadInput(f"{name} has dtype {dtype}; expected a float, integer or bool tensor")


def _check_dtype(name: str, x) -> None:
    dtype = standardize_dtype(x.dtype)
    if not ("float" in dtype or "int" in dtype or dtype == "bool"):
        raise _wrong_dtype(name, dtype)


def _tensor(name: str, x):
    """x as a tensor of a numeric or bool dtype (strings are refused before conversion,
    which some backends would fail at with an error of their own)."""
    if getattr(getattr(x, "dtype", None), "kind", "") in ("U", "S", "O"):
        raise _wrong_dtype(name, x.dtype)
    x = ops.convert_to_tensor(x)
    _check_dtype(name, x)
    return x


def _same_rows(**tensors) -> None:
    """Row counts known at trace time must agree (unknown ones are left to the ops)."""
    known = {k: x.shape[0] for k, x in tensors.items() if len(x.shape) and x.shape[0] is not None}
    if len(set(known.values())) > 1:
        raise BadInput(f"row counts differ: {known}")


def batch_counts(y_true, y_pred, sample_weight, task: str, num_classes: int, threshold: float,
                 inclusive: bool, dtype: str):
    """((tp, predicted, actual), problems): length-K `dtype` vectors and value checks
    (a list of Problem)."""
    y_true = _tensor("y_true", y_true)
    y_pred = _tensor("y_pred", y_pred)
    _same_rows(y_true=y_true, y_pred=y_pred)
    w, problems = _weights(sample_weight, y_true, dtype)
    # Scores keep float64; narrower floats widen exactly to float32, where comparing with
    # the threshold cannot flip a value (a bfloat16 0.5 stays 0.5).
    wide = "float64" if standardize_dtype(y_pred.dtype) == "float64" else "float32"
    y_pred = ops.cast(y_pred, wide)
    if task == "multiclass":
        counts, more = _multiclass(y_true, y_pred, w, num_classes, dtype)
    else:
        counts, more = _thresholded(y_true, y_pred, w, task, num_classes, threshold, inclusive,
                                    dtype)
    return counts, problems + more


def _thresholded(y_true, y_pred, w, task, num_classes, threshold, inclusive, dtype):
    if task == "binary":
        y_true, y_pred = _binary_columns(y_true, y_pred)
    elif tuple(y_pred.shape[1:]) != (num_classes,) or tuple(y_true.shape[1:]) != (num_classes,):
        raise BadInput(
            f"multilabel expects y_true and y_pred of shape (N, {num_classes}); "
            f"got y_true {tuple(y_true.shape)} and y_pred {tuple(y_pred.shape)}"
        )
    truth = ops.cast(y_true, dtype)
    problems = [
        # NaN and values outside [0, 1] are the ones clipping changes (NaN != NaN).
        (lambda: _fails(y_pred == ops.clip(y_pred, 0, 1)), lambda: _score_message(y_pred)),
        (lambda: _fails((truth == 0) | (truth == 1)), "y_true has values other than 0 and 1"),
    ]
    predicted = (y_pred >= threshold) if inclusive else (y_pred > threshold)
    # One (N, K) float temporary at a time: each is summed before the next is made.
    return (_column_sums(ops.where(predicted, truth, 0), w),
            _column_sums(ops.cast(predicted, dtype), w),
            _column_sums(truth, w)), problems


def _column_sums(x, w):
    return ops.sum(x if w is None else x * ops.expand_dims(w, 1), axis=0)


def _fails(ok):
    """Whether any element of a 1-D or 2-D condition is false. Traced, each row is reduced
    first, which is what XLA compiles well on the CPU (a boolean reduction of the whole
    matrix there is several times slower than the pass that reads it); eagerly one
    reduction is the cheaper kernel."""
    if len(ok.shape) == 2 and not _runtime.values_available(ok):
        ok = ops.min(ops.cast(ok, "float32"), axis=1) > 0
    return ops.logical_not(ops.all(ok))


def _score_message(y_pred) -> str:
    if not np.all(np.isfinite(ops.convert_to_numpy(y_pred))):
        return _FINITE
    return "y_pred has values outside [0, 1]; pass probabilities (apply a sigmoid to logits)"


_FINITE = "y_pred contains NaN or inf"


def _binary_columns(y_true, y_pred):
    def column(name, x):
        if len(x.shape) == 1:
            return ops.expand_dims(x, 1)
        if len(x.shape) == 2 and x.shape[1] == 1:
            return x
        raise BadInput(
            f"binary expects {name} of shape (N,) or (N, 1); got {tuple(x.shape)}"
            + (" (for C-class scores use task='multiclass')" if name == "y_pred" else "")
        )

    return column("y_true", y_true), column("y_pred", y_pred)


def _multiclass(y_true, y_pred, w, num_classes: int, dtype: str):
    """Counts from the predicted and true class of each row: predicted positives are a
    bincount of the predictions; a bincount of (label + C * hit) holds, per true class,
    the rows missed and then the rows hit."""
    if len(y_pred.shape) != 2 or y_pred.shape[1] != num_classes:
        raise BadInput(
            f"multiclass expects y_pred of shape (N, {num_classes}); got {tuple(y_pred.shape)}"
        )
    labels, problems = _labels(y_true, num_classes)
    predictions = _runtime.first_argmax(y_pred)
    problems.append((lambda: _fails(ops.isfinite(y_pred)), _FINITE))
    hit = ops.cast(ops.equal(labels, predictions), "int32")
    predicted = _runtime.bincount(predictions, w, num_classes, dtype)
    by_truth = _runtime.bincount(labels + num_classes * hit, w, 2 * num_classes, dtype)
    tp = by_truth[num_classes:]
    return (tp, predicted, by_truth[:num_classes] + tp), problems


def _labels(y_true, num_classes: int):
    """(int32 class index per row, problems) from one-hot rows or class indices."""
    if len(y_true.shape) == 2 and y_true.shape[1] == num_classes and num_classes > 1:
        truth = ops.cast(y_true, "float32")
        # Row sums, exact for 0/1 values (a matmul would not be: GPUs round its float32
        # inputs to TF32); with every value 0 or 1 and each row summing to 1, the rows are
        # one-hot and the weighted sum is the index of the 1.
        labels = ops.sum(truth * ops.arange(num_classes, dtype="float32"), axis=1)

        def invalid():
            return _fails((truth == 0) | (truth == 1)) | _fails(ops.sum(truth, axis=1) == 1)

        message = "y_true is not one-hot: each row must hold a single 1"
    elif len(y_true.shape) == 1 or (len(y_true.shape) == 2 and y_true.shape[1] == 1):
        labels = ops.cast(ops.reshape(y_true, (-1,)), "float32")

        def invalid():
            return _fails((labels >= 0) & (labels < num_classes) & (labels == ops.floor(labels)))

        message = f"y_true has labels outside 0..{num_classes - 1}"
    else:
        raise BadInput(
            f"multiclass expects y_true of shape (N,), (N, 1) or (N, {num_classes}); "
            f"got {tuple(y_true.shape)}"
        )
    index = ops.cast(ops.clip(labels, 0, num_classes - 1), "int32")
    return index, [(invalid, message)]


def _weights(sample_weight, y_true, dtype: str):
    """Sample weights as an (N,) vector of `dtype` with their checks; None means ones."""
    if sample_weight is None:
        return None, []
    w = ops.cast(ops.convert_to_tensor(sample_weight), dtype)
    if len(w.shape) == 2 and w.shape[1] == 1:
        w = ops.reshape(w, (-1,))
    if len(w.shape) != 1:
        raise BadInput(f"sample_weight must have shape (N,) or (N, 1); got {tuple(w.shape)}")
    _same_rows(y_true=y_true, sample_weight=w)
    return w, [
        (lambda: _fails(ops.isfinite(w)), "sample_weight contains NaN or inf"),
        (lambda: _fails(w >= 0), "sample_weight has negative values"),
    ]
