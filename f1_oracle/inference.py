"""Which conventions a metric follows, found by feeding it probe cases.

A convention is a choice two correct metrics may make differently (`>=` at the threshold,
which tied maximum wins, what 0/0 is, which classes a macro average covers, an additive
epsilon, logits or probabilities). For each convention the user did not state, every
value is a candidate; a combination survives while scikit-learn, given the same
conventions, agrees with the metric on every probe case. The probes are small cases made
to separate the candidates: discrete scores (so values sit on the threshold and rows tie),
absent classes (0/0 classes, macro coverage), weights down to 1e-6 (where a 1e-7
denominator guard shows), logits, ragged batches. Among the survivors, the one closest to
scikit-learn's defaults is reported; conventions the probes could not tell apart are
listed as such.

What is not a convention is not absorbed: a metric that ignores the sample weights it
takes, or whose value depends on the batching, fits no combination, and the result is a
failure with the case that shows it.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field, replace

import numpy as np

from f1_oracle.case import Case
from f1_oracle.checks import against_reference, rounding
from f1_oracle.compare import Verdict, close
from f1_oracle.contract import Threshold, TopK, number_text
from f1_oracle.conventions import Conventions, flag
from f1_oracle.counts import confusion_counts, fbeta_from_counts
from f1_oracle.harness import observe
from f1_oracle.implementation import Implementation
from f1_oracle.strategies.arrays import DISCRETE_SCORES

KERAS_EPSILON = 1e-7
PROBES = 40  # probe cases; the separating ones come first


@dataclass(frozen=True)
class Dimension:
    """One convention: its candidate values (the default first), when it can be told
    apart, and how each value reads."""

    name: str
    values: tuple
    applies: object  # (Conventions, Implementation) -> bool
    sentence: object  # (value, Conventions) -> str


def _thresholded(conv: Conventions, impl: Implementation) -> bool:
    return isinstance(impl.contract.rule, Threshold) and impl.contract.scores != "labels"


DIMENSIONS = (
    Dimension("threshold_rule", ("gt", "ge"), _thresholded,
              lambda v, c: f"y_pred {'>' if v == 'gt' else '>='} {c.threshold:g} is positive"),
    Dimension("scores", ("probabilities", "logits", "auto"), _thresholded,
              lambda v, c: {"probabilities": "y_pred is taken as probabilities",
                            "logits": "y_pred is taken as logits (a sigmoid is applied)",
                            "auto": "a sigmoid is applied to batches with a value outside "
                                    "[0, 1]"}[v]),
    Dimension("ties", ("first", "last", "all"),
              lambda c, i: c.task == "multiclass" and c.top_k is None
              and i.contract.scores != "labels",
              lambda v, c: {"first": "the first of tied maxima is predicted",
                            "last": "the last of tied maxima is predicted",
                            "all": "every tied maximum is predicted (a zero score never)"}[v]),
    Dimension("zero_division", (0.0, 1.0, math.nan), lambda c, i: True,
              lambda v, c: f"a class with no true and no predicted sample scores "
              f"{number_text(v)}" + (" (left out of averages)" if math.isnan(v) else "")),
    Dimension("macro_classes", ("all", "present", "labelled"),
              lambda c, i: c.task != "binary" and c.average == "macro",
              lambda v, c: {"all": f"the macro average covers all {c.classes} classes",
                            "present": "the macro average covers the classes present in "
                                       "labels or predictions",
                            "labelled": "the macro average covers the classes present in "
                                        "labels"}[v]),
    Dimension("ignore_scope", ("rows-and-class", "rows", "class"),
              lambda c, i: c.task == "multiclass" and c.ignore_index is not None
              and 0 <= c.ignore_index < c.classes,
              lambda v, c: {
                  "rows-and-class": f"rows labelled {c.ignore_index} are left out, and so is "
                                    f"class {c.ignore_index}",
                  "rows": f"rows labelled {c.ignore_index} are left out, but a prediction "
                          f"of class {c.ignore_index} on another row still counts",
                  "class": f"class {c.ignore_index} is left out of the average; its rows "
                           "count for the other classes"}[v]),
    Dimension("epsilon", (0.0, KERAS_EPSILON),
              lambda c, i: i.contract.sample_weight and c.average != "samples",
              lambda v, c: "exact division" if not v
              else f"an additive {v:g} in each denominator"),
)


_DIM = {d.name: d for d in DIMENSIONS}
NAMES = tuple(_DIM)


@dataclass
class Inferred:
    """What `infer` found: the conventions (stated and inferred), one sentence each, how
    they differ from scikit-learn's defaults, and the cases that decided."""

    target: str
    call: str
    style: str
    conventions: Conventions | None  # None when no combination fits
    sentences: dict[str, str] = field(default_factory=dict)
    divergences: list[str] = field(default_factory=list)  # flags, e.g. "--ties all"
    chosen: dict = field(default_factory=dict)  # the inferred values of what was open
    consistent: list[dict] = field(default_factory=list)  # every combination that fits
    # Other combinations as close to the defaults that fit every probe.
    alternatives: list[dict] = field(default_factory=list)
    probes: int = 0
    failure: Verdict | None = None
    explanation: str = ""

    @property
    def ok(self) -> bool:
        return self.conventions is not None

    @property
    def flags(self) -> str:
        return self.conventions.flags() if self.conventions else ""

    def __str__(self) -> str:
        lines = [f"inferring the conventions of {self.call} as {self.style} "
                 f"({self.probes} probe cases)"]
        if not self.ok:
            lines += ["", f"no convention f1-oracle can express fits: {self.explanation}", "",
                      self.failure.message()]
            return "\n".join(lines)
        for name, sentence in self.sentences.items():
            lines.append(f"  {flag(name, getattr(self.conventions, name)):28} {sentence}")
        lines.append("")
        if self.alternatives:
            lines.append("as consistent with every probe: " + "; ".join(
                " ".join(flag(n, v) for n, v in alt.items()) for alt in self.alternatives))
        if self.divergences:
            lines.append("differs from scikit-learn's defaults: " + ", ".join(self.divergences))
        else:
            lines.append("follows scikit-learn's defaults")
        from f1_oracle.conventions import rerun

        lines.append(f"check it under these conventions: {rerun(self.target, self.flags)}")
        return "\n".join(lines)

    def json(self) -> dict:
        return {"target": self.target, "style": self.style, "built_as": self.call,
                "verdict": "inferred" if self.ok else "fits no convention",
                "flags": self.flags, "conventions": self.sentences,
                "differs_from_scikit_learn": self.divergences,
                "alternatives": [" ".join(flag(n, v) for n, v in alt.items())
                                 for alt in self.alternatives], "probe_cases": self.probes,
                "counterexample": self.failure.message() if self.failure else None}


def probe_cases(impl: Implementation, count: int = PROBES) -> list[Case]:
    """Small cases in the metric's layout that separate the candidate conventions; the
    same on every run."""
    contract = impl.contract
    layout = contract.input_layout
    k = contract.class_range[0]
    width = 1 if layout.binary else k
    out = []
    for seed in range(count):
        rng = np.random.default_rng(seed)
        n = int(rng.integers(1, 13))
        y_pred = rng.choice(DISCRETE_SCORES, size=(n, width))
        absent = int(rng.integers(k)) if width > 1 and seed % 3 == 1 else None
        if absent is not None:  # a class never scored and never labelled: 0/0
            y_pred[:, absent] = 0.0
        if layout.indicators:
            y_true = rng.integers(0, 2, size=(n, width))
            if absent is not None:
                y_true[:, absent] = 0
            if seed % 4 == 2:  # no positive label in some column: 0/0 there
                y_true[:, rng.integers(width)] = 0
                y_pred = np.minimum(y_pred, 0.5)
            y_true = layout.y_true(y_true, k)
            y_pred = y_pred.reshape(layout.score_shape(n, k))
        else:
            classes = [c for c in range(k) if c != absent]
            present = rng.choice(classes, size=int(rng.integers(1, len(classes) + 1)),
                                 replace=False)
            labels = rng.choice(present, size=n)
            y_true = layout.y_true(labels, k)
        if contract.ignore_index is not None:
            y_true = _with_ignored(contract, y_true, rng, share=0.3 if seed % 3 else 0.0)
        if seed % 5 == 3 and _thresholded(None, impl):  # logits: values outside [0, 1],
            y_pred = y_pred * 6 - 2.5  # one of them (0.5) on the threshold, its sigmoid not
        y_pred = y_pred.astype(np.float32)
        if isinstance(contract.rule, TopK):
            y_pred = TopK.untied(y_pred)
        weights = None
        if contract.sample_weight and seed % 2:
            weights = rng.choice([0.0, 1.0, 2.0, 3.0], size=n)
            weights[0] = max(weights[0], 1.0)  # scikit-learn refuses all-zero weights
            if seed % 4 == 3:  # tiny weights: a 1e-7 denominator guard shows
                weights = weights * 1e-6 + 1e-6
            weights = weights.astype(np.float32)
        cuts = np.sort(rng.choice(np.arange(1, n), size=min(n - 1, int(rng.integers(0, 3))),
                                  replace=False)) if n > 1 else np.array([], int)
        sizes = tuple(int(s) for s in np.diff(np.concatenate([[0], cuts, [n]])))
        out.append(Case(y_true, y_pred, weights, sizes, k))
    return out + _extremes(impl)


def _extremes(impl: Implementation) -> list[Case]:
    """Data with no positive label at all and with no negative one (binary, multilabel),
    or with one class only (multiclass), each predicted right: every other count is 0/0,
    where zero_division shows and the random probes above rarely reach (MONAI's
    multilabel micro F1 is NaN with no positive at all)."""
    contract = impl.contract
    layout, k, n = contract.input_layout, contract.class_range[0], 4
    if layout.indicators:
        width = 1 if layout.binary else k
        fills = [(np.zeros((n, width), int), 0.1), (np.ones((n, width), int), 0.9)]
        made = [(layout.y_true(t, k), np.full(layout.score_shape(n, k), s)) for t, s in fills]
    else:
        only = 1 if contract.ignore_index == 0 else 0  # a class whose rows are kept
        y_pred = np.full((n, k), 0.05)
        y_pred[:, only] = 0.9
        made = [(layout.y_true(np.full(n, only), k), y_pred)]
    out = []
    for y_true, y_pred in made:
        y_pred = y_pred.astype(np.float32)
        if isinstance(contract.rule, TopK):
            y_pred = TopK.untied(y_pred)
        out.append(Case(y_true, y_pred, None, (n,), k))
    return out


def _with_ignored(contract, y_true: np.ndarray, rng, share: float) -> np.ndarray:
    """About `share` of the labels (multilabel: elements; else rows) set to the ignored
    index; the first row is always kept (K may also be a class drawn there)."""
    y = np.array(y_true)
    if contract.ignores_elements:
        return np.where(rng.random(y.shape) < share, contract.ignore_index, y)
    y[rng.random(len(y)) < share] = contract.ignore_index
    return contract.keeping_first_row(y, contract.class_range[0])


def _observations(impl: Implementation, cases: list[Case]) -> list[tuple[Case, object]]:
    """(case, value read) for each case the metric takes; a case it refuses (logits where
    it wants probabilities, say) is evidence of nothing. Refusing is raising, or, for
    scores outside [0, 1], a NaN (a traced metric cannot raise: it poisons its state)."""
    seen = []
    for case in cases:
        try:
            value = observe(impl, case)
        except Exception:  # a refused case decides nothing
            continue
        outside = np.any((case.y_pred < 0) | (case.y_pred > 1))
        if not (outside and np.all(np.isnan(np.asarray(value, dtype=np.float64)))):
            seen.append((case, value))
    return seen


def _candidates(conv: Conventions, impl: Implementation) -> tuple[list, list[dict]]:
    """The dimensions left to infer and every combination of their values, the
    combinations with fewer departures from the defaults first."""
    open_ = [d for d in DIMENSIONS if d.name not in conv.given and d.applies(conv, impl)]
    combos = [dict(zip([d.name for d in open_], values, strict=True))
              for values in itertools.product(*(d.values for d in open_))]
    # Under an epsilon 0/0 is 0 whatever zero_division says: one combination stands for all.
    combos = [c for c in combos if not c.get("epsilon") or not _differs(_DIM["zero_division"],
                                                                         c["zero_division"])]
    combos.sort(key=lambda combo: sum(_differs(d, combo[d.name]) for d in open_))
    return open_, combos


def _differs(dim: Dimension, value) -> bool:
    if dim.name == "zero_division":  # nan is nan's default-or-not, whatever == says
        return number_text(value) != number_text(dim.values[0])
    return value != dim.values[0]


def under(impl: Implementation, conv: Conventions) -> Implementation:
    """`impl` as it is, judged under the conventions `conv` (hard labels stay hard)."""
    contract = conv.contract(impl.contract.layout, impl.contract.sample_weight,
                             impl.style.flushes_subnormals)
    return replace(impl, contract=replace(contract, scores=(
        "labels" if impl.contract.scores == "labels" else contract.scores),
        fed_in_batches=impl.contract.fed_in_batches))


def infer(target, conv: Conventions | None = None, impl: Implementation | None = None
          ) -> Inferred:
    """Infer the conventions of `target` (a TARGET string or object; or an already built
    `impl`) beyond those stated in `conv` (the API's form is f1_oracle.api.infer)."""
    from f1_oracle.target import implementation

    conv = conv or Conventions()
    impl = impl or implementation(target, conv)
    name = target if isinstance(target, str) else impl.name
    seen = _observations(impl, probe_cases(impl))
    dims, combos = _candidates(conv, impl)
    survivors, best = [], (-1, None, None)  # (cases passed, failing verdict, candidate)
    for combo in combos:
        candidate = under(impl, conv.with_(**combo))
        for passed, (case, value) in enumerate(seen):
            if not _agrees(candidate, case, value):
                if passed > best[0] and not candidate.contract.epsilon:
                    verdict = against_reference("infer", candidate, case, observed=value)
                    best = (passed, verdict, candidate)
                break
        else:
            survivors.append(combo)
    result = Inferred(name, impl.call or impl.name, impl.style.name, None, probes=len(seen))
    if not survivors:
        result.failure = best[1]
        result.explanation = _why(best[2], best[1])
        return result
    chosen = survivors[0]
    differing = {d.name for d in dims if _differs(d, chosen[d.name])}
    inferred = conv.with_(**chosen, given=conv.given | differing)
    result.conventions, result.chosen, result.consistent = inferred, chosen, survivors
    for dim in dims:
        result.sentences[dim.name] = dim.sentence(chosen[dim.name], inferred)
    result.divergences = [flag(n, chosen[n]) for n in chosen if n in differing]
    for other in survivors[1:]:
        if sum(_differs(d, other[d.name]) for d in dims) == len(differing):
            result.alternatives.append({d.name: other[d.name] for d in dims
                                        if _differs(d, other[d.name]) or d.name in differing})
    return result


def _agrees(candidate: Implementation, case: Case, value) -> bool:
    """Whether the metric's value on `case` is scikit-learn's under the candidate's
    conventions; under an epsilon, Keras's guarded formula's value, exactly (the checks
    widen their tolerance by an epsilon's effect instead, which here would let a 0/0
    class take any zero_division)."""
    contract = candidate.contract
    if not contract.epsilon:
        return against_reference("infer", candidate, case, observed=value).ok
    guarded = fbeta_from_counts(confusion_counts(contract, case), contract, contract.epsilon)
    return close(guarded, value, rounding(contract, case))


def _why(candidate: Implementation, verdict: Verdict) -> str:
    """What the failing case suggests: a shape, weights ignored, or the batching."""
    case = verdict.case
    shapes = np.shape(verdict.expected), np.shape(verdict.observed)
    if shapes[0] != shapes[1]:
        return (f"the metric returns shape {shapes[1]} where scikit-learn's value has shape "
                f"{shapes[0]} (per-class values, or an average where none is asked: "
                "see --average, or --init to configure the metric)")
    if case.sample_weight is not None:
        unweighted = against_reference("infer", candidate, case.with_weights(None),
                                       observed=verdict.observed)
        if unweighted.ok:
            return "the value is that of the same data without its sample weights"
    if len(case.batch_sizes) > 1:
        whole = replace(case, batch_sizes=(case.n_samples,))
        try:
            alone = observe(candidate, whole)
        except Exception:  # then the batching cannot be blamed
            alone = None
        if alone is not None and against_reference("infer", candidate, whole,
                                                    observed=alone).ok:
            return "the value depends on how the data is cut into batches"
    return "no combination of the conventions agrees with scikit-learn on this case"
