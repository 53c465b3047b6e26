"""Online metrics (river): `update(y_true, y_pred, w=...)` one row at a time, `get()`;
`revert` where defined, undoing an update.

Online metrics take one hard prediction per row as a Python value (a class label; for a
binary task 0 or 1, which equal False and True, river's default positive value), so the
style feeds labels: the rule is applied first, as for scikit-learn's f1_score, and the
target is checked with `--scores labels`."""

from __future__ import annotations

import numpy as np

from f1_oracle.readout import plain
from f1_oracle.styles.base import Capabilities, Script, Style, defines, takes


def _rows(y_true, y_pred, weight):
    """Each row as the Python values an online metric takes: its label, its predicted
    label (of one-hot rows, their class), its weight."""
    true, pred = np.asarray(y_true).reshape(len(y_true), -1), np.asarray(y_pred)
    pred = pred.reshape(len(pred), -1)
    if true.shape[1] > 1:  # one-hot rows: their class
        true, pred = true.argmax(axis=1)[:, None], pred.argmax(axis=1)[:, None]
    weights = [None] * len(true) if weight is None else np.asarray(weight).tolist()
    for t, p, w in zip(true[:, 0].tolist(), pred[:, 0].tolist(), weights, strict=True):
        yield int(t), int(p), w


class Online(Style):
    name = "online"
    flat_layouts = True
    takes_labels = True
    doc = "update(y_true, y_pred, w=...) one row at a time, get(); revert where defined " \
          "(river)"

    def recognises(self, obj) -> bool:
        return defines(obj, "update") and defines(obj, "get") and not defines(obj, "compute")

    def update_batch(self, metric, y_true, y_pred, weight) -> None:
        self._each(metric.update, y_true, y_pred, weight)

    def revert_batch(self, metric, y_true, y_pred, weight) -> None:
        self._each(metric.revert, y_true, y_pred, weight)

    @staticmethod
    def _each(method, y_true, y_pred, weight) -> None:
        for t, p, w in _rows(y_true, y_pred, weight):
            if w is None:
                method(t, p)
            else:
                method(t, p, w=w)

    def script(self, metric) -> Script:
        return Script((), (
            "for t, p, w in batches:",
            "    t, p = t.reshape(len(t), -1), p.reshape(len(p), -1)",
            "    if t.shape[1] > 1:  # one-hot rows: their class",
            "        t, p = t.argmax(axis=1)[:, None], p.argmax(axis=1)[:, None]",
            "    for i in range(len(t)):",
            "        if w is None:",
            "            metric.update(int(t[i, 0]), int(p[i, 0]))",
            "        else:",
            "            metric.update(int(t[i, 0]), int(p[i, 0]), w=float(w[i]))"),
            "metric.get()")

    def read(self, metric):
        return plain(metric.get())

    def capabilities(self, metric) -> Capabilities:
        return Capabilities(weights=takes(metric.update, "w"),
                            revert=defines(metric, "revert"), reads=True)
