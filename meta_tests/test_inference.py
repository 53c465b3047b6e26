"""`infer` recovers the conventions of deliberately configured metrics, and refuses to
call a bug a convention.

Two kinds of configured metric: the project's streaming metric (threshold rule and
zero_division, every combination it takes) and a whole-data F1 written here in numpy,
independently of the oracle, whose every convention is a parameter (threshold rule,
logits, ties, zero_division, macro coverage, epsilon, ignore_index and its scope).
"""

import itertools
import math

import numpy as np
import pytest

import f1_oracle
from f1_oracle import cli
from f1_oracle.conventions import Conventions
from f1_oracle.inference import infer
from metrics_impl.streaming import StreamingFBeta


def _same(a, b) -> bool:
    return str(a) == str(b) or (isinstance(a, float) and isinstance(b, float)
                                and math.isnan(a) and math.isnan(b))


def assert_recovers(inferred, configured: dict):
    """The configured values fit every probe, and what was inferred departs from
    scikit-learn's defaults no more than they do (where a convention cannot show, as
    zero_division when a macro average covers labelled classes only, the default stands)."""
    assert inferred.ok, str(inferred)
    fits = [c for c in inferred.consistent
            if all(_same(c.get(k, v), v) for k, v in configured.items())]
    assert fits, f"configured {configured}, inferred:\n{inferred}"
    departures = len(inferred.divergences)
    assert departures <= min(_departures(c) for c in fits), str(inferred)


def _departures(combo: dict) -> int:
    defaults = Conventions()
    return sum(not _same(v, getattr(defaults, k)) for k, v in combo.items())


@pytest.mark.parametrize("task,layout", [("binary", "binary-flat"),
                                         ("binary", "binary-column"),
                                         ("multilabel", "multilabel")])
@pytest.mark.parametrize("inclusive,zero_division", itertools.product(
    [False, True], [0.0, 1.0, math.nan]))
def test_streaming_metric_conventions_recovered(task, layout, inclusive, zero_division):
    def make():
        return StreamingFBeta(task=task, num_classes=None if task == "binary" else 3,
                              average="binary" if task == "binary" else "macro",
                              inclusive=inclusive, zero_division=zero_division)

    conv = Conventions.of(task=task, classes=3, layout=layout)
    inferred = infer(make, conv)
    rule = "ge" if inclusive else "gt"
    assert_recovers(inferred, {"threshold_rule": rule, "zero_division": zero_division,
                               "epsilon": 0.0})
    assert inferred.chosen["threshold_rule"] == rule  # always shows on the probes


def numpy_f1(rule="gt", logits=False, ties="first", zero_division=0.0, macro="all",
             epsilon=0.0, task="multiclass", classes=3, average="macro", ignore_weights=False,
             ignore_index=None, ignore_scope="rows-and-class"):
    """A whole-data F1 with every convention a parameter (labels are class indices)."""

    def f1(y_true, y_pred, sample_weight=None):
        y_pred = np.asarray(y_pred, np.float64)
        w = np.ones(len(y_true)) if sample_weight is None or ignore_weights else \
            np.asarray(sample_weight, np.float64)
        if ignore_index is not None and ignore_scope != "class":
            kept = np.asarray(y_true).reshape(len(y_true)) != ignore_index
            y_true, y_pred, w = np.asarray(y_true)[kept], y_pred[kept], w[kept]
        if task == "binary":
            p = 1 / (1 + np.exp(-y_pred)) if logits else y_pred
            pred = ((p >= 0.5) if rule == "ge" else (p > 0.5)).reshape(-1, 1)
            truth = np.asarray(y_true).reshape(-1, 1) == 1
        else:
            truth = np.eye(classes, dtype=bool)[np.asarray(y_true).astype(int)]
            if ties == "all":
                pred = (y_pred >= y_pred.max(axis=1, keepdims=True)) & (y_pred > 1e-9)
            else:
                last = classes - 1 - y_pred[:, ::-1].argmax(axis=1)
                pred = np.eye(classes, dtype=bool)[y_pred.argmax(axis=1) if ties == "first"
                                                   else last]
        tp = (truth & pred).astype(float).T @ w
        predicted, actual = pred.astype(float).T @ w, truth.astype(float).T @ w
        if epsilon:
            precision, recall = tp / (predicted + epsilon), tp / (actual + epsilon)
            per_class = 2 * precision * recall / (precision + recall + epsilon)
        else:
            denom = predicted + actual
            per_class = np.where(denom > 0, 2 * tp / np.where(denom > 0, denom, 1),
                                 zero_division)
        if task == "binary":
            return float(per_class[0])
        covered = np.ones(classes, bool)
        if macro != "all":
            covered = truth.any(axis=0) | (pred.any(axis=0) if macro == "present" else False)
        if ignore_index is not None and ignore_scope != "rows":
            covered &= np.arange(classes) != ignore_index
        kept = per_class[covered]
        kept = kept[~np.isnan(kept)]
        return float(kept.mean()) if len(kept) else math.nan

    return f1


@pytest.mark.parametrize("ties,zero_division,macro", [
    *itertools.product(["first", "last", "all"], [0.0, 1.0], ["all", "present", "labelled"]),
    ("first", math.nan, "all"),
])
def test_whole_data_multiclass_conventions_recovered(ties, zero_division, macro):
    metric = numpy_f1(ties=ties, zero_division=zero_division, macro=macro)
    conv = Conventions.of(task="multiclass", classes=3, layout="sparse-flat", average="macro")
    assert_recovers(infer(metric, conv), {"ties": ties, "zero_division": zero_division,
                                          "macro_classes": macro, "epsilon": 0.0})


@pytest.mark.parametrize("ignore_index,scope", [(1, "rows-and-class"), (1, "rows"),
                                                (1, "class"), (-1, "rows-and-class")])
def test_ignore_scope_recovered(ignore_index, scope):
    """Rows labelled K are left out, and class K too or not, or only class K: told apart
    on probes where K is labelled and predicted (a K outside the classes has no scope)."""
    metric = numpy_f1(macro="present", ignore_index=ignore_index, ignore_scope=scope)
    conv = Conventions.of(task="multiclass", classes=3, layout="sparse-flat",
                          average="macro", macro_classes="present", ignore_index=ignore_index)
    inferred = infer(metric, conv)
    assert_recovers(inferred, {"ignore_scope": scope} if ignore_index >= 0 else {})
    assert ("ignore_scope" in inferred.chosen) == (ignore_index >= 0)


@pytest.mark.parametrize("rule,logits,epsilon", itertools.product(
    ["gt", "ge"], [False, True], [0.0, 1e-7]))
def test_whole_data_binary_conventions_recovered(rule, logits, epsilon):
    metric = numpy_f1(rule=rule, logits=logits, epsilon=epsilon, task="binary")
    conv = Conventions.of(task="binary", layout="binary-flat")
    assert_recovers(infer(metric, conv), {
        "threshold_rule": rule, "scores": "logits" if logits else "probabilities",
        "epsilon": epsilon})


def test_ignored_weights_are_no_convention():
    metric = numpy_f1(task="binary", ignore_weights=True)
    inferred = infer(metric, Conventions.of(task="binary", layout="binary-flat"))
    assert not inferred.ok
    assert "without its sample weights" in inferred.explanation
    assert "sample_weight = np.array(" in inferred.failure.message()


def test_per_batch_averaging_is_no_convention():
    inferred = infer("metrics_impl/keras2_batchwise.py:f1", Conventions.of(task="binary"))
    assert not inferred.ok
    assert "depends on how the data is cut into batches" in inferred.explanation


def test_stated_conventions_are_kept():
    """What the user states is not inferred over: stated wrongly, nothing fits."""
    metric = numpy_f1(task="binary", rule="ge")
    conv = Conventions.of(task="binary", layout="binary-flat", threshold_rule="gt")
    assert not infer(metric, conv).ok


def test_api_and_cli_agree(capsys):
    metric = "meta_tests/test_inference.py:torcheval_like"
    inferred = f1_oracle.infer(metric, task="binary")
    assert inferred.ok and inferred.divergences == ["--threshold-rule ge"]
    assert cli.main(["infer", metric, "--task", "binary"]) == 0
    out = capsys.readouterr().out
    assert "--threshold-rule ge" in out and str(inferred).splitlines()[-1] in out
    assert cli.main(["infer", "meta_tests/test_inference.py:weights_ignored",
                     "--task", "binary"]) == 1
    assert "without its sample weights" in capsys.readouterr().out


def test_check_hints_at_the_flag_that_describes_the_metric(capsys):
    # Which examples Hypothesis draws depends on the modules imported before (it mixes in
    # constants from them): a budget that finds `>=` in any order of the suite.
    code = cli.main(["check", "meta_tests/test_inference.py:torcheval_like", "--task",
                     "binary", "--checks", "one_batch", "--max-examples", "300"])
    out = capsys.readouterr().out
    assert code == 1 and "hint: on probe cases the metric behaves as --threshold-rule ge" in out
    assert cli.main(["check", "meta_tests/test_inference.py:torcheval_like", "--task",
                     "binary", "--checks", "one_batch", "--infer"]) == 0
    assert "findings: differs from scikit-learn's defaults: --threshold-rule ge" in \
        capsys.readouterr().out


torcheval_like = numpy_f1(task="binary", rule="ge")
weights_ignored = numpy_f1(task="binary", ignore_weights=True)
