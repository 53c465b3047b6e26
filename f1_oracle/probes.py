"""Bad input, probed: what each implementation does with input it cannot score.

Each probe spoils one thing in a small valid case (in the implementation's layout) and
feeds it through the implementation's own harness. The outcome is recorded as a person
would judge it: a raised error (with its message), NaN, or a number. A number is
"silent" where no right answer exists (NaN in y_pred, a label out of range), and is
compared with scikit-learn where one does (an empty batch, integer predictions).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from f1_oracle.case import Case
from f1_oracle.checks import tolerance_for
from f1_oracle.compare import close
from f1_oracle.contract import Argmax, Contract
from f1_oracle.harness import Batches, observe_batches
from f1_oracle.implementation import Implementation
from f1_oracle.layouts import Layout
from f1_oracle.reference import expected
from f1_oracle.strategies.cases import long_stream_case


@dataclass(frozen=True)
class Probe:
    name: str
    # (valid case, the contract's layout) -> the batches to feed
    spoil: Callable[[Case, Layout], Batches]
    # (valid case, contract) -> the case whose scikit-learn value is right, or None where
    # no value is right.
    right_answer: Callable[[Case, Contract], Case | None] = lambda case, contract: None
    # Only for implementations that take sample weights.
    needs_weights: bool = False


def _with(case: Case, y_true=None, y_pred=None, weights=None, extra_batch=None) -> Batches:
    y_true = case.y_true if y_true is None else y_true
    y_pred = case.y_pred if y_pred is None else y_pred
    items = [(y_true, y_pred, weights)]
    if extra_batch is not None:
        items.append(extra_batch)
    return Batches(items, case.num_classes)


def _first(array: np.ndarray, value) -> np.ndarray:
    spoiled = np.array(array, dtype=np.result_type(array.dtype, np.asarray(value).dtype))
    spoiled.reshape(len(spoiled), -1)[0, 0] = value
    return spoiled


def _label_out_of_range(case: Case, layout: Layout) -> Batches:
    y = np.array(case.y_true)
    if layout.indices:
        return _with(case, y_true=_first(y, case.num_classes))
    return _with(case, y_true=_first(y, 2))


PROBES = [
    Probe("NaN in y_pred", lambda c, _: _with(c, y_pred=_first(c.y_pred, math.nan))),
    Probe("inf in y_pred", lambda c, _: _with(c, y_pred=_first(c.y_pred, math.inf))),
    Probe("label out of range", _label_out_of_range),
    # Scores above 1 are no probabilities, but argmax of logits is still well defined.
    Probe("y_pred outside [0, 1]", lambda c, _: _with(c, y_pred=_first(c.y_pred, 1.5)),
          right_answer=lambda c, contract: replace(c, y_pred=_first(c.y_pred, 1.5))
          if isinstance(contract.rule, Argmax) else None),
    Probe("mismatched rows", lambda c, _: _with(c, y_pred=c.y_pred[:-1])),
    Probe("wrong rank",
          lambda c, _: _with(c, y_pred=np.asarray(c.y_pred).reshape(c.n_samples, -1, 1))),
    Probe("integer y_pred", lambda c, _: _with(c, y_pred=np.round(c.y_pred).astype(np.int32)),
          right_answer=lambda c, contract: replace(c, y_pred=np.round(c.y_pred))),
    Probe("empty batch", lambda c, _: _with(c, extra_batch=(c.y_true[:0], c.y_pred[:0], None)),
          right_answer=lambda c, contract: c),
    Probe("all-zero sample_weight",
          lambda c, _: _with(c, weights=np.zeros(c.n_samples, dtype=np.float32)),
          needs_weights=True),
]


def base_case(contract: Contract) -> Case:
    """A small valid case in the contract's layout, the same on every run (3 classes
    where the contract allows as many)."""
    if contract.task == "binary":
        classes = contract.class_range[0]
    else:
        classes = max(contract.classes[0], min(3, contract.classes[1]))
    case = long_stream_case(contract, seed=7, num_classes=classes, n=8, n_batches=1,
                            discrete=False, weighted=False)
    return Case(case.y_true, case.y_pred, None, (case.n_samples,), case.num_classes)


def outcome(impl: Implementation, probe: Probe) -> str:
    case = base_case(impl.contract)
    if probe.needs_weights and not impl.contract.sample_weight:
        return "n/a"
    batches = probe.spoil(case, impl.contract.input_layout)
    try:
        value = np.asarray(observe_batches(impl, batches), dtype=np.float64)
    except Exception as error:  # the error is the outcome being recorded
        message = str(error).strip().splitlines()[0][:160] if str(error).strip() else ""
        return f"raises {type(error).__name__}: {message}"
    if np.all(np.isnan(value)):
        return "NaN"
    shown = np.array2string(value, precision=4) if value.ndim else f"{float(value):.4g}"
    right_case = probe.right_answer(case, impl.contract)
    if right_case is None:
        return f"silent value {shown}"
    right = expected(impl.contract, right_case).value
    ok = close(right, value, tolerance_for(impl, right_case))
    return f"correct ({shown})" if ok else f"WRONG value {shown}"


def probe_all(impl: Implementation) -> dict[str, str]:
    return {probe.name: outcome(impl, probe) for probe in PROBES}
