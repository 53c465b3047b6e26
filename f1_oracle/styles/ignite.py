"""pytorch-ignite: `update((y_pred, y))` with one tuple, `compute()`, `reset()`.

ignite's `Metric.__getattr__` answers for any name (hasattr(m, "update_state") is True),
so it is recognised by its single-argument `update`, never by duck typing."""

from __future__ import annotations

from f1_oracle.styles._torch import from_torch_library, tensors
from f1_oracle.styles.base import Capabilities, Style, as_float64, defines, positional


class Ignite(Style):
    name = "ignite"
    flat_layouts = True
    doc = "update((y_pred, y)) per batch, compute(), reset() (pytorch-ignite)"

    def recognises(self, obj) -> bool:
        return defines(obj, "update") and defines(obj, "compute") and (
            from_torch_library(obj, "ignite") or positional(obj.update) == 1)

    def update_batch(self, metric, y_true, y_pred, weight) -> None:
        target, preds, _ = tensors(y_true, y_pred)
        metric.update((preds, target))

    def read(self, metric):
        return as_float64(metric.compute())

    def reset(self, metric) -> None:
        metric.reset()

    def capabilities(self, metric) -> Capabilities:
        return Capabilities(reset=defines(metric, "reset"))
