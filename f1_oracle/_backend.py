"""Which Keras backend the oracle runs on, chosen before Keras is first imported, and
Keras started only where it is used.

Keras reads KERAS_BACKEND once, at import, and defaults to TensorFlow. An install with
only torch (or only JAX) would then fail with a long ModuleNotFoundError, so when the
user has not chosen, the first installed of TensorFlow, JAX and torch is taken. Keras,
and TensorFlow under it, take seconds to import: a metric that runs without them (torch,
numpy, river) is checked without importing them (`keras_module`).
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import sys

KERAS_BACKENDS = ("tensorflow", "jax", "torch")  # each also the name of its module
REPLICAS = 2  # the logical CPUs TensorFlow's CPU is split into, for the distributed check
_STARTED: list[bool] = []


class NoBackend(RuntimeError):
    """None of Keras's backends is installed."""


def installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def choose() -> str:
    """KERAS_BACKEND as set, or the first installed backend (set for Keras to read)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    chosen = os.environ.get("KERAS_BACKEND")
    if chosen:
        return chosen
    for name in KERAS_BACKENDS:
        if installed(name):
            os.environ["KERAS_BACKEND"] = name
            return name
    raise NoBackend("no Keras backend is installed: pip install 'f1-oracle[tensorflow]' "
                    "(or [torch], or [jax])")


def import_tensorflow_quietly() -> None:
    """Import TensorFlow, where it is the backend, with its C++ start-up lines (absl's
    "All log messages before absl::InitializeLog()", oneDNN and CUDA notices, which
    TF_CPP_MIN_LOG_LEVEL no longer silences) kept off stderr, so that the CLI's stderr
    holds the oracle's own lines."""
    if os.environ.get("KERAS_BACKEND") == "tensorflow" and installed("tensorflow"):
        import_quietly("tensorflow")


def keras_module():
    """Keras, imported where it is used, not at a module's import: listing the checks,
    printing --help or checking a metric that runs without Keras starts no backend. The
    first call starts it: TensorFlow imported quietly, its CPU split into the distributed
    check's replicas before any op runs."""
    if not _STARTED:
        _STARTED.append(True)
        import_tensorflow_quietly()
        split_cpu()
    import keras

    return keras


def keras_started() -> bool:
    """Keras was imported (by the oracle or by the metric's own module)."""
    return "keras" in sys.modules


def current_backend() -> str:
    """This process's Keras backend, without importing Keras: Keras's own once it is
    imported (it may have read ~/.keras/keras.json), else the one it will read."""
    if keras_started():
        return sys.modules["keras"].backend.backend()
    return choose()


def holds(dtype: str) -> bool:
    """Whether tensors of `dtype` keep it here: JAX demotes 64-bit types to 32 bits unless
    jax_enable_x64 is on."""
    return current_backend() != "jax" or "64" not in dtype or jax_x64()


def jax_x64() -> bool:
    """Whether JAX keeps 64-bit types here: its config once imported (nothing starts a
    device), else what it will read (listing the registry imports no JAX)."""
    if "jax" in sys.modules:
        return bool(sys.modules["jax"].config.jax_enable_x64)
    return x64_requested()


def x64_requested() -> bool:
    """JAX_ENABLE_X64 as JAX reads it when it is imported (here, or in a worker)."""
    return os.environ.get("JAX_ENABLE_X64", "").lower() in ("1", "true", "t", "yes", "y", "on")


def split_cpu(n: int = REPLICAS) -> None:
    """Split TensorFlow's CPU into n logical devices; a no-op once TensorFlow has started
    (then `distributed.replicas()` says what there is). JAX's host devices come from
    XLA_FLAGS (--xla_force_host_platform_device_count), which must be set before jax is
    imported: the tox jax environment sets it."""
    if os.environ.get("KERAS_BACKEND") != "tensorflow" or not installed("tensorflow"):
        return
    import tensorflow as tf

    cpu = tf.config.list_physical_devices("CPU")[0]
    with contextlib.suppress(RuntimeError):  # TensorFlow already initialised its devices
        tf.config.set_logical_device_configuration(
            cpu, [tf.config.LogicalDeviceConfiguration() for _ in range(n)])


def import_quietly(module: str) -> None:
    """Import a module with what its C++ start-up writes to stderr discarded."""
    with quiet_stderr():
        importlib.import_module(module)


def quiet_if_tensorflow_may_start():
    """quiet_stderr() while TensorFlow, the backend, may be imported for the first time
    (a metric's module importing Keras, say); otherwise nothing is discarded."""
    may = (os.environ.get("KERAS_BACKEND") == "tensorflow" and "tensorflow" not in sys.modules
           and installed("tensorflow"))
    return quiet_stderr() if may else contextlib.nullcontext()


@contextlib.contextmanager
def quiet_stderr():
    """What C++ code writes to stderr meanwhile is discarded (Keras imports TensorFlow,
    where installed, on every backend); stderr is back before an error propagates."""
    sys.stderr.flush()
    saved, devnull = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def reductions_flush_subnormals(backend: str | None = None) -> bool:
    """TensorFlow's and XLA's (JAX's) CPU max/argmax read subnormal floats as 0 (found on
    each by the suite; torch's do not). Code that takes the max in those backends' ops
    follows that rule; see contract.Argmax. `backend`: this process's unless given."""
    if backend is None:
        backend = current_backend()
    return backend in ("tensorflow", "jax")
