"""Weighted confusion counts and F-beta from counts, written without scikit-learn.

Two uses: an independent cross-check of the scikit-learn reference (a wrong reference
call must not hide a bug: torchmetrics shipped tests whose reference repeated the bug
under test, their issue #2828), and the arithmetic behind checks that reason about
counts (averaging consistency, the effect of a declared denominator epsilon).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from f1_oracle.case import Case
from f1_oracle.contract import SINGLE_LABEL, Argmax, Contract


@dataclass(frozen=True)
class Counts:
    """Per-class weighted counts; column k is class k (binary: one column, the positive)."""

    tp: np.ndarray
    predicted: np.ndarray  # tp + fp
    actual: np.ndarray  # tp + fn, the support
    present: np.ndarray  # class occurs in y_true or in the predictions (unweighted)
    labelled: np.ndarray  # class occurs in y_true (unweighted)


def indicators(contract: Contract, case: Case) -> tuple[np.ndarray, np.ndarray]:
    """(true, predicted) as 0/1 float matrices of shape (N, K), after the contract's
    input conventions (logits, ignored rows, top k)."""
    case, _ = contract.prepare(case)
    n = case.n_samples
    if contract.task == "binary":
        truth = np.asarray(case.y_true, dtype=np.float64).reshape(n, 1)
        if isinstance(contract.rule, Argmax):
            pred = contract.rule.apply(case.y_pred).reshape(n, 1)
        else:
            pred = contract.rule.apply(np.asarray(case.y_pred).reshape(n, -1))
        return truth, pred.astype(np.float64)
    k = case.num_classes
    if contract.input_layout.indices:
        truth = np.eye(k)[np.asarray(case.y_true).reshape(n).astype(int)]
    else:
        truth = np.asarray(case.y_true, dtype=np.float64).reshape(n, k)
    hard = contract.rule.apply(case.y_pred)
    pred = np.eye(k)[hard] if isinstance(contract.rule, SINGLE_LABEL) else hard
    return truth, np.asarray(pred, dtype=np.float64).reshape(n, k)


def confusion_counts(contract: Contract, case: Case) -> Counts:
    truth, pred = indicators(contract, case)
    case, _ = contract.prepare(case)
    w = np.ones(case.n_samples) if case.sample_weight is None else case.sample_weight
    w = np.asarray(w, dtype=np.float64)[:, None]
    return Counts(
        tp=(truth * pred * w).sum(axis=0),
        predicted=(pred * w).sum(axis=0),
        actual=(truth * w).sum(axis=0),
        present=(truth + pred).sum(axis=0) > 0,
        labelled=truth.sum(axis=0) > 0,
    )


def fbeta_from_counts(counts: Counts, contract: Contract, epsilon: float = 0.0):
    """F-beta under the contract's average and zero_division, from counts alone.

    With epsilon > 0 it follows Keras's formula instead (epsilon added to each denominator,
    the support-weighted average's included), which is how the effect of a declared
    epsilon is bounded.
    """
    if contract.average == "samples":
        raise ValueError("the samples average is per row, not a function of class counts")
    b2 = contract.beta**2
    if contract.ignored_class is not None and 0 <= contract.ignored_class < len(counts.tp):
        kept = np.arange(len(counts.tp)) != contract.ignored_class  # the class is left out
        counts = Counts(*(np.asarray(x)[kept] for x in (counts.tp, counts.predicted,
                                                         counts.actual, counts.present,
                                                         counts.labelled)))
    tp, predicted, actual = counts.tp, counts.predicted, counts.actual
    if contract.average == "micro":
        tp, predicted, actual = (x.sum(keepdims=True) for x in (tp, predicted, actual))
    if epsilon:
        precision = tp / (predicted + epsilon)
        recall = tp / (actual + epsilon)
        per_class = (1 + b2) * precision * recall / (b2 * precision + recall + epsilon)
    else:
        denom = b2 * actual + predicted
        with np.errstate(divide="ignore", invalid="ignore"):
            per_class = np.where(denom > 0, (1 + b2) * tp / denom, contract.zero_division)
    if contract.average is None:
        return per_class
    if epsilon and contract.average == "weighted":  # Keras 3 guards this division too
        return float(np.sum(per_class * actual) / (actual.sum() + epsilon))
    covered = np.ones(len(per_class), dtype=bool)
    if contract.average == "macro" and contract.macro_classes != "all":
        covered &= counts.present if contract.macro_classes == "present" else counts.labelled
    per_class, actual = per_class[covered], actual[covered]
    weights = actual if contract.average == "weighted" else None
    return nan_average(per_class, weights)


def nan_average(values: np.ndarray, weights: np.ndarray | None) -> float:
    """Average ignoring NaN; all-zero weights fall back to the plain mean (as scikit-learn)."""
    keep = ~np.isnan(values)
    if not keep.any():
        return float("nan")
    values = values[keep]
    if weights is not None and weights[keep].sum() > 0:
        return float(np.average(values, weights=weights[keep]))
    return float(values.mean())
