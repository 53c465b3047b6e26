"""Binary F1 on whole arrays of probabilities, in numpy: the scikit-learn calling style."""

from __future__ import annotations

import numpy as np


def f1(y_true, y_pred, sample_weight=None):
    y_true = np.asarray(y_true).ravel()
    hard = np.asarray(y_pred, dtype=np.float64).ravel() > 0.5
    w = np.ones(len(y_true)) if sample_weight is None else np.asarray(sample_weight)
    tp = np.sum(w * (hard & (y_true == 1)))
    denom = np.sum(w * hard) + np.sum(w * (y_true == 1))
    return 2 * tp / denom if denom > 0 else 0.0
