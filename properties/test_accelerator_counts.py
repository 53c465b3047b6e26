"""The streaming metric counts multiclass rows another way where JAX compiles for a GPU or
TPU (a fused compare-and-sum instead of a scatter-add: `metrics_impl._runtime`). CI has no
accelerator, so here that path is forced on the CPU and held to the same checks."""

import pytest

from f1_oracle.checks import BY_NAME
from f1_oracle.runner import assert_holds
from metrics_impl import _runtime
from metrics_impl.registry import BY_NAME as IMPLEMENTATIONS

MULTICLASS = [
    "streaming/multiclass-onehot-macro",
    "streaming/multiclass-sparse-column-weighted,zd=nan",
]


@pytest.fixture
def accelerator_path(monkeypatch):
    monkeypatch.setattr(_runtime, "dense_counts_pay", lambda: True)


@pytest.mark.parametrize("check", ["batch_split", "integer_weights_repeat_rows"])
@pytest.mark.parametrize("name", MULTICLASS)
def test_dense_counts_hold(accelerator_path, name, check):
    assert_holds(IMPLEMENTATIONS[name], BY_NAME[check])


def test_the_path_is_taken(accelerator_path, monkeypatch):
    """Without this, a dispatch that ignored dense_counts_pay would pass the test above."""
    calls = []
    dense = _runtime.dense_bincount
    monkeypatch.setattr(_runtime, "dense_bincount", lambda *a: calls.append(a) or dense(*a))
    metric = IMPLEMENTATIONS[MULTICLASS[0]].build(num_classes=3)
    one_hot = [[1.0, 0.0, 0.0]]
    metric.update_state(one_hot, one_hot)
    assert len(calls) == 2  # predicted positives, then (missed, hit) per true class
