"""Which Keras backend the oracle runs on, chosen before Keras is first imported.

Keras reads KERAS_BACKEND once, at import, and defaults to TensorFlow. An install with
only torch (or only JAX) would then fail with a long ModuleNotFoundError, so when the
user has not chosen, the first installed of TensorFlow, JAX and torch is taken.
"""

from __future__ import annotations

import importlib.util
import os

KERAS_BACKENDS = ("tensorflow", "jax", "torch")  # each also the name of its module


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
    """Keras, imported where it is used, not at a module's import: listing the checks or
    printing --help starts no backend (TensorFlow takes seconds to import)."""
    import keras

    return keras


def import_quietly(module: str) -> None:
    """Import a module with what its C++ start-up writes to stderr discarded (Keras
    imports TensorFlow, where installed, on every backend). An import error still
    raises, after stderr is back."""
    saved, devnull = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        importlib.import_module(module)
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def reductions_flush_subnormals(backend: str | None = None) -> bool:
    """TensorFlow's and XLA's (JAX's) CPU max/argmax read subnormal floats as 0 (found on
    each by the suite; torch's do not). Code that takes the max in those backends' ops
    follows that rule; see contract.Argmax. `backend`: this process's unless given."""
    if backend is None:
        import keras

        backend = keras.backend.backend()
    return backend in ("tensorflow", "jax")
