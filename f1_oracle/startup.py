"""What a process running the oracle does first, in one place: choose the Keras backend
and, unless `lazy`, start Keras (TensorFlow imported quietly, its CPU split into the
distributed check's replicas before it starts). The report's workers, the suite's conftest
and the mutation matrix start Keras at once; `check` and `infer` leave it to the first
use, so that a metric that runs without Keras is checked without importing it.

Apart from `_backend` (which chooses and imports, and imports nothing of the oracle) so
that the CLI parses its arguments before anything heavy is imported."""

from __future__ import annotations

from f1_oracle._backend import choose, keras_module


def start(lazy: bool = False) -> None:
    choose()
    if not lazy:
        keras_module()
