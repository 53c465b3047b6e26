"""Cumulative metrics (MONAI): `metric(y_pred=..., y=...)` per batch, `aggregate()` (a
list of tensors, one per metric name), `reset()`.

MONAI's metrics take their inputs already binarized and one-hot, as float tensors of
shape (batch, classes): the style feeds hard predictions (the rule applied first: the
target is checked with `--scores labels`) in a one-hot or multilabel layout, as torch
tensors (MONAI needs torch, so it is there wherever MONAI is; elsewhere numpy arrays)."""

from __future__ import annotations

import numpy as np

from f1_oracle._backend import installed
from f1_oracle.readout import plain
from f1_oracle.styles._torch import tensors
from f1_oracle.styles.base import Capabilities, Script, Style, defines, per_batch


class Cumulative(Style):
    name = "cumulative"
    takes_labels = True
    doc = "metric(y_pred=, y=) per batch on binarized one-hot tensors, aggregate(), " \
          "reset() (MONAI)"

    def recognises(self, obj) -> bool:
        return defines(obj, "aggregate") and defines(obj, "reset") and callable(obj)

    def update_batch(self, metric, y_true, y_pred, weight) -> None:
        if installed("torch"):
            target, preds, _ = tensors(y_true, y_pred)
            metric(y_pred=preds.float(), y=target.float())
        else:
            metric(y_pred=np.asarray(y_pred, np.float32), y=np.asarray(y_true, np.float32))

    def script(self, metric) -> Script:
        if installed("torch"):
            return Script(("import torch",), per_batch(
                "metric(y_pred=torch.from_numpy(p).float(), y=torch.from_numpy(t).float())"),
                "metric.aggregate()")
        return Script((), per_batch("metric(y_pred=p.astype(np.float32), "
                                    "y=t.astype(np.float32))"), "metric.aggregate()")

    def read(self, metric):
        return plain(metric.aggregate())

    def reset(self, metric) -> None:
        metric.reset()

    def capabilities(self, metric) -> Capabilities:
        return Capabilities(reset=True, reads=True)
