"""The same implementation on another Keras backend, for the backend-parity check.

Keras fixes its backend when it is first imported, so another backend runs in a worker
process (`python -m f1_oracle.backends`, KERAS_BACKEND set) that stays up for the whole
session: the suite sends it (registry name, case) and it answers with what
`harness.observe` reads there, or with the error it raised. One worker per backend,
started on first use and stopped at exit.
"""

from __future__ import annotations

import atexit
import os
import pickle
import subprocess
import sys

import numpy as np

from f1_oracle._backend import (
    KERAS_BACKENDS,
    import_quietly,
    installed,
    keras_module,
    x64_requested,
)
from f1_oracle.case import Case


class BackendError(RuntimeError):
    """The implementation raised on the other backend (the message says what)."""


def here() -> str:
    return keras_module().backend.backend()


def others(dtype: str = "float32") -> list[str]:
    """Installed Keras backends, other than the one this process runs, that compute in
    `dtype` (JAX keeps float64 only with JAX_ENABLE_X64 set)."""
    here = keras_module().backend.backend()
    return [b for b in KERAS_BACKENDS
            if b != here and installed(b)
            and (dtype != "float64" or b != "jax" or x64_requested())]


class Worker:
    def __init__(self, backend: str):
        self.backend = backend
        # The worker imports the registry the way this process did ('' is the current
        # directory, which `python -m` puts first).
        env = {**os.environ, "KERAS_BACKEND": backend, "TF_CPP_MIN_LOG_LEVEL": "3",
               "PYTHONPATH": os.pathsep.join(os.path.abspath(p or os.curdir) for p in sys.path)}
        self._process = subprocess.Popen(
            [sys.executable, "-c", "from f1_oracle._backend import import_quietly; "
             "import_quietly('keras'); from f1_oracle.backends import serve; serve()"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, env=env,
        )

    def observe(self, registry: str, name: str, case: Case) -> np.ndarray:
        pickle.dump((registry, name, case), self._process.stdin)
        self._process.stdin.flush()
        try:
            status, payload = pickle.load(self._process.stdout)
        except EOFError:
            raise BackendError(f"the {self.backend} worker died (its stderr is above)") from None
        if status == "error":
            raise BackendError(f"on {self.backend}: {payload}")
        return payload

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.stdin.close()
            self._process.wait(timeout=60)


_WORKERS: dict[str, Worker] = {}


def worker(backend: str) -> Worker:
    if backend not in _WORKERS:
        _WORKERS[backend] = Worker(backend)
    return _WORKERS[backend]


@atexit.register
def _close_all() -> None:
    for w in _WORKERS.values():
        w.close()


def serve() -> None:
    """Worker loop. The protocol has stdout to itself: anything a library prints goes to
    stderr."""
    channel = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    from f1_oracle import harness

    while True:
        try:
            registry, name, case = pickle.load(sys.stdin.buffer)
        except EOFError:
            return
        try:
            if registry not in sys.modules:  # the libraries it wraps start TF's logging
                import_quietly(registry)
            impl = sys.modules[registry].BY_NAME[name]
            answer = ("ok", np.asarray(harness.observe(impl, case), np.float64))
        except Exception as error:  # reported to the suite, which shows it as the finding
            answer = ("error", f"{type(error).__name__}: {str(error).strip()[:500]}")
        pickle.dump(answer, channel)
        channel.flush()

