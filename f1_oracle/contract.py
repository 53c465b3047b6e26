"""What an implementation declares about itself.

Two correct F1 implementations can disagree on the same data because they follow
different conventions: whether y_pred == threshold counts as positive, which of two
tied maxima is "the" prediction, what 0/0 is, which classes a macro average covers.
The oracle does not pick a winner; it checks each implementation against scikit-learn
*under the conventions that implementation declares*, and it reports the conventions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np

from f1_oracle.case import Case
from f1_oracle.layouts import LAYOUTS, Layout

Task = Literal["binary", "multiclass", "multilabel"]
Average = Literal["binary", "micro", "macro", "weighted", "samples"] | None

_FLUSHED_CODE = ("np.where(abs(y_pred) < np.finfo(np.float64 if y_pred.dtype == np.float64 "
                 "else np.float32).tiny, 0, y_pred)")


def flushed(y_pred: np.ndarray, subnormals_as_zero: bool) -> np.ndarray:
    """The scores as a rule compares them: in float64 for float64 scores and in float32
    for narrower ones (16-bit floats widen exactly), as Keras, torch and numpy compare a
    float32 tensor with a Python threshold: 0.3 is float32(0.3) there, and a score of
    float32(0.3) is not above it. Subnormal floats (in that dtype) read as 0 where the
    metric's kernels flush them (TensorFlow's and XLA's CPU kernels do, in max, argmax and
    comparisons alike; torch's do not): [0, 1e-45] is then a tie, and 1e-45 > 0 is false.
    Found by the batch_split and threshold properties, and by a user's threshold of 0.3;
    declared, not hidden."""
    y = np.asarray(y_pred)
    y = y.astype(np.float64 if y.dtype == np.float64 else np.float32)
    return np.where(np.abs(y) < np.finfo(y.dtype).tiny, y.dtype.type(0), y) \
        if subnormals_as_zero else y


def has_subnormals(y_pred: np.ndarray) -> bool:
    """Whether any score is subnormal in the dtype it is compared in (see `flushed`)."""
    y = flushed(y_pred, subnormals_as_zero=False)
    return bool(np.any((y != 0) & (np.abs(y) < np.finfo(y.dtype).tiny)))


def number_text(value) -> str:
    """A convention's number as a person types it: 0, 1, nan, 1e-07."""
    return "nan" if math.isnan(value) else f"{value:g}"


def _flush_note(subnormals_as_zero: bool) -> str:
    return "; subnormal scores read as 0" if subnormals_as_zero else ""


@dataclass(frozen=True)
class Threshold:
    """Element-wise rule: positive where y_pred > value (or >= when inclusive)."""

    value: float = 0.5
    inclusive: bool = False
    subnormals_as_zero: bool = False

    def apply(self, y_pred: np.ndarray) -> np.ndarray:
        y = flushed(y_pred, self.subnormals_as_zero)
        value = y.dtype.type(self.value)  # the threshold in the dtype compared in
        return (y >= value) if self.inclusive else (y > value)

    def code(self) -> str:
        y = _FLUSHED_CODE if self.subnormals_as_zero else "y_pred"
        return f"({y} {self.symbol} {self.value})"

    @property
    def symbol(self) -> str:
        return ">=" if self.inclusive else ">"

    def describe(self) -> str:
        return f"y_pred {self.symbol} {self.value}{_flush_note(self.subnormals_as_zero)}"


@dataclass(frozen=True)
class Argmax:
    """Row-wise rule: the predicted class is a maximum of the row; `last` says which of
    tied maxima wins (numpy's argmax, and scikit-learn's users, take the first).

    subnormals_as_zero: see `flushed`; [0, 1e-45] is then a tie and class 0 wins.
    """

    subnormals_as_zero: bool = False
    last: bool = False

    def scores(self, y_pred: np.ndarray) -> np.ndarray:
        """The values the maximum is taken over."""
        return flushed(y_pred, self.subnormals_as_zero)

    def apply(self, y_pred: np.ndarray) -> np.ndarray:
        s = self.scores(y_pred)
        if self.last:
            return s.shape[1] - 1 - s[:, ::-1].argmax(axis=1)
        return s.argmax(axis=1)

    def code(self) -> str:
        y = _FLUSHED_CODE if self.subnormals_as_zero else "y_pred"
        if self.last:
            return f"({y}.shape[1] - 1 - {y}[:, ::-1].argmax(axis=1))"
        return f"{y}.argmax(axis=1)"

    def describe(self) -> str:
        ties = "last" if self.last else "first"
        return f"argmax, {ties} maximum wins ties{_flush_note(self.subnormals_as_zero)}"


@dataclass(frozen=True)
class AllMaxima:
    """Row-wise rule of Keras/tfa F1Score(threshold=None): every tied maximum is
    predicted, except values within `zero_guard` of 0."""

    zero_guard: float = 1e-9

    def apply(self, y_pred: np.ndarray) -> np.ndarray:
        y = np.asarray(y_pred, dtype=np.float64)
        return (y >= y.max(axis=1, keepdims=True)) & (np.abs(y) > self.zero_guard)

    def code(self) -> str:
        return (
            "((y_pred >= y_pred.max(axis=1, keepdims=True)) "
            f"& (abs(y_pred) > {self.zero_guard}))"
        )

    def describe(self) -> str:
        return f"every tied maximum is predicted (if |y| > {self.zero_guard:g})"


@dataclass(frozen=True)
class TopK:
    """torchmetrics' top_k (since 1.6.1, their #1653): a row's label is predicted where
    it is among the row's k highest scores, else the highest score's class. The choice
    needs the labels, so `Contract.prepare` makes it (one-hot scores of the chosen class)
    and this rule reads it back as an argmax. Which of tied scores torch.topk returns is
    unspecified: cases are drawn without ties in a row (`untied`)."""

    k: int = 1

    def choose(self, labels: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
        top = np.argsort(-np.asarray(y_pred, np.float64), axis=1, kind="stable")[:, : self.k]
        return np.where((top == labels[:, None]).any(axis=1), labels, top[:, 0])

    def choose_code(self, labels_code: str) -> str:
        return (f"top = np.argsort(-y_pred, axis=1, kind='stable')[:, :{self.k}]; labels = "
                f"{labels_code}; y_pred = np.eye(y_pred.shape[1])[np.where((top == labels[:, "
                "None]).any(axis=1), labels, top[:, 0])]  # top_k: the label where among "
                "the top k, else the top score")

    @staticmethod
    def untied(y_pred: np.ndarray) -> np.ndarray:
        """Scores in the same order with no ties in a row: (C - rank) / C."""
        y = np.asarray(y_pred)
        order = np.argsort(-y.astype(np.float64), axis=1, kind="stable")
        ranks = np.argsort(order, axis=1, kind="stable")
        return ((y.shape[1] - ranks) / y.shape[1]).astype(y.dtype)

    def apply(self, y_pred: np.ndarray) -> np.ndarray:
        return np.asarray(y_pred).argmax(axis=1)

    def code(self) -> str:
        return "y_pred.argmax(axis=1)"

    def describe(self) -> str:
        return f"the label where among the top {self.k} scores of its row, else the top one"


Rule = Threshold | Argmax | AllMaxima | TopK
ROW_RULES = (Argmax, AllMaxima, TopK)  # rules over a row of class scores
SINGLE_LABEL = (Argmax, TopK)  # rules that predict one class a row


SCORES = ("probabilities", "logits", "auto", "labels")
MACRO_CLASSES = ("all", "present", "labelled")
IGNORE_SCOPES = ("rows-and-class", "rows", "class")


@dataclass(frozen=True)
class Contract:
    """Conventions an implementation declares, from which the reference call is derived."""

    task: Task
    layout: str
    average: Average = "binary"
    beta: float = 1.0
    rule: Rule = field(default_factory=Threshold)
    zero_division: float = 0.0
    # "all": macro covers every class 0..C-1 (scikit-learn labels=range(C));
    # "present": classes with a true or a predicted sample (scikit-learn's default labels,
    # torchmetrics >= 1.0); "labelled": classes with a true sample.
    macro_classes: Literal["all", "present", "labelled"] = "all"
    sample_weight: bool = True
    # Additive guard in the denominators (Keras 2's K.epsilon()); 0 means exact division.
    epsilon: float = 0.0
    # What y_pred holds: probabilities; logits (a sigmoid is applied before a threshold);
    # "auto": a sigmoid applied to each batch with a value outside [0, 1] (torchmetrics);
    # "labels": the metric is fed hard predictions (the rule applied), as f1_score is.
    scores: str = "probabilities"
    # Rows whose label is this value are left out, and so is the class, if it is one
    # ("rows-and-class"), or only the rows ("rows": a prediction of that class on another
    # row still counts for it, in the average too: torchmetrics >= 1.0), or only the class
    # ("class": its rows stay, as false negatives and positives of the others:
    # torchmetrics < 0.10). Multilabel: each element whose label is this value is left out
    # (torchmetrics), the scope aside.
    ignore_index: int | None = None
    ignore_scope: Literal["rows-and-class", "rows", "class"] = "rows-and-class"
    # Fed batch by batch (False: called once on the whole data, so "auto" scores are
    # judged on all of it, as one batch).
    fed_in_batches: bool = True
    # Class counts the implementation is exercised with.
    classes: tuple[int, int] = (1, 1)
    empty_batches: bool = False
    # Dtypes y_pred is drawn in; the first is the common case.
    pred_dtypes: tuple[str, ...] = ("float32",)
    # The dtype the implementation computes its result in, which sets the tolerance.
    dtype: str = "float32"
    # A documented rounding of the result (mmeval: 4 decimals of a percent), added to the
    # derived tolerance: relative and absolute.
    rtol: float = 0.0
    atol: float = 0.0

    def __post_init__(self) -> None:
        if self.layout not in LAYOUTS:
            raise ValueError(f"unknown layout {self.layout!r}; expected one of {list(LAYOUTS)}")
        if (self.task == "binary") != (self.average == "binary"):
            raise ValueError("average='binary' goes with task='binary' and only with it")
        if self.average == "samples" and self.task != "multilabel":
            raise ValueError("average='samples' is for multilabel")
        if self.task not in self.input_layout.tasks:
            raise ValueError(f"layout {self.layout!r} does not fit task {self.task!r}")
        if not self.beta > 0:
            raise ValueError(f"beta must be > 0, got {self.beta}")
        if self.scores not in SCORES:
            raise ValueError(f"scores must be one of {SCORES}, got {self.scores!r}")
        if self.macro_classes not in MACRO_CLASSES:
            raise ValueError(f"macro_classes must be one of {MACRO_CLASSES}")
        if self.ignore_index is not None and self.input_layout.labels == "onehot":
            raise ValueError("ignore_index applies to class-index and 0/1 labels, not one-hot")
        if self.ignores_elements and self.ignore_index in (0, 1):
            raise ValueError("a multilabel ignore_index must not be a label value (0 or 1)")
        if self.ignore_scope not in IGNORE_SCOPES:
            raise ValueError(f"ignore_scope must be one of {IGNORE_SCOPES}")
        if self.ignore_scope == "class" and self.ignore_index is not None and not (
                self.task == "multiclass" and 0 <= self.ignore_index < self.classes[0]):
            raise ValueError("ignore_scope='class' leaves out a class: ignore_index must be "
                             "one of a multiclass task's classes")
        if isinstance(self.rule, TopK) and not (
                self.task == "multiclass" and self.classes[0] > self.rule.k
                and self.scores != "labels"):
            raise ValueError(f"top_k={self.rule.k} needs a multiclass task with more classes, "
                             "and scores")

    @property
    def input_layout(self) -> Layout:
        return LAYOUTS[self.layout]

    @property
    def class_range(self) -> tuple[int, int]:
        """The class counts cases are drawn with: a binary task over class indices is
        scored in two columns (a softmax)."""
        if self.task == "binary" and not self.input_layout.binary:
            return (2, 2)
        return self.classes

    @property
    def ignores_elements(self) -> bool:
        """ignore_index marks single elements of (N, C) 0/1 labels, not rows."""
        return (self.ignore_index is not None and self.input_layout.indicators
                and not self.input_layout.binary)

    @property
    def ignored_class(self) -> int | None:
        """The class left out of the average along with the ignored rows, if any."""
        if (self.ignore_index is None or self.ignore_scope == "rows"
                or self.task == "binary" or self.input_layout.indicators):
            return None
        return self.ignore_index

    def keeping_first_row(self, y_true: np.ndarray, num_classes: int) -> np.ndarray:
        """y_true with its first row relabelled where it holds the ignored index (which may
        also be a class drawn there): scikit-learn needs a row left."""
        y = np.array(y_true)
        if self.ignore_index is not None and len(y) and y.flat[0] == self.ignore_index:
            y.flat[0] = (self.ignore_index + 1) % max(num_classes, 2)
        return y

    def with_(self, **changes) -> Contract:
        return replace(self, **changes)

    def flushing(self, subnormals_as_zero: bool) -> Contract:
        """The contract as computed by kernels that do (or do not) flush subnormals; rules
        without scores to flush (every tied maximum, top k) are unchanged."""
        if not isinstance(self.rule, Threshold | Argmax):
            return self
        return self.with_(rule=replace(self.rule, subnormals_as_zero=subnormals_as_zero))

    def prepare(self, case: Case) -> tuple[Case, str]:
        """The case as scikit-learn is given it under these conventions (logits turned
        into probabilities, ignored rows removed, top k resolved against the labels), and
        the Python that does the same to the printed case's arrays ("" when nothing
        changes)."""
        code = []
        if self.scores in ("logits", "auto") and isinstance(self.rule, Threshold):
            sigmoid = lambda y: 1 / (1 + np.exp(-np.asarray(y, np.float64)))  # noqa: E731
            if self.scores == "logits":
                y_pred = sigmoid(case.y_pred)
                code.append("y_pred = 1 / (1 + np.exp(-y_pred.astype(np.float64)))")
            else:
                fed = [p for _, p, _ in case.batches()] if self.fed_in_batches else [case.y_pred]
                parts = [sigmoid(p) if np.any((p < 0) | (p > 1)) else np.asarray(p, np.float64)
                         for p in fed]
                y_pred = np.concatenate(parts) if parts else case.y_pred
                code.append("y_pred = np.concatenate([1 / (1 + np.exp(-p.astype(np.float64))) "
                            "if ((p < 0) | (p > 1)).any() else p for p in np.split(y_pred, "
                            "np.cumsum(batch_sizes)[:-1])])  # a sigmoid on batches of logits"
                            if self.fed_in_batches else
                            "y_pred = 1 / (1 + np.exp(-y_pred.astype(np.float64))) if ((y_pred "
                            "< 0) | (y_pred > 1)).any() else y_pred  # a sigmoid on logits")
            case = replace(case, y_pred=y_pred)
        if self.ignores_elements:
            # Neither true nor predicted: a true negative, which F-beta does not count.
            ignored = np.asarray(case.y_true) == self.ignore_index
            y_pred = np.asarray(case.y_pred)
            case = replace(case, y_true=np.where(ignored, 0, case.y_true),
                           y_pred=np.where(ignored, -1, y_pred).astype(y_pred.dtype))
            code.append(f"ignored = y_true == {self.ignore_index}; y_true = np.where(ignored, "
                        "0, y_true); y_pred = np.where(ignored, -1, y_pred).astype(y_pred."
                        "dtype)  # neither true nor predicted: not counted")
        elif self.ignore_index is not None and self.ignore_scope != "class":
            kept = np.asarray(case.y_true).reshape(case.n_samples) != self.ignore_index
            case = case.repeat_rows(kept.astype(int), keep_empty_batches=True)
            code.append(f"keep = y_true.ravel() != {self.ignore_index}; y_true, y_pred = "
                        "y_true[keep], y_pred[keep]; sample_weight = None if sample_weight is "
                        "None else sample_weight[keep]")
        if isinstance(self.rule, TopK):
            labels, labels_code = self.input_layout.class_indices(case.y_true)
            y_pred = np.asarray(case.y_pred)
            case = replace(case, y_pred=np.eye(y_pred.shape[1])[self.rule.choose(labels, y_pred)])
            code.append(self.rule.choose_code(labels_code))
        return case, "\n".join(code)

    def hard(self, y_pred: np.ndarray) -> np.ndarray:
        """The rule's 0/1 predictions in the layout of y_pred (one-hot rows for an argmax
        over one-hot layouts; class indices for sparse layouts)."""
        hard = self.rule.apply(y_pred)
        if isinstance(self.rule, SINGLE_LABEL):
            if self.input_layout.indices and self.task != "binary":
                return hard.astype(np.int64)
            return np.eye(np.shape(y_pred)[1], dtype=np.int64)[hard]
        return hard.astype(np.int64).reshape(np.shape(y_pred))

    def conventions(self) -> dict[str, str]:
        """The conventions as a person reads them in a report row."""
        zd = number_text(self.zero_division)
        return {
            "task": self.task,
            "layout": self.layout,
            "average": str(self.average),
            "beta": f"{self.beta:g}",
            "prediction rule": self.rule.describe(),
            "zero_division": zd,
            "macro classes": self.macro_classes if self.average == "macro" else "-",
            "sample_weight": "yes" if self.sample_weight else "no",
            "denominator epsilon": f"{self.epsilon:g}" if self.epsilon else "none",
            "scores": self.scores,
            "ignore_index": "-" if self.ignore_index is None else str(self.ignore_index)
            + {"rows": " (rows only)", "class": " (class only)"}.get(self.ignore_scope, ""),
        } | ({"declared tolerance": f"rtol {self.rtol:g}, atol {self.atol:g}"}
             if self.rtol or self.atol else {})


@dataclass(frozen=True)
class Conforms:
    """Expected to equal scikit-learn under its contract on every property that applies."""

    def __str__(self) -> str:
        return "conforms"


@dataclass(frozen=True)
class KnownBad:
    """Expected to fail `caught_by`; the suite must find a counterexample by search.

    `still_holds` names the checks it is nevertheless expected to pass (the Keras 2
    batch-wise function is right on one batch), so a known-bad entry still pins down
    what it gets right.
    """

    caught_by: str
    why: str
    still_holds: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"known-bad: {self.why}"


Expectation = Conforms | KnownBad
