"""mmeval's metrics: `add(predictions, labels)` per batch, `compute()` (a dict of named
values), `reset()`. Batches are numpy arrays, predictions first."""

from __future__ import annotations

import numpy as np

from f1_oracle.readout import plain
from f1_oracle.styles.base import Capabilities, Style, defines


class AddCompute(Style):
    name = "add-compute"
    flat_layouts = True
    doc = "add(predictions, labels) per batch, compute() to a dict, reset() (mmeval)"

    def recognises(self, obj) -> bool:
        return defines(obj, "add") and defines(obj, "compute")

    def update_batch(self, metric, y_true, y_pred, weight) -> None:
        metric.add(np.asarray(y_pred), np.asarray(y_true))

    def read(self, metric):
        return plain(metric.compute())

    def reset(self, metric) -> None:
        metric.reset()

    def capabilities(self, metric) -> Capabilities:
        return Capabilities(reset=defines(metric, "reset"), reads=True)
