"""What an implementation declares about itself.

Two correct F1 implementations can disagree on the same data because they follow
different conventions: whether y_pred == threshold counts as positive, which of two
tied maxima is "the" prediction, what 0/0 is, which classes a macro average covers.
The oracle does not pick a winner; it checks each implementation against scikit-learn
*under the conventions that implementation declares*, and it reports the conventions.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np

Task = Literal["binary", "multiclass", "multilabel"]
Average = Literal["binary", "micro", "macro", "weighted"] | None

# Input layouts: how y_true and y_pred are shaped when the implementation is called.
LAYOUTS = {
    "binary-column": "y_true (N, 1) in {0, 1}, y_pred (N, 1) probabilities",
    "binary-flat": "y_true (N,) in {0, 1}, y_pred (N,) probabilities",
    "onehot": "y_true (N, C) one-hot, y_pred (N, C) scores",
    "sparse-column": "y_true (N, 1) class indices, y_pred (N, C) scores",
    "sparse-flat": "y_true (N,) class indices, y_pred (N, C) scores",
    "multilabel": "y_true (N, C) in {0, 1}, y_pred (N, C) probabilities",
}


@dataclass(frozen=True)
class Threshold:
    """Element-wise rule: positive where y_pred > value (or >= when inclusive)."""

    value: float = 0.5
    inclusive: bool = False

    def apply(self, y_pred: np.ndarray) -> np.ndarray:
        y = np.asarray(y_pred, dtype=np.float64)
        return (y >= self.value) if self.inclusive else (y > self.value)

    def code(self) -> str:
        return f"(y_pred {self.symbol} {self.value})"

    @property
    def symbol(self) -> str:
        return ">=" if self.inclusive else ">"

    def describe(self) -> str:
        return f"y_pred {self.symbol} {self.value}"


_FLOAT32_TINY = float(np.finfo(np.float32).tiny)


@dataclass(frozen=True)
class ArgmaxFirst:
    """Row-wise rule: the predicted class is the first maximum (numpy's argmax).

    subnormals_as_zero: TensorFlow's CPU reductions (max, argmax) flush subnormal floats
    to zero, so [0, 1e-45] is a tie there and class 0 wins. Found by the batch_split
    property; declared rather than hidden.
    """

    subnormals_as_zero: bool = False

    def scores(self, y_pred: np.ndarray) -> np.ndarray:
        """The values the maximum is taken over."""
        y = np.asarray(y_pred, dtype=np.float64)
        return np.where(np.abs(y) < _FLOAT32_TINY, 0.0, y) if self.subnormals_as_zero else y

    def apply(self, y_pred: np.ndarray) -> np.ndarray:
        return self.scores(y_pred).argmax(axis=1)

    def code(self) -> str:
        if self.subnormals_as_zero:
            return "np.where(abs(y_pred) < np.finfo(np.float32).tiny, 0, y_pred).argmax(axis=1)"
        return "y_pred.argmax(axis=1)"

    def describe(self) -> str:
        flushed = "; subnormal scores read as 0" if self.subnormals_as_zero else ""
        return f"argmax, first maximum wins ties{flushed}"


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


Rule = Threshold | ArgmaxFirst | AllMaxima


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
    # "present": only classes with a true or a predicted sample (torchmetrics).
    macro_classes: Literal["all", "present"] = "all"
    sample_weight: bool = True
    # Additive guard in the denominators (Keras 2's K.epsilon()); 0 means exact division.
    epsilon: float = 0.0
    # Class counts the implementation is exercised with.
    classes: tuple[int, int] = (1, 1)
    empty_batches: bool = False
    # Dtypes y_pred is drawn in; the first is the common case.
    pred_dtypes: tuple[str, ...] = ("float32",)
    # The dtype the implementation computes its result in, which sets the tolerance.
    dtype: str = "float32"
    # The dtype y_true is handed over in (some implementations reject integer labels).
    label_dtype: str = "int64"

    def __post_init__(self) -> None:
        if self.layout not in LAYOUTS:
            raise ValueError(f"unknown layout {self.layout!r}; expected one of {list(LAYOUTS)}")
        if (self.task == "binary") != (self.average == "binary"):
            raise ValueError("average='binary' goes with task='binary' and only with it")
        if not self.beta > 0:
            raise ValueError(f"beta must be > 0, got {self.beta}")

    def with_(self, **changes) -> Contract:
        return replace(self, **changes)

    def conventions(self) -> dict[str, str]:
        """The conventions as a person reads them in a report row."""
        zd = "nan" if np.isnan(self.zero_division) else f"{self.zero_division:g}"
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
        }


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
