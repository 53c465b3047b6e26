"""Whether tensor values can be read now (eager) or only later (inside a traced function).

Value checks (NaN, labels out of range) can raise a ValueError only when the values are
there to look at. Inside `tf.function` or `jax.jit` they are not, and keras.ops has no
backend-neutral assertion, so the metric poisons its state with NaN instead: a visible
NaN, never a silent wrong number.
"""

from __future__ import annotations

import keras


def values_available(x) -> bool:
    backend = keras.backend.backend()
    if backend == "tensorflow":
        import tensorflow as tf

        return tf.executing_eagerly()
    if backend == "jax":
        import jax

        return not isinstance(x, jax.core.Tracer)
    return True  # torch and numpy run eagerly


def reductions_flush_subnormals() -> bool:
    """TensorFlow's CPU max/argmax read subnormal floats as 0 (see ArgmaxFirst); declared
    by the registry's argmax contracts on that backend."""
    return keras.backend.backend() == "tensorflow"
