"""README "Extending": a calling style is one module, a layout one entry; here, a toy
style and a toy layout written in the test itself run the battery with no change to the
oracle."""

import numpy as np

from f1_oracle.api import Budget, run
from f1_oracle.contract import Argmax, Contract
from f1_oracle.implementation import Implementation
from f1_oracle.layouts import LAYOUTS, Layout
from f1_oracle.styles import Capabilities, Style


class Tally:
    """A metric kept as a Python list of (label, score) pairs."""

    def __init__(self):
        self.rows = []

    def add(self, pairs):
        self.rows += pairs

    def f1(self, strict_threshold=True):
        tp = sum(1 for t, p in self.rows if t == 1 and p > 0.5)
        predicted = sum(1 for _, p in self.rows if p > 0.5)
        actual = sum(1 for t, _ in self.rows if t == 1)
        return 2 * tp / (predicted + actual) if predicted + actual else 0.0


class TallyStyle(Style):
    name = "tally"
    doc = "add(list of (label, score)) per batch, f1()"

    def update(self, metric, batches):
        for y_true, y_pred, _ in batches.items:
            metric.add(list(zip(np.ravel(y_true).tolist(), np.ravel(y_pred).tolist(),
                                strict=True)))

    def read(self, metric):
        return np.float64(metric.f1())

    def reset(self, metric):
        metric.rows.clear()

    def capabilities(self, metric):
        return Capabilities(reset=True)


def test_a_toy_style_runs_the_battery():
    impl = Implementation("tally", Contract(task="binary", layout="binary-flat",
                                            sample_weight=False),
                          lambda contract, k: Tally(), TallyStyle())
    results = {r.check: r for r in run(impl, Budget(profile="quick"))}
    assert results["batch_split"].status == "holds"
    assert results["reset_reuse"].status == "holds"
    assert results["merge_shards"].status == "skipped"
    assert "no merge" in results["merge_shards"].reason
    assert not any(r.failed for r in results.values())


class ForgetsFirstBatch(TallyStyle):
    def update(self, metric, batches):
        super().update(metric, batches)
        if len(batches.items) > 1 and len(batches.items[0][0]):
            del metric.rows[: len(batches.items[0][0])]


def test_the_battery_catches_a_broken_toy_style_metric():
    impl = Implementation("forgets", Contract(task="binary", layout="binary-flat",
                                              sample_weight=False),
                          lambda contract, k: Tally(), ForgetsFirstBatch())
    results = {r.check: r for r in run(impl, Budget(profile="quick"))}
    assert results["batch_split"].failed
    assert results["one_batch"].status == "holds"


# Binary labels as class indices against a 2-column softmax, flat: what a torch model with
# CrossEntropyLoss over two classes feeds its metric.
SOFTMAX_PAIR = Layout("softmax-pair", "y_true (N,) in {0, 1}, y_pred (N, 2) softmax",
                      "indices", binary=False, flat=True, tasks=("binary",))


class ArgmaxTally(Tally):
    """The toy metric on argmax predictions; `column` is the positive class's."""

    def __init__(self, column=1):
        super().__init__()
        self.column = column

    def add(self, pairs):
        self.rows += [(t, float(np.argmax(p) == self.column)) for t, p in pairs]


class RowStyle(TallyStyle):
    def update(self, metric, batches):
        for y_true, y_pred, _ in batches.items:
            metric.add(list(zip(np.ravel(y_true).tolist(), np.asarray(y_pred).tolist(),
                                strict=True)))


def _softmax_pair(column):
    return Implementation("softmax-pair", Contract(task="binary", layout="softmax-pair",
                                                   rule=Argmax(), sample_weight=False),
                          lambda contract, k: ArgmaxTally(column), RowStyle())


def test_a_toy_layout_runs_the_battery(monkeypatch):
    monkeypatch.setitem(LAYOUTS, SOFTMAX_PAIR.name, SOFTMAX_PAIR)
    results = {r.check: r for r in run(_softmax_pair(column=1), Budget(profile="quick"))}
    assert results["batch_split"].status == "holds"
    assert results["one_batch"].examples > 0
    assert not any(r.failed for r in results.values())
    wrong = {r.check: r for r in run(_softmax_pair(column=0), Budget(profile="quick",
                                                                     checks=("one_batch",)))}
    assert wrong["one_batch"].failed
    assert wrong["one_batch"].verdict.case.y_pred.shape[1:] == (2,)
