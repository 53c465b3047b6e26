"""mmeval's metrics: `add(predictions, labels)` per batch, `compute()` (a dict of named
values), `reset()`. Predictions first, as numpy.

mmeval's `add` takes a batch as a sequence of samples, and its metrics differ in what a
sample may be: `SingleLabelPrecisionRecallF1score` takes the batch's arrays whole,
`F1Score` only a list of per-sample label arrays (its dispatch refuses the rows of one
array). Which form a class takes is found once, on a copy, from the first batch: the
whole arrays where `add` and `compute` take them, else one array per sample."""

from __future__ import annotations

import copy

import numpy as np

from f1_oracle.readout import plain
from f1_oracle.styles.base import Capabilities, Script, Style, defines, per_batch

_PER_SAMPLE: dict[type, bool] = {}


def _per_sample(metric, predictions, labels) -> bool:
    kind = type(metric)
    if kind not in _PER_SAMPLE:
        trial = copy.deepcopy(metric)
        try:
            trial.add(predictions, labels)
            trial.compute()
            _PER_SAMPLE[kind] = False
        except Exception:  # the whole arrays refused: one array per sample
            _PER_SAMPLE[kind] = True
    return _PER_SAMPLE[kind]


def _samples(array: np.ndarray) -> list[np.ndarray]:
    return [np.atleast_1d(row) for row in array]


class AddCompute(Style):
    name = "add-compute"
    flat_layouts = True
    doc = "add(predictions, labels) per batch, compute() to a dict, reset() (mmeval)"

    def recognises(self, obj) -> bool:
        return defines(obj, "add") and defines(obj, "compute")

    def update_batch(self, metric, y_true, y_pred, weight) -> None:
        predictions, labels = np.asarray(y_pred), np.asarray(y_true)
        if len(labels) and _per_sample(metric, predictions, labels):
            predictions, labels = _samples(predictions), _samples(labels)
        metric.add(predictions, labels)

    def script(self, metric) -> Script:
        if _PER_SAMPLE.get(type(metric)):
            return Script((), per_batch("metric.add([np.atleast_1d(r) for r in p], "
                                        "[np.atleast_1d(r) for r in t])"), "metric.compute()")
        return Script((), per_batch("metric.add(p, t)"), "metric.compute()")

    def read(self, metric):
        return plain(metric.compute())

    def reset(self, metric) -> None:
        metric.reset()

    def capabilities(self, metric) -> Capabilities:
        return Capabilities(reset=defines(metric, "reset"), reads=True)
