"""Run each bug's counterexample on the buggy and the fixed release, without the oracle.

`python -m corpus.reproduce [--only ID]`: for every bug, one subprocess per side with
PYTHONPATH=.corpus/<package>-<version> loads corpus/targets/<id>.py, builds the side's
factory and calls the module's run(factory); a third computes its sklearn() value.
Reproduced = the buggy value differs from sklearn (or raises) and the fixed one equals it.
This is the evidence that the bug is real, independent of f1-oracle.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from corpus._common import ROOT, bugs, env_for

SNIPPET = """
import importlib.util, json, sys, warnings, logging
warnings.filterwarnings("ignore"); logging.disable(logging.WARNING)
path, name = sys.argv[1].rsplit(":", 1)
spec = importlib.util.spec_from_file_location("corpus_target", path)
mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)
try:
    value = mod.sklearn() if name == "@sklearn" else mod.run(getattr(mod, name))
    print("RESULT " + json.dumps(float(value)))
except Exception as error:
    print("RESULT " + json.dumps(f"raises {type(error).__name__}"))
"""


def evaluate(bug: dict, side: str, target: str) -> float | str:
    proc = subprocess.run([sys.executable, "-c", SNIPPET, target], cwd=ROOT,
                          env=env_for(bug, side), capture_output=True, text=True, timeout=300)
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    return f"failed (rc {proc.returncode}): {proc.stderr.strip().splitlines()[-1:]}"


def row(bug: dict) -> dict:
    module = bug["target_fixed"].rsplit(":", 1)[0]
    buggy = evaluate(bug, "buggy", bug["target_buggy"])
    fixed = evaluate(bug, "fixed", bug["target_fixed"])
    reference = evaluate(bug, "fixed", f"{module}:@sklearn")

    def close(a, b):
        return isinstance(a, float) and isinstance(b, float) and math.isclose(a, b, abs_tol=1e-6)

    reproduced = close(fixed, reference) and not close(buggy, reference)
    return {"id": bug["id"], "buggy": buggy, "fixed": fixed, "sklearn": reference,
            "reproduced": reproduced}


def fmt(value) -> str:
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=None, help="one bug id")
    args = parser.parse_args(argv)
    selected = bugs(args.only)
    with ThreadPoolExecutor(max_workers=4) as pool:
        rows = list(pool.map(row, selected))
    header = ("id", "buggy", "fixed", "sklearn", "reproduced")
    lines = [header] + [(r["id"], fmt(r["buggy"]), fmt(r["fixed"]), fmt(r["sklearn"]),
                         "yes" if r["reproduced"] else "NO") for r in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for line in lines:
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)))
    return 0 if all(r["reproduced"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
