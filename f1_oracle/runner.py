"""Run a check as a Hypothesis property (must hold) or as a search (must find a failure).

Both are used by the pytest drivers in properties/ and by the CLI, so the battery that a
library maintainer runs is the suite's own.
"""

from __future__ import annotations

import zlib
from random import Random

from hypothesis import HealthCheck, Phase, example, find, given, seed, settings
from hypothesis.errors import HypothesisException, NoSuchExample

from f1_oracle.case import Case
from f1_oracle.checks import Check
from f1_oracle.compare import Verdict
from f1_oracle.contract import KnownBad
from f1_oracle.implementation import Implementation

SLOW_DATA = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]


def budget(check: Check, max_examples: int | None = None) -> int:
    """Examples for a check: the active profile's count scaled by the check's cost."""
    base = max_examples or settings.default.max_examples
    return max(1, round(base * check.cost))


def phases(check: Check) -> tuple[Phase, ...]:
    return tuple(p for p in Phase if check.shrink or p is not Phase.shrink)


def claim(impl: Implementation, check: Check) -> bool | None:
    """What the registry claims: the check holds (True), fails (False), or no claim."""
    expectation = impl.expectation
    if not isinstance(expectation, KnownBad):
        return True
    if check.name == expectation.caught_by:
        return False
    return True if check.name in expectation.still_holds else None


def should_hold(impl: Implementation, check: Check) -> bool:
    return claim(impl, check) is True


def assert_holds(impl: Implementation, check: Check, *, max_examples: int | None = None,
                 examples=()) -> None:
    """Raise AssertionError carrying the Verdict's message on the first (shrunk) failure."""

    @seed(zlib.crc32(f"{impl.name}/{check.name}".encode()))
    @settings(max_examples=budget(check, max_examples), suppress_health_check=SLOW_DATA,
              deadline=None, phases=phases(check))
    @given(drawn=check.inputs(impl))
    def prop(drawn):
        verdict = check.run(impl, drawn)
        assert verdict.ok, verdict.message()

    for drawn in examples:
        prop = example(drawn=drawn)(prop)
    prop()


def run_catching(impl: Implementation, check: Check, drawn) -> Verdict:
    """check.run, with an exception from the implementation as a failing verdict: for a
    library under test, raising on valid input is a finding, not a crash of the oracle."""
    try:
        return check.run(impl, drawn)
    except HypothesisException:
        raise  # assume() and friends steer the search; they are not findings
    except Exception as error:  # any other exception is the finding
        case = drawn if isinstance(drawn, Case) else None
        detail = f"raised {type(error).__name__}: {str(error).splitlines()[0][:300]}"
        return Verdict(check.name, impl.name, False, "a value", "an exception", case,
                       detail=detail)


def search(impl: Implementation, check: Check, max_examples: int,
           seed: int | None = None) -> Verdict | None:
    """The shrunk counterexample a fixed-budget search finds, or None. Derandomized unless
    a seed is given."""
    try:
        drawn = find(
            check.inputs(impl),
            lambda d: not run_catching(impl, check, d).ok,
            settings=settings(max_examples=max_examples, derandomize=seed is None,
                              database=None, deadline=None, phases=phases(check)),
            random=None if seed is None else Random(seed),
        )
    except NoSuchExample:
        return None
    return run_catching(impl, check, drawn)
