"""numpy batches as the torch tensors torch-style metrics are fed."""

from __future__ import annotations

import numpy as np


def tensors(y_true, y_pred, weight=None):
    """(target, preds, weight) as torch tensors: labels in their own integer dtype (others
    as int64), scores in their own dtype (numpy has no bfloat16 torch understands:
    widened exactly, then narrowed)."""
    import torch

    dtype = str(np.asarray(y_pred).dtype)
    wide = np.asarray(y_pred, dtype=np.float64 if dtype == "float64" else np.float32)
    preds = torch.from_numpy(np.ascontiguousarray(wide))
    if dtype in ("bfloat16", "float16"):
        preds = preds.to(getattr(torch, dtype))
    labels = np.asarray(y_true)
    target = torch.from_numpy(np.ascontiguousarray(labels))
    if not np.issubdtype(labels.dtype, np.integer):
        target = target.long()  # integer labels keep their dtype (label_dtypes varies it)
    w = None if weight is None else torch.from_numpy(np.asarray(weight, np.float32))
    return target, preds, w


def from_torch_library(metric, *names: str) -> bool:
    """The metric's class comes from one of these top-level packages."""
    return any(k.__module__.split(".")[0] in names for k in type(metric).__mro__)
