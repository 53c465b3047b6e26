"""The battery: each check draws its inputs for an implementation and returns a Verdict.

A check is data (name, when it applies, what it draws, how it judges), not a test, so
the same battery drives the pytest suite, the known-bad searches and the CLI. Checks
against the reference compare with scikit-learn on the whole data; invariance checks
(sample weights, permutations, symmetry) compare the implementation with itself on two
inputs that must give the same value, as scikit-learn's test_common.py does.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from hypothesis import HealthCheck, assume
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from f1_oracle import backends, distributed, harness
from f1_oracle._backend import reductions_flush_subnormals
from f1_oracle.case import Case
from f1_oracle.compare import Tolerance, Verdict, close, exact_counts, fmt_value, tolerance
from f1_oracle.contract import (
    MACRO_CLASSES,
    Argmax,
    Contract,
    Threshold,
    TopK,
    has_subnormals,
)
from f1_oracle.counts import confusion_counts, fbeta_from_counts, nan_average
from f1_oracle.implementation import ConfigurationRefused, Implementation
from f1_oracle.reference import expected
from f1_oracle.strategies import cases, long_streams


def _always(impl: Implementation) -> str | None:
    return None


@dataclass(frozen=True)
class Check:
    """One property, declared once: the README's table, `--help` and the report's columns
    are generated from these declarations."""

    name: str
    doc: str  # the property, in one line
    inputs: Callable[[Implementation], st.SearchStrategy]
    run: Callable[[Implementation, Any], Verdict]
    # Capabilities the target must have (f1_oracle.styles.CAPABILITIES says why each).
    requires: tuple[str, ...] = ()
    # Any other condition: the reason the check does not apply, or None.
    unless: Callable[[Implementation], str | None] = _always
    # Relative example budget: 1 for cheap checks, less for slow ones.
    cost: float = 1.0
    # Shrinking re-runs the implementation per step; a 100k-row stream drawn from a seed
    # does not shrink into anything more readable, so such checks skip it.
    shrink: bool = True
    # A counterexample case found by an earlier check, as this check's input (tried
    # first, so one bug is found once); None where the check draws something else.
    prior: Callable[[Case], Any] | None = None
    # Hypothesis health checks this check's strategy needs suppressed in the suite, each
    # with its reason; none unless one is shown to be needed.
    suppressed_health: tuple[tuple[HealthCheck, str], ...] = ()

    def skip_reason(self, impl: Implementation) -> str | None:
        """Why the check does not apply to `impl`, or None when it does."""
        lacking = impl.capabilities.lacks(self.requires)
        return f"{impl.name}: {lacking}" if lacking else self.unless(impl)


def rounding(contract: Contract, case: Case) -> Tolerance:
    """The rounding budget for the declared dtype and this case (exact counts or not)."""
    return tolerance(contract.dtype, case.n_samples, len(case.batch_sizes),
                     exact=exact_counts(contract.dtype, case.n_samples, case.sample_weight),
                     averaged=case.num_classes)


def tolerance_for(impl: Implementation, case: Case) -> Tolerance:
    """The rounding budget, plus the exact effect of a declared denominator epsilon on
    this case's counts."""
    tol = rounding(impl.contract, case)
    if impl.contract.rtol or impl.contract.atol:
        tol = tol + Tolerance(impl.contract.atol, impl.contract.rtol,
                              declared=f"rtol {impl.contract.rtol:g}, atol "
                              f"{impl.contract.atol:g} declared")
    if impl.contract.epsilon:
        counts = confusion_counts(impl.contract, case)
        exact = fbeta_from_counts(counts, impl.contract)
        guarded = fbeta_from_counts(counts, impl.contract, epsilon=impl.contract.epsilon)
        tol = tol.widened(float(np.max(np.abs(np.asarray(exact) - np.asarray(guarded)))))
    return tol


def against_reference(check: str, impl: Implementation, case: Case, observed=None,
                      detail: str = "", shown: Case | None = None,
                      extra_cases: dict[str, Case] | None = None) -> Verdict:
    """Observed on `case` (or given) vs scikit-learn on the whole of `case`."""
    if observed is None:
        observed = harness.observe(impl, case)
    ref = expected(impl.contract, case)
    tol = tolerance_for(impl, case)
    return Verdict(check=check, implementation=impl.name, ok=close(ref.value, observed, tol),
                   expected=ref.value, observed=observed, case=shown or case,
                   reference_code=ref.code, tolerance=tol, detail=detail,
                   extra_cases=extra_cases or {})


SKLEARN_VALUE = "sklearn_value"  # the name printed code gives scikit-learn's value where
# 'expected' is the metric's own value on another input


def self_consistent(check: str, impl: Implementation, case: Case, other: Case,
                    detail: str, other_name: str) -> Verdict:
    """The implementation must give the same value on two inputs that are equivalent."""
    first, second = harness.observe(impl, case), harness.observe(impl, other)
    # Each side may be off the exact value by its own budget: the difference, by the sum.
    tol = tolerance_for(impl, case) + tolerance_for(impl, other)
    ref = expected(impl.contract, case)
    return Verdict(check=check, implementation=impl.name, ok=close(first, second, tol),
                   expected=first, observed=second, case=case,
                   reference_code=ref.assigning(SKLEARN_VALUE), tolerance=tol,
                   detail=detail + f"; 'expected' is its value on the first case, 'observed' "
                   f"on the {other_name} ({SKLEARN_VALUE}: scikit-learn's on the first case, "
                   f"{fmt_value(ref.value)})", extra_cases={other_name: other})


# -- the checks -------------------------------------------------------------------------


def _bounded(impl, case):
    observed = harness.observe(impl, case)
    values = np.asarray(observed, dtype=np.float64)
    tol = tolerance_for(impl, case)
    margin = tol.at(1.0)
    ok = bool(np.all(np.isnan(values) | ((values >= -margin) & (values <= 1 + margin))))
    ref = expected(impl.contract, case)
    return Verdict(check="bounded", implementation=impl.name, ok=ok, expected=ref.value,
                   observed=observed, case=case, reference_code=ref.code, tolerance=tol,
                   detail="an F-beta score lies in [0, 1] (or is NaN)")


def _vs_reference(name: str):
    """A check whose drawn input is a case, judged against scikit-learn on its data."""
    return lambda impl, case: against_reference(name, impl, case)


@st.composite
def _case_and_order(draw, impl):
    case = draw(cases(impl.contract), label="case")
    order = draw(st.permutations(range(len(case.batch_sizes))), label="batch order")
    if order == sorted(order):
        order = order[::-1]  # the drawn order itself would compare the metric with itself
    return case, tuple(order)


def _batch_order(impl, drawn):
    case, order = drawn
    edges = np.cumsum((0, *case.batch_sizes))
    rows = np.concatenate([np.arange(edges[i], edges[i + 1]) for i in order]).astype(int)
    reordered = case.with_rows(rows, tuple(case.batch_sizes[i] for i in order))
    # Against itself in the drawn order, not against scikit-learn: a metric wrong in any
    # order is batch_split's finding; this one is the order's.
    return self_consistent("batch_order", impl, case, reordered,
                           f"batches fed in the order {list(order)}", "reordered batches")


def _reset_reuse(impl, drawn):
    first, second = drawn
    metric = impl.build(first.num_classes)
    harness.feed(impl, metric, first)
    impl.style.reset(metric)
    return against_reference(
        "reset_reuse", impl, second, harness.feed(impl, metric, second),
        "fed the first case (below), reset, then this case", shown=second,
        extra_cases={"the first case": first},
    )


@st.composite
def _case_and_kept(draw, impl):
    case = draw(cases(impl.contract), label="case")
    kept = draw(st.integers(0, len(case.batch_sizes)), label="batches kept")
    return case, kept


def _revert(impl, drawn):
    """Feed every batch, then revert the batches after the first `kept` (last first, as
    a sliding window drops them): the value is scikit-learn on the batches kept."""
    case, kept = drawn
    metric = impl.build(case.num_classes)
    fed = harness.batches(impl, case)
    impl.style.update(metric, fed)
    for batch in reversed(fed.items[kept:]):
        impl.style.revert_batch(metric, *batch)
    rows = int(np.sum(case.batch_sizes[:kept]))
    so_far = case.with_rows(np.arange(rows), case.batch_sizes[:kept])
    assume(_scorable(impl.contract.prepare(so_far)[0]))
    return against_reference(
        "revert", impl, so_far, harness.read(impl, metric),
        f"fed the whole case, then the batches after batch {kept - 1} reverted, last first",
        shown=so_far, extra_cases={"the whole case fed": case})


@st.composite
def _case_and_reads(draw, impl):
    case = draw(cases(impl.contract), label="case")
    last = len(case.batch_sizes) - 1
    reads = draw(st.sets(st.integers(0, max(last - 1, 0)), max_size=4), label="read after")
    return case, tuple(sorted(reads))


def _read_midstream(impl, drawn):
    """Read (twice) after some batches, as a progress bar or a callback does, then go on:
    each read is scikit-learn on the data so far, and the last is on all of it."""
    case, reads = drawn
    metric = impl.build(case.num_classes)
    fed = harness.batches(impl, case)
    edges = np.cumsum(case.batch_sizes)
    for index, batch in enumerate(fed.items):
        impl.style.update(metric, harness.Batches([batch], fed.num_classes))
        if index not in reads:
            continue
        so_far = case.with_rows(np.arange(edges[index]), case.batch_sizes[:index + 1])
        if not _scorable(impl.contract.prepare(so_far)[0]):
            continue
        for read in ("first", "second"):
            verdict = against_reference(
                "read_midstream", impl, so_far, harness.read(impl, metric),
                f"the {read} of two reads after batch {index}, the stream to go on after it "
                f"(reads after batches {list(reads)})", shown=so_far)
            if not verdict.ok:
                return verdict
    return against_reference(
        "read_midstream", impl, case, harness.read(impl, metric),
        f"read at the end, after reads (each twice) after batches {list(reads)}")


def _scorable(case: Case) -> bool:
    """Some row (not ignored) with some weight: no value is right before one
    (scikit-learn refuses)."""
    return case.n_samples > 0 and (case.sample_weight is None or case.sample_weight.sum() > 0)


@st.composite
def _reset_inputs(draw, impl):
    first = draw(cases(impl.contract), label="first case")
    same_classes = impl.contract.with_(classes=(first.num_classes, first.num_classes))
    return first, draw(cases(same_classes), label="second case")


@st.composite
def _case_and_shards(draw, impl):
    case = draw(cases(impl.contract), label="case")
    shards = draw(st.integers(1, 4), label="shards")
    owners = draw(st.lists(st.integers(0, shards - 1), min_size=len(case.batch_sizes),
                           max_size=len(case.batch_sizes)), label="shard of each batch")
    return case, tuple(owners), shards


def _merge_shards(impl, drawn):
    case, owners, shards = drawn
    return against_reference(
        "merge_shards", impl, case, harness.merged(impl, case, owners, shards),
        f"batch i fed to metric owners[i] of {shards}, owners={list(owners)}, then merged "
        "into the first",
    )


def _parity_unless(impl) -> str | None:
    """Registry entries, where another Keras backend is installed: the worker on that
    backend rebuilds the implementation from its registry by name."""
    if impl.registry is None:
        return "only registry entries are rebuilt on another backend"
    if not backends.others(impl.contract.dtype):
        return f"no other Keras backend computing in {impl.contract.dtype} is installed"
    return None


def _backend_parity(impl, case):
    here = harness.observe(impl, case)
    own = tolerance_for(impl, case)
    tol = 2 * own  # each side may be off the exact value by its budget
    ref = expected(impl.contract, case)
    others = backends.others(impl.contract.dtype)
    for other in others:
        there = backends.worker(other).observe(impl.registry, impl.name, case)
        flushes = reductions_flush_subnormals(other)
        if flushes != reductions_flush_subnormals() and has_subnormals(case.y_pred):
            # The backends' kernels read subnormal scores each their own way (README,
            # Findings): the other side is held to scikit-learn under its own rule.
            theirs = expected(impl.contract.flushing(flushes), case)
            if not close(theirs.value, there, own):
                return Verdict(check="backend_parity", implementation=impl.name, ok=False,
                               expected=theirs.value, observed=there, case=case,
                               reference_code=theirs.code, tolerance=own,
                               detail=f"on {other}, whose kernels read subnormal scores as "
                               f"{'0' if flushes else 'themselves'}: 'expected' is "
                               "scikit-learn's value under that rule")
            continue
        if not close(here, there, tol):
            return Verdict(check="backend_parity", implementation=impl.name, ok=False,
                           expected=here, observed=there, case=case,
                           reference_code=ref.assigning(SKLEARN_VALUE),
                           tolerance=tol, detail=f"'expected' is the value on "
                           f"{backends.here()}, 'observed' on {other} ({SKLEARN_VALUE}: "
                           f"scikit-learn's, {fmt_value(ref.value)})")
    return Verdict(check="backend_parity", implementation=impl.name, ok=True, expected=here,
                   observed=here, case=case, reference_code=ref.code, tolerance=tol,
                   detail=f"the same on {backends.here()} and {', '.join(others)}")


@st.composite
def _replicated_cases(draw, impl):
    """Cases whose first batch splits evenly over the replicas; later batches have any
    size (uneven ones, and size 1, which leaves a replica with nothing). Keras's
    TensorFlow trainer reduces the first distributed batch across replicas to build the
    model and crashes when its parts differ in size (keras #19246; pinned in
    properties/test_distributed.py): that first batch is the loop's limit, not the
    metric's."""
    case = draw(cases(impl.contract), label="case")
    replicas = distributed.replicas()
    assume(case.n_samples >= replicas)
    edges = np.cumsum(case.batch_sizes)
    first = max(replicas, case.batch_sizes[0] - case.batch_sizes[0] % replicas)
    sizes = np.diff([0, first, *(e for e in edges if e > first)])
    return case.with_rows(np.arange(case.n_samples), tuple(int(s) for s in sizes))


def _distributed(impl, case):
    return against_reference(
        "distributed", impl, case, distributed.evaluate(impl, case),
        f"model.evaluate under {distributed.engine()} over {distributed.replicas()} replicas, "
        "each batch split between them",
    )


def _weights_none_is_ones(impl, case):
    ones = case.with_weights(np.ones(case.n_samples, dtype=np.float32))
    return self_consistent("weights_none_is_ones", impl, case, ones,
                           "sample_weight=None vs all ones", "all-ones weights")


def _integer_weights_repeat_rows(impl, case):
    counts = case.sample_weight.astype(int)
    repeated = case.repeat_rows(counts, impl.contract.empty_batches).with_weights(None)
    _same_classes_averaged(impl, case, repeated)
    return self_consistent("integer_weights_repeat_rows", impl, case, repeated,
                           "integer weight k vs the row repeated k times", "repeated rows")


def _zero_weight_removes_rows(impl, case):
    kept = (case.sample_weight > 0).astype(int)
    removed = case.repeat_rows(kept, impl.contract.empty_batches)
    _same_classes_averaged(impl, case, removed)
    return self_consistent("zero_weight_removes_rows", impl, case, removed,
                           "zero-weight rows vs those rows removed", "rows removed")


def _same_classes_averaged(impl, case: Case, other: Case) -> None:
    """Reject the example where dropping zero-weight rows changes which classes a macro
    over present classes covers: scikit-learn's default labels count a class seen only
    in a zero-weight row, so the two inputs are not equivalent under that convention."""
    if impl.contract.macro_classes != "all":
        assume(expected(impl.contract, case).labels == expected(impl.contract, other).labels)


# The cases' labels are int64: these are the other dtypes users feed them in.
LABEL_DTYPES = ("uint8", "int32")


def _label_dtype(impl, drawn):
    case, dtype = drawn
    if dtype == "uint8" and np.min(case.y_true, initial=0) < 0:
        dtype = "int32"  # a negative ignore_index has no uint8 form
    narrow = replace(case, y_true=np.asarray(case.y_true).astype(dtype))
    try:
        harness.observe(impl, narrow)
    except Exception as error:  # refusing a dtype, with an error, is no wrong number
        return Verdict(check="label_dtypes", implementation=impl.name, ok=True, expected=None,
                       observed=None, case=narrow,
                       detail=f"y_true as {dtype} refused: {type(error).__name__}")
    # Against itself with the labels as drawn, not against scikit-learn: a metric wrong
    # with any labels is another check's finding; this one is the dtype's.
    return self_consistent("label_dtypes", impl, case, narrow, f"y_true fed as {dtype}",
                           f"labels as {dtype}")


def _weight_scaling(impl, drawn):
    case, scale = drawn
    scaled = case.with_weights((case.sample_weight * scale).astype(np.float32))
    return self_consistent("weight_scaling", impl, case, scaled,
                           f"all weights multiplied by {scale}", "scaled weights")


def _symmetric(impl) -> bool:
    """F1 (beta 1), not weighted, in a layout where labels can stand in for predictions."""
    c = impl.contract
    return (
        c.beta == 1
        and c.average in ("binary", "micro", "macro")
        and not c.input_layout.indices
        and (not isinstance(c.rule, Threshold) or 0 < c.rule.value < 1)
        and c.macro_classes != "labelled" and c.ignore_index is None
        and not isinstance(c.rule, TopK)  # its prediction depends on the label
    )


def _symmetry(impl, case):
    hard = impl.contract.hard(case.y_pred)
    labels = np.asarray(case.y_true).astype(np.float32)
    hard_case = replace(case, y_pred=hard.astype(np.float32))
    swapped = replace(case, y_true=hard, y_pred=labels)
    return self_consistent("symmetry", impl, hard_case, swapped,
                           "hard predictions as y_pred vs swapped with the labels", "swapped")


def _averaging(impl, case):
    c = impl.contract
    counts = confusion_counts(c.with_(average=None), case)
    covered = _coverages(counts)
    per_class = _per_class(np.asarray(harness.observe(impl.variant(average=None), case),
                                      dtype=np.float64).reshape(-1), covered)
    micro_counts = confusion_counts(c.with_(average="micro"), case)
    observed = np.array([
        float(harness.observe(impl.variant(average=avg), case))
        for avg in ("macro", "weighted", "micro")
    ])
    tol = tolerance_for(impl, case)
    # The classes its macro covers: as declared where its average is macro; a metric
    # declared micro or weighted says nothing of that, so any of the conventions will do.
    coverages = (c.macro_classes,) if c.average == "macro" else MACRO_CLASSES
    macros = [nan_average(per_class[covered[k]], None) for k in coverages]
    macro = next((m for m in macros if close(m, observed[0], tol)), macros[0])
    derived = np.array([macro, nan_average(per_class, counts.actual),
                        fbeta_from_counts(micro_counts, c.with_(average="micro"))])
    return Verdict(check="averaging", implementation=impl.name, ok=close(derived, observed, tol),
                   expected=derived, observed=observed, case=case, tolerance=tol,
                   detail="[macro, weighted, micro]: expected = mean of its average=None "
                   f"vector over {' or '.join(coverages)} classes, its support-weighted mean, "
                   "and F from the summed counts")


def _coverages(counts) -> dict[str, np.ndarray]:
    """Each macro_classes convention as the mask of the classes it covers."""
    return {"all": np.ones_like(counts.present, bool), "present": counts.present,
            "labelled": counts.labelled}


def _per_class(values: np.ndarray, covered: dict[str, np.ndarray]) -> np.ndarray:
    """A per-class vector with one entry per class: scikit-learn's average=None reports
    only the classes present (in y_true or the predictions), placed here, NaN elsewhere."""
    for mask in covered.values():
        if len(values) == mask.sum():
            full = np.full(len(mask), np.nan)
            full[mask] = values
            return full
    raise AssertionError(f"average=None gave {len(values)} values for {len(covered['all'])} "
                         "classes, as many as no set of classes it could cover")


@st.composite
def _case_and_columns(draw, impl):
    score_mode = "continuous" if isinstance(impl.contract.rule, Argmax | TopK) else "any"
    case = draw(cases(impl.contract, score_mode=score_mode), label="case")
    perm = draw(st.permutations(range(case.num_classes)), label="class permutation")
    return case, np.array(perm)


def _without_ties(case: Case, rule) -> Case:
    """The case with each row's scores replaced by distinct ones in the same order, ties
    broken as the rule breaks them (the first of tied maxima ranks higher): which of tied
    classes wins is positional, so a permutation may rightly change it. The predictions
    stay; only the ties go."""
    scores = np.asarray(rule.scores(case.y_pred) if isinstance(rule, Argmax) else case.y_pred,
                        dtype=np.float64)
    width = scores.shape[1]
    later_lower = np.broadcast_to(-np.arange(width), scores.shape)
    if isinstance(rule, Argmax) and rule.last:
        later_lower = -later_lower
    ranks = np.empty(scores.shape, dtype=np.int64)
    for i, (row, tie_break) in enumerate(zip(scores, later_lower, strict=True)):
        ranks[i, np.lexsort((tie_break, row))] = np.arange(width)
    distinct = ((ranks + 1) / (width + 1)).astype(case.y_pred.dtype)
    return replace(case, y_pred=distinct)


def _class_permutation(impl, drawn):
    case, perm = drawn
    if isinstance(impl.contract.rule, Argmax | TopK):
        case = _without_ties(case, impl.contract.rule)
    permuted = replace(case, y_true=np.asarray(case.y_true)[:, perm],
                       y_pred=np.asarray(case.y_pred)[:, perm])
    return self_consistent("class_permutation", impl, case, permuted,
                           f"class columns permuted by {perm.tolist()}", "permuted columns")


@st.composite
def _case_and_beta(draw, impl):
    beta = draw(st.one_of(st.sampled_from([0.5, 2.0, 5.0]),
                          st.floats(0.01, 5.0, allow_subnormal=False)), label="beta")
    return draw(cases(impl.contract.with_(beta=beta)), label="case"), beta


def _fbeta(impl, drawn):
    case, beta = drawn
    return against_reference("fbeta", impl.variant(beta=beta), case, detail=f"beta = {beta!r}")


@st.composite
def _case_and_threshold(draw, impl):
    # Dyadic thresholds, exactly representable in every score dtype drawn; the ends of
    # [0, 1] (where a clip or an off-by-one range shows) as often as all the others.
    value = draw(st.one_of(st.sampled_from([0.0, 1.0]),
                           st.sampled_from([0.125, 0.25, 0.375, 0.5, 0.625, 0.75])),
                 label="threshold")
    case = draw(cases(impl.contract), label="case")
    if impl.contract.scores == "probabilities" and draw(st.booleans(), label="pin scores"):
        # Scores exactly at the threshold, where > and >= part (and a clip shows).
        shape = np.shape(case.y_pred)
        at = draw(hnp.arrays(np.bool_, shape, elements=st.booleans()),
                  label="scores at threshold")
        # Some of them on true labels: where nothing is positive, what is predicted at
        # the threshold cannot move F.
        positive = draw(hnp.arrays(np.bool_, shape, elements=st.booleans()),
                        label="true labels under them")
        case = replace(case, y_pred=np.where(at, value, case.y_pred).astype(case.y_pred.dtype),
                       y_true=np.where(at & positive, 1, case.y_true).astype(case.y_true.dtype))
    return case, value


def _threshold(impl, drawn):
    case, value = drawn
    rule = replace(impl.contract.rule, value=value)
    return against_reference("threshold", impl.variant(rule=rule), case,
                             detail=f"threshold = {value}")


def _config_roundtrip(impl, case):
    metric = impl.build(case.num_classes)
    clone = type(metric).from_config(metric.get_config())
    return against_reference("config_roundtrip", impl, case, harness.feed(impl, clone, case),
                             "a metric rebuilt by from_config(get_config())")


def _saved_model(impl, case):
    from f1_oracle.styles import keras_model as ke

    keras = ke.keras

    compiled = ke.compiled(impl, case.num_classes, case.y_pred.shape[1:])
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "identity.keras")
        compiled.model.save(path)
        loaded = keras.saving.load_model(path)
    observed = ke.evaluated(loaded, ke.BatchesDataset(harness.Batches.of(case)),
                            compiled.log_name)
    return against_reference("saved_model", impl, case, observed,
                             "evaluated by a model saved to .keras and loaded back")


def _distributed_unless(impl) -> str | None:
    if distributed.replicas() < 2:
        return "fewer than 2 devices for a distribution engine here"
    if not impl.capabilities.weights and distributed.pads_with_weights():
        return ("keras.distribution.DataParallel splits only equal parts: uneven batches are "
                "padded with zero-weight rows, which needs sample weights")
    return None


def _symmetry_unless(impl) -> str | None:
    return None if _symmetric(impl) else (
        "needs F1 (beta 1), a binary/micro/macro average over all classes, labels that "
        "can stand in for predictions (not class indices), no ignored label, and a "
        "prediction that does not depend on the label (as top_k's does)")


def _averaging_unless(impl) -> str | None:
    c = impl.contract
    if c.task == "binary" or c.average == "samples":
        return "needs a multiclass/multilabel average over classes"
    for average in (None, "macro", "weighted", "micro"):  # the variants it compares
        try:
            impl.variant(average=average).build(c.classes[0])
        except ConfigurationRefused as error:
            return f"needs the metric built with each average; refused: {error}"
    return None


def _class_permutation_unless(impl) -> str | None:
    c = impl.contract
    if c.input_layout.column_per_class and c.average not in (None, "samples"):
        return None
    return "needs one column per class in y_true and a micro/macro/weighted average"


def _threshold_unless(impl) -> str | None:
    return None if isinstance(impl.contract.rule, Threshold) else "its rule is not a threshold"


def _weighted_cases(impl, modes=("integers", "fractions")):
    return cases(impl.contract, weight_modes=modes)


def _same(case: Case) -> Case:
    return case


def _one_batch(case: Case) -> Case:
    return case.with_rows(np.arange(case.n_samples), (case.n_samples,))


CHECKS: list[Check] = [
    Check("one_batch", "the whole data in one batch equals scikit-learn",
          lambda impl: cases(impl.contract, split="one"), _vs_reference("one_batch"),
          prior=_one_batch),
    Check("bounded", "every reported value lies in [0, 1] (or is NaN)",
          lambda impl: cases(impl.contract), _bounded, prior=_same),
    Check("batch_split", "any split into batches (ragged, size-1, empty where allowed) "
          "equals scikit-learn on the whole data",
          lambda impl: cases(impl.contract), _vs_reference("batch_split"), ("batches",),
          prior=_same),
    Check("equal_batches", "batches of one size equal scikit-learn on the whole data",
          lambda impl: cases(impl.contract, split="equal"), _vs_reference("equal_batches"),
          ("batches",), prior=_one_batch),
    Check("batch_order", "feeding the batches in any order gives the same value",
          _case_and_order, _batch_order, ("batches",)),
    Check("read_midstream", "reading the value between batches (twice) changes nothing: "
          "each read equals scikit-learn on the data so far",
          _case_and_reads, _read_midstream, ("batches", "reads"),
          prior=lambda case: (case, tuple(range(len(case.batch_sizes) - 1)))),
    Check("reset_reuse", "reset then reuse equals a fresh instance",
          _reset_inputs, _reset_reuse, ("batches", "reset")),
    Check("revert", "reverting the last batches' updates equals scikit-learn on the batches "
          "kept", _case_and_kept, _revert, ("batches", "revert")),
    Check("merge_shards", "counts of shards fed apart (any number, any sizes, some empty) "
          "merged into one metric equal scikit-learn on their union",
          _case_and_shards, _merge_shards, ("batches", "merge")),
    Check("backend_parity", "the same batches give the same value on every installed Keras "
          # Batch sizes powers of two: JAX compiles its eager ops once per shape, and
          # with every size from 1 to 40 a JAX example cost 100x a TensorFlow one.
          "backend", lambda impl: cases(impl.contract, split="powers"), _backend_parity,
          ("keras",), _parity_unless, cost=0.5),
    Check("distributed", "the batches split over replicas by the backend's distribution "
          "engine (MirroredStrategy, DataParallel) in model.evaluate equal scikit-learn",
          _replicated_cases, _distributed, ("distributed",), _distributed_unless, cost=0.25),
    Check("weights_none_is_ones", "sample_weight=None equals all-ones weights",
          lambda impl: cases(impl.contract, weight_modes=("none",)), _weights_none_is_ones,
          ("weights",), prior=lambda case: case.with_weights(None)),
    Check("integer_weights_repeat_rows", "integer weight k equals repeating the row k times",
          lambda impl: _weighted_cases(impl, ("integers",)), _integer_weights_repeat_rows,
          ("weights",)),
    Check("zero_weight_removes_rows", "a zero-weight row equals removing the row",
          _weighted_cases, _zero_weight_removes_rows, ("weights",)),
    Check("label_dtypes", "labels as uint8 or int32 give the value int64 labels give, or "
          "an error (never another number)",
          lambda impl: st.tuples(cases(impl.contract), st.sampled_from(LABEL_DTYPES)),
          _label_dtype, cost=0.5, prior=lambda case: (case, "uint8")),
    Check("weight_scaling", "multiplying every weight by one constant changes nothing",
          # Powers of two: the scaled weights are exact, so any change is the metric's.
          lambda impl: st.tuples(_weighted_cases(impl),
                                 st.sampled_from([2.0**-20, 2.0**-10, 0.5, 4.0, 2.0**10])),
          _weight_scaling, ("weights",)),
    Check("symmetry", "F1 with hard predictions is symmetric in (labels, predictions)",
          lambda impl: cases(impl.contract), _symmetry, unless=_symmetry_unless,
          prior=_same),
    Check("averaging", "macro = mean of per-class over the classes it covers, weighted = "
          "support-weighted mean, micro = F of summed counts",
          lambda impl: cases(impl.contract), _averaging, ("vary_average",), _averaging_unless,
          cost=0.5),
    Check("class_permutation", "permuting class columns leaves micro/macro/weighted unchanged",
          _case_and_columns, _class_permutation, unless=_class_permutation_unless),
    Check("fbeta", "F-beta for beta in (0, 5] equals scikit-learn",
          _case_and_beta, _fbeta, ("vary_beta",)),
    Check("threshold", "any threshold in [0, 1] equals scikit-learn on the thresholded scores",
          _case_and_threshold, _threshold, ("vary_threshold",), _threshold_unless),
    Check("config_roundtrip", "from_config(get_config()) gives the same value",
          lambda impl: cases(impl.contract), _config_roundtrip, ("config",), cost=0.5),
    Check("saved_model", "a model saved and loaded with the metric gives the same value",
          lambda impl: cases(impl.contract), _saved_model, ("saved",), cost=0.1),
    Check("long_stream", ">= 100k samples over >= 100 ragged batches equal scikit-learn",
          lambda impl: long_streams(impl.contract), _vs_reference("long_stream"), cost=0.1,
          shrink=False),
]

BY_NAME = {check.name: check for check in CHECKS}


def applicable(impl: Implementation) -> list[Check]:
    return [check for check in CHECKS if check.skip_reason(impl) is None]

