"""Detection of calling styles, the conventions that configure a target, and the Python
API, on small metrics written here (torch-style ones where torch is installed)."""

import types

import numpy as np
import pytest

import f1_oracle
from examples import numpy_f1
from f1_oracle import styles
from f1_oracle.conventions import Conventions
from f1_oracle.target import TargetError, implementation


class AnswersEverything:
    """ignite's trap: __getattr__ makes hasattr(m, "update_state") true."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: None

    def reset(self):
        self.rows = []

    def update(self, output):
        pass

    def compute(self):
        return 0.0


def test_detection_is_not_fooled_by_getattr():
    assert hasattr(AnswersEverything(), "update_state")
    assert styles.detect(AnswersEverything()).name == "ignite"


def test_keras_metric_detected():
    from metrics_impl.streaming import StreamingF1

    assert styles.detect(StreamingF1()).name == "keras-metric"


def test_numpy_function_is_whole_data_and_conforms():
    result = f1_oracle.check(numpy_f1.f1, task="binary", profile="quick")
    assert result.style == "whole-data"
    assert result.ok, str(result)
    statuses = {r.check: r.status for r in result.checks}
    assert statuses["batch_split"] == "skipped"  # no batches to split
    assert statuses["integer_weights_repeat_rows"] == "holds"


def test_sklearn_f1_score_is_given_hard_predictions():
    from sklearn.metrics import f1_score

    result = f1_oracle.check(f1_score, task="binary", profile="quick")
    assert result.style == "whole-data" and result.conventions["scores"] == "labels"
    assert result.ok, str(result)


def test_sklearn_macro_over_present_classes_keeps_zero_weight_rows_present():
    """scikit-learn's default labels count a class seen only in a zero-weight row, so
    dropping that row is not an equivalent input under --macro-classes present: the
    weight checks pass such examples over instead of failing scikit-learn itself."""
    from functools import partial

    from sklearn.metrics import f1_score

    result = f1_oracle.check(partial(f1_score, average="macro", zero_division=0),
                             task="multiclass", classes=4, average="macro",
                             macro_classes="present", scores="labels",
                             checks=("integer_weights_repeat_rows", "zero_weight_removes_rows"))
    assert result.ok, str(result)
    assert all(r.status == "holds" and r.examples > 20 for r in result.checks
               if r.status != "skipped")


def test_a_wrong_zero_division_is_caught_with_its_flag_shown():
    def f1_nan_is_one(y_true, y_pred):
        value = numpy_f1.f1(y_true, y_pred)
        hard = np.asarray(y_pred).ravel() > 0.5
        return 1.0 if not hard.any() and not np.asarray(y_true).any() else value

    assert not f1_oracle.check(f1_nan_is_one, task="binary", profile="quick").ok
    assert f1_oracle.check(f1_nan_is_one, task="binary", zero_division=1,
                           profile="quick").ok


def _functional(fail_to_merge=False):
    def update(state, y_true, y_pred, sample_weight=None):
        w = np.ones(len(y_true)) if sample_weight is None else np.asarray(sample_weight)
        t, p = np.ravel(y_true) == 1, np.ravel(y_pred) > 0.5
        return state + np.array([np.sum(w * t * p), np.sum(w * p), np.sum(w * t)])

    def merge(a, b):
        return a if fail_to_merge else a + b

    def compute(state):
        tp, predicted, actual = state
        return 2 * tp / (predicted + actual) if predicted + actual else 0.0

    return types.SimpleNamespace(init=lambda: np.zeros(3), update=update, merge=merge,
                                 compute=compute)


def test_functional_metric_merges_and_resets():
    result = f1_oracle.check(_functional(), task="binary", profile="quick")
    assert result.style == "jax-functional"
    statuses = {r.check: r.status for r in result.checks}
    assert statuses["merge_shards"] == statuses["reset_reuse"] == "holds", str(result)
    assert result.ok, str(result)
    broken = f1_oracle.check(_functional(fail_to_merge=True), task="binary", max_examples=200,
                             checks=("merge_shards",))
    assert [r.check for r in broken.failures] == ["merge_shards"]


def test_conventions_configure_the_constructor():
    import keras

    impl = implementation("keras.metrics:F1Score",
                          Conventions.of(task="multiclass", classes=4, average="macro",
                                         ties="all"))
    assert impl.call == "F1Score(average='macro')"
    assert isinstance(impl.build(4), keras.metrics.F1Score)


def test_bad_conventions_are_one_clear_error():
    with pytest.raises(ValueError, match="threshold_rule"):
        Conventions.of(threshold_rule="gte")
    with pytest.raises(ValueError, match="unknown convention"):
        Conventions.of(treshold=0.5)
    with pytest.raises(TargetError, match="top-k"):
        implementation("keras.metrics:F1Score", Conventions.of(task="binary", top_k=2))


def test_torch_styles_where_torch_is_installed():
    pytest.importorskip("torch")
    torchmetrics = pytest.importorskip("torchmetrics")
    result = f1_oracle.check(torchmetrics.classification.BinaryF1Score, task="binary",
                             profile="quick")
    assert result.style == "torchmetrics" and result.ok, str(result)
    names = {r.check for r in result.checks if r.status == "holds"}
    assert {"reset_reuse", "merge_shards"} <= names


def test_ignite_metrics_run_in_an_engine_with_their_output_transform():
    """ignite users threshold in output_transform, which only an Engine applies (and a
    composed Fbeta applies its parts' transforms only when attached)."""
    pytest.importorskip("ignite")
    from ignite.metrics import Fbeta, Precision, Recall

    def hard(output):
        y_pred, y = output
        return (y_pred > 0.5).long(), y.long()

    def fbeta():
        return Fbeta(1.0, precision=Precision(average=False, is_multilabel=True,
                                              output_transform=hard),
                     recall=Recall(average=False, is_multilabel=True, output_transform=hard))

    result = f1_oracle.check(fbeta, task="multilabel", classes=3, epsilon=1e-15,
                             profile="quick")
    assert result.style == "ignite" and result.ok, str(result)


def test_a_function_gets_its_conventions_as_keywords():
    """scikit-learn's fbeta_score requires beta: --beta 2 binds it, and the fbeta check
    varies it through the same keyword."""
    from sklearn.metrics import fbeta_score

    result = f1_oracle.check(fbeta_score, task="binary", beta=2.0, profile="quick",
                             checks=("one_batch", "fbeta"))
    assert result.style == "whole-data" and result.ok, str(result)
    assert {r.check: r.status for r in result.checks}["fbeta"] == "holds"


def fbeta_with_beta_not_squared(y_true, y_pred, beta=1.0):
    """A realistic bug: beta where beta squared belongs."""
    t, p = np.ravel(y_true) == 1, np.ravel(y_pred) > 0.5
    tp, predicted, actual = np.sum(t & p), np.sum(p), np.sum(t)
    denom = beta * actual + predicted
    return float((1 + beta) * tp / denom) if denom else 0.0


def test_a_varied_convention_finds_what_the_default_cannot():
    """At beta 1 the bug is invisible; the fbeta check varies beta through the keyword."""
    result = f1_oracle.check(fbeta_with_beta_not_squared, task="binary", profile="quick",
                             checks=("one_batch", "fbeta"))
    statuses = {r.check: r.status for r in result.checks}
    assert statuses == {**statuses, "one_batch": "holds", "fbeta": "FAILS"}, str(result)


class ClipsScores:
    """A Keras-style metric that clips scores to [1e-7, 1 - 1e-7] before its threshold: at
    threshold 0 a score of 0 is positive. Only the threshold check, varying the
    constructor's threshold, can see it."""

    def __init__(self, threshold=0.5):
        self.threshold, self.rows = threshold, []

    def update(self, preds, target):
        self.rows.append((np.clip(np.ravel(preds), 1e-7, 1 - 1e-7), np.ravel(target)))

    def compute(self):
        if not self.rows:
            return 0.0
        p = np.concatenate([r[0] for r in self.rows]) > self.threshold
        t = np.concatenate([r[1] for r in self.rows]) == 1
        denom = p.sum() + t.sum()
        return 2 * np.sum(p & t) / denom if denom else 0.0

    def reset(self):
        self.rows = []


def test_the_threshold_is_varied_through_the_constructor():
    pytest.importorskip("torch")
    result = f1_oracle.check(ClipsScores, task="binary", checks=("one_batch", "threshold"))
    statuses = {r.check: r.status for r in result.checks}
    assert statuses == {**statuses, "one_batch": "holds", "threshold": "FAILS"}, str(result)


def test_a_convention_the_metric_refuses_is_no_failure():
    """Keras's F1Score refuses threshold 0 in its constructor: the threshold check passes
    over those examples rather than failing the metric."""
    result = f1_oracle.check("keras.metrics:F1Score", task="binary", init={"average": "micro"},
                             epsilon=1e-7, threshold=0.3, profile="quick",
                             checks=("threshold",))
    assert result.ok, str(result)


def test_a_check_whose_every_configuration_is_refused_is_skipped():
    """A metric built with no average=None (no per-class vector), or with no threshold but
    its own: the averaging check is skipped up front, the threshold check once no example
    could run; neither fails the metric nor crashes the oracle."""
    from metrics_impl.streaming import StreamingFBeta

    class Restricted(StreamingFBeta):
        def __init__(self, task, num_classes, average="macro", threshold=0.3):
            if average is None or threshold != 0.3:
                raise ValueError(f"unsupported average={average!r} or {threshold=}")
            super().__init__(task=task, num_classes=num_classes, average=average,
                             threshold=threshold)

    for conventions, check in ((dict(task="multiclass", classes=3), "averaging"),
                               (dict(task="multilabel", classes=3, threshold=0.3), "threshold")):
        result = f1_oracle.check(Restricted, **conventions, average="macro", profile="quick",
                                 checks=("one_batch", check))
        status = next(r for r in result.checks if r.check == check)
        assert result.ok, str(result)
        assert status.status == "skipped" and "refused" in status.reason, status


def test_a_search_cut_by_its_time_bound_before_any_example_ran_is_skipped():
    """Every example passed over until the time bound cut the search (a slow backend, a
    slow refusal): no example ran, so the check says nothing: skipped, never "holds". The
    refusal here takes 20 ms, so a 0.2 s bound cuts the search on any machine."""
    import time

    from metrics_impl.streaming import StreamingFBeta

    class SlowlyRefused(StreamingFBeta):
        def __init__(self, task, num_classes, average="macro", threshold=0.3):
            if threshold != 0.3:
                time.sleep(0.02)
                raise ValueError(f"unsupported {threshold=}")
            super().__init__(task=task, num_classes=num_classes, average=average,
                             threshold=threshold)

    from f1_oracle.api import Budget

    result = f1_oracle.check(SlowlyRefused, task="multilabel", classes=3, threshold=0.3,
                             average="macro", budget=Budget(checks=("one_batch", "threshold"),
                                                            check_seconds=0.2))
    threshold = next(r for r in result.checks if r.check == "threshold")
    assert threshold.status == "skipped", threshold
    assert threshold.examples == 0, threshold
    assert "time bound" in threshold.reason and "refused" in threshold.reason, threshold
    assert threshold.json()["holds"] is None


class MergesAList:
    """torcheval's form of merge_state, in a class of neither library."""

    def __init__(self):
        self.counts = np.zeros(3)

    def update(self, preds, target):
        t, p = np.ravel(np.asarray(target)) == 1, np.ravel(np.asarray(preds)) > 0.5
        self.counts = self.counts + np.array([np.sum(t & p), np.sum(p), np.sum(t)])

    def compute(self):
        tp, predicted, actual = self.counts
        return 2 * tp / (predicted + actual) if predicted + actual else 0.0

    def reset(self):
        self.counts = np.zeros(3)

    def merge_state(self, metrics):
        for other in metrics:
            self.counts = self.counts + other.counts


def test_merge_state_taking_a_list_is_called_with_one():
    pytest.importorskip("torch")
    result = f1_oracle.check(MergesAList, task="binary", profile="quick",
                             checks=("merge_shards",))
    statuses = {r.check: r.status for r in result.checks}
    assert result.ok and statuses["merge_shards"] == "holds", str(result)


def test_a_functional_class_is_not_taken_for_torchmetrics():
    functions = _functional()
    cls = type("Functional", (), {name: staticmethod(getattr(functions, name))
                                  for name in ("init", "update", "merge", "compute")})
    assert styles.detect(cls()).name == "jax-functional"


def test_whole_data_function_on_logits_is_detected_as_such():
    def f1_from_logits(y_true, y_pred):
        return numpy_f1.f1(y_true, 1 / (1 + np.exp(-np.asarray(y_pred, np.float64))))

    result = f1_oracle.check(f1_from_logits, task="binary", scores="logits", profile="quick",
                             checks=("one_batch",))
    assert result.style == "whole-data" and result.ok, str(result)


def test_a_functional_metric_in_torch_order_is_checked_as_whole_data():
    """torchmetrics' and torcheval's functional metrics take (preds, target) as tensors:
    checked as they are, no wrapper, their keywords configurable; a bug is still found."""
    torch = pytest.importorskip("torch")

    def f1(preds, target, threshold=0.5):
        hard = (preds > threshold).long()
        tp = (hard * target).sum()
        total = hard.sum() + target.sum()
        return torch.where(total > 0, 2 * tp / total.clamp(min=1), torch.tensor(0.0))

    def f1_recall_for_precision(preds, target, threshold=0.5):
        hard = (preds > threshold).long()
        return (2 * (hard * target).sum() / (2 * target.sum()).clamp(min=1)).float()

    good = f1_oracle.check(f1, task="binary", profile="quick")
    assert good.style == "whole-data" and good.call == "f1(threshold=0.5)"
    assert good.ok, str(good)
    assert {r.check for r in good.checks if r.status == "holds"} >= {"one_batch", "threshold"}
    assert not f1_oracle.check(f1_recall_for_precision, task="binary", profile="quick").ok


def test_a_partials_bound_keywords_are_its_conventions():
    """partial(fbeta_score, beta=2, average='weighted') is checked as weighted F2, not
    overridden with the defaults; scikit-learn's average=None (one value per present
    class) is placed among the classes by the averaging check."""
    from functools import partial

    from sklearn.metrics import fbeta_score

    result = f1_oracle.check(partial(fbeta_score, beta=2, average="weighted"),
                             task="multiclass", classes=4, profile="quick")
    assert result.conventions["beta"] == "2" and result.conventions["average"] == "weighted"
    assert result.ok, str(result)
    assert {r.check: r.status for r in result.checks}["averaging"] == "holds"


def test_auto_scores_of_a_whole_data_function_are_judged_on_the_whole_data():
    """torchmetrics' functional metrics apply their sigmoid to the array they are given:
    once, on all of it, where a torchmetrics class sees each batch."""
    pytest.importorskip("torchmetrics")
    result = f1_oracle.check("torchmetrics.functional.classification:binary_f1_score",
                             task="binary", scores="auto", checks=("one_batch", "threshold"))
    assert result.ok, str(result)


def test_ignore_index_may_leave_out_only_the_rows():
    """torchmetrics >= 1.0 drops the rows labelled ignore_index but still counts class K
    where it is predicted on other rows: --ignore-scope rows; the default also drops K."""
    pytest.importorskip("torchmetrics")
    common = dict(task="multiclass", classes=4, average="macro", macro_classes="present",
                  ignore_index=0, profile="quick", checks=("one_batch",))
    target = "torchmetrics.classification:MulticlassF1Score"
    assert f1_oracle.check(target, ignore_scope="rows", **common).ok
    assert not f1_oracle.check(target, **common).ok


def test_torchmetrics_top_k_conforms():
    """torchmetrics >= 1.6.1's top_k, and scores in a row never tied (torch.topk's pick
    among ties is unspecified)."""
    pytest.importorskip("torchmetrics")
    result = f1_oracle.check("torchmetrics.classification:MulticlassF1Score",
                             task="multiclass", classes=5, macro_classes="present", top_k=2,
                             profile="quick", checks=("one_batch", "batch_split"))
    assert result.ok, str(result)


def test_ignites_average_switch_is_set_from_the_average():
    pytest.importorskip("ignite")
    impl = implementation("ignite.metrics:Fbeta",
                          Conventions.of(task="multiclass", classes=4, average="none"))
    assert impl.call == "Fbeta(average=False, beta=1.0)"
    with pytest.raises(TargetError, match="switch"):
        implementation("ignite.metrics:Fbeta",
                       Conventions.of(task="multiclass", classes=4, average="micro"))
