"""f1-oracle command line.

  f1-oracle check TARGET [--task ...] [--average ...] [--classes C] [--labels ...]
                         [--threshold T] [--beta B] [--max-examples N] [--seed S] [--json FILE]
      the battery on an implementation we did not write; exit 0 conforms, 1 a property
      fails (each printed with its minimal counterexample), 2 usage or import error
  f1-oracle report [--out DIR] [--max-examples N] [--only SUBSTRING]
      every registered implementation through the battery; writes REPORT.md, report.json
  f1-oracle table
      the registry as a Markdown table (the one in the README)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def registry_table() -> str:
    from f1_oracle.contract import KnownBad
    from f1_oracle.report import table_row
    from metrics_impl.registry import OWN

    lines = [
        "| implementation | harness | task / layout | average | prediction rule | "
        "zero_division | weights | verdict |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for impl in OWN:
        c = impl.contract.conventions()
        verdict = str(impl.expectation)
        if isinstance(impl.expectation, KnownBad):
            verdict += f" (caught by `{impl.expectation.caught_by}`)"
        lines.append(table_row([
            f"`{impl.name}`", impl.harness, f"{c['task']} / {c['layout']}", c["average"],
            c["prediction rule"], c["zero_division"], c["sample_weight"], verdict,
        ]))
    return "\n".join(lines) + "\n"


def _report(args) -> int:
    from f1_oracle import report
    from metrics_impl.registry import REGISTRY

    chosen = [impl for impl in REGISTRY if args.only in impl.name]
    if not chosen:
        print(f"f1-oracle: no registered implementation matches {args.only!r}", file=sys.stderr)
        return 2
    outcomes = report.run(chosen, args.max_examples)
    report.write(outcomes, chosen, Path(args.out))
    surprising = [o for o in outcomes if o.surprising]
    print(f"wrote {args.out}/REPORT.md and report.json: {len(outcomes)} checks, "
          f"{sum(not o.holds for o in outcomes)} counterexamples, "
          f"{len(surprising)} unexpected", file=sys.stderr)
    return 1 if surprising else 0


def add_convention_options(parser: argparse.ArgumentParser) -> None:
    """The options that say what a target is; shared with the pytest plugin."""
    parser.add_argument("--task", choices=["binary", "multiclass", "multilabel"],
                        default="binary")
    parser.add_argument("--average", choices=["micro", "macro", "weighted", "none"],
                        default="macro", help="multiclass/multilabel average (default macro)")
    parser.add_argument("--classes", type=int, default=3)
    parser.add_argument("--labels", choices=["onehot", "sparse"], default="onehot",
                        help="multiclass y_true layout")
    parser.add_argument("--threshold", type=float, default=0.5,
                        help="binary/multilabel: y_pred > T is positive")
    parser.add_argument("--beta", type=float, default=1.0)
    parser.add_argument("--epsilon", type=float, default=0.0,
                        help="declared additive denominator guard (Keras: 1e-7)")


def conventions(args: argparse.Namespace):
    from f1_oracle.target import Conventions

    return Conventions(task=args.task, average=args.average, classes=args.classes,
                       labels=args.labels, threshold=args.threshold, beta=args.beta,
                       epsilon=args.epsilon)


def _check(args) -> int:
    from f1_oracle import report
    from f1_oracle.target import TargetError, implementation

    try:
        impl = implementation(args.target, conventions(args))
    except TargetError as error:
        print(f"f1-oracle: {error}", file=sys.stderr)
        return 2
    print(f"checking {impl.name} ({impl.harness} harness): "
          + ", ".join(f"{k} {v}" for k, v in impl.contract.conventions().items()),
          file=sys.stderr)
    outcomes = report.run([impl], args.max_examples, seed=args.seed)
    failed = [o for o in outcomes if not o.holds]
    for o in failed:
        print(f"\n{o.counterexample}")
    if args.json:
        Path(args.json).write_text(json.dumps(
            {"target": args.target, "conventions": impl.contract.conventions(),
             "checks": {o.check: report.outcome_json(o) for o in outcomes}}, indent=2))
    verdict = "conforms" if not failed else f"{len(failed)} of {len(outcomes)} properties fail"
    print(f"{impl.name}: {verdict}", file=sys.stderr)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="f1-oracle", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    chk = sub.add_parser("check", help="check an F1 implementation against scikit-learn")
    chk.add_argument("target", help="package.module:name or path/to/file.py:name")
    add_convention_options(chk)
    chk.add_argument("--max-examples", type=int, default=50)
    chk.add_argument("--seed", type=int, default=None,
                     help="random search with this seed (default: derandomized)")
    chk.add_argument("--json", default=None, help="write the verdicts to this file")
    rep = sub.add_parser("report", help="run the battery on every registered implementation")
    rep.add_argument("--out", default="report")
    rep.add_argument("--max-examples", type=int, default=50)
    rep.add_argument("--only", default="", help="implementations whose name contains this")
    sub.add_parser("table", help="print the registry table")
    args = parser.parse_args(argv)
    from f1_oracle.distributed import configure_replicas

    configure_replicas()  # before TensorFlow starts, for the distributed check
    if args.command == "table":
        sys.stdout.write(registry_table())
        return 0
    return _check(args) if args.command == "check" else _report(args)


if __name__ == "__main__":
    sys.exit(main())
