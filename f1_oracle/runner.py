"""Run a check as a Hypothesis property (must hold) or as a search (must find a failure).

Both are used by the pytest drivers in properties/ and by the CLI, so the battery that a
library maintainer runs is the suite's own.
"""

from __future__ import annotations

import contextlib
import math
import pickle
import time
import zlib
from dataclasses import dataclass

from hypothesis import HealthCheck, Phase, Verbosity, example, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis.errors import HypothesisException, Unsatisfiable, UnsatisfiedAssumption

from f1_oracle.case import Case
from f1_oracle.checks import Check
from f1_oracle.compare import Verdict
from f1_oracle.contract import KnownBad
from f1_oracle.implementation import ConfigurationRefused, Implementation
from f1_oracle.readout import NotANumber

# A search for a user's metric draws for conventions the suite never tried (hundreds of
# classes, say): a health check there would stop the verdict, not inform it. The suite
# (assert_holds) runs Hypothesis's health checks, suppressing only what a check declares.
UNCHECKED_HEALTH = list(HealthCheck)


def _seed_for(impl: Implementation, check: Check) -> int:
    return zlib.crc32(f"{impl.name}/{check.name}".encode())


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

    @hypothesis_seed(_seed_for(impl, check))
    @settings(max_examples=budget(check, max_examples), deadline=None, phases=phases(check),
              suppress_health_check=[health for health, _ in check.suppressed_health])
    @given(drawn=check.inputs(impl))
    def prop(drawn):
        verdict = run_configured(impl, check, drawn)
        assert verdict.ok, verdict.message()

    for drawn in examples:
        prop = example(drawn=drawn)(prop)
    prop()


def run_configured(impl: Implementation, check: Check, drawn) -> Verdict:
    """check.run, with an example whose variant the metric refused to build rejected."""
    try:
        return check.run(impl, drawn)
    except ConfigurationRefused as error:
        raise UnsatisfiedAssumption(f"the metric refused: {error}") from error


def run_catching(impl: Implementation, check: Check, drawn) -> Verdict:
    """run_configured, with an exception from the implementation as a failing verdict: for
    a library under test, raising on valid input is a finding, not a crash of the oracle."""
    try:
        return run_configured(impl, check, drawn)
    except HypothesisException:
        raise  # assume() and friends steer the search; they are not findings
    except Exception as error:  # any other exception is the finding
        parts = drawn if isinstance(drawn, tuple) else (drawn,)
        case = next((part for part in parts if isinstance(part, Case)), None)
        if isinstance(error, NotANumber):  # what it returned, not our conversion of it
            return Verdict(check=check.name, implementation=impl.name, ok=False,
                           expected="a number", observed=repr(error.value), case=case,
                           detail=f"the metric {error}")
        text = str(error).strip().splitlines()[0][:300] if str(error).strip() else ""
        return Verdict(check=check.name, implementation=impl.name, ok=False,
                       expected="a value", observed="an exception", case=case,
                       detail=f"raised {type(error).__name__}: {text}")


class _Found(Exception):
    """Raised inside the property to tell Hypothesis an example fails."""


class _OutOfTime(BaseException):
    """Raised inside the property to stop Hypothesis at once (not an Exception, so
    Hypothesis does not take it for a failure to shrink)."""


class _Search:
    """The predicate a search runs: the check on one drawn input, remembered by content
    so that Hypothesis's replay of an example gets the same answer, and cut short when
    time is up: the next new example stops Hypothesis there (its shrinker would go on
    trying thousands of candidates, each answered at once). The best counterexample is
    the smallest failing one seen, replays included: Hypothesis may go on generating
    after a first failure, and it ends by replaying its minimal example, which the cache
    answers."""

    def __init__(self, impl: Implementation, check: Check, deadline: float,
                 shrink_seconds: float):
        self.impl, self.check = impl, check
        self.deadline, self.shrink_seconds = deadline, shrink_seconds
        self.shrink_deadline = math.inf
        self.known: dict[bytes, Verdict] = {}
        self.best: Verdict | None = None
        self.examples = 0  # examples that ran the metric (passed-over ones do not count)
        self.out_of_time = False
        self.passed_over = ""  # why the last example was passed over (assume, refusal)

    def fails(self, drawn) -> bool:
        key = pickle.dumps(drawn)
        if key not in self.known:
            now = time.monotonic()
            if now > (self.deadline if self.best is None else self.shrink_deadline):
                self.out_of_time = True
                raise _OutOfTime
            try:
                verdict = run_catching(self.impl, self.check, drawn)
            except UnsatisfiedAssumption as error:
                self.passed_over = str(error)
                raise
            self.examples += 1
            self.known[key] = verdict
            if not verdict.ok and self.best is None:
                self.shrink_deadline = time.monotonic() + self.shrink_seconds
        verdict = self.known[key]
        if not verdict.ok and (self.best is None or _size(verdict) <= _size(self.best)):
            self.best = verdict
        return not verdict.ok


def _size(verdict: Verdict) -> tuple[float, float]:
    """How large a counterexample reads: its rows, then its batches."""
    case = verdict.case
    return (math.inf, math.inf) if case is None else (case.n_samples, len(case.batch_sizes))


@dataclass(frozen=True)
class Searched:
    """What a search did: its counterexample (None if it found none), how many examples
    ran the metric, whether time cut it short, and why no example ran, where none did
    (`unsatisfiable`: then the search says nothing of the metric, whatever stopped it)."""

    verdict: Verdict | None
    examples: int
    out_of_time: bool
    unsatisfiable: str = ""


def search(impl: Implementation, check: Check, max_examples: int, seed: int | None = None,
           *, seconds: float = math.inf, shrink_seconds: float = math.inf,
           priors: tuple = ()) -> Searched:
    """A fixed-budget search for a counterexample, shrunk; the same examples on every run
    (seeded from the implementation and the check, unless a seed is given). `seconds`
    bounds the search for a first counterexample and `shrink_seconds` the shrinking after
    it; `priors` (inputs found by earlier checks) are tried first."""
    state = _Search(impl, check, time.monotonic() + seconds, shrink_seconds)

    @settings(max_examples=max_examples, database=None,
              deadline=None, phases=phases(check), suppress_health_check=UNCHECKED_HEALTH,
              verbosity=Verbosity.quiet, print_blob=False, report_multiple_bugs=False)
    @given(drawn=check.inputs(impl))
    def prop(drawn):
        if state.fails(drawn):
            raise _Found

    for drawn in priors:
        prop = example(drawn=drawn)(prop)
    # Without a seed, one from the implementation and the check: the same examples on
    # every run, and not other ones when this module's text changes (as derandomize's
    # seed, a digest of the source, would).
    prop = hypothesis_seed(_seed_for(impl, check) if seed is None else seed)(prop)
    try:
        with contextlib.suppress(_Found, _OutOfTime):
            prop()
    except Unsatisfiable:
        pass  # every example was passed over: told below, as a search that ran none
    if state.examples == 0:  # no example ran the metric: a skip, never "holds"
        why = state.passed_over or "every example was passed over"
        if state.out_of_time:
            why = f"none within the time bound; {why}" if state.passed_over else \
                "none within the time bound"
        return Searched(None, 0, state.out_of_time, why)
    return Searched(state.best, state.examples, state.out_of_time)
