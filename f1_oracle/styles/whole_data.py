"""A whole-data function `f(y_true, y_pred[, sample_weight])` in the scikit-learn style:
called once on the concatenated arrays, so batch checks do not apply, while the one-batch,
invariance (weights, symmetry, permutation) and bad-input checks do. Weights go to
`sample_weight=`, or to `weight=` where the function names that instead (catboost's
`eval_metric`)."""

from __future__ import annotations

import inspect
import warnings

import numpy as np

from f1_oracle.readout import plain
from f1_oracle.styles.base import Capabilities, Script, Style

WEIGHT_KEYWORDS = ("sample_weight", "weight")


def weight_keyword(fn) -> str | None:
    """The keyword `fn` takes sample weights as: the first of WEIGHT_KEYWORDS it names,
    `sample_weight` where it takes any keyword, None where it takes none."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return None
    named = [k for k in WEIGHT_KEYWORDS if k in params]
    if named:
        return named[0]
    return "sample_weight" if any(p.kind is p.VAR_KEYWORD for p in params.values()) else None


class Collected:
    """The batches a whole-data function will be called on, concatenated when read."""

    def __init__(self, fn):
        self.fn, self.batches, self.weight_keyword = fn, [], weight_keyword(fn)


class WholeData(Style):
    name = "whole-data"
    flat_layouts = True
    doc = ("f(y_true, y_pred[, sample_weight]) on the whole arrays (scikit-learn style); "
           "f(preds, target) on tensors (torch's functional metrics)")

    def as_is(self, target) -> bool:
        return True

    def wrap(self, metric) -> Collected:
        return Collected(metric)

    def update(self, metric: Collected, batches) -> None:
        metric.batches += batches.items

    def read(self, metric: Collected):
        items = [b for b in metric.batches if len(b[0])] or metric.batches[:1]
        y_true = np.concatenate([t for t, _, _ in items])
        y_pred = np.concatenate([p for _, p, _ in items])
        weights = [w for _, _, w in items]
        kwargs = {}
        if not all(w is None for w in weights):
            kwargs[metric.weight_keyword] = np.concatenate([
                np.ones(len(t), np.float32) if w is None else w
                for (t, _, _), w in zip(items, weights, strict=True)])
        with warnings.catch_warnings():
            # scikit-learn's "F-score is ill-defined" on every 0/0: the zero_division
            # convention, which the check states; not news example after example.
            warnings.filterwarnings("ignore", message=".* is ill-defined and being set to")
            return plain(metric.fn(y_true, y_pred, **kwargs))

    def script(self, metric: Collected) -> Script:
        feed = ("y_true_all = np.concatenate([t for t, p, w in batches])",
                "y_pred_all = np.concatenate([p for t, p, w in batches])",
                "weighted = any(w is not None for t, p, w in batches)",
                f"kwargs = {{{metric.weight_keyword!r}: np.concatenate([np.ones(len(t), "
                "np.float32) if w is None else w for t, p, w in batches])} if weighted else {}")
        if isinstance(getattr(metric.fn, "__wrapped__", metric.fn), TorchOrdered):
            return Script(("import torch",), feed, "metric(torch.from_numpy(y_pred_all), "
                          "torch.from_numpy(y_true_all), **kwargs)")
        return Script((), feed, "metric(y_true_all, y_pred_all, **kwargs)")

    def capabilities(self, metric: Collected) -> Capabilities:
        return Capabilities(batches=False, weights=metric.weight_keyword is not None)


TORCH_ORDER = (("preds", "target"), ("input", "target"))  # torchmetrics', torcheval's


class TorchOrdered:
    """A functional metric in torch's order on tensors, `fn(preds, target, ...)` as
    torchmetrics' and torcheval's functional metrics are, seen as a whole-data function
    `f(y_true, y_pred, ...)` on numpy arrays: the same keywords, y_true and y_pred turned
    into tensors and swapped, the result read back as numpy."""

    def __init__(self, fn):
        self.fn = fn
        self.__name__ = getattr(fn, "__name__", repr(fn))
        self.__qualname__ = getattr(fn, "__qualname__", self.__name__)
        rest = list(inspect.signature(fn).parameters.values())[2:]
        kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
        self.__signature__ = inspect.Signature(
            [inspect.Parameter("y_true", kind), inspect.Parameter("y_pred", kind), *rest])

    @staticmethod
    def fits(fn) -> bool:
        try:
            names = tuple(inspect.signature(fn).parameters)[:2]
        except (TypeError, ValueError):
            return False
        return names in TORCH_ORDER

    def __call__(self, y_true, y_pred, **kwargs):
        from f1_oracle.styles._torch import tensors

        target, preds, _ = tensors(y_true, y_pred)
        return np.asarray(self.fn(preds, target, **kwargs).detach().cpu(), np.float64)
