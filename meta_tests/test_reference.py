"""The reference is checked against an independent count-based computation.

A wrong scikit-learn call (labels, average, layout conversion) would otherwise make every
property pass or fail for the wrong reason; torchmetrics shipped tests whose reference
repeated the bug under test (their issue #2828).
"""

import math

import numpy as np
import pytest
import sklearn.metrics
from hypothesis import given, settings
from hypothesis import strategies as st

import f1_oracle
from f1_oracle.case import Case
from f1_oracle.checks import rounding
from f1_oracle.compare import Tolerance, close
from f1_oracle.contract import AllMaxima, Argmax, Contract, Threshold, TopK
from f1_oracle.counts import confusion_counts, fbeta_from_counts
from f1_oracle.reference import expected
from f1_oracle.strategies import cases

CONTRACTS = [
    Contract(task="binary", layout="binary-column"),
    Contract(task="binary", layout="binary-flat", rule=Threshold(0.5, inclusive=True),
             zero_division=1.0),
    Contract(task="binary", layout="sparse-column", rule=Argmax()),
    Contract(task="binary", layout="binary-column", rule=AllMaxima()),
    *[
        Contract(task="multiclass", layout=layout, average=average, rule=Argmax(),
                 zero_division=zd, classes=(2, 8))
        for layout in ("onehot", "sparse-flat", "sparse-column")
        for average in ("micro", "macro", "weighted", None)
        for zd in (0.0, 1.0, math.nan)
    ],
    Contract(task="multiclass", layout="onehot", average="macro", rule=Argmax(),
             macro_classes="present", classes=(2, 8)),
    Contract(task="multiclass", layout="onehot", average="micro", rule=AllMaxima(),
             classes=(2, 8)),
    *[
        Contract(task="multilabel", layout="multilabel", average=average, zero_division=zd,
                 classes=(2, 6))
        for average in ("micro", "macro", "weighted", None)
        for zd in (0.0, 1.0, math.nan)
    ],
    Contract(task="multilabel", layout="multilabel", average="macro", macro_classes="present",
             classes=(2, 6)),
    # The conventions a user declares from the CLI (f1_oracle.conventions).
    Contract(task="multiclass", layout="sparse-flat", average="macro", rule=Argmax(last=True),
             macro_classes="labelled", classes=(2, 8)),
    *[
        Contract(task="multiclass", layout="sparse-flat", average=average, rule=rule,
                 ignore_index=ignore, classes=(3, 6))
        for average in ("micro", "macro", "weighted", None)
        for rule, ignore in ((Argmax(), 1), (Argmax(), -100), (TopK(2), None))
    ],
    Contract(task="binary", layout="binary-flat", scores="logits", ignore_index=-1),
    Contract(task="multilabel", layout="multilabel", average="micro", scores="auto",
             classes=(2, 6)),
    *[
        Contract(task="multiclass", layout="sparse-flat", average=average, rule=Argmax(),
                 ignore_index=1, ignore_scope=scope, classes=(3, 6))
        for average in ("micro", "macro", "weighted", None)
        for scope in ("rows", "class")
    ],
    # Multilabel ignore_index marks elements; 2 is also a column (which stays).
    *[
        Contract(task="multilabel", layout="multilabel", average=average, ignore_index=ignore,
                 scores=scores, classes=(2, 6))
        for average in ("micro", "macro", "weighted", None)
        for ignore, scores in ((-1, "probabilities"), (2, "auto"))
    ],
]


@pytest.mark.parametrize("contract", CONTRACTS, ids=lambda c: "-".join(c.conventions().values()))
@settings(max_examples=40)
@given(data=st.data(), beta=st.sampled_from([1.0, 0.5, 2.0, 3.7]))
def test_reference_equals_counts(contract, data, beta):
    contract = contract.with_(beta=beta)
    case = data.draw(cases(contract), label="case")
    ref = expected(contract, case)
    from_counts = fbeta_from_counts(confusion_counts(contract, case), contract)
    # Two float64 computations from the same counts: each within float64's budget.
    tol = 2 * rounding(contract.with_(dtype="float64"), case)
    assert close(from_counts, ref.value, tol), (ref.code, from_counts, ref.value)


PRINTED = [
    Contract(task="multiclass", layout="onehot", average="macro", rule=Argmax(), classes=(3, 3)),
    Contract(task="multiclass", layout="sparse-flat", average="micro", rule=Argmax(last=True),
             classes=(3, 5)),
    Contract(task="multiclass", layout="sparse-flat", average="macro", rule=TopK(2),
             macro_classes="labelled", classes=(4, 4)),
    Contract(task="multiclass", layout="sparse-flat", average="weighted", rule=Argmax(),
             ignore_index=1, classes=(3, 3)),
    Contract(task="binary", layout="binary-flat", scores="logits"),
    Contract(task="binary", layout="binary-column", scores="auto", ignore_index=-1),
    Contract(task="multilabel", layout="multilabel", average="macro", scores="auto",
             macro_classes="present", classes=(2, 4)),
    Contract(task="multilabel", layout="multilabel", average="samples", ignore_index=-1,
             classes=(2, 4)),
    Contract(task="multiclass", layout="sparse-flat", average="micro", rule=Argmax(),
             ignore_index=0, ignore_scope="class", classes=(3, 3)),
]


@pytest.mark.parametrize("contract", PRINTED, ids=lambda c: f"{c.layout}-{c.rule.describe()}"
                         f"-{c.scores}-{c.ignore_index}-{c.macro_classes}")
def test_reference_code_evaluates_to_its_value(contract):
    """The printed case and scikit-learn lines (with the input conventions' own lines:
    logits, ignored rows) are runnable and give the expected value."""

    @settings(max_examples=20)
    @given(cases(contract))
    def check(case):
        ref = expected(contract, case)
        namespace = {"np": np, "sklearn": sklearn}
        exec(case.as_code(), namespace)
        exec(ref.code, namespace)
        assert close(namespace["expected"], ref.value, Tolerance(0.0, 0.0))

    check()


def multilabel_f1(ignore_index: int, ignored_as_negative: bool):
    """Macro F1 over (N, C) labels in which ignore_index marks an element to leave out,
    written here in numpy; or with the bug of counting a prediction on an ignored element
    as false."""

    def f1(y_true, y_pred):
        y_true = np.asarray(y_true)
        kept, truth, pred = y_true != ignore_index, y_true == 1, np.asarray(y_pred) > 0.5
        tp = (truth & pred).sum(axis=0)
        fp = (~truth & pred & (True if ignored_as_negative else kept)).sum(axis=0)
        fn = (truth & ~pred).sum(axis=0)
        denom = 2 * tp + fp + fn
        return float(np.mean(np.where(denom > 0, 2 * tp / np.maximum(denom, 1), 0.0)))

    return f1


@pytest.mark.parametrize("ignore_index", [-1, 2])
def test_multilabel_ignore_index_leaves_out_elements(ignore_index):
    """An ignored element is neither true nor predicted: an independent metric that
    leaves it out conforms (the ignored value 2 is no column to leave out); one that
    reads it as a negative label is caught by search."""
    common = dict(task="multilabel", classes=3, average="macro", ignore_index=ignore_index,
                  profile="quick", checks=("one_batch",))
    assert f1_oracle.check(multilabel_f1(ignore_index, False), **common).ok
    caught = f1_oracle.check(multilabel_f1(ignore_index, True), **common)
    assert not caught.ok and f"ignored = y_true == {ignore_index}" in str(caught)


def top_k_f1(k: int, every_one: bool):
    """Macro F1 over present classes with torchmetrics' top_k (the label where among the
    row's k highest scores, else the highest), written here in numpy; or predicting every
    one of the k, as torchmetrics did before 1.6.1 (their #1653)."""

    def f1(y_true, y_pred):
        y_true, classes = np.asarray(y_true).astype(int), np.shape(y_pred)[1]
        top = np.argsort(-np.asarray(y_pred), axis=1)[:, :k]
        hit = (top == y_true[:, None]).any(axis=1)
        if every_one:
            pred = np.zeros(np.shape(y_pred), bool)
            np.put_along_axis(pred, top, True, axis=1)
        else:
            pred = np.eye(classes, dtype=bool)[np.where(hit, y_true, top[:, 0])]
        truth = np.eye(classes, dtype=bool)[y_true]
        tp, fp, fn = ((a & b).sum(axis=0) for a, b in ((truth, pred), (~truth, pred),
                                                      (truth, ~pred)))
        present = tp + fp + fn > 0
        return float(np.mean(2 * tp[present] / (2 * tp + fp + fn)[present]))

    return f1


def test_top_k_is_the_label_where_among_the_top_k():
    """An independent top-k metric conforms to --top-k; the multi-hot meaning of
    torchmetrics < 1.6.1 is caught by search."""
    common = dict(task="multiclass", classes=5, average="macro", macro_classes="present",
                  top_k=2, profile="quick", checks=("one_batch",))
    assert f1_oracle.check(top_k_f1(2, every_one=False), **common).ok
    caught = f1_oracle.check(top_k_f1(2, every_one=True), **common)
    assert not caught.ok and "top = np.argsort(-y_pred" in str(caught)


def test_one_column_indicator_is_refused():
    contract = Contract(task="multilabel", layout="multilabel", average="macro")
    case = Case(np.zeros((2, 1)), np.zeros((2, 1)), None, (2,), 1)
    with pytest.raises(ValueError, match="1-column indicator"):
        expected(contract, case)
