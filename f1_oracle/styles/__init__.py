"""Calling styles: one module each, re-exported here.

Adding a style is one module with a `Style` subclass, and one line in `STYLES` (README,
"Extending"). Detection tries the styles in this order on the built metric; `--style`
overrides it.
"""

from __future__ import annotations

from f1_oracle.styles.add_compute import AddCompute
from f1_oracle.styles.base import CAPABILITIES, Capabilities, Style
from f1_oracle.styles.cumulative import Cumulative
from f1_oracle.styles.ignite import Ignite
from f1_oracle.styles.jax_functional import JaxFunctional
from f1_oracle.styles.keras_evaluate import KerasEvaluate
from f1_oracle.styles.keras_metric import KerasMetric
from f1_oracle.styles.online import Online
from f1_oracle.styles.torchmetrics import TorchMetrics
from f1_oracle.styles.whole_data import WholeData

# Objects, in detection order: ignite before torchmetrics (both have update/compute;
# ignite's update takes one tuple), the functional form (init or empty, no reset) before
# torchmetrics (whose update(state, y_true, y_pred) it would otherwise be taken for).
# online (update/get), cumulative (callable, aggregate/reset) and add-compute (add/compute)
# share no method pair with the others.
OBJECT_STYLES: list[Style] = [KerasMetric(), Ignite(), JaxFunctional(), TorchMetrics(),
                              Online(), Cumulative(), AddCompute()]
NAMES = ("keras-metric", "keras-function", "torchmetrics", "ignite", "jax-functional",
         "online", "cumulative", "add-compute", "whole-data")


def by_name(name: str) -> Style:
    if name == "keras-function":
        return KerasEvaluate()
    if name == "whole-data":
        return WholeData()
    for style in OBJECT_STYLES:
        if style.name == name:
            return style
    raise ValueError(f"unknown style {name!r}; expected one of {', '.join(NAMES)}")


def detect(metric) -> Style | None:
    """The style of a built metric object, or None."""
    return next((s for s in OBJECT_STYLES if s.recognises(metric)), None)


def taken_as_is(target) -> Style | None:
    """The style of a target that is itself the metric (functional metric code), or None
    (a function's style is found by calling it: see f1_oracle.target)."""
    return next((s for s in OBJECT_STYLES if s.as_is(target)), None)


def docs() -> dict[str, str]:
    """Each public style's one-line description, for --help and the README."""
    return {name: by_name(name).doc for name in NAMES}


__all__ = ["CAPABILITIES", "NAMES", "Capabilities", "KerasEvaluate", "Style", "by_name",
           "detect", "docs", "taken_as_is"]
