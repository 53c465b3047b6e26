"""The oracle's own speed: examples per second through each harness, and the wall time of
`f1-oracle check` on conforming and on buggy metrics, with the default profile.

Each is timed once after a warm-up (compiled models and traced functions are cached
across examples, as in a real run). `extra_info["kind"] == "oracle"` tells
benchmarks/report.py to put these rows in their own table.
"""

from __future__ import annotations

import importlib.util
import time

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
