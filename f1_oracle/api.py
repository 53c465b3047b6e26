"""The Python API, which the CLI and the pytest plugin share: run the battery on one
implementation within a budget, and say what happened.

    import f1_oracle
    result = f1_oracle.check("keras.metrics:F1Score", task="multiclass", classes=4,
                             average="macro", ties="all")
    result.ok, result.failures, print(result)
"""

from __future__ import annotations

import json
import math
import os
import sys
import time
from dataclasses import dataclass, field, replace
from typing import Any

from f1_oracle.case import Case
from f1_oracle.checks import BY_NAME, CHECKS, Check
from f1_oracle.compare import Verdict
from f1_oracle.conventions import rerun
from f1_oracle.implementation import Implementation


@dataclass(frozen=True)
class Profile:
    """How much to search: examples per check (scaled by its cost), seconds per check
    before a first counterexample, seconds of shrinking after it."""

    max_examples: int
    check_seconds: float
    shrink_seconds: float


PROFILES = {
    "quick": Profile(max_examples=15, check_seconds=6, shrink_seconds=3),
    "default": Profile(max_examples=50, check_seconds=15, shrink_seconds=6),
    "thorough": Profile(max_examples=200, check_seconds=300, shrink_seconds=60),
}


@dataclass(frozen=True)
class Budget:
    profile: str = "default"
    max_examples: int | None = None  # overrides the profile's
    time_budget: float | None = None  # seconds for the whole run
    check_seconds: float | None = None
    shrink_seconds: float | None = None
    fail_fast: bool = False
    checks: tuple[str, ...] = ()  # only these (default: every applicable one)
    skip_checks: tuple[str, ...] = ()
    seed: int | None = None
    jobs: int | None = None  # worker processes for the searches; see `workers()`

    def __post_init__(self) -> None:
        if self.profile not in PROFILES:
            raise ValueError(f"unknown profile {self.profile!r}; expected one of "
                             f"{', '.join(PROFILES)}")
        if self.jobs is not None and self.jobs < 1:
            raise ValueError(f"--jobs must be at least 1, got {self.jobs}")
        from_env = os.environ.get("F1_ORACLE_JOBS", "")
        if self.jobs is None and from_env and not (from_env.isdigit() and int(from_env) >= 1):
            raise ValueError(f"F1_ORACLE_JOBS must be a whole number of at least 1, got "
                             f"{from_env!r}")
        unknown = [n for n in (*self.checks, *self.skip_checks) if n not in BY_NAME]
        if unknown:
            raise ValueError(f"unknown check(s) {', '.join(unknown)}; the checks are "
                             f"{', '.join(BY_NAME)}")

    def workers(self, on_keras: bool) -> int:
        """Worker processes the searches run in: `jobs` as given (F1_ORACLE_JOBS where it
        is not), else the machine's cores for a metric that runs on Keras (`on_keras`: a
        check there takes a second or more, beside which starting a worker is small) and 1
        for others, even where Keras is imported (their checks together take less than a
        worker's start). The verdicts are the same whatever the number (see `workers`)."""
        if self.jobs is not None:
            return self.jobs
        if os.environ.get("F1_ORACLE_JOBS"):
            return int(os.environ["F1_ORACLE_JOBS"])
        return (os.cpu_count() or 1) if on_keras else 1

    def flags(self) -> str:
        """The CLI flags that make a re-run draw the same examples (profile, examples,
        seed, time bounds), for the re-run line."""
        given = [("--profile", self.profile if self.profile != "default" else None),
                 ("--max-examples", self.max_examples), ("--seed", self.seed),
                 ("--check-time", self.check_seconds), ("--shrink-time", self.shrink_seconds)]
        return " ".join(f"{flag} {value}" for flag, value in given if value is not None)

    def settings(self) -> Profile:
        p = PROFILES[self.profile]
        return Profile(self.max_examples or p.max_examples,
                       p.check_seconds if self.check_seconds is None else self.check_seconds,
                       p.shrink_seconds if self.shrink_seconds is None else self.shrink_seconds)


@dataclass
class CheckResult:
    check: str
    status: str  # "holds", "FAILS", "skipped", "not run"
    examples: int = 0
    seconds: float = 0.0
    verdict: Verdict | None = None
    reason: str = ""  # why skipped or not run; or that time cut the search short
    same_as: str = ""  # an earlier check that failed on the same counterexample
    # A failure's standalone script in the metric's own API (f1_oracle.repro), or why
    # it has none.
    script: str = ""
    no_script: str = ""

    @property
    def failed(self) -> bool:
        return self.status == "FAILS"

    def json(self) -> dict:
        return {"status": self.status, "holds": None if self.status in ("skipped", "not run")
                else not self.failed, "examples": self.examples,
                "seconds": round(self.seconds, 2), "reason": self.reason or None,
                "same_counterexample_as": self.same_as or None,
                "counterexample": self.verdict.message() if self.verdict else None,
                **(_failure_fields(self) if self.verdict else {})}


def _listed(value):
    """A value as JSON: arrays as lists, NaN as null, strings as they are."""
    import numpy as np

    if value is None or isinstance(value, str):
        return value
    a = np.asarray(value, dtype=np.float64)
    return None if a.ndim == 0 and np.isnan(a) else (
        float(a) if a.ndim == 0 else [None if np.isnan(x) else float(x) for x in a.ravel()])


def _failure_fields(result: CheckResult) -> dict:
    """A failure's parts as fields a machine reads: the case, expected, observed, the
    tolerance, the scikit-learn call and the standalone script."""
    v = result.verdict
    case = v.case
    tol = v.tolerance
    return {
        "case": None if case is None else {
            "y_true": case.y_true.tolist() if not case.recipe else None,
            "y_pred": case.y_pred.astype(float).tolist() if not case.recipe else None,
            "sample_weight": None if case.sample_weight is None or case.recipe
            else case.sample_weight.astype(float).tolist(),
            "batch_sizes": list(case.batch_sizes), "num_classes": case.num_classes,
            "recipe": case.recipe or None},
        "expected": _listed(v.expected), "observed": _listed(v.observed),
        "tolerance": None if tol is None else {"absolute": tol.absolute,
                                               "relative": tol.relative},
        "detail": v.detail or None, "sklearn_call": v.reference_code or None,
        "script": result.script or None, "no_script_reason": result.no_script or None}


def _prior(check: Check, case: Case):
    """A counterexample found by an earlier check as this check's input, or None."""
    if check.prior is None or case.n_samples > 1000:
        return None
    return check.prior(case)


def run(impl: Implementation, budget: Budget | None = None, progress=None,
        on_failure=None, rebuild=None) -> list[CheckResult]:
    """Every check on `impl` within the budget. `progress(text)` is told of each check as
    it ends; `on_failure(result)` as soon as a counterexample is shrunk. With `rebuild` (a
    `workers.Rebuild` of `impl`) and `budget.workers(...)` above 1, the searches run side by
    side in worker processes; results are reported in the checks' order either way."""
    from f1_oracle.runner import budget as examples_for
    from f1_oracle.workers import run_task

    budget = budget or Budget()  # made per run: it reads F1_ORACLE_JOBS
    prof = budget.settings()
    end = time.monotonic() + (budget.time_budget or math.inf)
    run = _Run(impl, progress or (lambda text: None), on_failure)
    chosen = [c for c in CHECKS if (not budget.checks or c.name in budget.checks)
              and c.name not in budget.skip_checks]
    to_search = []
    for check in CHECKS:
        reason = "not chosen" if check not in chosen else check.skip_reason(impl)
        run.results[check.name] = CheckResult(check.name, "skipped", reason=reason) \
            if reason else None
        if not reason:
            to_search.append(check)
    examples = {c.name: examples_for(c, prof.max_examples) for c in to_search}
    jobs = budget.workers(impl.capabilities.keras)
    if rebuild is not None and jobs > 1 and len(to_search) > 1:
        from f1_oracle.workers import can_start

        if can_start():
            _side_by_side(run, rebuild, jobs, budget, to_search, examples, end)
    for check in to_search:
        if run.results[check.name] is not None:
            continue
        left = end - time.monotonic()
        if left <= 0 or (budget.fail_fast and run.failed):
            why = "the time budget was spent" if left <= 0 else "fail-fast after a failure"
            run.results[check.name] = CheckResult(check.name, "not run", reason=why)
            run.flush()
            continue
        run.conclude(check, *run_task(impl, _task(run, check, budget, examples, end)))
    return [run.results[c.name] for c in CHECKS]


def _task(run: _Run, check: Check, budget: Budget, examples: dict[str, int], end: float):
    """The search for `check`: its examples, its time bounds within the run's, and the
    counterexamples found so far as its priors (tried first)."""
    from f1_oracle.workers import Task

    prof = budget.settings()
    priors = tuple(p for _, case in run.found if (p := _prior(check, case)) is not None)
    return Task(check.name, examples[check.name], budget.seed,
                min(prof.check_seconds, end - time.monotonic()), prof.shrink_seconds, priors)


def _side_by_side(run: _Run, rebuild, jobs: int, budget: Budget, checks: list[Check],
                  examples: dict[str, int], end: float) -> None:
    """The first check here while the workers start, then the others side by side, each
    given the first one's counterexample as a prior (so the same inputs, whichever process
    runs it). What is left (fail-fast, the time budget, workers that could not start) is
    left for the caller to run or report."""
    from f1_oracle import workers

    def here(t: workers.Task):
        return workers.run_task(run.impl, t)

    by_name = {c.name: c for c in checks}
    try:
        with workers.Pool(rebuild, jobs) as pool:
            run.conclude(checks[0], *here(_task(run, checks[0], budget, examples, end)))
            rest = [_task(run, c, budget, examples, end) for c in checks[1:]
                    if end - time.monotonic() > 0]
            for name, searched, seconds in pool.searches(
                    rest, here, stop=lambda: budget.fail_fast and run.failed):
                run.conclude(by_name[name], searched, seconds)
    except workers.WorkersFailed:
        pass


class _Run:
    """The checks' results as they come (in any order), told in the checks' order: each
    failure's root counterexample and script, `on_failure`, `progress`."""

    def __init__(self, impl: Implementation, say, on_failure):
        self.impl, self.say, self.on_failure = impl, say, on_failure
        self.results: dict[str, CheckResult | None] = {}
        self.found: list[tuple[str, Case]] = []  # (check, counterexample) in order
        self.told = 0  # checks told so far, in CHECKS order

    @property
    def failed(self) -> bool:
        return any(r is not None and r.failed for r in self.results.values())

    def conclude(self, check: Check, searched, seconds: float) -> None:
        if searched.unsatisfiable:
            self.results[check.name] = CheckResult(
                check.name, "skipped", reason=f"no example could be run ({searched.unsatisfiable})")
        else:
            result = CheckResult(check.name, "holds" if searched.verdict is None else "FAILS",
                                 searched.examples, seconds, searched.verdict)
            if searched.out_of_time:
                result.reason = ("time bound reached: searched "
                                 f"{searched.examples} examples" if result.status == "holds"
                                 else "shrinking stopped at its time bound: the best "
                                 "counterexample so far")
            self.results[check.name] = result
        self.flush()

    def flush(self) -> None:
        """Tell every result whose turn has come (all earlier ones are in)."""
        while self.told < len(CHECKS):
            result = self.results.get(CHECKS[self.told].name)
            if result is None:
                return
            self.told += 1
            if result.status in ("skipped", "not run"):
                continue
            if result.failed and result.verdict.case is not None:
                shown = result.verdict.case.as_code()
                result.same_as = next((name for name, case in self.found
                                       if case.as_code() == shown), "")
                self.found.append((result.check, result.verdict.case))
            if result.failed and not result.same_as:
                _attach_script(self.impl, result)
            if result.failed and self.on_failure:
                self.on_failure(result)
            self.say(f"{result.check}: {result.status} ({result.seconds:.1f}s, "
                     f"{result.examples} examples"
                     f"{'; ' + result.reason if result.reason else ''})")


def _attach_script(impl: Implementation, result: CheckResult) -> None:
    """The failure's standalone script, or why it has none (never an error: a script
    that cannot be written does not change the verdict)."""
    from f1_oracle import repro

    try:
        result.script = repro.script(impl, result.verdict)
    except repro.NoScript as why:
        result.no_script = str(why)
    except Exception as error:  # the metric raising on replay, say
        result.no_script = f"writing it raised {type(error).__name__}: {error}"


@dataclass
class Result:
    """What `check` found: `ok`, the per-check results, the counterexamples, the
    conventions the metric was checked against. Prints as the CLI does."""

    target: str
    style: str
    call: str
    conventions: dict[str, str]
    checks: list[CheckResult]
    flags: str = ""
    versions: dict[str, str] = field(default_factory=dict)
    # How the metric's conventions differ from scikit-learn's defaults: findings when they
    # were inferred (check with infer=True), a hint when a check failed under others.
    findings: list[str] = field(default_factory=list)
    hint: str = ""
    read: str = ""  # what of the metric's result is read (--read, --percent), if not all

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def failures(self) -> list[CheckResult]:
        return [r for r in self.checks if r.failed]

    @property
    def counterexamples(self) -> list[str]:
        return [r.verdict.message() for r in self.failures if not r.same_as]

    def summary(self) -> str:
        ran = [r for r in self.checks if r.status in ("holds", "FAILS")]
        if self.ok:
            held = "1 check holds" if len(ran) == 1 else f"{len(ran)} checks hold"
            return f"{self.target}: conforms ({held})"
        names = ", ".join(r.check for r in self.failures)
        fail = "check fails" if len(self.failures) == 1 and len(ran) == 1 else "checks fail"
        return f"{self.target}: {len(self.failures)} of {len(ran)} {fail} ({names})"

    @property
    def rerun(self) -> str:
        return rerun(self.target, self.flags)

    def __str__(self) -> str:
        lines = [header(self)]
        for r in self.failures:
            lines += ["", failure_text(r, self.failures, self.rerun)]
        lines += [""] + ([self.hint, ""] if self.hint else [])
        if self.findings:
            lines.append("findings: differs from scikit-learn's defaults: "
                         + ", ".join(self.findings))
        lines.append(self.summary())
        return "\n".join(lines)

    def json(self) -> dict[str, Any]:
        return {"target": self.target, "verdict": "conforms" if self.ok else "fails",
                "style": self.style, "built_as": self.call, "conventions": self.conventions,
                "read": self.read or None,
                "flags": self.flags, "versions": self.versions,
                "differs_from_scikit_learn": self.findings, "hint": self.hint or None,
                "checks": {r.check: r.json() for r in self.checks}}


def header(result: Result) -> str:
    conv = ", ".join(f"{k} {v}" for k, v in result.conventions.items())
    read = f", reading {result.read}" if result.read else ""
    return f"checking {result.call} as {result.style}{read}: {conv}"


def failure_text(result: CheckResult, failures: list[CheckResult], rerun: str = "") -> str:
    """A failure, printed once per root counterexample with every check it breaks; `rerun`
    is the command that re-runs the check (the CLI's, outside pytest)."""
    if result.same_as:
        return f"property {result.check!r} FAILS on the counterexample of {result.same_as!r}"
    also = [r.check for r in failures if r.same_as == result.check]
    text = result.verdict.message()
    if also:
        text += f"\nthe same counterexample also breaks: {', '.join(also)}"
    if result.reason:
        text += f"\nnote: {result.reason}"
    if rerun and "re-run:" not in text:
        text += f"\nre-run: {rerun} --checks {result.check}"
    return text


def check(target, *, budget: Budget | None = None, progress=None, on_failure=None,
          profile: str = "default", max_examples: int | None = None,
          time_budget: float | None = None, fail_fast: bool = False,
          checks: tuple[str, ...] = (), skip_checks: tuple[str, ...] = (),
          seed: int | None = None, jobs: int | None = None, infer: bool = False,
          **conventions) -> Result:
    """Check a metric (a TARGET string, a class, a factory, a function, or a functional
    object) against scikit-learn under the given conventions (the CLI's flags with
    underscores: task=, classes=, average=, threshold_rule=, ties=, ...). Conventions not
    given are scikit-learn's defaults; with infer=True they are inferred first (see
    `infer`), and where they differ from the defaults that is listed in `findings`."""
    from f1_oracle.conventions import Conventions
    from f1_oracle.target import implementation

    conv = conventions.pop("conventions", None) or Conventions.of(**conventions)
    budget = budget or Budget(profile, max_examples, time_budget, fail_fast=fail_fast,
                              checks=tuple(checks), skip_checks=tuple(skip_checks), seed=seed,
                              jobs=jobs)
    impl = implementation(target, conv)
    given, findings = conv, []
    if infer:
        from f1_oracle import inference

        inferred = inference.infer(target, conv, impl)
        if progress:
            progress(str(inferred))
        if inferred.ok and inferred.divergences:
            # The metric as built, judged under what it was found to do.
            conv, findings = inferred.conventions, inferred.divergences
            impl = inference.under(impl, conv)
    if progress:
        progress(header(_result(impl, conv, [])))
    from f1_oracle.workers import Rebuild

    rebuild = Rebuild(target, given, conv if findings else None) \
        if isinstance(target, str) else None  # only a name can be imported in a worker
    results = run(impl, budget, progress, on_failure, rebuild)
    from f1_oracle.versions import versions

    result = replace(_result(impl, conv, results), versions=versions(), findings=findings)
    if not result.ok and not infer:
        result.hint = convention_hint(target, impl, conv)
    return result


def convention_hint(target, impl: Implementation, conv) -> str:
    """Where the metric fails under the stated conventions but fits others, which flags
    describe it ("" when none do, or inference cannot run)."""
    from f1_oracle import inference

    opened = conv.with_(given=conv.given - set(inference.NAMES))
    try:
        inferred = inference.infer(target, opened, impl)
    except Exception:  # a hint is never worth an error
        return ""
    stated = conv.contract(impl.contract.layout, impl.contract.sample_weight,
                           impl.style.flushes_subnormals)
    if not inferred.ok or inferred.conventions.contract(
            impl.contract.layout, impl.contract.sample_weight,
            impl.style.flushes_subnormals) == stated:
        return ""
    from f1_oracle.conventions import flag

    found = [(flag(n, getattr(inferred.conventions, n)), flag(n, getattr(conv, n)))
             for n in inference.NAMES
             if getattr(inferred.conventions, n) != getattr(conv, n)]
    differs = ", ".join(f"{it} (checked as {given})" for it, given in found)
    return (f"hint: on probe cases the metric behaves as {differs or 'other conventions'} "
            "(f1-oracle infer). If that is what it is meant to do, check it so: "
            f"{rerun(inferred.target, inferred.flags)}; if the conventions given are, the "
            "failures above are its bugs.")


def infer(target, **conventions):
    """Which conventions a metric follows (threshold rule, ties, macro coverage,
    zero_division, epsilon, scores), given its task and class count: an `Inferred` with
    `ok`, `conventions`, `flags`, `divergences` from scikit-learn's defaults, and a
    counterexample where no convention fits. Prints as `f1-oracle infer` does."""
    from f1_oracle.conventions import Conventions
    from f1_oracle.inference import infer as _infer

    return _infer(target, conventions.pop("conventions", None) or Conventions.of(**conventions))


def _result(impl: Implementation, conv, results) -> Result:
    return Result(impl.name, impl.style.name, impl.call or impl.name,
                  impl.contract.conventions(), results, conv.flags(),
                  read=impl.readout.describe())


def write_json(result: Result, path: str) -> None:
    from pathlib import Path

    Path(path).write_text(json.dumps(result.json(), indent=2))


def stderr(text: str) -> None:
    print(text, file=sys.stderr, flush=True)
