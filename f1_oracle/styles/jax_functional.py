"""JAX functional metrics (as clu and metrax build them): the state is a value, not an
object. `init()` (or `empty()`) gives the empty state, `update(state, y_true, y_pred[,
sample_weight]) -> state`, `compute(state)`, and `merge(a, b) -> state` where present.

The oracle keeps the current state in a small box, so the other styles' checks (reset,
merge of shards) apply unchanged: reset is a fresh `init()`, merge folds with `merge`."""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any

import numpy as np

from f1_oracle._backend import installed
from f1_oracle.readout import plain
from f1_oracle.styles.base import (
    Capabilities,
    Script,
    Style,
    defines,
    per_batch,
    takes,
    weight_kwargs,
)


@dataclass
class Box:
    functions: Any  # the object carrying init/update/compute/merge
    state: Any


def _init(functions):
    return (functions.init if defines(functions, "init") else functions.empty)()


def _array(x):
    try:
        import jax.numpy as jnp
    except ImportError:  # a functional metric in numpy: no JAX needed
        return np.asarray(x)
    return jnp.asarray(np.asarray(x, dtype=np.float32) if str(x.dtype) == "bfloat16" else x)


class JaxFunctional(Style):
    name = "jax-functional"
    flushes_subnormals = True  # XLA's CPU kernels read subnormals as 0
    doc = "state = update(state, y_true, y_pred[, sample_weight]); compute(state); " \
          "merge(a, b); init() or empty() (clu, metrax)"

    def recognises(self, obj) -> bool:
        return (defines(obj, "update") and defines(obj, "compute")
                and (defines(obj, "init") or defines(obj, "empty"))
                and not defines(obj, "reset"))

    def as_is(self, target) -> bool:
        return not inspect.isclass(target) and self.recognises(target)

    def wrap(self, metric) -> Box:
        """The functions with their state, which `update` replaces."""
        return Box(metric, _init(metric))

    def update_batch(self, metric: Box, y_true, y_pred, weight) -> None:
        metric.state = metric.functions.update(metric.state, _array(y_true), _array(y_pred),
                                               **weight_kwargs(weight, _array))

    def script(self, metric: Box) -> Script:
        start = "init" if defines(metric.functions, "init") else "empty"
        xp = "jnp" if installed("jax") else "np"  # as _array feeds it
        return Script(("import jax.numpy as jnp",) if xp == "jnp" else (), (
            f"state = metric.{start}()",
            *per_batch(f"state = metric.update(state, {xp}.asarray(t), {xp}.asarray(p))",
                       f"state = metric.update(state, {xp}.asarray(t), {xp}.asarray(p), "
                       f"sample_weight={xp}.asarray(w))")), "metric.compute(state)")

    def read(self, metric: Box):
        return plain(metric.functions.compute(metric.state))

    def reset(self, metric: Box) -> None:
        metric.state = _init(metric.functions)

    def merge(self, first: Box, others: list) -> None:
        for other in others:
            first.state = first.functions.merge(first.state, other.state)

    def capabilities(self, metric: Box) -> Capabilities:
        fns = metric.functions
        return Capabilities(weights=takes(fns.update, "sample_weight"), reset=True,
                            merge=defines(fns, "merge"), reads=True)
