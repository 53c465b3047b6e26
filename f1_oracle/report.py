"""The conformance report: every registered implementation through the whole battery.

Each (implementation, check) pair gets a fixed-budget derandomized search for a
counterexample. "holds" means none was found within the budget; a counterexample is
shrunk and written out as runnable Python. An outcome is flagged as unexpected where it
contradicts the registry: a check a conforming entry (or a known-bad entry's
`still_holds`) claims fails, or a known-bad entry's `caught_by` check holds.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import keras

from f1_oracle.checks import CHECKS, applicable
from f1_oracle.contract import KnownBad
from f1_oracle.implementation import Implementation
from f1_oracle.probes import PROBES, probe_all
from f1_oracle.runner import budget, claim, search
from f1_oracle.sweeps import crossing, weight_scale_sweep

VERSIONED = ("f1-oracle", "keras", "tensorflow-cpu", "tensorflow", "scikit-learn", "numpy",
             "hypothesis", "jax", "torch", "torchmetrics", "torcheval", "pytorch-ignite",
             "tf-keras")


@dataclass(frozen=True)
class Outcome:
    implementation: str
    check: str
    holds: bool
    expected_to_hold: bool | None  # None: the registry makes no claim
    examples: int
    seconds: float
    counterexample: str = ""

    @property
    def surprising(self) -> bool:
        return self.expected_to_hold is not None and self.holds != self.expected_to_hold


def run(implementations: list[Implementation], max_examples: int, progress=sys.stderr,
        seed: int | None = None) -> list[Outcome]:
    outcomes = []
    pairs = [(impl, check) for impl in implementations for check in applicable(impl)]
    for i, (impl, check) in enumerate(pairs, 1):
        n = budget(check, max_examples)
        start = time.perf_counter()
        verdict = search(impl, check, n, seed=seed).verdict
        seconds = time.perf_counter() - start
        outcome = Outcome(impl.name, check.name, verdict is None, claim(impl, check), n,
                          round(seconds, 2), verdict.message() if verdict else "")
        outcomes.append(outcome)
        mark = "holds" if outcome.holds else "FAILS"
        flag = "  <-- unexpected" if outcome.surprising else ""
        print(f"[{i}/{len(pairs)}] {impl.name} :: {check.name}: {mark} ({seconds:.1f}s){flag}",
              file=progress, flush=True)
    return outcomes


def versions() -> dict[str, str]:
    found = {"keras backend": keras.backend.backend()}
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, cwd=Path(__file__).parent, check=False).stdout.strip()
    except FileNotFoundError:  # no git: an installed copy
        commit = ""
    if commit:
        found["f1-oracle commit"] = commit
    for name in VERSIONED:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return found


def write(outcomes: list[Outcome], implementations: list[Implementation], out: Path,
          progress=sys.stderr) -> None:
    out.mkdir(parents=True, exist_ok=True)
    header = {"date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "versions": versions()}
    rows = []
    for impl in implementations:
        print(f"probing bad input: {impl.name}", file=progress, flush=True)
        rows.append({
            "implementation": impl.name,
            "style": impl.style.name,
            "expectation": str(impl.expectation),
            "conventions": impl.contract.conventions(),
            "checks": {o.check: outcome_json(o) for o in outcomes
                       if o.implementation == impl.name},
            "bad_input": probe_all(impl),
        })
    sweeps = {}
    for impl in implementations:
        # Conforming entries only: a known-bad one fails at every scale for its own reason.
        known_bad = isinstance(impl.expectation, KnownBad)
        if impl.contract.epsilon and impl.capabilities.reset and not known_bad:
            print(f"sweeping weight scales: {impl.name}", file=progress, flush=True)
            sweeps[impl.name] = weight_scale_sweep(impl)
    for row in rows:
        if row["implementation"] in sweeps:
            found = sweeps[row["implementation"]]
            row["weight_scale_sweep"] = {
                "crossing": crossing(found),
                "scales": {f"{o.scale:g}": bool(o.counterexample) for o in found},
            }
    (out / "report.json").write_text(json.dumps({**header, "implementations": rows}, indent=2))
    (out / "REPORT.md").write_text(markdown(header, rows, outcomes) + sweep_markdown(sweeps))


def outcome_json(o: Outcome) -> dict:
    return {"holds": o.holds, "expected_to_hold": o.expected_to_hold, "examples": o.examples,
            "seconds": o.seconds, "counterexample": o.counterexample or None}


def table_row(cells) -> str:
    """A Markdown table row; a '|' inside a cell (|y| > 1e-9) must not split it."""
    return "| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |"


def _anchor(o: Outcome) -> str:
    return "cx-" + "".join(c if c.isalnum() else "-" for c in f"{o.implementation}-{o.check}")


def markdown(header: dict, rows: list[dict], outcomes: list[Outcome]) -> str:
    names = [c.name for c in CHECKS]
    lines = [
        "# f1-oracle conformance report",
        "",
        f"Generated {header['date']} by `f1-oracle report` (the command `tox -e report` runs). "
        + ", ".join(f"{k} {v}" for k, v in header["versions"].items()) + ".",
        "",
        "Each cell is a fixed-budget derandomized search for a counterexample: `ok` found none, "
        "`FAIL` links to the shrunk counterexample. `-`: the check does not apply. "
        "**Bold** marks an outcome the registry did not expect.",
        "",
        "## Verdicts",
        "",
        "| implementation | style | expectation | " + " | ".join(names) + " |",
        "|---" * (3 + len(names)) + "|",
    ]
    index = {(o.implementation, o.check): o for o in outcomes}
    for row in rows:
        cells = []
        for name in names:
            o = index.get((row["implementation"], name))
            if o is None:
                cells.append("-")
                continue
            cell = "ok" if o.holds else f"[FAIL](#{_anchor(o)})"
            cells.append(f"**{cell}**" if o.surprising else cell)
        lines.append(table_row([row["implementation"], row["style"], row["expectation"],
                                *cells]))
    conventions = list(rows[0]["conventions"]) if rows else []
    lines += ["", "## Declared conventions", "",
              "| implementation | " + " | ".join(conventions) + " |",
              "|---" * (1 + len(conventions)) + "|"]
    for row in rows:
        lines.append(table_row([row["implementation"],
                                *(row["conventions"][k] for k in conventions)]))
    probes = [p.name for p in PROBES]
    lines += ["", "## Bad input", "",
              "What each does with input it cannot score: `raises` (with the message), `NaN`, "
              "a `silent value` where no value is right, or `correct`/`WRONG` where scikit-learn "
              "has an answer (integer predictions, an empty batch, logits under argmax).", "",
              "| implementation | " + " | ".join(probes) + " |",
              "|---" * (1 + len(probes)) + "|"]
    for row in rows:
        lines.append(table_row([row["implementation"], *(row["bad_input"][p] for p in probes)]))
    lines += ["", "## Counterexamples", ""]
    for o in outcomes:
        if not o.holds:
            lines += [f'<a id="{_anchor(o)}"></a>', f"### {o.implementation} :: {o.check}", "",
                      f"Re-run: `f1-oracle report --only '{o.implementation}'`", "",
                      "```python", o.counterexample, "```", ""]
    return "\n".join(lines) + "\n"


def sweep_markdown(sweeps: dict[str, list]) -> str:
    if not sweeps:
        return ""
    lines = ["## Denominator epsilon against weight scale", "",
             "Implementations that declare an additive epsilon, held to the exact value: for "
             "each scale s, a search over cases whose weights are all s. `x`: it found a "
             "counterexample at that scale.", ""]
    scales = [f"{o.scale:g}" for o in next(iter(sweeps.values()))]
    lines += ["| implementation | crossing | " + " | ".join(scales) + " |",
              "|---" * (2 + len(scales)) + "|"]
    for name, found in sweeps.items():
        cross = crossing(found)
        cells = ["x" if o.counterexample else "" for o in found]
        lines.append(f"| {name} | {'none' if cross is None else f'{cross:g}'} | "
                     + " | ".join(cells) + " |")
    for name, found in sweeps.items():
        cross = crossing(found)
        if cross is not None:
            (at,) = [o for o in found if o.scale == cross]
            lines += ["", f"### {name} at weight {cross:g}", "", "```python",
                      at.counterexample, "```"]
    return "\n".join(lines) + "\n"
