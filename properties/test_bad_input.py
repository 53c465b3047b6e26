"""Bad input gets a clear error naming the problem, never a silent wrong number.

Eagerly, the streaming metric raises BadInput (a ValueError) with a message naming the
problem. Inside a compiled step (model.evaluate), values cannot be inspected while
tracing, so the state is poisoned and the reported value is NaN.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from f1_oracle import harness
from f1_oracle._backend import holds
from f1_oracle.case import Case
from f1_oracle.contract import Argmax
from f1_oracle.probes import probe_all
from f1_oracle.strategies import cases
from metrics_impl._inputs import BadInput
from metrics_impl.registry import BY_NAME, REGISTRY
from metrics_impl.streaming import StreamingFBeta

B = dict(task="binary")
MC = dict(task="multiclass", num_classes=3, average="macro")
ML = dict(task="multilabel", num_classes=3, average="macro")
col = np.array([[1], [0], [1]], np.float32)
probs = np.array([[0.9], [0.2], [0.4]], np.float32)
onehot = np.eye(3, dtype=np.float32)
scores = np.full((3, 3), 0.3, np.float32)

BAD = [
    ("nan in y_pred", B, col, np.array([[0.9], [np.nan], [0.4]], np.float32), None, "NaN or inf"),
    ("inf in y_pred", B, col, np.array([[0.9], [np.inf], [0.4]], np.float32), None, "NaN or inf"),
    ("nan in scores", MC, onehot, np.where(np.eye(3) > 0, np.nan, 0.1).astype(np.float32), None,
     "NaN or inf"),
    ("y_pred above 1", B, col, np.array([[1.5], [0.2], [0.4]], np.float32), None,
     r"outside \[0, 1\]"),
    ("negative y_pred", ML, onehot, -scores, None, r"outside \[0, 1\]"),
    ("label 2 in binary", B, np.array([[2], [0], [1]]), probs, None, "other than 0 and 1"),
    ("class out of range", MC, np.array([0, 3, 1]), scores, None, r"outside 0\.\.2"),
    ("negative class", MC, np.array([0, -1, 1]), scores, None, r"outside 0\.\.2"),
    ("fractional class", MC, np.array([0, 1.5, 1]), scores, None, r"outside 0\.\.2"),
    ("not one-hot", MC, np.ones((3, 3)), scores, None, "not one-hot"),
    ("row mismatch", B, col, probs[:2], None, "row counts differ"),
    ("weights row mismatch", B, col, probs, np.ones(2), "row counts differ"),
    ("binary given C columns", B, col, scores, None, r"binary expects y_pred of shape \(N,\)"),
    ("rank 3 y_pred", B, col, probs[:, :, None], None, "binary expects y_pred"),
    ("wrong class count", MC, onehot, scores[:, :2], None, r"y_pred of shape \(N, 3\)"),
    ("multilabel shape", ML, onehot[:, :2], scores, None, r"multilabel expects"),
    ("string labels", B, np.array([["a"], ["b"], ["a"]]), probs, None, "dtype"),
    ("negative weight", B, col, probs, np.array([1.0, -1.0, 1.0]), "negative"),
    ("nan weight", B, col, probs, np.array([1.0, np.nan, 1.0]), "sample_weight contains NaN"),
    ("weight rank 2", B, col, probs, np.ones((3, 2)), r"shape \(N,\) or \(N, 1\)"),
]


@pytest.mark.parametrize(("config", "y_true", "y_pred", "weight", "message"),
                         [pytest.param(*row[1:], id=row[0]) for row in BAD])
def test_bad_input_raises_naming_the_problem(config, y_true, y_pred, weight, message):
    metric = StreamingFBeta(**config)
    with pytest.raises(ValueError, match=message):
        metric.update_state(y_true, y_pred, sample_weight=weight)


@pytest.mark.parametrize("kwargs", [
    dict(task="ternary"), dict(task="multiclass"), dict(task="binary", average="macro"),
    dict(task="multiclass", num_classes=3, average="samples"), dict(beta=0.0),
    dict(beta=float("inf")), dict(threshold=1.5), dict(zero_division=0.5), dict(dtype="float16"),
], ids=str)
def test_bad_configuration_raises(kwargs):
    with pytest.raises(ValueError):
        StreamingFBeta(**kwargs)


@given(cases(BY_NAME["streaming/multilabel-macro,zd=nan"].contract, weight_modes=("none",)),
       st.data())
def test_a_nan_anywhere_raises(case, data):
    y_pred = np.array(case.y_pred, dtype=np.float32)
    row = data.draw(st.integers(0, case.n_samples - 1), label="row")
    column = data.draw(st.integers(0, case.num_classes - 1), label="column")
    y_pred[row, column] = np.nan
    metric = StreamingFBeta("multilabel", case.num_classes, "weighted")
    with pytest.raises(BadInput, match="NaN"):
        harness.feed(BY_NAME["streaming/multilabel-macro,zd=nan"], metric,
                     Case(case.y_true, y_pred, None, case.batch_sizes, case.num_classes))


def test_bad_input_in_model_evaluate_is_nan_when_traced_and_raises_when_eager():
    """Inside a traced model.evaluate (TensorFlow, JAX) the values are not readable: NaN,
    not a value. Keras's torch loop runs eagerly, so there the metric raises."""
    impl = BY_NAME["streaming/binary-column@epoch"]
    good = Case(col, probs, None, (2, 1), 1)
    assert np.isfinite(harness.observe(impl, good))
    bad = Case(np.array([[2], [0], [1]]), probs, None, (2, 1), 1)
    if impl.style.traced:
        assert np.isnan(harness.observe(impl, bad))
    else:
        with pytest.raises(BadInput, match="other than 0 and 1"):
            harness.observe(impl, bad)


def test_empty_batch_and_zero_weights_change_nothing():
    metric = StreamingFBeta()
    metric.update_state(col, probs)
    before = float(metric.result())
    metric.update_state(np.zeros((0, 1)), np.zeros((0, 1), np.float32))
    metric.update_state(col, probs, sample_weight=np.zeros(3))
    assert float(metric.result()) == before


MUST_RAISE = ("NaN in y_pred", "inf in y_pred", "label out of range", "y_pred outside [0, 1]",
              "mismatched rows", "wrong rank")
SHAPE_PROBLEMS = ("mismatched rows", "wrong rank")  # known while tracing: they raise there too
OURS = [impl for impl in REGISTRY if impl.name.startswith("streaming/")]


@pytest.mark.parametrize("impl", OURS, ids=lambda impl: impl.name)
def test_our_metric_under_every_probe(impl):
    """The report's bad-input probes: ours raises naming the problem (NaN when traced),
    or gives scikit-learn's value where there is a right one."""
    outcomes = probe_all(impl)
    must_be_right = ["integer y_pred", "empty batch"]
    if isinstance(impl.contract.rule, Argmax):
        must_be_right.append("y_pred outside [0, 1]")  # argmax of logits is well defined
    for name in MUST_RAISE:
        if name in must_be_right:
            continue
        if not impl.style.traced:
            assert outcomes[name].startswith("raises BadInput"), (name, outcomes[name])
        elif name in SHAPE_PROBLEMS:
            assert outcomes[name].startswith("raises"), (name, outcomes[name])
        else:
            assert outcomes[name] == "NaN", (name, outcomes[name])
    for name in must_be_right:
        assert outcomes[name].startswith("correct"), (name, outcomes[name])


ML3 = ("multilabel", 3, "macro")


@pytest.mark.parametrize(("mine", "other"), [
    (StreamingFBeta("multiclass", 3, "macro"), StreamingFBeta("multiclass", 4, "macro")),
    (StreamingFBeta("multiclass", 3, "macro"), StreamingFBeta(*ML3)),
    (StreamingFBeta(*ML3), StreamingFBeta(*ML3, threshold=0.3)),
    (StreamingFBeta(*ML3), StreamingFBeta(*ML3, inclusive=True)),
], ids=["other class count", "other task", "other threshold", "other threshold rule"])
def test_merging_metrics_that_count_differently_raises(mine, other):
    with pytest.raises(ValueError, match="cannot merge"):
        mine.merge_state([other])


@pytest.mark.skipif(holds("float64"), reason="this backend keeps float64")
def test_a_state_dtype_the_backend_would_narrow_is_refused():
    with pytest.raises(ValueError, match="jax_enable_x64"):
        StreamingFBeta(dtype="float64")
