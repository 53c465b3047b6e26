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
import threading
import time
from pathlib import Path
from typing import NamedTuple

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


# `f1-oracle ARGS` through the CLI's main(), then which of Keras and its backends it imported.
PROBE = ("import sys\nfrom f1_oracle.cli import main\ntry:\n    code = main(sys.argv[1:])\n"
         "except SystemExit as done:  # --help\n    code = done.code\n"
         "print('imported:', sorted(m for m in ('keras', 'tensorflow', 'jax') "
         "if m in sys.modules), file=sys.stderr)\nsys.exit(code)")
F1SCORE = ["keras.metrics:F1Score", "--task", "multiclass", "--classes", "4"]
F1SCORE_MACRO = [*F1SCORE, "--average", "macro", "--ties", "all", "--epsilon", "1e-7"]


def cli_argv(*args: str) -> list[str]:
    """python's arguments that run `f1-oracle ARGS` through the PROBE."""
    return ["-c", PROBE, *args]


# Whole commands as a shell runs them: (python's arguments, the module they need, the
# exit status a right verdict has, the bound in seconds). Keras and TensorFlow take
# seconds to import; a metric that runs without them should not pay for them.
COMMANDS = {
    "f1-oracle --help": (cli_argv("--help"), None, 0, 1),
    "f1-oracle checks": (cli_argv("checks"), None, 0, 1),
    "f1-oracle table": (cli_argv("table"), None, 0, 1),
    "f1-oracle check sklearn.metrics:f1_score --task binary": (
        cli_argv("check", "sklearn.metrics:f1_score", "--task", "binary"), None, 0, 10),
    "f1-oracle check torchmetrics.classification:BinaryF1Score --task binary --scores auto": (
        cli_argv("check", "torchmetrics.classification:BinaryF1Score", "--task", "binary",
             "--scores", "auto"), "torchmetrics", 0, 10),
    "f1-oracle check river.metrics:F1 --task binary": (
        cli_argv("check", "river.metrics:F1", "--task", "binary"), "river", 0, 10),
    "f1-oracle check " + " ".join(F1SCORE_MACRO): (cli_argv("check", *F1SCORE_MACRO), None, 0, 20),
    "f1-oracle check metrics_impl.seed001_posted:PostedF1Score --task binary (one bug)": (
        cli_argv("check", "metrics_impl.seed001_posted:PostedF1Score", "--task", "binary"), None,
        1, 30),
    "f1-oracle check metrics_impl/keras2_batchwise.py:f1 --task binary (evaluate, one bug)": (
        cli_argv("check", "metrics_impl/keras2_batchwise.py:f1", "--task", "binary"), None, 1, 45),
    "f1-oracle infer torchmetrics.classification:MulticlassF1Score --task multiclass "
    "--classes 4": (cli_argv("infer", "torchmetrics.classification:MulticlassF1Score", "--task",
                         "multiclass", "--classes", "4"), "torchmetrics", 0, 3),
    "python -c 'import keras' (the backend's own import, for the next bound)": (
        ["-c", "import keras"], None, 0, None),
    "f1-oracle infer " + " ".join(F1SCORE): (cli_argv("infer", *F1SCORE), None, 0, "import + 1"),
    "pytest --pyargs f1_oracle.testing --f1-target keras.metrics:F1Score ... (the plugin)": (
        ["-m", "pytest", "-q", "-p", "no:cacheprovider", "--pyargs", "f1_oracle.testing",
         "--f1-target", F1SCORE_MACRO[0], "--f1-conventions", " ".join(F1SCORE_MACRO[1:])],
        None, 0, "the CLI's"),
    "api.check('keras.metrics:F1Score', ...) (the Python API)": (
        ["-c", "import sys\nfrom f1_oracle import api\nsys.exit(0 if api.check("
         "'keras.metrics:F1Score', task='multiclass', classes=4, average='macro', "
         "ties='all', epsilon=1e-7).ok else 1)"], None, 0, "the CLI's"),
}
ROOT = Path(__file__).resolve().parent.parent


class Ran(NamedTuple):
    done: subprocess.CompletedProcess
    first_output_s: float | None  # when stdout's first line came: a counterexample, for check
    imported: str


def run_command(argv: list[str]) -> Ran:
    """`python ARGV` in a fresh process, timed, with when it first wrote to stdout and what
    it imported (for the PROBE)."""
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, *argv], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    first, out = [], []

    def read_stdout():
        for line in proc.stdout:
            if line.strip() and not first:
                first.append(time.monotonic() - start)
            out.append(line)

    reader = threading.Thread(target=read_stdout)
    reader.start()
    err = proc.stderr.read()
    proc.wait(timeout=900)
    reader.join()
    last = err.strip().splitlines()[-1] if err.strip() else ""
    imported = last.removeprefix("imported: ") if last.startswith("imported: ") else "?"
    done = subprocess.CompletedProcess(proc.args, proc.returncode, "".join(out), err)
    return Ran(done, first[0] if first else None, imported)


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
    argv, needs, status, bound = COMMANDS[command]
    if needs:
        _needs(needs)
    runs = []
    benchmark.pedantic(lambda: runs.append(run_command(argv)), rounds=1, iterations=1)
    ran = runs[-1]
    assert ran.done.returncode == status, ran.done.stderr[-2000:]
    benchmark.extra_info.update(
        kind="oracle", what=f"command: {command}", examples=0, bound_s=bound,
        first_counterexample_s=ran.first_output_s if status == 1 else None,
        verdict=_verdict(argv, ran))


def _verdict(argv: list[str], ran: Ran) -> str:
    """The verdict line a user reads: check's summary (with what the command imported),
    pytest's last line."""
    if argv[:2] == cli_argv()[:2]:
        err = ran.done.stderr.strip().splitlines()
        said = err[-2].split(": ", 1)[-1] if argv[2] == "check" else "-"
        return f"{said}; imported {ran.imported}"
    if "pytest" in argv:
        return ran.done.stdout.strip().splitlines()[-1].strip("= ")
    return "-"
