"""The update_state hot path: ours against the metrics users would otherwise pick.

Each benchmark times one update on inputs already on the device, with the device
synchronised before the clock stops and warm-up (tracing, compilation) excluded. The
JSON written by pytest-benchmark carries, per benchmark, the bytes an update reads and
the copy bandwidth measured in the same run, from which benchmarks/report.py computes
the fraction of the roofline.
"""

from __future__ import annotations

import os

import keras
import pytest

from benchmarks import device
from metrics_impl import tfa_compat
from metrics_impl.streaming import StreamingFBeta

SIZES = [int(float(n)) for n in os.environ.get("BENCH_SIZES", "1e3,1e4,1e5,1e6,1e7").split(",")]
MAX_ELEMENTS = int(float(os.environ.get("BENCH_MAX_ELEMENTS", "1e8")))
SHAPES = {  # name: (task, layout, classes)
    "binary": ("binary", "binary", 1),
    "onehot-10": ("multiclass", "onehot", 10),
    "sparse-10": ("multiclass", "sparse", 10),
    "onehot-100": ("multiclass", "onehot", 100),
    "multilabel-10": ("multilabel", "multilabel", 10),
}


def _ours(validate):
    def make(task, layout, classes):
        if task == "binary":
            return StreamingFBeta(validate=validate)
        return StreamingFBeta(task, classes, "macro", validate=validate)

    return make


def _keras(task, layout, classes):
    if layout == "sparse":
        return None  # keras.metrics.F1Score has no sparse labels
    threshold = None if task == "multiclass" else 0.5
    return keras.metrics.F1Score(average="macro", threshold=threshold)


def _tfa(task, layout, classes):
    if layout == "sparse":
        return None
    threshold = None if task == "multiclass" else 0.5
    return tfa_compat.F1Score(classes, average="macro", threshold=threshold)


def _torchmetrics(task, layout, classes):
    try:
        from torchmetrics import classification as tm
    except ImportError:
        return None
    if keras.backend.backend() != "torch" or layout == "onehot":
        return None  # fed torch tensors only on the torch backend; no one-hot targets
    if task == "binary":
        return tm.BinaryF1Score(validate_args=False)
    if task == "multilabel":
        return tm.MultilabelF1Score(classes, average="macro", validate_args=False)
    return tm.MulticlassF1Score(classes, average="macro", validate_args=False)


class ColumnSums(keras.metrics.Metric):
    """Not an F1: the least any per-class update must do, read y_true and y_pred once into
    per-column sums. Its row is the floor a backend's reductions set on this device."""

    def __init__(self, classes):
        super().__init__(name="column_sums")
        self.sums = self.add_variable((2, classes), initializer="zeros", name="sums")

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = keras.ops.cast(y_true, "float32")
        if len(y_true.shape) == 1:  # class indices: their sum stands in for the column sums
            y_true = keras.ops.broadcast_to(keras.ops.sum(y_true), (1, self.sums.shape[1]))
        self.sums.assign_add(keras.ops.stack([
            keras.ops.sum(y_true, axis=0), keras.ops.sum(keras.ops.cast(y_pred, "float32"), 0)]))

    def result(self):
        return self.sums


IMPLEMENTATIONS = {
    "ours": _ours(True),
    "ours-novalidate": _ours(False),
    "keras.F1Score": _keras,
    "tfa-compat": _tfa,
    "torchmetrics": _torchmetrics,
    "floor:column-sums": lambda task, layout, classes: ColumnSums(classes),
}


@pytest.fixture(scope="session")
def bandwidth():
    return device.copy_bandwidth()


# The top decorator varies fastest: the implementations of one input run back to back.
@pytest.mark.parametrize("impl", list(IMPLEMENTATIONS))
@pytest.mark.parametrize("mode", ["eager", "compiled"])
@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
@pytest.mark.parametrize("n", SIZES, ids=lambda n: f"N={n:.0e}")
@pytest.mark.parametrize("shape", list(SHAPES))
def test_update_state(benchmark, bandwidth, impl, shape, n, mode, dtype):
    task, layout, classes = SHAPES[shape]
    if dtype == "bfloat16" and shape not in ("onehot-10", "binary"):
        pytest.skip("bfloat16 is swept on two shapes only")
    if n * classes > MAX_ELEMENTS:
        pytest.skip(f"N x C above BENCH_MAX_ELEMENTS={MAX_ELEMENTS:.0e} (memory)")
    if mode == "compiled" and keras.backend.backend() == "torch":
        pytest.skip("the torch backend has no compiled update: its eager row is the update")
    metric = IMPLEMENTATIONS[impl](task, layout, classes)
    if metric is None:
        pytest.skip(f"{impl} has no {shape} input on the {keras.backend.backend()} backend")
    y_true, y_pred = device.inputs(n, classes, layout, dtype)
    if impl == "torchmetrics":
        if mode == "compiled":
            pytest.skip("torchmetrics runs eagerly; its eager row is the comparison")
        metric = metric.to(y_pred.device)  # its state lives where the inputs are
        target = y_true.long()

        def call():
            return metric.update(y_pred, target)

        counted = call
    else:
        update = metric.update_state if mode == "eager" else device.compiled_update(metric)

        def call():
            return update(y_true, y_pred)

        counted = device.pure_update(metric, y_true, y_pred)

    def step():
        result = call()
        device.sync(result if result is not None else y_pred)

    step()  # warm-up: tracing and compilation are not timed
    benchmark.extra_info.update({
        "backend": keras.backend.backend(), "device": device.device_name(),
        "bytes_read": device.bytes_read(y_true, y_pred), "copy_bandwidth": bandwidth,
        "y_pred_bytes": device.bytes_read(y_pred), "peak_bytes": device.peak_bytes(step),
        "eager_ops": device.eager_ops(counted) if mode == "eager" else None,
        "n": n, "shape": shape, "mode": mode, "dtype": dtype, "impl": impl,
    })
    if mode == "compiled" and impl != "torchmetrics":
        benchmark.extra_info["compiled_temp_bytes"] = device.compiled_temp_bytes(
            metric, y_true, y_pred)
        benchmark.extra_info["compiled_kernels"] = device.compiled_kernels(
            metric, y_true, y_pred)
    benchmark.pedantic(step, rounds=7, iterations=1, warmup_rounds=1)
