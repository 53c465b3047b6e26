"""Input checking and conversion to 0/1 indicator matrices for the streaming metric.

Every accepted layout ends as two (N, K) matrices, truth and prediction, so the counting
code has one path. Shape, rank and dtype problems raise at once (they are known while
tracing too); value problems raise when values are readable and otherwise poison the
state (see _runtime).
"""

from __future__ import annotations

from keras import ops
from keras.backend import standardize_dtype

TASKS = ("binary", "multiclass", "multilabel")


class BadInput(ValueError):
    """An input the metric cannot give the right value for, named."""


def _check_dtype(name: str, x) -> None:
    dtype = standardize_dtype(x.dtype)
    if not ("float" in dtype or "int" in dtype or dtype == "bool"):
        raise BadInput(f"{name} has dtype {dtype}; expected a float, integer or bool tensor")


def _same_rows(**tensors) -> None:
    """Row counts known at trace time must agree (unknown ones are left to the ops)."""
    known = {k: x.shape[0] for k, x in tensors.items() if len(x.shape) and x.shape[0] is not None}
    if len(set(known.values())) > 1:
        raise BadInput(f"row counts differ: {known}")


def indicators(y_true, y_pred, task: str, num_classes: int, threshold: float, inclusive: bool,
               dtype: str):
    """(truth, prediction, problems): (N, K) matrices of `dtype` and [(flag, message)] checks."""
    y_true = ops.convert_to_tensor(y_true)
    y_pred = ops.convert_to_tensor(y_pred)
    _check_dtype("y_true", y_true)
    _check_dtype("y_pred", y_pred)
    _same_rows(y_true=y_true, y_pred=y_pred)
    # Scores keep float64; narrower floats widen exactly to float32, where comparing with
    # the threshold cannot flip a value (a bfloat16 0.5 stays 0.5).
    wide = "float64" if standardize_dtype(y_pred.dtype) == "float64" else "float32"
    y_pred = ops.cast(y_pred, wide)
    y_true = ops.cast(y_true, "float32")
    if task == "multiclass":
        return _multiclass(y_true, y_pred, num_classes, dtype)
    if task == "binary":
        y_true, y_pred = _binary_columns(y_true, y_pred)
    elif tuple(y_pred.shape[1:]) != (num_classes,) or tuple(y_true.shape[1:]) != (num_classes,):
        raise BadInput(
            f"multilabel expects y_true and y_pred of shape (N, {num_classes}); "
            f"got y_true {tuple(y_true.shape)} and y_pred {tuple(y_pred.shape)}"
        )
    problems = [
        _finite(y_pred),
        (ops.any((y_pred < 0) | (y_pred > 1)), "y_pred has values outside [0, 1]; "
         "pass probabilities (apply a sigmoid to logits)"),
        (ops.any((y_true != 0) & (y_true != 1)), "y_true has values other than 0 and 1"),
    ]
    predicted = (y_pred >= threshold) if inclusive else (y_pred > threshold)
    return ops.cast(y_true, dtype), ops.cast(predicted, dtype), problems


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


def _multiclass(y_true, y_pred, num_classes: int, dtype: str):
    if len(y_pred.shape) != 2 or y_pred.shape[1] != num_classes:
        raise BadInput(
            f"multiclass expects y_pred of shape (N, {num_classes}); got {tuple(y_pred.shape)}"
        )
    # The first maximum, by construction: backends do not all promise it for argmax.
    is_max = y_pred >= ops.max(y_pred, axis=1, keepdims=True, initial=-float("inf"))
    first = ops.min(ops.where(is_max, ops.arange(num_classes), num_classes), axis=1,
                    initial=num_classes)
    predicted = ops.one_hot(first, num_classes, dtype=dtype)
    problems = [_finite(y_pred)]
    if len(y_true.shape) == 2 and y_true.shape[1] == num_classes and num_classes > 1:
        truth = ops.cast(y_true, dtype)
        problems += [
            (ops.any((y_true != 0) & (y_true != 1)) | ops.any(ops.sum(y_true, axis=1) != 1),
             "y_true is not one-hot: each row must hold a single 1"),
        ]
    elif len(y_true.shape) == 1 or (len(y_true.shape) == 2 and y_true.shape[1] == 1):
        labels = ops.reshape(y_true, (-1,))
        problems += [
            (ops.any((labels < 0) | (labels >= num_classes) | (labels != ops.floor(labels))),
             f"y_true has labels outside 0..{num_classes - 1}"),
        ]
        truth = ops.one_hot(ops.cast(ops.clip(labels, 0, num_classes - 1), "int32"),
                            num_classes, dtype=dtype)
    else:
        raise BadInput(
            f"multiclass expects y_true of shape (N,), (N, 1) or (N, {num_classes}); "
            f"got {tuple(y_true.shape)}"
        )
    return truth, predicted, problems


def _finite(x):
    return ops.any(ops.logical_not(ops.isfinite(x))), "y_pred contains NaN or inf"


def weights(sample_weight, y_true, dtype: str):
    """Sample weights as an (N, 1) column of `dtype` with their checks; None means ones."""
    if sample_weight is None:
        return None, []
    w = ops.cast(ops.convert_to_tensor(sample_weight), dtype)
    if len(w.shape) == 2 and w.shape[1] == 1:
        w = ops.reshape(w, (-1,))
    if len(w.shape) != 1:
        raise BadInput(f"sample_weight must have shape (N,) or (N, 1); got {tuple(w.shape)}")
    _same_rows(y_true=y_true, sample_weight=w)
    problems = [
        (ops.any(ops.logical_not(ops.isfinite(w))), "sample_weight contains NaN or inf"),
        (ops.any(w < 0), "sample_weight has negative values"),
    ]
    return ops.expand_dims(w, 1), problems
