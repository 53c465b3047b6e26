"""The online, cumulative and add-compute styles, and reading results as users' metrics
return them, on small metrics written here in each library's idiom (no library needed):
a correct one conforms, the same with one realistic bug is caught, and a result in a
container, a percentage or a string is read as the metric meant it."""

import numpy as np
import pytest

import f1_oracle
from f1_oracle.readout import NotANumber, Readout, ResultError
from f1_oracle.target import TargetError, implementation


class OnlineF1:
    """river's API: one row per update, get(), revert()."""

    def __init__(self, forget_reverts=False):
        self.tp = self.fp = self.fn = 0.0
        self.forget_reverts = forget_reverts

    def update(self, y_true, y_pred, w=1.0):
        self.tp += w * (y_true and y_pred)
        self.fp += w * (not y_true and y_pred)
        self.fn += w * (y_true and not y_pred)

    def revert(self, y_true, y_pred, w=1.0):
        if not self.forget_reverts:
            self.update(y_true, y_pred, -w)

    def get(self):
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else 0.0


class OnlineF1ForgettingReverts(OnlineF1):
    def __init__(self):
        super().__init__(forget_reverts=True)


class CumulativeMicroF1:
    """MONAI's API: called per batch on one-hot binarized tensors, aggregate() a list."""

    def __init__(self, per_batch=False):
        self.per_batch = per_batch
        self.reset()

    def __call__(self, y_pred, y):
        p, t = np.asarray(y_pred) > 0.5, np.asarray(y) > 0.5
        counts = np.array([np.sum(p & t), np.sum(p & ~t), np.sum(~p & t)], np.float64)
        self.counts = counts if self.per_batch else self.counts + counts

    def aggregate(self):
        tp, fp, fn = self.counts
        return [np.array([2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0])]

    def reset(self):
        self.counts = np.zeros(3)


class CumulativeLastBatch(CumulativeMicroF1):
    def __init__(self):
        super().__init__(per_batch=True)


class AddComputeMacroF1:
    """mmeval's API: add(predictions, labels), compute() a dict in percent."""

    def __init__(self, num_classes, per_class_of_predictions=False):
        self.num_classes, self.bug = num_classes, per_class_of_predictions
        self.reset()

    def add(self, predictions, labels):
        self.pred.extend(np.asarray(predictions).argmax(axis=1).tolist())
        self.true.extend(np.asarray(labels).tolist())

    def compute(self):
        from sklearn.metrics import f1_score

        labels = sorted(set(self.pred)) if self.bug else list(range(self.num_classes))
        value = f1_score(self.true, self.pred, average="macro", labels=labels, zero_division=0)
        return {"f1-score": round(100 * value, 4)}

    def reset(self):
        self.true, self.pred = [], []


class AddComputeOverPredictedClasses(AddComputeMacroF1):
    def __init__(self, num_classes):
        super().__init__(num_classes, per_class_of_predictions=True)


class AddComputePerSample(AddComputeMacroF1):
    """mmeval's F1Score form: `add` takes one label array per sample, never one array."""

    def add(self, predictions, labels):
        if isinstance(predictions, np.ndarray):
            raise TypeError("predictions must be a sequence of per-sample arrays")
        self.pred.extend(int(p[0]) for p in predictions)
        self.true.extend(int(t[0]) for t in labels)


def test_add_compute_feeds_one_array_per_sample_where_whole_arrays_are_refused():
    result = f1_oracle.check(AddComputePerSample, task="multiclass", classes=3,
                             scores="labels", percent=True, rtol=1e-4, profile="quick",
                             checks=("one_batch", "batch_split"))
    assert result.ok and result.style == "add-compute", str(result)


BATCH_CHECKS = ("one_batch", "batch_split", "revert")  # each bug is caught by one
STYLED = [
    (OnlineF1, OnlineF1ForgettingReverts, "online", dict(task="binary"), "revert"),
    (CumulativeMicroF1, CumulativeLastBatch, "cumulative",
     dict(task="multilabel", classes=3, average="micro"), "batch_split"),
    (AddComputeMacroF1, AddComputeOverPredictedClasses, "add-compute",
     dict(task="multiclass", classes=3, percent=True, rtol=1e-4), "one_batch"),
]


@pytest.mark.parametrize(("good", "bad", "style", "conventions", "caught_by"), STYLED,
                         ids=[s[2] for s in STYLED])
def test_a_style_is_detected_checks_a_correct_metric_and_catches_a_bug(
        good, bad, style, conventions, caught_by):
    result = f1_oracle.check(good, **conventions, profile="quick", checks=BATCH_CHECKS)
    assert result.style == style, result.style
    assert result.ok, str(result)
    ran = {r.check for r in result.checks if r.status == "holds"}
    assert {"one_batch", "batch_split"} <= ran, ran
    failed = f1_oracle.check(bad, **conventions, profile="quick", checks=BATCH_CHECKS)
    assert caught_by in {r.check for r in failed.failures}, str(failed)


def test_revert_is_checked_only_where_the_metric_defines_it():
    result = f1_oracle.check(CumulativeMicroF1, task="multilabel", classes=3,
                             average="micro", profile="quick", checks=("revert",))
    (revert,) = [r for r in result.checks if r.check == "revert"]
    assert revert.status == "skipped" and "no revert" in revert.reason, revert


def test_a_style_that_does_not_fit_the_object_is_a_usage_error():
    from f1_oracle.conventions import Conventions

    for style in ("keras-metric", "jax-functional", "torchmetrics", "cumulative"):
        with pytest.raises(TargetError, match=f"--style {style} does not fit"):
            implementation(OnlineF1, Conventions.of(task="binary", style=style))


def test_the_cli_reports_a_style_that_does_not_fit_in_one_line(capsys):
    from f1_oracle import cli

    code = cli.main(["check", "meta_tests/test_ecosystem_styles.py:OnlineF1",
                     "--style", "keras-metric"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "does not fit" in err[0], err


def weighted_by_weight(y_true, y_pred, weight=None):  # catboost's eval_metric keyword
    from sklearn.metrics import f1_score

    return [f1_score(np.ravel(y_true), np.ravel(y_pred) > 0.5, sample_weight=weight,
                     zero_division=0)]


def weight_taken_but_ignored(y_true, y_pred, weight=None):
    return weighted_by_weight(y_true, y_pred)


def test_a_whole_data_function_gets_its_weights_as_weight_where_it_names_that():
    weight_checks = ("zero_weight_removes_rows",)
    result = f1_oracle.check(weighted_by_weight, task="binary", profile="quick",
                             checks=weight_checks)
    held = {r.check for r in result.checks if r.status == "holds"}
    assert result.ok and held == set(weight_checks), str(result)
    failed = f1_oracle.check(weight_taken_but_ignored, task="binary", profile="quick",
                             checks=weight_checks)
    assert set(weight_checks) == {r.check for r in failed.failures}, str(failed)


# Reading results


def _sklearn_f1(y_true, y_pred):
    from sklearn.metrics import f1_score

    return f1_score(np.ravel(y_true), np.ravel(y_pred) > 0.5, zero_division=0)


def one_item_list(y_true, y_pred):  # catboost's eval_metric
    return [_sklearn_f1(y_true, y_pred)]


def one_element_array(y_true, y_pred):  # MONAI's aggregate()[0]
    return np.array([_sklearn_f1(y_true, y_pred)])


def dict_of_one_number(y_true, y_pred):
    return {"f1": _sklearn_f1(y_true, y_pred), "name": "f1"}


def dict_of_two_numbers(y_true, y_pred):
    return {"f1": _sklearn_f1(y_true, y_pred), "precision": 0.25}


def string_when_undefined(y_true, y_pred):  # pycm's 'None'
    t, p = np.ravel(y_true) == 1, np.ravel(y_pred) > 0.5
    return _sklearn_f1(y_true, y_pred) if (t | p).any() else "None"


def per_class_vector(y_true, y_pred):
    return np.array([0.5, 0.5])


@pytest.mark.parametrize("fn", [one_item_list, one_element_array, dict_of_one_number],
                         ids=lambda fn: fn.__name__)
def test_a_result_holding_one_number_is_read_as_it(fn):
    result = f1_oracle.check(fn, task="binary", profile="quick", checks=("one_batch",))
    assert result.ok, str(result)
    if fn is not one_element_array:  # a container: the header says what of it was read
        assert result.read.startswith("result["), result.read


def test_read_names_the_entry_of_a_dict_of_several_numbers():
    with pytest.raises(TargetError, match="--read KEY"):
        f1_oracle.check(dict_of_two_numbers, task="binary", checks=("one_batch",))
    result = f1_oracle.check(dict_of_two_numbers, task="binary", read="f1", profile="quick",
                             checks=("one_batch",))
    assert result.ok, str(result)
    wrong = f1_oracle.check(dict_of_two_numbers, task="binary", read="precision",
                            profile="quick", checks=("one_batch",))
    assert not wrong.ok


def test_a_shape_other_than_expected_is_a_usage_error_before_any_search():
    with pytest.raises(TargetError, match=r"returned shape \(2,\) where .* expects a scalar"):
        f1_oracle.check(per_class_vector, task="binary")


def test_a_string_is_reported_as_what_the_metric_returned():
    result = f1_oracle.check(string_when_undefined, task="binary", profile="quick",
                             checks=("one_batch",))
    (failure,) = result.failures
    message = failure.verdict.message()
    assert "returned 'None' (str), not a number" in message, message
    assert "could not convert" not in message and "raised" not in message


def test_readout_reads_percent_and_refuses_what_it_cannot_read():
    assert Readout(percent=True)({"f1-score": 75.0}) == 0.75
    assert Readout("1")([0.1, 0.2, 0.3]) == 0.2
    assert Readout()([[0.5, 0.25]]).shape == (2,)
    assert Readout()(np.array([0.5])) == 0.5 and Readout()([np.array([0.5])]) == 0.5
    with pytest.raises(ResultError, match="keys 'a', 'b'"):
        Readout("c")({"a": 1.0, "b": 2.0})
    with pytest.raises(NotANumber):
        Readout()(None)


def test_a_declared_tolerance_is_printed_with_the_verdict():
    def rounded_percent(y_true, y_pred):
        return round(100 * _sklearn_f1(y_true, y_pred) + 0.004, 2)  # off by up to 0.01 %

    loose = f1_oracle.check(rounded_percent, task="binary", percent=True, rtol=1e-3,
                            atol=1e-4, profile="quick", checks=("one_batch",))
    assert loose.ok, str(loose)
    strict = f1_oracle.check(rounded_percent, task="binary", percent=True, profile="quick",
                             checks=("one_batch",))
    assert not strict.ok
    tight = f1_oracle.check(rounded_percent, task="binary", percent=True, atol=1e-9,
                            profile="quick", checks=("one_batch",))
    assert "including rtol 0, atol 1e-09 declared" in tight.failures[0].verdict.message()
