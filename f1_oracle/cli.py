"""f1-oracle command line.

  f1-oracle check TARGET [conventions] [budget] [--infer] [--json FILE] [--repro DIR]
      the battery on a metric: exit 0 conforms, 1 a property fails (each printed with its
      minimal counterexample), 2 usage or import error (one line)
  f1-oracle infer TARGET [conventions] [--json FILE]
      which conventions the metric follows, as the flags `check` takes: exit 0 inferred,
      1 no convention fits (printed with the case that shows it), 2 usage error
  f1-oracle report [--registry MODULE] [--out DIR] [--only SUBSTRING] [--conforming]
                   [--jobs N] [budget]
      every registered implementation through the battery; writes REPORT.md, report.json
  f1-oracle table [--registry MODULE]
      the registry as a Markdown table (the one in the README)
  f1-oracle checks
      the checks as a Markdown table (the one in the README)
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from pathlib import Path


class _Once(logging.Filter):
    """A message a library logs on every example (torcheval's "cast to zeros"), once."""

    def __init__(self):
        super().__init__()
        self.seen: set[tuple[int, str]] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        key = (record.levelno, record.getMessage())
        first = key not in self.seen
        self.seen.add(key)
        return first


class UsageError(Exception):
    """Bad flags, a target that cannot be loaded, a missing library: one line, exit 2."""


def _fail(message: str) -> int:
    print(f"f1-oracle: {message}", file=sys.stderr)
    return 2


def _registry(module: str):
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    from f1_oracle._backend import quiet_if_tensorflow_may_start

    try:
        with quiet_if_tensorflow_may_start():  # the registry's implementations use Keras
            registry = importlib.import_module(module)
    except ImportError as error:
        raise UsageError(f"cannot import the registry {module}: {error}") from None
    return registry


def checks_table() -> str:
    from f1_oracle.api import PROFILES
    from f1_oracle.checks import CHECKS
    from f1_oracle.report import table_row
    from f1_oracle.runner import budget

    lines = ["| check | property | needs | examples (" + " / ".join(PROFILES) + ") |",
             "|---|---|---|---|"]
    for c in CHECKS:
        examples = " / ".join(str(budget(c, p.max_examples)) for p in PROFILES.values())
        lines.append(table_row([f"`{c.name}`", c.doc, ", ".join(c.requires) or "-",
                                examples]))
    return "\n".join(lines) + "\n"


def registry_table(module: str = "metrics_impl.registry") -> str:
    from f1_oracle.contract import KnownBad
    from f1_oracle.report import table_row

    lines = [
        "| implementation | style | task / layout | average | prediction rule | "
        "zero_division | weights | verdict |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for impl in _registry(module).OWN:
        c = impl.contract.conventions()
        verdict = str(impl.expectation)
        if isinstance(impl.expectation, KnownBad):
            verdict += f" (caught by `{impl.expectation.caught_by}`)"
        lines.append(table_row([
            f"`{impl.name}`", impl.style.name, f"{c['task']} / {c['layout']}", c["average"],
            c["prediction rule"], c["zero_division"], c["sample_weight"], verdict,
        ]))
    return "\n".join(lines) + "\n"


def _report(args) -> int:
    from f1_oracle import report
    from f1_oracle.contract import KnownBad

    registry = _registry(args.registry)
    chosen = [impl for impl in registry.REGISTRY if args.only in impl.name
              and not (args.conforming and isinstance(impl.expectation, KnownBad))]
    if not chosen:
        return _fail(f"no registered implementation matches {args.only!r}")
    try:
        budget = report.report_budget(**{k: v for k, v in budget_fields(args).items()
                                         if v is not None})
    except ValueError as error:
        return _fail(str(error))
    rows = report.run(chosen, budget, jobs=args.jobs, registry=args.registry)
    report.write(rows, Path(args.out))
    outcomes = [o for r in rows for o in r.outcomes]
    surprising = [o for o in outcomes if o.surprising]
    print(f"wrote {args.out}/REPORT.md and report.json: {len(outcomes)} checks, "
          f"{sum(o.status == 'FAILS' for o in outcomes)} counterexamples, "
          f"{len(surprising)} unexpected", file=sys.stderr)
    return 1 if surprising else 0


def add_budget_options(parser: argparse.ArgumentParser, report: bool = False) -> None:
    """How much to search (the pytest plugin takes Hypothesis's profiles instead). The
    report's searches are bounded by examples, not time, unless told otherwise."""
    from f1_oracle.api import PROFILES

    group = parser.add_argument_group("budget (how long to search)")
    group.add_argument("--profile", choices=list(PROFILES), default="default",
                       help="quick: 15 examples a check; default: 50; thorough: 200 "
                       "(each scaled by the check's cost), with longer time bounds")
    group.add_argument("--max-examples", type=int, default=None,
                       help="examples per check, overriding the profile")
    group.add_argument("--time-budget", type=float, default=None, metavar="SECONDS",
                       help="for the whole run: checks not started by then are reported "
                       "as not run")
    group.add_argument("--check-time", type=float, default=None, metavar="SECONDS",
                       help="per check, before a first counterexample"
                       + (" (default: unbounded, the same examples on every machine)"
                          if report else ""))
    group.add_argument("--shrink-time", type=float, default=None, metavar="SECONDS",
                       help="per check, shrinking a counterexample (the best so far is "
                       "printed when it runs out)" + (" (default: 10)" if report else ""))
    group.add_argument("--fail-fast", action="store_true", help="stop at the first failure")
    group.add_argument("--checks", default="", help="only these checks (comma-separated)")
    group.add_argument("--skip-checks", default="", help="not these checks (comma-separated)")
    group.add_argument("--seed", type=int, default=None,
                       help="random search with this seed (default: derandomized)")
    if not report:  # the report's --jobs runs implementations side by side instead
        group.add_argument("--jobs", type=int, default=None, dest="check_jobs",
                           help="run the checks side by side in this many worker processes, "
                           "each started once (default: F1_ORACLE_JOBS, else the machine's "
                           "cores for a metric that runs on Keras, 1 for others); the same "
                           "examples are drawn, and results are told in the checks' order")


def budget_fields(args) -> dict:
    """The budget options as Budget's keyword arguments (None where not given)."""
    def names(text):
        return tuple(n.strip() for n in text.split(",") if n.strip())

    return {"profile": args.profile, "max_examples": args.max_examples,
            "time_budget": args.time_budget, "check_seconds": args.check_time,
            "shrink_seconds": args.shrink_time, "fail_fast": args.fail_fast,
            "checks": names(args.checks), "skip_checks": names(args.skip_checks),
            "seed": args.seed, "jobs": getattr(args, "check_jobs", None)}


def budget_of(args):
    from f1_oracle.api import Budget

    return Budget(**budget_fields(args))


def _check(args) -> int:
    from f1_oracle import api
    from f1_oracle.conventions import from_args
    from f1_oracle.target import TargetError

    try:
        conv = from_args(args)
        budget = budget_of(args)
    except ValueError as error:
        return _fail(str(error))
    rerun = api.rerun(args.target, f"{conv.flags()} {budget.flags()}".strip())
    try:
        result = api.check(args.target, conventions=conv, budget=budget, progress=api.stderr,
                           on_failure=lambda r: print("\n" + api.failure_text(r, [], rerun),
                                                      flush=True), infer=args.infer)
    except TargetError as error:
        return _fail(str(error))
    for r in result.checks:
        if r.status == "not run" or (r.status == "skipped" and r.reason != "not chosen"):
            print(f"{r.check}: {r.status} ({r.reason})", file=sys.stderr, flush=True)
    if result.hint:
        print(f"\n{result.hint}", flush=True)
    if result.findings:
        print("\nfindings: differs from scikit-learn's defaults: "
              + ", ".join(result.findings), flush=True)
    if args.json:
        api.write_json(result, args.json)
    if args.repro:
        _write_scripts(result, Path(args.repro))
    if not any(r.status in ("holds", "FAILS") for r in result.checks):
        return _fail("no check ran on this target (the reasons are above)")
    print(f"\n{result.summary()}", file=sys.stderr)
    return 0 if result.ok else 1


def _write_scripts(result, folder: Path) -> None:
    """Each root counterexample's standalone script in `folder`, and where it went."""
    from f1_oracle.repro import filename

    for r in result.failures:
        if r.same_as:
            continue
        if not r.script:
            print(f"no standalone script for {r.check!r}: {r.no_script}", flush=True)
            continue
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / filename(result.target, r.check)
        path.write_text(r.script)
        print(f"standalone repro of {r.check!r}: python {path}", flush=True)


def _infer(args) -> int:
    import json

    from f1_oracle.conventions import from_args
    from f1_oracle.inference import infer
    from f1_oracle.target import TargetError

    try:
        inferred = infer(args.target, from_args(args))
    except (ValueError, TargetError) as error:
        return _fail(str(error))
    print(inferred)
    if args.json:
        Path(args.json).write_text(json.dumps(inferred.json(), indent=2))
    return 0 if inferred.ok else 1


def _check_parser(sub) -> None:
    from f1_oracle.checks import CHECKS
    from f1_oracle.conventions import add_options
    from f1_oracle.styles import docs

    epilog = ("styles (detected, or given with --style):\n" + "\n".join(
        f"  {name:15} {doc}" for name, doc in docs().items())
        + "\n\nchecks (each applies where the metric has what it needs):\n"
        + "\n".join(f"  {c.name:28} {c.doc}" for c in CHECKS))
    chk = sub.add_parser("check", help="check an F1 implementation against scikit-learn",
                         epilog=epilog, formatter_class=argparse.RawDescriptionHelpFormatter)
    chk.add_argument("target", help="package.module:name or path/to/file.py:name")
    add_options(chk)
    add_budget_options(chk)
    chk.add_argument("--infer", action="store_true",
                     help="infer the conventions not given (as `f1-oracle infer`) and check "
                     "against those, listing where they differ from scikit-learn's defaults; "
                     "without it, conventions not given are scikit-learn's defaults")
    chk.add_argument("--json", default=None, help="write the verdicts to this file")
    chk.add_argument("--repro", default=None, metavar="DIR",
                     help="write a standalone script per counterexample to DIR, in the "
                     "metric's own API (imports nothing of f1-oracle; exits non-zero while "
                     "the discrepancy holds)")
    inf = sub.add_parser("infer", help="which conventions a metric follows",
                         description="Probe the metric and print the conventions it follows "
                         "as the flags `check` takes. Give the task and class count "
                         "(--task, --classes, --average); the rest is inferred unless given.")
    inf.add_argument("target", help="package.module:name or path/to/file.py:name")
    add_options(inf)
    inf.add_argument("--json", default=None, help="write what was inferred to this file")


def main(argv: list[str] | None = None) -> int:
    from f1_oracle._backend import NoBackend
    from f1_oracle.startup import start

    logging.getLogger().addFilter(_Once())
    parser = argparse.ArgumentParser(prog="f1-oracle", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    _check_parser(sub)
    rep = sub.add_parser("report", help="run the battery on every registered implementation")
    rep.add_argument("--registry", default="metrics_impl.registry",
                     help="module with REGISTRY and OWN lists (default: this repository's)")
    rep.add_argument("--out", default="report")
    rep.add_argument("--only", default="", help="implementations whose name contains this")
    rep.add_argument("--conforming", action="store_true",
                     help="only those expected to conform: with --profile thorough, a sweep "
                     "for false alarms")
    rep.add_argument("--jobs", type=int, default=1,
                     help="implementations checked in this many processes at once")
    add_budget_options(rep, report=True)
    tab = sub.add_parser("table", help="print the registry table")
    tab.add_argument("--registry", default="metrics_impl.registry")
    sub.add_parser("checks", help="print the table of checks")
    args = parser.parse_args(argv)  # --help and usage errors exit here, no backend started
    try:
        if args.command in ("check", "infer", "report"):
            # A backend chosen; Keras started now for the report, at first use otherwise.
            start(lazy=args.command != "report")
    except NoBackend as error:
        return _fail(str(error))
    try:
        if args.command == "table":
            sys.stdout.write(registry_table(args.registry))
            return 0
        if args.command == "checks":
            sys.stdout.write(checks_table())
            return 0
        if args.command == "infer":
            return _infer(args)
        return _check(args) if args.command == "check" else _report(args)
    except UsageError as error:
        return _fail(str(error))


if __name__ == "__main__":
    sys.exit(main())
