"""The conventions a user states about a metric, with one spelling everywhere.

Each field is a CLI flag (`--threshold-rule`), a pytest-plugin convention (the same flag
inside --f1-conventions) and a keyword of the Python API (`threshold_rule=`). The table
below is the one place that defines them; argparse and the API are built from it.
"""

from __future__ import annotations

import argparse
import math
from dataclasses import dataclass, field, fields, replace

from f1_oracle.contract import (
    IGNORE_SCOPES,
    SCORES,
    AllMaxima,
    Argmax,
    Contract,
    Threshold,
    TopK,
    number_text,
)
from f1_oracle.layouts import LAYOUTS


def _zero_division(text: str) -> float:
    if str(text).lower() == "nan":
        return math.nan
    value = float(text)
    if value not in (0.0, 1.0):
        raise argparse.ArgumentTypeError(f"zero_division must be 0, 1 or nan, not {text}")
    return value


def _average(text: str):
    return None if text in ("none", None) else text


def _opt(default, help: str, choices=None, type=None):
    return field(default=default, metadata={"help": help, "choices": choices, "type": type})


@dataclass(frozen=True)
class Conventions:
    style: str | None = _opt(None, "how the metric is called, overriding detection",
                             ("keras-metric", "keras-function", "torchmetrics", "ignite",
                              "jax-functional", "online", "cumulative", "add-compute",
                              "whole-data"))
    task: str = _opt("binary", "binary, multiclass (one class per row) or multilabel",
                     ("binary", "multiclass", "multilabel"))
    classes: int = _opt(3, "number of classes C (multiclass, multilabel)", type=int)
    layout: str | None = _opt(None, "shapes of y_true/y_pred: " + "; ".join(
        f"{k}: {v.description}" for k, v in LAYOUTS.items()) + ". Default: detected (tried in the "
        "style's usual order)", tuple(LAYOUTS))
    labels: str | None = _opt(None, "shorthand: 'sparse' = --layout sparse-flat, 'onehot' = "
                              "--layout onehot", ("onehot", "sparse"))
    average: str | None = _opt("macro", "multiclass/multilabel average; 'samples' is "
                               "multilabel's per-row average (ignite < 0.4.10 confused it)",
                               ("micro", "macro", "weighted", "none", "samples"))
    beta: float = _opt(1.0, "F-beta's beta (> 0)", type=float)
    threshold: float = _opt(0.5, "binary/multilabel threshold T", type=float)
    threshold_rule: str = _opt("gt", "gt: y_pred > T is positive (Keras, torchmetrics, "
                               "scikit-learn users); ge: y_pred >= T (torcheval)", ("gt", "ge"))
    ties: str = _opt("first", "multiclass argmax ties: first (numpy, torch), last, or all: "
                     "every tied maximum predicted, a zero score never (Keras/tfa "
                     "threshold=None)", ("first", "last", "all"))
    macro_classes: str = _opt("all", "classes a macro average covers: all C (Keras, "
                              "scikit-learn labels=range(C)), present in labels or "
                              "predictions (scikit-learn's default labels, torchmetrics >= "
                              "1.0), or labelled (present in labels)",
                              ("all", "present", "labelled"))
    zero_division: float = _opt(0.0, "value of a class with no true and no predicted "
                                "sample: 0, 1 or nan (left out of averages)",
                                type=_zero_division)
    epsilon: float = _opt(0.0, "additive guard in each denominator (Keras 2 backend "
                          "epsilon 1e-7); 0 for exact division", type=float)
    scores: str = _opt("probabilities", "y_pred holds probabilities, logits (a sigmoid "
                       "before the threshold), auto: a sigmoid on each batch with a value "
                       "outside [0, 1] (torchmetrics), or labels: the metric is fed hard "
                       "predictions (scikit-learn's f1_score)", SCORES)
    ignore_index: int | None = _opt(None, "rows whose label is K are left out, and class K "
                                    "if it is one; multilabel: each element whose label is "
                                    "K (torchmetrics ignore_index)", type=int)
    ignore_scope: str = _opt("rows-and-class", "with --ignore-index: leave out the rows and "
                             "the class; only the rows (a prediction of class K on another "
                             "row still counts for K, in the average too: torchmetrics >= "
                             "1.0); or only the class (its rows stay, as false positives and "
                             "negatives of the others: torchmetrics < 0.10)", IGNORE_SCOPES)
    top_k: int | None = _opt(None, "multiclass: a row's label is predicted where it is "
                             "among the row's K highest scores, else the highest "
                             "(torchmetrics >= 1.6.1 top_k)", type=int)
    read: str | None = _opt(None, "the dict entry or sequence index the metric's value is "
                            "in (--read macro_f1, --read 0); default: the value returned, "
                            "or the one number a dict or sequence holds")
    percent: bool = _opt(False, "the metric reports percent (0 to 100)", type=bool)
    rtol: float = _opt(0.0, "a documented rounding, relative: added to the derived tolerance",
                       type=float)
    atol: float = _opt(0.0, "a documented rounding, absolute (in the metric's own units "
                       "after --percent): added to the derived tolerance", type=float)
    # Keyword arguments for the metric's constructor besides those the conventions imply.
    init: tuple[tuple[str, object], ...] = ()
    # The fields the user gave (the rest are defaults): given values configure the metric.
    given: frozenset[str] = frozenset()

    @classmethod
    def of(cls, **kwargs) -> Conventions:
        """From API keywords; unknown names and bad values raise ValueError."""
        known = {f.name for f in fields(cls)} - {"given"}
        unknown = set(kwargs) - known
        if unknown:
            raise ValueError(f"unknown convention(s) {sorted(unknown)}; expected some of "
                             f"{sorted(known)}")
        for name, value in kwargs.items():
            meta = cls.__dataclass_fields__[name].metadata
            if meta.get("choices") and value is not None and str(value) not in meta["choices"]:
                raise ValueError(f"{name}={value!r}: expected one of {meta['choices']}")
        if "init" in kwargs and isinstance(kwargs["init"], dict):
            kwargs["init"] = tuple(kwargs["init"].items())
        if "zero_division" in kwargs:
            kwargs["zero_division"] = _zero_division(kwargs["zero_division"])
        return cls(**kwargs, given=frozenset(kwargs))

    @property
    def resolved_layout(self) -> str | None:
        if self.layout:
            return self.layout
        if self.labels:
            return "sparse-flat" if self.labels == "sparse" else "onehot"
        return None

    def check(self) -> None:
        """Combinations that cannot be meant: a clear error, not a silent default."""
        if self.classes < 2 and self.task != "binary":
            raise ValueError(f"--classes must be >= 2 for {self.task}, got {self.classes}")
        if self.top_k is not None and self.task != "multiclass":
            raise ValueError("--top-k is for multiclass")
        if self.task == "multilabel" and self.ignore_index in (0, 1):
            raise ValueError(f"--ignore-index {self.ignore_index} is a multilabel label "
                             "value; an ignored element is marked by another (-1, say)")
        if self.task == "multilabel" and "ignore_scope" in self.given:
            raise ValueError("--ignore-scope is for class labels; a multilabel "
                             "--ignore-index leaves out single elements")
        if self.ignore_scope == "class" and not (
                self.task == "multiclass" and self.ignore_index is not None
                and 0 <= self.ignore_index < self.classes):
            raise ValueError("--ignore-scope class leaves out a class: --ignore-index must "
                             f"be one of the {self.classes} classes of a multiclass task")
        if self.average == "samples" and self.task != "multilabel":
            raise ValueError("--average samples is for multilabel")
        if not (self.beta > 0 and math.isfinite(self.beta)):
            raise ValueError(f"--beta must be a finite number > 0, got {self.beta}")
        if not 0 <= self.threshold <= 1:  # compared with probabilities (logits: their sigmoid)
            raise ValueError(f"--threshold must lie in [0, 1], got {self.threshold}")
        if not (self.epsilon >= 0 and math.isfinite(self.epsilon)):
            raise ValueError(f"--epsilon must be a finite number >= 0, got {self.epsilon}")
        if not (self.rtol >= 0 and self.atol >= 0):
            raise ValueError(f"--rtol and --atol must be >= 0, got {self.rtol}, {self.atol}")
        if self.top_k is not None and not 1 <= self.top_k < self.classes:
            raise ValueError(f"--top-k must be at least 1 and below --classes "
                             f"({self.classes}), got {self.top_k}")

    def contract(self, layout: str, weights: bool, flushes_subnormals: bool) -> Contract:
        """The contract for one layout; `flushes_subnormals`: the metric's kernels read
        subnormal scores as 0 (its style says)."""
        threshold = Threshold(self.threshold, inclusive=self.threshold_rule == "ge")
        common = dict(beta=self.beta, zero_division=self.zero_division, epsilon=self.epsilon,
                      sample_weight=weights, scores=self.scores, rtol=self.rtol, atol=self.atol,
                      ignore_index=self.ignore_index, ignore_scope=self.ignore_scope)
        if self.task == "binary":
            scored = LAYOUTS[layout].binary  # else class indices against a softmax
            return Contract(task="binary", layout=layout,
                            rule=threshold if scored else self._row_rule(),
                            classes=(1, 1) if scored else (2, 2),
                            **common).flushing(flushes_subnormals)
        classes = (self.classes, self.classes)
        rule = threshold if self.task == "multilabel" else self._row_rule()
        return Contract(task=self.task, layout=layout, average=_average(self.average),
                        rule=rule, classes=classes, macro_classes=self.macro_classes,
                        **common).flushing(flushes_subnormals)

    def _row_rule(self):
        if self.top_k is not None and self.top_k > 1:
            return TopK(self.top_k)
        if self.ties == "all":
            return AllMaxima()
        return Argmax(last=self.ties == "last")

    def readout(self):
        """How the metric's result is read (--read, --percent)."""
        from f1_oracle.readout import Readout

        return Readout(self.read, self.percent)

    def with_(self, **changes) -> Conventions:
        return replace(self, **changes)

    def flags(self) -> str:
        """The given conventions as the flags `check` takes."""
        out = []
        for f in fields(self):
            if f.name in ("init", "given") or f.name not in self.given:
                continue
            out.append(flag(f.name, getattr(self, f.name)))
        out += [f"--init {k}={v!r}" for k, v in self.init]
        return " ".join(filter(None, out))


def rerun(target: str, flags: str) -> str:
    """The CLI command that checks `target` again under the same conventions."""
    import shlex

    return f"f1-oracle check {shlex.quote(target)} {flags}".strip()


def flag(name: str, value) -> str:
    """One convention as the flag `check` takes, e.g. `--zero-division nan`."""
    if isinstance(value, bool):
        return f"--{name.replace('_', '-')}" if value else ""
    shown = number_text(value) if isinstance(value, float) else value
    return f"--{name.replace('_', '-')} {shown}"


def add_options(parser: argparse.ArgumentParser) -> None:
    """One flag per convention, from the table above (the CLI and the pytest plugin)."""
    group = parser.add_argument_group("conventions (what the metric is checked against)")
    for f in fields(Conventions):
        if f.name == "given":
            continue
        if f.name == "init":
            group.add_argument("--init", action="append", default=[], metavar="KEY=VALUE",
                               help="a keyword argument for the metric's constructor (a "
                               "Python literal), repeatable")
            continue
        meta = f.metadata
        if meta.get("type") is bool:
            group.add_argument(f"--{f.name.replace('_', '-')}", dest=f.name, default=None,
                               action="store_const", const=True, help=meta["help"])
            continue
        group.add_argument(f"--{f.name.replace('_', '-')}", dest=f.name, default=None,
                           choices=meta.get("choices"), type=meta.get("type"),
                           help=f"{meta['help']} (default: {f.default})")


def from_args(args: argparse.Namespace) -> Conventions:
    """The conventions given on a command line (only those given count as given)."""
    import ast

    given = {f.name: getattr(args, f.name) for f in fields(Conventions)
             if f.name not in ("init", "given") and getattr(args, f.name, None) is not None}
    init = []
    for item in getattr(args, "init", []) or []:
        key, sep, text = item.partition("=")
        if not sep or not key.isidentifier():
            raise ValueError(f"--init {item!r}: expected KEY=VALUE")
        try:
            init.append((key, ast.literal_eval(text)))
        except (ValueError, SyntaxError):
            init.append((key, text))  # a bare word is a string
    if init:
        given["init"] = tuple(init)
    return Conventions.of(**given)
