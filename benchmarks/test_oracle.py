"""The oracle's own speed: examples per second through each harness, the time of
`f1-oracle check` on conforming and on buggy metrics, with the default profile, and the
wall time of whole commands as a shell runs them (start-up included), with what they
imported.

Each is timed once after a warm-up (compiled models and traced functions are cached
across examples, as in a real run). `extra_info["kind"] == "oracle"` tells
benchmarks/report.py to put these rows in their own table.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time
from pathlib import Path

import pytest

from f1_oracle import api
from f1_oracle.checks import BY_NAME as CHECKS
from f1_oracle.runner import search
from metrics_impl.registry import BY_NAME as REGISTRY

EXAMPLES = 20
HARNESSES = {  # harness: (registry entry, check that drives it)
    "stream (update_state)": ("streaming/binary-column", "batch_split"),
    "evaluate (compiled model)": ("streaming/binary-column@epoch", "batch_split"),
    "fit (callback)": ("seed003-log-sums@fit", "batch_split"),
    "distributed (2 replicas)": ("streaming/binary-column", "distributed"),
    "torch (torchmetrics)": ("torchmetrics.BinaryF1Score", "batch_split"),
}
TARGETS = {  # what a user runs: (target, conventions, conforms)
    "Keras metric, conforming": ("metrics_impl.streaming:StreamingF1", {"task": "binary"},
                                 True),
    "Keras metric, one bug (never accumulates)": (
        "metrics_impl.seed001_posted:PostedF1Score", {"task": "binary"}, False),
    "metric function (evaluate), one bug": ("metrics_impl/keras2_batchwise.py:f1",
                                            {"task": "binary"}, False),
    "torchmetrics, conforming": ("torchmetrics.classification:BinaryF1Score",
                                 {"task": "binary", "scores": "auto"}, True),
}


# Whole commands: (arguments, the module they need). Keras and TensorFlow take seconds to
# import; a metric that runs without them should not pay for them.
COMMANDS = {
    "--help": (["--help"], None),
    "checks": (["checks"], None),
    "check: a numpy function (scikit-learn's f1_score), conforming": (
        ["check", "sklearn.metrics:f1_score", "--task", "binary"], None),
    "check: torchmetrics, conforming": (
        ["check", "torchmetrics.classification:BinaryF1Score", "--task", "binary",
         "--scores", "auto"], "torchmetrics"),
    "check: Keras F1Score multiclass macro, conforming": (
        ["check", "keras.metrics:F1Score", "--task", "multiclass", "--classes", "4",
         "--average", "macro", "--ties", "all", "--epsilon", "1e-7"], None),
}
# The command through the CLI's main(), then which of Keras and its backends it imported.
PROBE = ("import sys\nfrom f1_oracle.cli import main\ntry:\n    code = main(sys.argv[1:])\n"
         "except SystemExit as done:  # --help\n    code = done.code\n"
         "print('imported:', sorted(m for m in ('keras', 'tensorflow', 'jax') "
         "if m in sys.modules), file=sys.stderr)\nsys.exit(code)")
ROOT = Path(__file__).resolve().parent.parent


def run_command(args: list[str]) -> tuple[subprocess.CompletedProcess, str]:
    """`f1-oracle ARGS` in a fresh process: the result, and what it imported."""
    done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=900)
    last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    return done, last.removeprefix("imported: ") if last.startswith("imported: ") else "?"


def _needs(module: str) -> None:
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not installed")


@pytest.mark.parametrize("harness", list(HARNESSES))
def test_examples_per_second(benchmark, harness):
    name, check = HARNESSES[harness]
    if "torch" in harness:
        _needs("torchmetrics")
    impl = REGISTRY[name]
    searched = []
    benchmark.pedantic(lambda: searched.append(search(impl, CHECKS[check],
                                                      max_examples=EXAMPLES)),
                       rounds=1, iterations=1, warmup_rounds=1)
    assert searched[-1].verdict is None, searched[-1].verdict.message()
    benchmark.extra_info.update(kind="oracle", what=f"{harness}: {check}",
                                examples=searched[-1].examples)


@pytest.mark.parametrize("target", list(TARGETS))
def test_check_wall_time(benchmark, target):
    spec, conventions, conforms = TARGETS[target]
    if spec.startswith("torchmetrics"):
        _needs("torchmetrics")
    results, first = [], []
    start = time.monotonic()

    def failed(result):  # when the first counterexample is printed
        first.append(time.monotonic() - start)

    benchmark.pedantic(lambda: results.append(api.check(spec, on_failure=failed,
                                                        **conventions)),
                       rounds=1, iterations=1)
    assert results[-1].ok == conforms, str(results[-1])
    ran = [r for r in results[-1].checks if r.status in ("holds", "FAILS")]
    benchmark.extra_info.update(kind="oracle", what=f"check: {target}",
                                examples=sum(r.examples for r in ran), checks=len(ran),
                                verdict=results[-1].summary().split(": ", 1)[1],
                                first_counterexample_s=first[0] if first else None)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_command_wall_time(benchmark, command):
    args, needs = COMMANDS[command]
    if needs:
        _needs(needs)
    runs = []
    benchmark.pedantic(lambda: runs.append(run_command(args)), rounds=1, iterations=1)
    done, imported = runs[-1]
    assert done.returncode == 0, done.stderr[-2000:]
    summary = done.stderr.strip().splitlines()[-2] if args[0] == "check" else "-"
    benchmark.extra_info.update(kind="oracle", what=f"command: f1-oracle {' '.join(args)}",
                                examples=0, verdict=f"{summary.split(': ', 1)[-1]}; "
                                f"imported {imported}")
