"""Where a distribution engine, not the metric, limits what can be fed.

The distributed check (f1_oracle/checks.py) runs every Keras metric in the registry under
the backend's engine. These tests pin the engines' own limits found on the way, so that
a release that lifts one shows up here (and the check can then draw what it avoids).
"""

import keras
import numpy as np
import pytest

from f1_oracle import distributed
from f1_oracle.case import Case
from f1_oracle.harness import Batches
from metrics_impl.registry import BY_NAME

BACKEND = keras.backend.backend()
needs_replicas = pytest.mark.skipif(distributed.replicas() < 2, reason="one device")
IMPL = BY_NAME["streaming/binary-column"]


def _uneven_first_batch() -> Case:
    return Case(np.array([[1], [0], [1]]), np.array([[0.7], [0.2], [0.9]], np.float32), None,
                (3,), 1)


@needs_replicas
@pytest.mark.skipif(BACKEND != "tensorflow", reason="MirroredStrategy")
def test_keras_mirrored_evaluate_fails_on_an_uneven_first_batch():
    """keras #19246: Keras's TensorFlow trainer reduces the first distributed batch with
    MEAN across replicas to build the model (`_maybe_symbolic_build`), and the parts of a
    batch of 3 over two replicas have 2 and 1 rows. Later uneven batches are fine."""
    import tensorflow as tf

    with pytest.raises(tf.errors.InvalidArgumentError, match="AddN"):
        distributed.evaluate(IMPL, _uneven_first_batch())
    even_first = _uneven_first_batch().with_rows(np.arange(3), (2, 1))
    assert float(distributed.evaluate(IMPL, even_first)) == pytest.approx(1.0)


@needs_replicas
@pytest.mark.skipif(BACKEND != "jax", reason="DataParallel on JAX")
def test_jax_data_parallel_refuses_a_batch_it_cannot_split_evenly():
    """JAX shards a batch only into equal parts: a batch of 3 over two devices raises
    (loudly, not a wrong number), so the harness fills batches up with zero-weight rows."""
    from jax._src.sharding import IndivisibleError

    with pytest.raises(IndivisibleError):
        distributed.evaluate_batches(IMPL, Batches.of(_uneven_first_batch()))


def test_padding_adds_zero_weight_copies_only_where_a_batch_is_uneven():
    batches = Batches([(np.ones((3, 1)), np.full((3, 1), 0.7), None),
                       (np.ones((2, 1)), np.full((2, 1), 0.7), np.array([2.0, 3.0]))], 1)
    (t1, p1, w1), (t2, _, w2) = distributed.padded(batches, 2).items
    assert t1.shape == p1.shape == (4, 1) and list(w1) == [1, 1, 1, 0]
    assert t2.shape == (2, 1) and list(w2) == [2, 3]


@needs_replicas
def test_distributed_evaluate_leaves_the_cases_arrays_alone():
    """TensorFlow under MirroredStrategy at times writes zeros into the sample_weight
    arrays it is fed (README, Findings); the harness feeds copies, so a case, and the
    scikit-learn value computed from it afterwards, stay what was drawn."""
    weights = np.array([1, 2, 0, 3, 1, 1], np.float32)
    case = Case(np.array([[1], [0], [1], [1], [0], [1]]),
                np.linspace(0, 1, 6, dtype=np.float32)[:, None], weights, (4, 2), 1)
    for _ in range(8):
        distributed.evaluate(IMPL, case)
    assert weights.tolist() == [1, 2, 0, 3, 1, 1]


@needs_replicas
@pytest.mark.skipif(BACKEND != "tensorflow", reason="MirroredStrategy's dataset")
def test_a_function_returning_one_value_per_batch_is_fed_no_weights():
    """Keras 2's batch-wise f1 returns one value per batch: weighted per row (ones, as
    the dataset once carried for every case) Keras raised "Shape must be at most rank 0",
    an exception the check showed as the metric's. Unweighted cases are fed unweighted;
    the batch average is then seen as a value (the known bug)."""
    case = Case(np.array([[1], [0], [1], [1]]), np.array([[0.9], [0.2], [0.1], [0.8]],
                                                         np.float32), None, (2, 2), 1)
    value = float(distributed.evaluate(BY_NAME["keras2-f1@epoch"], case))
    assert 0 <= value <= 1
