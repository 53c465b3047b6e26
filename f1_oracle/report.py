"""The conformance report: every registered implementation through the whole battery.

Each implementation goes through the battery as `f1-oracle check` runs it (api.run), with a
fixed number of examples per check and the same examples on every run. "holds" means no
counterexample was found within the budget; a counterexample is shrunk (for a bounded
time) and written out as runnable Python. An outcome is flagged as unexpected where it
contradicts the registry: a check a conforming entry (or a known-bad entry's
`still_holds`) claims fails, or a known-bad entry's `caught_by` check holds.
"""

from __future__ import annotations

import importlib
import json
import math
import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from f1_oracle import api
from f1_oracle.api import Budget
from f1_oracle.checks import BY_NAME, CHECKS
from f1_oracle.contract import KnownBad
from f1_oracle.implementation import Implementation
from f1_oracle.probes import PROBES, probe_all
from f1_oracle.runner import claim
from f1_oracle.startup import start
from f1_oracle.sweeps import ScaleOutcome, crossing, weight_scale_sweep
from f1_oracle.versions import versions


@dataclass(frozen=True)
class Outcome:
    implementation: str
    check: str
    status: str  # as api.CheckResult: "holds", "FAILS" or "not run"
    expected_to_hold: bool | None  # None: the registry makes no claim
    examples: int
    seconds: float
    counterexample: str = ""

    @property
    def holds(self) -> bool:
        return self.status == "holds"

    @property
    def surprising(self) -> bool:
        return (self.status != "not run" and self.expected_to_hold is not None
                and self.holds != self.expected_to_hold)


@dataclass(frozen=True)
class Row:
    """One implementation's line of the report: its verdicts, what it does with bad input,
    and (for a conforming one that declares an epsilon) the weight-scale sweep."""

    implementation: str
    style: str
    expectation: str
    conventions: dict[str, str]
    outcomes: tuple[Outcome, ...]
    bad_input: dict[str, str]
    sweep: tuple[ScaleOutcome, ...] = ()


def report_budget(**given) -> Budget:
    """The report's searches: a fixed number of examples, not bounded by time (the same
    examples on every machine), shrinking bounded at 10 s (a counterexample is shown as
    far as it shrank by then); `given` (Budget's fields) overrides."""
    return Budget(**{"check_seconds": math.inf, "shrink_seconds": 10.0, **given})


def row(impl: Implementation, budget: Budget, progress=sys.stderr) -> Row:
    """The battery (as `f1-oracle check` runs it), the bad-input probes and the sweep on one
    implementation."""
    def say(text):
        print(f"{impl.name} :: {text}", file=progress, flush=True)

    outcomes = tuple(
        Outcome(impl.name, r.check, r.status, claim(impl, BY_NAME[r.check]), r.examples,
                round(r.seconds, 2), r.verdict.message() if r.verdict else "")
        for r in api.run(impl, budget, say) if r.status != "skipped")
    for o in outcomes:
        if o.surprising:
            say(f"{o.check}: {o.status}  <-- unexpected")
    say("probing bad input")
    bad_input = probe_all(impl)
    sweep = ()
    # Conforming entries only: a known-bad one fails at every scale for its own reason.
    if (impl.contract.epsilon and impl.capabilities.reset
            and not isinstance(impl.expectation, KnownBad)):
        say("sweeping weight scales")
        sweep = tuple(weight_scale_sweep(impl))
    return Row(impl.name, impl.style.name, str(impl.expectation), impl.contract.conventions(),
               outcomes, bad_input, sweep)


def _row_of_registered(registry: str, name: str, budget: Budget) -> Row:
    """row() in a worker process, which finds the implementation by name (a registered
    implementation's factory need not pickle)."""
    (impl,) = [i for i in importlib.import_module(registry).REGISTRY if i.name == name]
    return row(impl, budget)


def run(implementations: list[Implementation], budget: Budget, jobs: int = 1,
        registry: str = "") -> list[Row]:
    """Every implementation's row, in order; with jobs > 1, in that many worker processes
    (which import `registry` to find the implementations by name)."""
    if jobs <= 1:
        return [row(impl, budget) for impl in implementations]
    # The implementations take the cores: each one's checks run in its own process.
    budget = replace(budget, jobs=1 if budget.jobs is None else budget.jobs)
    context = multiprocessing.get_context("spawn")  # TensorFlow's threads do not fork
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=start) as pool:
        return list(pool.map(_row_of_registered, [registry] * len(implementations),
                             [impl.name for impl in implementations],
                             [budget] * len(implementations)))


def write(rows: list[Row], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    header = {"date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "versions": versions()}
    (out / "report.json").write_text(json.dumps(
        {**header, "implementations": [row_json(r) for r in rows]}, indent=2))
    (out / "REPORT.md").write_text(markdown(header, rows) + sweep_markdown(rows))


def row_json(r: Row) -> dict:
    found = {
        "implementation": r.implementation, "style": r.style, "expectation": r.expectation,
        "conventions": r.conventions,
        "checks": {o.check: {"status": o.status, "expected_to_hold": o.expected_to_hold,
                             "examples": o.examples, "seconds": o.seconds,
                             "counterexample": o.counterexample or None}
                   for o in r.outcomes},
        "bad_input": r.bad_input,
    }
    if r.sweep:
        found["weight_scale_sweep"] = {
            "crossing": crossing(list(r.sweep)),
            "scales": {f"{o.scale:g}": bool(o.counterexample) for o in r.sweep}}
    return found


def table_row(cells) -> str:
    """A Markdown table row; a '|' inside a cell (|y| > 1e-9) must not split it."""
    return "| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |"


def _anchor(o: Outcome) -> str:
    return "cx-" + "".join(c if c.isalnum() else "-" for c in f"{o.implementation}-{o.check}")


def markdown(header: dict, rows: list[Row]) -> str:
    names = [c.name for c in CHECKS]
    lines = [
        "# f1-oracle conformance report",
        "",
        f"Generated {header['date']} by `f1-oracle report` (the command `tox -e report` runs). "
        + ", ".join(f"{k} {v}" for k, v in header["versions"].items()) + ".",
        "",
        "Each cell is a search for a counterexample with a fixed number of examples, the "
        "same on every run, as `f1-oracle check` runs it: `ok` found none, `FAIL` links to "
        "the shrunk counterexample. `-`: the check does not apply. **Bold** marks an outcome "
        "the registry did not expect.",
        "",
        "## Verdicts",
        "",
        table_row(["implementation", "style", "expectation", *names]),
        "|---" * (3 + len(names)) + "|",
    ]
    for r in rows:
        ran = {o.check: o for o in r.outcomes}
        cells = []
        for name in names:
            o = ran.get(name)
            cell = "-" if o is None else {"holds": "ok", "not run": "not run"}.get(
                o.status, f"[FAIL](#{_anchor(o)})")
            cells.append(f"**{cell}**" if o is not None and o.surprising else cell)
        lines.append(table_row([r.implementation, r.style, r.expectation, *cells]))
    conventions = list(rows[0].conventions) if rows else []
    lines += ["", "## Declared conventions", "",
              table_row(["implementation", *conventions]),
              "|---" * (1 + len(conventions)) + "|"]
    lines += [table_row([r.implementation, *(r.conventions[k] for k in conventions)])
              for r in rows]
    probes = [p.name for p in PROBES]
    lines += ["", "## Bad input", "",
              "What each does with input it cannot score: `raises` (with the message), `NaN`, "
              "a `silent value` where no value is right, or `correct`/`WRONG` where scikit-learn "
              "has an answer (integer predictions, an empty batch, logits under argmax).", "",
              table_row(["implementation", *probes]),
              "|---" * (1 + len(probes)) + "|"]
    lines += [table_row([r.implementation, *(r.bad_input[p] for p in probes)]) for r in rows]
    lines += ["", "## Counterexamples", ""]
    for o in (o for r in rows for o in r.outcomes if o.status == "FAILS"):
        lines += [f'<a id="{_anchor(o)}"></a>', f"### {o.implementation} :: {o.check}", "",
                  f"Re-run: `f1-oracle report --only '{o.implementation}'`", "",
                  "```python", o.counterexample, "```", ""]
    return "\n".join(lines) + "\n"


def sweep_markdown(rows: list[Row]) -> str:
    swept = [r for r in rows if r.sweep]
    if not swept:
        return ""
    lines = ["## Denominator epsilon against weight scale", "",
             "Implementations that declare an additive epsilon, held to the exact value: for "
             "each scale s, a search over cases whose weights are all s. `x`: it found a "
             "counterexample at that scale.", ""]
    scales = [f"{o.scale:g}" for o in swept[0].sweep]
    lines += [table_row(["implementation", "crossing", *scales]),
              "|---" * (2 + len(scales)) + "|"]
    for r in swept:
        cross = crossing(list(r.sweep))
        lines.append(table_row([r.implementation, "none" if cross is None else f"{cross:g}",
                                *("x" if o.counterexample else "" for o in r.sweep)]))
    for r in swept:
        cross = crossing(list(r.sweep))
        if cross is not None:
            (at,) = [o for o in r.sweep if o.scale == cross]
            lines += ["", f"### {r.implementation} at weight {cross:g}", "", "```python",
                      at.counterexample, "```"]
    return "\n".join(lines) + "\n"
