"""The expected value: scikit-learn's fbeta_score on the whole data, under a contract.

The call is built once as (expressions, keyword arguments) and both evaluated and
rendered from that, so the line printed in a failure is the call that produced the
expected value, not a paraphrase of it.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace

import numpy as np

from f1_oracle.case import Case
from f1_oracle.contract import SINGLE_LABEL, Contract, has_subnormals


@dataclass(frozen=True)
class Expected:
    value: float | np.ndarray
    call: str  # the scikit-learn call over the names in Case.as_code()
    setup: str = ""  # Python run before it (logits to probabilities, ignored rows out)
    labels: list[int] | None = None  # the classes the average covers (None: every one)

    def assigning(self, name: str) -> str:
        """Python over the names in Case.as_code() that sets `name` to `value`."""
        return "\n".join(filter(None, [self.setup, f"{name} = {self.call}"]))

    @property
    def code(self) -> str:
        return self.assigning("expected")


def expected(contract: Contract, case: Case) -> Expected:
    # scikit-learn at first use: --help and the checks' table need none of it (0.7 s).
    from sklearn.exceptions import UndefinedMetricWarning
    from sklearn.metrics import fbeta_score

    case, setup = contract.prepare(case)
    y_true, y_true_code = _true_labels(contract, case)
    y_hard, y_hard_code = _hard_predictions(contract, case)
    kwargs: dict[str, object] = {"beta": float(contract.beta), "average": contract.average}
    labels = _labels(contract, case, y_true, y_hard)
    if labels is not None:
        kwargs["labels"] = labels
    kwargs["zero_division"] = contract.zero_division
    kwargs["sample_weight"] = case.sample_weight
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        value = fbeta_score(y_true, y_hard, **kwargs)
    args = ", ".join(f"{k}={_kwarg_code(k, v)}" for k, v in kwargs.items())
    return Expected(value=value if contract.average is None else float(value),
                    call=f"sklearn.metrics.fbeta_score({y_true_code}, {y_hard_code}, {args})",
                    setup=setup, labels=labels)


def _true_labels(contract: Contract, case: Case) -> tuple[np.ndarray, str]:
    y = np.asarray(case.y_true)
    if indicator_format(contract):
        # Indicator format: the rule may mark several classes per row.
        if case.num_classes < 2:
            raise ValueError("scikit-learn reads a 1-column indicator as binary labels; "
                             "use task='binary' for one class")
        return contract.input_layout.indicator_rows(y, case.num_classes)
    return contract.input_layout.class_indices(y)


def _hard_predictions(contract: Contract, case: Case) -> tuple[np.ndarray, str]:
    rule = contract.rule
    hard = rule.apply(case.y_pred)
    if getattr(rule, "subnormals_as_zero", False) and not has_subnormals(case.y_pred):
        rule = replace(rule, subnormals_as_zero=False)  # the same values, shorter code
    if isinstance(rule, SINGLE_LABEL):
        return hard, rule.code()
    if contract.task == "binary":
        return hard.reshape(-1).astype(int), f"{rule.code()}.ravel().astype(int)"
    return hard.astype(int), f"{rule.code()}.astype(int)"


def indicator_format(contract: Contract) -> bool:
    """Labels and predictions go to scikit-learn as (N, C) 0/1 indicators: multilabel, and
    multiclass rules that may mark several classes in a row (every tied maximum)."""
    return contract.task == "multilabel" or (
        contract.task == "multiclass" and not isinstance(contract.rule, SINGLE_LABEL))


def _labels(contract: Contract, case: Case, y_true, y_hard) -> list[int] | None:
    """The `labels` argument: which classes the average covers."""
    if contract.task == "binary":
        return None
    classes = np.arange(case.num_classes)
    if contract.average == "macro" and contract.macro_classes != "all":
        if y_true.ndim == 2:
            seen = y_true.sum(axis=0) > 0
            if contract.macro_classes == "present":
                seen |= y_hard.sum(axis=0) > 0
        else:
            seen = np.isin(classes, y_true)
            if contract.macro_classes == "present":
                seen |= np.isin(classes, y_hard)
        classes = classes[seen]
    if contract.ignored_class is not None:
        classes = classes[classes != contract.ignored_class]
    if y_true.ndim == 2 and len(classes) == case.num_classes:
        return None  # indicator format already covers every column
    return [int(k) for k in classes]


def _kwarg_code(name: str, value: object) -> str:
    if name == "sample_weight":
        return "None" if value is None else "sample_weight"
    if isinstance(value, float) and np.isnan(value):
        return "np.nan"
    return repr(value)

