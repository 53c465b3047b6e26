"""Backend-neutral pieces of the benchmark: inputs on the device, a compiled update, a
device sync before the clock stops, and the measured copy bandwidth (the roofline).

The same code runs on TensorFlow (CPU here), JAX and torch (the lent GPU machine has no
TensorFlow), chosen by KERAS_BACKEND.
"""

from __future__ import annotations

import time

import keras
import numpy as np
from keras import ops

BACKEND = keras.backend.backend()


def sync(x=None) -> None:
    """Block until the device has finished the work behind x (and everything before)."""
    if BACKEND == "jax":
        import jax

        jax.block_until_ready(x) if x is not None else jax.effects_barrier()
    elif BACKEND == "torch":
        import torch

        if torch.cuda.is_available():
            torch.cuda.synchronize()
    elif BACKEND == "tensorflow":
        import tensorflow as tf

        # On the CPU, eager ops and tf.function calls return when their work is done.
        if tf.config.list_physical_devices("GPU"):
            tf.test.experimental.sync_devices()


def device_name() -> str:
    if BACKEND == "jax":
        import jax

        return str(jax.devices()[0].device_kind)
    if BACKEND == "torch":
        import torch

        return torch.cuda.get_device_name() if torch.cuda.is_available() else "cpu"
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    return gpus[0].name if gpus else "cpu"


def inputs(n: int, num_classes: int, layout: str, dtype: str, seed: int = 0):
    """(y_true, y_pred) already converted to device tensors."""
    rng = np.random.default_rng(seed)
    width = 1 if layout == "binary" else num_classes
    y_pred = rng.random((n, width), dtype=np.float32)
    if layout == "sparse":
        y_true = rng.integers(0, num_classes, size=(n,)).astype(np.int32)
    elif layout == "onehot":
        y_true = np.eye(num_classes, dtype=np.float32)[rng.integers(0, num_classes, size=n)]
    else:
        y_true = rng.integers(0, 2, size=(n, width)).astype(np.float32)
    y_true = ops.convert_to_tensor(y_true)
    y_pred = ops.cast(ops.convert_to_tensor(y_pred), dtype)
    sync(y_pred)
    return y_true, y_pred


def compiled_update(metric):
    """The update as a training step runs it: XLA on TensorFlow, jit on JAX, and the
    torch backend's own (eager) execution on torch."""
    if BACKEND == "tensorflow":
        import tensorflow as tf

        return tf.function(metric.update_state, jit_compile=True, reduce_retracing=True)
    if BACKEND == "jax":
        import jax

        step = jax.jit(metric.stateless_update_state)
        state = {"vars": [v.value for v in metric.variables]}

        def update(y_true, y_pred):
            state["vars"] = step(state["vars"], y_true, y_pred)
            return state["vars"]

        return update
    return metric.update_state


def copy_bandwidth(n_bytes: int = 1 << 28, repeats: int = 5) -> float:
    """Device-to-device copy bandwidth in bytes/s (read + write), best of `repeats`."""
    x = ops.ones((n_bytes // 4,), dtype="float32")
    sync(x)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        y = ops.copy(x) if BACKEND != "tensorflow" else ops.add(x, 0.0)
        sync(y)
        best = min(best, time.perf_counter() - start)
    return 2 * n_bytes / best


ITEMSIZE = {"float64": 8, "int64": 8, "float32": 4, "int32": 4, "bfloat16": 2, "float16": 2}


def bytes_read(y_true, y_pred) -> int:
    """What an update must read: y_true and y_pred once."""
    return sum(int(np.prod(t.shape)) * ITEMSIZE[keras.backend.standardize_dtype(t.dtype)]
               for t in (y_true, y_pred))
