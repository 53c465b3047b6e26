"""Cumulative metrics (MONAI): `metric(y_pred=..., y=...)` per batch, `aggregate()` (a
list of tensors, one per metric name), `reset()`.

MONAI's metrics take their inputs already binarized and one-hot, as torch tensors of
shape (batch, classes): the style feeds hard predictions (the rule applied first: the
target is checked with `--scores labels`) in a one-hot or multilabel layout."""

from __future__ import annotations

from f1_oracle.readout import plain
from f1_oracle.styles._torch import tensors
from f1_oracle.styles.base import Capabilities, Style, defines


class Cumulative(Style):
    name = "cumulative"
    takes_labels = True
    doc = "metric(y_pred=, y=) per batch on binarized one-hot tensors, aggregate(), " \
          "reset() (MONAI)"

    def recognises(self, obj) -> bool:
        return defines(obj, "aggregate") and defines(obj, "reset") and callable(obj)

    def update_batch(self, metric, y_true, y_pred, weight) -> None:
        target, preds, _ = tensors(y_true, y_pred)
        metric(y_pred=preds.float(), y=target.float())

    def read(self, metric):
        return plain(metric.aggregate())

    def reset(self, metric) -> None:
        metric.reset()

    def capabilities(self, metric) -> Capabilities:
        return Capabilities(reset=True, reads=True)
