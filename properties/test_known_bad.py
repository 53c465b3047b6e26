"""Every known-bad variant is caught by search, not by a hand-picked input alone.

For each known-bad registry entry, a fixed-budget derandomized search over the check its
entry names must find a counterexample; the first one found is printed. It is not shrunk:
shrinking was nine tenths of these searches' time, and the CLI's tests show it. The
famous ones are pinned as well (seed 003's three batches).
"""

from dataclasses import replace

import numpy as np
import pytest
from sklearn.metrics import f1_score

from f1_oracle import harness
from f1_oracle.case import Case
from f1_oracle.checks import BY_NAME
from f1_oracle.contract import KnownBad
from f1_oracle.pinned import pinned_cases, seed003_binary
from f1_oracle.runner import search
from metrics_impl.registry import BY_NAME as IMPLEMENTATIONS
from metrics_impl.registry import REGISTRY

KNOWN_BAD = [
    pytest.param(impl, id=impl.name) for impl in REGISTRY if isinstance(impl.expectation, KnownBad)
]
SEARCH_BUDGET = 200


@pytest.mark.parametrize("impl", KNOWN_BAD)
def test_search_finds_counterexample(impl):
    check = BY_NAME[impl.expectation.caught_by]
    verdict = search(impl, check, max_examples=SEARCH_BUDGET, shrink_seconds=0).verdict
    assert verdict is not None, (
        f"{impl.name} is registered as known-bad ({impl.expectation.why}) but "
        f"{SEARCH_BUDGET} examples of {check.name!r} found no counterexample"
    )
    assert not verdict.ok
    print(verdict.message())


def test_seed003_batch_average_is_what_keras2_f1_reports():
    """Seed 003's worked example: Keras reports the mean of the batch F1s (0.6439), the
    data's F1 is 0.8079. Both numbers come from scikit-learn, not from this file."""
    impl = IMPLEMENTATIONS["keras2-f1@epoch"]
    (case,) = [c for c in pinned_cases(impl.contract) if len(c.batch_sizes) == 3]
    y_true, score, _ = seed003_binary()
    hard = (score > 0.5).astype(int)
    per_batch = [f1_score(t.ravel(), (p > 0.5).astype(int).ravel()) for t, p, _ in case.batches()]
    whole = f1_score(y_true, hard)
    observed = float(harness.observe(impl, case))
    assert observed == pytest.approx(np.mean(per_batch), rel=1e-5)
    assert abs(observed - whole) > 0.1
    verdict = BY_NAME["batch_split"].run(impl, case)
    assert not verdict.ok, verdict.message()


def test_seed003_streaming_gets_the_data_f1():
    impl = IMPLEMENTATIONS["streaming/binary-column@epoch"]
    (case,) = [c for c in pinned_cases(impl.contract) if len(c.batch_sizes) == 3]
    verdict = BY_NAME["batch_split"].run(impl, case)
    assert verdict.ok, verdict.message()


def test_the_declared_flush_is_what_the_kernels_do_at_threshold_zero():
    """TensorFlow's and XLA's CPU comparisons read a subnormal score as 0 (1e-45 > 0 is
    false there, true in numpy and torch): found by the threshold search. The rule
    declares it; without the declaration the same one-row case fails on those backends."""
    entry = IMPLEMENTATIONS["streaming/binary-column"]
    at_zero = entry.variant(rule=replace(entry.contract.rule, value=0.0))
    case = Case(np.array([[1]]), np.array([[1e-45]], np.float32), None, (1,), 1)
    assert at_zero.contract.rule.subnormals_as_zero == entry.style.flushes_subnormals
    assert BY_NAME["one_batch"].run(at_zero, case).ok
    undeclared = at_zero.variant(rule=replace(at_zero.contract.rule, subnormals_as_zero=False))
    assert BY_NAME["one_batch"].run(undeclared, case).ok == (not entry.style.flushes_subnormals)


def test_backends_that_read_subnormal_scores_differently_are_each_held_to_their_rule():
    """Found by the thorough sweep: [[0, 1e-45]] is a tie under argmax on TensorFlow's and
    JAX's kernels (class 0) and class 1 on torch's. backend_parity holds the other side
    to scikit-learn under its own backend's rule there, not to this backend's value."""
    from f1_oracle import backends
    from f1_oracle._backend import reductions_flush_subnormals

    others = backends.others()
    if not any(reductions_flush_subnormals(b) != reductions_flush_subnormals() for b in others):
        pytest.skip("no installed backend reads subnormal scores differently from this one")
    entry = IMPLEMENTATIONS["streaming/multiclass-sparse-column-weighted,zd=nan"]
    case = Case(np.array([[0]]), np.array([[0.0, 1e-45]], np.float32), None, (1,), 2)
    assert BY_NAME["backend_parity"].run(entry, case).ok
