"""Famous counterexamples, pinned with @example in addition to the search.

- seed 003: three batches of 100 with TN/FN/FP/TP = 50/10/10/30, 90/9/0/1, 70/0/0/30.
  The mean of the batch F1s is 0.6439; the F1 of the data is 0.8079.
- exact threshold: y_pred == 0.5, where `>` and `>=` disagree.
- a tie under argmax: [0.4, 0.4, 0.2], where "first maximum" and "every maximum" disagree.
"""

from __future__ import annotations

import numpy as np

from f1_oracle.case import Case
from f1_oracle.contract import Contract

SEED003_BATCHES = ((50, 10, 10, 30), (90, 9, 0, 1), (70, 0, 0, 30))  # TN, FN, FP, TP


def seed003_binary() -> tuple[np.ndarray, np.ndarray, tuple[int, ...]]:
    """(y_true, P(positive), batch sizes) of seed 003's worked example."""
    y_true, score = [], []
    for tn, fn, fp, tp in SEED003_BATCHES:
        y_true += [0] * tn + [1] * fn + [0] * fp + [1] * tp
        score += [0.1] * tn + [0.1] * fn + [0.9] * fp + [0.9] * tp
    sizes = tuple(sum(batch) for batch in SEED003_BATCHES)
    return np.array(y_true), np.array(score, dtype=np.float32), sizes


def _binary_case(contract: Contract, y_true, score, sizes) -> Case:
    layout = contract.input_layout
    if layout.binary:
        shape = layout.score_shape(len(y_true), 1)
        return Case(y_true.reshape(shape), score.reshape(shape), None, sizes, 1)
    softmax = np.stack([1 - score, score], axis=1).astype(np.float32)  # class indices
    return Case(layout.y_true(y_true, 2), softmax, None, sizes, 2)


def pinned_cases(contract: Contract) -> list[Case]:
    """The pinned cases that fit a contract's layout."""
    found = []
    if contract.task == "binary":
        found.append(_binary_case(contract, *seed003_binary()))
        at_threshold = np.array([0.5, 0.5, 0.9], dtype=np.float32)
        found.append(_binary_case(contract, np.array([1, 0, 1]), at_threshold, (2, 1)))
    elif contract.task == "multiclass" and contract.classes[0] <= 3 <= contract.classes[1]:
        tie = np.array([[0.4, 0.4, 0.2], [0.1, 0.2, 0.7]], dtype=np.float32)
        y_true = contract.input_layout.y_true(np.array([0, 2]), 3)
        found.append(Case(y_true, tie, None, (1, 1), 3))
    return found
