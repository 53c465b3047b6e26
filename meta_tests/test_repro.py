"""A failure's standalone script reproduces it on its own: for a metric of each calling
style with one bug, the script `check` writes fails in a fresh interpreter (importing
nothing of f1-oracle), and passes once the metric is fixed."""

import subprocess
import sys

import pytest

import f1_oracle

METRICS = '''
import numpy as np

BUG = True  # false positives not counted: F1 = 2 tp / (2 tp + fn)


def counts(t, p, w=None):
    t = np.asarray(t).ravel() == 1
    p = np.asarray(p).ravel() > 0.5
    w = np.ones(len(t)) if w is None else np.asarray(w, np.float64).ravel()
    return np.array([np.sum(w * (t & p)), 0.0 if BUG else np.sum(w * (~t & p)),
                     np.sum(w * (t & ~p))])


def f1(c):
    tp, fp, fn = c
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0


class KerasF1:
    def __init__(self):
        self.reset_state()

    def update_state(self, y_true, y_pred, sample_weight=None):
        self.c = self.c + counts(y_true, y_pred, sample_weight)

    def result(self):
        return f1(self.c)

    def reset_state(self):
        self.c = np.zeros(3)


def whole_f1(y_true, y_pred):
    return f1(counts(y_true, y_pred))


class OnlineF1:
    def __init__(self):
        self.c = np.zeros(3)

    def update(self, y_true, y_pred, w=1.0):
        self.c = self.c + counts([y_true], [y_pred], [w])

    def get(self):
        return f1(self.c)


class CumulativeF1:
    def __init__(self):
        self.reset()

    def __call__(self, y_pred, y):
        self.c = self.c + counts(y, y_pred)

    def aggregate(self):
        return [np.array([f1(self.c)])]

    def reset(self):
        self.c = np.zeros(3)


class AddComputeF1:
    def __init__(self):
        self.reset()

    def add(self, predictions, labels):
        self.c = self.c + counts(labels, predictions)

    def compute(self):
        return {"f1": f1(self.c)}

    def reset(self):
        self.c = np.zeros(3)


class TorchF1:
    def __init__(self):
        self.reset()

    def update(self, preds, target):
        self.c = self.c + counts(target.numpy(), preds.numpy())

    def compute(self):
        return f1(self.c)

    def reset(self):
        self.c = np.zeros(3)


class Functional:
    @staticmethod
    def init():
        return np.zeros(3)

    @staticmethod
    def update(state, y_true, y_pred, sample_weight=None):
        return state + counts(y_true, y_pred, sample_weight)

    @staticmethod
    def compute(state):
        return f1(state)


functional_f1 = Functional()


def keras_f1(y_true, y_pred):  # Keras ops, so that evaluate can trace it
    from keras import ops

    t = ops.cast(ops.reshape(y_true, (-1,)) == 1, "float32")
    p = ops.cast(ops.reshape(y_pred, (-1,)) > 0.5, "float32")
    tp, fn = ops.sum(t * p), ops.sum(t * (1 - p))
    fp = 0.0 if BUG else ops.sum((1 - t) * p)
    return 2 * tp / ops.maximum(2 * tp + fp + fn, 1e-12)
'''

STYLES = {"KerasF1": "keras-metric", "whole_f1": "whole-data", "OnlineF1": "online",
          "CumulativeF1": "cumulative", "AddComputeF1": "add-compute",
          "functional_f1": "jax-functional", "TorchF1": "torchmetrics",
          "keras_f1": "keras-function"}


@pytest.mark.parametrize("name", list(STYLES), ids=list(STYLES.values()))
def test_the_script_fails_on_the_bug_and_passes_on_the_fix(name, tmp_path, monkeypatch):
    if STYLES[name] == "torchmetrics":
        pytest.importorskip("torch")  # tox -e ecosystem has it
    module = tmp_path / "metrics_under_test.py"
    module.write_text(METRICS)
    monkeypatch.chdir(tmp_path)
    result = f1_oracle.check(f"metrics_under_test.py:{name}", task="binary",
                             profile="quick", checks=("one_batch",))
    assert result.style == STYLES[name] and not result.ok, str(result)
    (failure,) = result.failures
    assert failure.script, failure.no_script
    assert "f1_oracle" not in failure.script
    script = tmp_path / "repro.py"
    script.write_text(failure.script)

    def run():
        return subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                              timeout=300, cwd=tmp_path)

    buggy = run()
    assert buggy.returncode != 0 and "AssertionError: expected" in buggy.stderr, (
        buggy.stdout, buggy.stderr[-2000:])
    module.write_text(METRICS.replace("BUG = True", "BUG = False"))
    fixed = run()
    assert fixed.returncode == 0, fixed.stderr[-2000:]


def test_the_cli_writes_the_scripts_where_it_says(tmp_path, monkeypatch, capsys):
    from f1_oracle import cli

    (tmp_path / "metrics_under_test.py").write_text(METRICS)
    monkeypatch.chdir(tmp_path)
    code = cli.main(["check", "metrics_under_test.py:whole_f1", "--task", "binary",
                     "--profile", "quick", "--checks", "one_batch,symmetry", "--repro", "out"])
    out = capsys.readouterr().out
    assert code == 1, out[-2000:]
    said = [line for line in out.splitlines() if line.startswith("standalone repro")]
    assert said, out[-2000:]
    assert (tmp_path / said[0].split("python ", 1)[1]).is_file()
