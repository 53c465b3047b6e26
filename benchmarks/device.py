"""Backend-neutral pieces of the benchmark: inputs on the device, a compiled update, a
device sync before the clock stops, and the measured copy bandwidth (the roofline).

The same code runs on TensorFlow (CPU here), JAX and torch (the lent GPU machine has no
TensorFlow), chosen by KERAS_BACKEND.
"""

from __future__ import annotations

import functools
import re
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


@functools.lru_cache(maxsize=1)
def inputs(n: int, num_classes: int, layout: str, dtype: str, seed: int = 0):
    """(y_true, y_pred) already converted to device tensors. The last pair is kept: the
    implementations of one size and dtype run one after another, and building 1e8-element
    inputs on the host costs more than the benchmarks that read them."""
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


def copy_bandwidth(n_bytes: int = 1 << 30, repeats: int = 5) -> float:
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


def bytes_read(*tensors) -> int:
    """What an update must read: each of its inputs (y_true and y_pred) once."""
    return sum(int(np.prod(t.shape)) * ITEMSIZE[keras.backend.standardize_dtype(t.dtype)]
               for t in tensors)


def eager_ops(call) -> int | None:
    """How many ops (kernels) one eager call launches: every op TensorFlow executes
    (op callbacks), every aten op torch dispatches, every primitive JAX binds (`call` must
    be pure there: see `pure_update`). Each is a launch on a GPU and a pass over its
    inputs unless the backend fuses it."""
    if BACKEND == "tensorflow":
        from tensorflow.python.framework import op_callbacks

        seen = []

        def callback(op_type, *args, **kwargs):
            seen.append(op_type)

        op_callbacks.add_op_callback(callback)
        try:
            call()
        finally:
            op_callbacks.remove_op_callback(callback)
        return len(seen)
    if BACKEND == "torch":
        from torch.utils._python_dispatch import TorchDispatchMode

        class Count(TorchDispatchMode):
            n = 0

            def __torch_dispatch__(self, func, types, args=(), kwargs=None):
                Count.n += 1
                return func(*args, **(kwargs or {}))

        with Count():
            call()
        return Count.n
    if BACKEND == "jax":
        import jax

        jaxpr = jax.make_jaxpr(lambda: call())()
        return len(jaxpr.eqns)
    return None


def pure_update(metric, y_true, y_pred):
    """The update as a call that JAX can trace without leaking tracers into the metric's
    variables (the stateless form); the plain update elsewhere."""
    if BACKEND != "jax":
        return lambda: metric.update_state(y_true, y_pred)

    def call():  # the variables as they are when called (Keras builds some lazily)
        return metric.stateless_update_state([v.value for v in metric.variables], y_true,
                                             y_pred)

    return call


def peak_bytes(call) -> int | None:
    """Device memory one call adds at its peak, from the allocator's own statistics, where
    the device keeps them (torch on CUDA; TensorFlow on a GPU, and on the CPU with
    TF_CPU_ALLOCATOR_USE_BFC=true). None where it does not."""
    if BACKEND == "torch":
        import torch

        if not torch.cuda.is_available():
            return None
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
        before = torch.cuda.memory_allocated()
        call()
        torch.cuda.synchronize()
        return torch.cuda.max_memory_allocated() - before
    if BACKEND == "tensorflow":
        import tensorflow as tf

        name = "GPU:0" if tf.config.list_physical_devices("GPU") else "CPU:0"
        try:
            tf.config.experimental.reset_memory_stats(name)
            before = tf.config.experimental.get_memory_info(name)["current"]
        except ValueError:
            return None  # this allocator keeps no statistics
        call()
        return tf.config.experimental.get_memory_info(name)["peak"] - before
    return None


def _compiled_on_jax(metric, y_true, y_pred):
    import jax

    state = [v.value for v in metric.variables]
    return jax.jit(metric.stateless_update_state).lower(state, y_true, y_pred).compile()


def compiled_temp_bytes(metric, y_true, y_pred) -> int | None:
    """Temporary memory XLA allocates for the compiled update (JAX's memory analysis)."""
    if BACKEND != "jax":
        return None
    analysis = _compiled_on_jax(metric, y_true, y_pred).memory_analysis()
    return None if analysis is None else int(analysis.temp_size_in_bytes)


_NOT_KERNELS = ("parameter", "tuple", "get-tuple-element", "constant", "bitcast")


def compiled_kernels(metric, y_true, y_pred) -> int | None:
    """Kernels the compiled update launches on JAX: the instructions of XLA's optimised
    entry computation, less those that launch nothing (parameters, tuples, constants,
    bitcasts). Each is a pass over its operands, so more than one or two at large N is
    where a compiled update loses bandwidth."""
    if BACKEND != "jax":
        return None
    text = _compiled_on_jax(metric, y_true, y_pred).as_text()
    entry = text[text.index("\nENTRY"):].split("\n}")[0]
    ops = re.findall(r"^\s*%\S+ = (?:\([^)]*\)|\S+) ([\w-]+)\(", entry, re.MULTILINE)
    return sum(op not in _NOT_KERNELS for op in ops)
