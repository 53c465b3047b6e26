"""torchmetrics / torcheval: `update(preds, target)` per batch, `compute()`, `reset()`,
`merge_state` where the library has it."""

from __future__ import annotations

from f1_oracle.styles._torch import from_torch_library, tensors
from f1_oracle.styles.base import (
    Capabilities,
    Style,
    as_float64,
    defines,
    positional,
    takes,
    weight_kwargs,
)


class TorchMetrics(Style):
    name = "torchmetrics"
    flat_layouts = True
    doc = "update(preds, target) per batch, compute(), reset(), merge_state (torchmetrics, " \
          "torcheval)"

    def recognises(self, obj) -> bool:
        return (defines(obj, "update") and defines(obj, "compute")
                and positional(obj.update) >= 2)

    def update_batch(self, metric, y_true, y_pred, weight) -> None:
        target, preds, weight = tensors(y_true, y_pred, weight)
        metric.update(preds, target, **weight_kwargs(weight))

    def read(self, metric):
        return as_float64(metric.compute())

    def reset(self, metric) -> None:
        metric.reset()

    def merge(self, first, others: list) -> None:
        if from_torch_library(first, "torcheval"):
            first.merge_state(others)  # torcheval takes an iterable of metrics
        else:
            for other in others:  # torchmetrics takes one metric (or state dict) at a time
                first.merge_state(other)

    def capabilities(self, metric) -> Capabilities:
        return Capabilities(weights=takes(metric.update, "sample_weight"),
                            reset=defines(metric, "reset"), merge=defines(metric, "merge_state"),
                            reads=True)
