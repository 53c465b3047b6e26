"""torchmetrics / torcheval: `update(preds, target)` per batch, `compute()`, `reset()`,
`merge_state` where the library has it."""

from __future__ import annotations

import copy
import warnings

from f1_oracle.readout import plain
from f1_oracle.styles._torch import from_torch_library, tensors
from f1_oracle.styles.base import (
    Capabilities,
    Script,
    Style,
    defines,
    per_batch,
    positional,
    takes,
    weight_kwargs,
)

_TAKES_ITERABLE: dict[type, bool] = {}


def _merges_iterables(first, others: list) -> bool:
    """Whether `merge_state` takes an iterable of metrics (torcheval) rather than one
    metric at a time (torchmetrics). A class of neither library is asked once, on copies:
    it takes a list if merging a list of one copy into a copy of `first` raises nothing."""
    if from_torch_library(first, "torcheval"):
        return True
    if from_torch_library(first, "torchmetrics"):
        return False
    if type(first) not in _TAKES_ITERABLE:
        try:
            copy.deepcopy(first).merge_state([copy.deepcopy(o) for o in others[:1]])
            _TAKES_ITERABLE[type(first)] = True
        except Exception:  # the list was taken for one metric: it merges one at a time
            _TAKES_ITERABLE[type(first)] = False
    return _TAKES_ITERABLE[type(first)]


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

    def script(self, metric) -> Script:
        return Script(("import torch",), per_batch(
            "metric.update(torch.from_numpy(p), torch.from_numpy(t))",
            "metric.update(torch.from_numpy(p), torch.from_numpy(t), "
            "sample_weight=torch.from_numpy(w))"), "metric.compute()")

    def read(self, metric):
        with warnings.catch_warnings():
            # A shard that saw no batch is read on purpose (merge_shards): not news.
            warnings.filterwarnings("ignore", message=".*called before the ``update``")
            return plain(metric.compute())

    def reset(self, metric) -> None:
        metric.reset()

    def merge(self, first, others: list) -> None:
        if _merges_iterables(first, others):
            first.merge_state(others)
        else:
            for other in others:
                first.merge_state(other)

    def capabilities(self, metric) -> Capabilities:
        return Capabilities(weights=takes(metric.update, "sample_weight"),
                            reset=defines(metric, "reset"), merge=defines(metric, "merge_state"),
                            reads=True)
