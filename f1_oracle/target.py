"""An implementation we did not write, named on the command line, as a registry entry.

TARGET is `package.module:name` or `path/to/file.py:name`. What `name` is decides the
harness, so the value checked is the one its users read:
- a plain function f(y_true, y_pred): a Keras metric function, checked through Keras's
  own epoch loop (the identity-model harness);
- a class, or a callable returning a metric (given num_classes= when it accepts it):
  Keras-style (update_state / result / reset_state) is fed batches directly,
  torchmetrics-style (update / compute / reset) is fed torch tensors.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import sys
from dataclasses import dataclass
from pathlib import Path

from f1_oracle.contract import ArgmaxFirst, Contract, Threshold
from f1_oracle.implementation import Implementation
from metrics_impl._runtime import reductions_flush_subnormals


class TargetError(Exception):
    """The target cannot be loaded or used: a usage error, reported in one line."""


@dataclass(frozen=True)
class Conventions:
    task: str = "binary"
    average: str = "macro"
    classes: int = 3
    labels: str = "onehot"
    threshold: float = 0.5
    beta: float = 1.0
    epsilon: float = 0.0


def load(spec: str):
    module_name, sep, attr = spec.rpartition(":")
    if not sep or not module_name or not attr:
        raise TargetError(f"target {spec!r} must be package.module:name or path/to/file.py:name")
    try:
        if module_name.endswith(".py"):
            path = Path(module_name)
            if not path.is_file():
                raise TargetError(f"no such file: {path}")
            module_spec = importlib.util.spec_from_file_location(path.stem, path)
            module = importlib.util.module_from_spec(module_spec)
            sys.modules[path.stem] = module
            module_spec.loader.exec_module(module)
        else:
            module = importlib.import_module(module_name)
    except TargetError:
        raise
    except Exception as error:
        raise TargetError(f"cannot import {module_name}: {type(error).__name__}: {error}") from None
    if not hasattr(module, attr):
        raise TargetError(f"{module_name} has no attribute {attr!r}")
    return getattr(module, attr)


def _is_metric_function(obj) -> bool:
    if inspect.isclass(obj) or not callable(obj):
        return False
    try:
        params = inspect.signature(obj).parameters.values()
    except (TypeError, ValueError):
        return False
    required = [p for p in params if p.default is p.empty
                and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return len(required) >= 2


def _factory(obj):
    """make(contract, num_classes) for a class or a metric-returning callable."""
    try:
        takes_classes = "num_classes" in inspect.signature(obj).parameters
    except (TypeError, ValueError):
        takes_classes = False
    if takes_classes:
        return lambda contract, num_classes: obj(num_classes=num_classes)
    return lambda contract, num_classes: obj()


def _harness_of(metric) -> str:
    if hasattr(metric, "update_state") and hasattr(metric, "result"):
        return "stream"
    if hasattr(metric, "update") and hasattr(metric, "compute"):
        return "torch-stream"
    raise TargetError(
        f"{type(metric).__name__} has neither update_state/result (Keras) nor "
        "update/compute (torchmetrics)"
    )


def _takes_weights(metric, harness: str) -> bool:
    if harness != "stream":
        return False
    return "sample_weight" in inspect.signature(metric.update_state).parameters


def contract_for(conv: Conventions, harness: str, weights: bool) -> Contract:
    if conv.task == "binary":
        return Contract(task="binary", layout="binary-column", beta=conv.beta,
                        rule=Threshold(conv.threshold), sample_weight=weights,
                        epsilon=conv.epsilon)
    average = None if conv.average == "none" else conv.average
    classes = (conv.classes, conv.classes)
    if conv.task == "multilabel":
        return Contract(task="multilabel", layout="multilabel", average=average, beta=conv.beta,
                        rule=Threshold(conv.threshold), classes=classes, sample_weight=weights,
                        epsilon=conv.epsilon)
    flushes = harness != "torch-stream" and reductions_flush_subnormals()
    layout = "onehot" if conv.labels == "onehot" else "sparse-flat"
    return Contract(task="multiclass", layout=layout, average=average, beta=conv.beta,
                    rule=ArgmaxFirst(flushes), classes=classes, sample_weight=weights,
                    epsilon=conv.epsilon)


def implementation(spec: str, conv: Conventions) -> Implementation:
    obj = load(spec)
    if _is_metric_function(obj):
        return Implementation(spec, contract_for(conv, "epoch", False), lambda c, k: obj,
                              "epoch", source=spec)
    make = _factory(obj)
    try:
        sample = make(None, conv.classes)
    except Exception as error:
        raise TargetError(f"cannot build {spec}: {type(error).__name__}: {error}") from None
    harness = _harness_of(sample)
    contract = contract_for(conv, harness, _takes_weights(sample, harness))
    return Implementation(spec, contract, make, harness, source=spec)
