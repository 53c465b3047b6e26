"""Run a check as a Hypothesis property (must hold) or as a search (must find a failure).

Both are used by the pytest drivers in properties/ and by the CLI, so the battery that a
library maintainer runs is the suite's own.
"""

from __future__ import annotations

import zlib

from hypothesis import HealthCheck, example, find, given, seed, settings
from hypothesis.errors import NoSuchExample

from f1_oracle.checks import Check
from f1_oracle.compare import Verdict
from f1_oracle.contract import KnownBad
from f1_oracle.implementation import Implementation

SLOW_DATA = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]


def budget(check: Check, max_examples: int | None = None) -> int:
    """Examples for a check: the active profile's count scaled by the check's cost."""
    base = max_examples or settings.default.max_examples
    return max(1, round(base * check.cost))


def should_hold(impl: Implementation, check: Check) -> bool:
    expectation = impl.expectation
    return not isinstance(expectation, KnownBad) or check.name in expectation.still_holds


def assert_holds(impl: Implementation, check: Check, *, max_examples: int | None = None,
                 examples=()) -> None:
    """Raise AssertionError carrying the Verdict's message on the first (shrunk) failure."""

    @seed(zlib.crc32(f"{impl.name}/{check.name}".encode()))
    @settings(max_examples=budget(check, max_examples), suppress_health_check=SLOW_DATA,
              deadline=None)
    @given(drawn=check.inputs(impl))
    def prop(drawn):
        verdict = check.run(impl, drawn)
        assert verdict.ok, verdict.message()

    for drawn in examples:
        prop = example(drawn=drawn)(prop)
    prop()


def search(impl: Implementation, check: Check, max_examples: int) -> Verdict | None:
    """The shrunk counterexample a fixed-budget search finds, or None."""
    try:
        drawn = find(
            check.inputs(impl),
            lambda d: not check.run(impl, d).ok,
            settings=settings(max_examples=max_examples, derandomize=True, database=None,
                              deadline=None),
        )
    except NoSuchExample:
        return None
    return check.run(impl, drawn)
