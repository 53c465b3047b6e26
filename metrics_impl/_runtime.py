"""The few places where the streaming metric needs to know its Keras backend.

Value checks (NaN, labels out of range) can raise a ValueError only when the values are
there to look at. Inside `tf.function` or `jax.jit` they are not, and keras.ops has no
backend-neutral assertion, so the metric poisons its state with NaN instead: a visible
NaN, never a silent wrong number.

Two kernels are called on the backend directly, because their keras.ops forms cost the
hot path: `keras.ops.argmax` rewrites -0.0 in float inputs (four extra passes over the
scores, and it ranks -0.0 below 0.0 where NumPy and scikit-learn see a tie), and
`keras.ops.bincount` cannot be compiled on JAX (its length depends on the values).
"""

from __future__ import annotations

import keras
from keras import ops

BACKEND = keras.backend.backend()
UNSUPPORTED = f"the streaming metric runs on tensorflow, jax or torch, not {BACKEND}"


def values_available(x) -> bool:
    # Keras builds a model's metrics on stand-in tensors (all ones, or torch's "meta"
    # tensors) inside its symbolic scope, which has no public name.
    from keras.src.backend.common.symbolic_scope import in_symbolic_scope

    if in_symbolic_scope():
        return False
    if BACKEND == "tensorflow":
        import tensorflow as tf

        return tf.executing_eagerly()
    if BACKEND == "jax":
        import jax

        return not isinstance(x, jax.core.Tracer)
    return True  # torch runs eagerly


def first_argmax(x):
    """Index of the first maximum of each row of an (N, C) float tensor, as int32."""
    if BACKEND == "tensorflow":
        import tensorflow as tf

        return tf.argmax(x, axis=1, output_type=tf.int32)
    if BACKEND == "jax":
        import jax.numpy as jnp

        return jnp.argmax(x, axis=1).astype("int32")
    if BACKEND == "torch":
        import torch

        return torch.argmax(x, dim=1).to(torch.int32)
    raise NotImplementedError(UNSUPPORTED)


def bincount(ids, weights, length: int, dtype: str):
    """Sum of `weights` (ones when None) per value of the int32 `ids`, as a length-`length`
    vector of `dtype`; `ids` must lie in [0, length)."""
    if dense_counts_pay():
        return dense_bincount(ids, weights, length, dtype)
    if BACKEND == "tensorflow":
        import tensorflow as tf

        if weights is None:
            weights = tf.zeros((0,), dtype)
        return tf.raw_ops.DenseBincount(input=ids, size=length, weights=weights)
    if BACKEND == "jax":
        import jax.numpy as jnp

        return jnp.bincount(ids, weights, length=length).astype(dtype)
    if BACKEND == "torch":
        import torch

        return torch.bincount(ids, weights, minlength=length).to(getattr(torch, dtype))
    raise NotImplementedError(UNSUPPORTED)


def dense_bincount(ids, weights, length: int, dtype: str):
    """bincount as one compare-and-sum over an (N, length) indicator, which a compiler fuses
    into a single pass over `ids`. On a GPU a scatter-add into a few bins serialises on
    atomics: the H200 run (benchmarks/REPORT.md) measured it 6x slower than Keras's F1Score
    at 1e7 rows. Unweighted counts are summed as int32, exact to 2**31 rows."""
    hits = ops.expand_dims(ids, 1) == ops.arange(length, dtype="int32")
    if weights is None:
        return ops.cast(ops.sum(ops.cast(hits, "int32"), axis=0), dtype)
    return ops.sum(ops.where(hits, ops.expand_dims(ops.cast(weights, dtype), 1), 0), axis=0)


def dense_counts_pay() -> bool:
    """Whether `dense_bincount` beats the backend's bincount: where JAX compiles for a GPU or
    TPU (XLA fuses it; its scatter-add serialises). Eager torch would materialise the
    (N, length) indicator instead, and torch's and TensorFlow's GPU bincounts were not
    measured slow, so they keep their own."""
    if BACKEND == "jax":
        import jax

        return jax.default_backend() != "cpu"
    return False
