"""Run f1-oracle on every expressible bug, buggy and fixed release, and write RESULTS.md.

`python -m corpus.run [--only ID] [--dry-run] [--max-examples N] [--profile P]
[--fixed-only]`: for each side,
`f1-oracle check <target> <flags> --json <tmp>` runs in a subprocess with
PYTHONPATH=.corpus/<package>-<version> (the f1-oracle next to sys.executable). The buggy
release must be caught (exit 1 with a JSON verdict naming a failed check) and the fixed
one must pass (exit 0); anything else makes this command exit 1. Failing checks come
from the JSON's "checks" mapping. `--fixed-only --profile thorough` is the false-alarm
sweep: every fixed release under the thorough profile (RESULTS.md is left as it is).
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus._common import ROOT, bugs, env_for, release_dir

ORACLE = Path(sys.executable).with_name("f1-oracle")
RESULTS = ROOT / "corpus" / "RESULTS.md"
EXPECTED = {"buggy": 1, "fixed": 0}


def command(bug: dict, side: str, json_path: str, budget: list[str]) -> list[str]:
    return [str(ORACLE), "check", bug[f"target_{side}"], *bug["flags"], "--json", json_path,
            *budget]


def check(bug: dict, side: str, budget: list[str], timeout: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        json_path = str(Path(tmp) / "verdict.json")
        start = time.monotonic()
        try:
            proc = subprocess.run(command(bug, side, json_path, budget), cwd=ROOT,
                                  env=env_for(bug, side), capture_output=True, text=True,
                                  timeout=timeout)
            code, tail = proc.returncode, (proc.stderr.strip().splitlines() or [""])[-1]
        except subprocess.TimeoutExpired:
            code, tail = None, f"timed out after {timeout:.0f} s"
        seconds = time.monotonic() - start
        failing, verdicts, examples = [], Path(json_path).is_file(), 0
        if verdicts:
            checks = json.loads(Path(json_path).read_text()).get("checks", {})
            failing = sorted(name for name, v in checks.items() if v.get("holds") is False)
            examples = sum(v.get("examples", 0) for v in checks.values())
    # exit 1 counts as "caught" only with a written verdict naming a failed check: a
    # traceback also exits 1
    ok = code == EXPECTED[side] and (side == "fixed" or (verdicts and bool(failing)))
    return {"code": code, "seconds": seconds, "failing": failing, "tail": tail, "ok": ok,
            "verdicts": verdicts, "examples": examples}


def verdict(result: dict) -> str:
    if result["code"] == 0:
        text = "passes"
    elif result["code"] == 1 and result["verdicts"]:
        text = "caught: " + (", ".join(result["failing"]) or "(no check named)")
    else:
        text = f"exit {result['code']}: {result['tail']}"
    return text if result["ok"] else f"**UNEXPECTED** {text}"


def write_results(rows: list[tuple[dict, dict, dict]], missing: list[dict]) -> None:
    lines = ["# f1-oracle on the bug corpus", "",
             "Written by `python -m corpus.run`; buggy must exit 1, fixed must exit 0.", "",
             "| bug | library | buggy -> fixed | issue | buggy verdict | fixed verdict | seconds |",
             "|---|---|---|---|---|---|---|"]
    for bug, b, f in rows:
        issue = bug["issue"].rstrip("/").split("/")[-1]
        lines.append(f"| {bug['id']} | {bug['library']} | {bug['buggy']} -> {bug['fixed']} "
                     f"| [#{issue}]({bug['issue']}) | {verdict(b)} | {verdict(f)} "
                     f"| {b['seconds']:.0f} / {f['seconds']:.0f} |")
    lines += ["", "Not expressible yet (no check can catch them; what the oracle lacks):", "",
              "| bug | library | buggy -> fixed | issue | what is missing |",
              "|---|---|---|---|---|"]
    for bug in missing:
        issue = bug["issue"].rstrip("/").split("/")[-1]
        lines.append(f"| {bug['id']} | {bug['library']} | {bug['buggy']} -> {bug['fixed']} "
                     f"| [#{issue}]({bug['issue']}) | {bug['missing']} |")
    RESULTS.write_text("\n".join(lines) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=None, help="one bug id")
    parser.add_argument("--dry-run", action="store_true", help="print the commands only")
    parser.add_argument("--max-examples", type=int, default=None)
    parser.add_argument("--profile", default=None, help="f1-oracle check's --profile")
    parser.add_argument("--fixed-only", action="store_true",
                        help="only the fixed releases: a false-alarm sweep")
    parser.add_argument("--timeout", type=float, default=1200, help="seconds per check")
    args = parser.parse_args(argv)
    selected = [b for b in bugs(args.only) if b["expressible"]]
    budget = [*(["--max-examples", str(args.max_examples)] if args.max_examples else []),
              *(["--profile", args.profile] if args.profile else [])]
    sides = ("fixed",) if args.fixed_only else ("buggy", "fixed")
    if args.dry_run:
        for bug in selected:
            for side in sides:
                print(f"PYTHONPATH={shlex.quote(str(release_dir(bug, side)))} "
                      + shlex.join(command(bug, side, "<tmp>/verdict.json", budget)))
        return 0
    if args.fixed_only:
        results = [(bug, check(bug, "fixed", budget, args.timeout)) for bug in selected]
        for bug, f in results:
            print(f"{bug['id']} {bug['fixed']}: {verdict(f)} ({f['examples']} examples, "
                  f"{f['seconds']:.0f} s)", flush=True)
        return 0 if all(f["ok"] for _, f in results) else 1
    rows = []
    for bug in selected:
        b = check(bug, "buggy", budget, args.timeout)
        f = check(bug, "fixed", budget, args.timeout)
        print(f"{bug['id']}: buggy {verdict(b)}; fixed {verdict(f)}", flush=True)
        rows.append((bug, b, f))
    if args.only is None and not budget:  # the table is the whole corpus's, as committed
        write_results(rows, [b for b in bugs(None) if not b["expressible"]])
    return 0 if all(b["ok"] and f["ok"] for _, b, f in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
