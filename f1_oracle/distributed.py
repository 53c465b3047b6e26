"""The data spread over replicas by a real distribution engine, as users who outgrow one
device compute F1: TensorFlow's MirroredStrategy over logical CPU devices, and Keras's
DataParallel over JAX host devices.

Each engine splits every global batch between the replicas, updates a metric per replica,
and combines the replicas' states when the value is read. MirroredStrategy splits a batch
of 3 over two replicas as 2 + 1, and a batch of 1 leaves one replica with nothing;
DataParallel only splits into equal parts, so there an uneven batch is filled up with
zero-weight rows (`padded`), as its users must. The distributed check runs the case's
batches through `model.evaluate` that way.
"""

from __future__ import annotations

import numpy as np

from f1_oracle._backend import keras_module
from f1_oracle.case import Case
from f1_oracle.harness import Batches
from f1_oracle.implementation import Implementation


def replicas() -> int:
    """Devices a distribution over this backend would use (1 where it has none)."""
    backend = keras_module().backend.backend()
    if backend == "tensorflow":
        import tensorflow as tf

        return len(tf.config.list_logical_devices("CPU"))
    if backend == "jax":
        import jax

        return len(jax.devices())
    return 1


def pads_with_weights() -> bool:
    """The engine splits batches only into equal parts, so uneven ones are padded with
    zero-weight rows (`padded`): it needs a metric that takes sample weights."""
    return keras_module().backend.backend() == "jax"


def engine() -> str:
    return {"tensorflow": "tf.distribute.MirroredStrategy",
            "jax": "keras.distribution.DataParallel"}.get(keras_module().backend.backend(), "none")


_ENGINE: list = []


def _engine():
    """The one strategy (TensorFlow) or distribution (JAX) every distributed run uses."""
    if not _ENGINE:
        if keras_module().backend.backend() == "tensorflow":
            import tensorflow as tf

            devices = [d.name for d in tf.config.list_logical_devices("CPU")]
            _ENGINE.append(tf.distribute.MirroredStrategy(devices))
        else:
            import jax

            _ENGINE.append(keras_module().distribution.DataParallel(devices=jax.devices()))
    return _ENGINE[0]


_MODELS: dict[tuple, tuple[object, str]] = {}  # (keras.Model, its metric name)


def evaluate(impl: Implementation, case: Case):
    """The value `model.evaluate` logs for the metric, the batches split over replicas
    (filled up to equal parts where the engine needs them: see `padded`)."""
    batches = Batches.of(case)
    if pads_with_weights():
        batches = padded(batches, replicas())
    return evaluate_batches(impl, batches)


def evaluate_batches(impl: Implementation, batches: Batches):
    """`model.evaluate` under the engine over exactly these batches."""
    from f1_oracle.styles import keras_model as ke  # a Keras subclass: imported here

    shape = batches.score_shape
    key = (impl.name, impl.contract, batches.num_classes, shape)
    with _engine().scope():
        if key not in _MODELS:
            metric = impl.build(batches.num_classes)
            _MODELS[key] = ke.identity_model([metric], shape), ke.log_name(metric)
        model, name = _MODELS[key]
        return ke.evaluated(model, _dataset(batches), name)


def _dataset(batches: Batches):
    """What each engine is fed: a tf.data.Dataset for MirroredStrategy (what
    tf.distribute is built around; a dataset's elements share one structure, so where
    some batch has weights every batch carries them, ones where it has none; where none
    has, none does: a Keras metric function that returns one value per batch cannot be
    weighted per row), the PyDataset on JAX."""
    if keras_module().backend.backend() != "tensorflow":
        from f1_oracle.styles.keras_model import BatchesDataset

        return BatchesDataset(batches)
    import tensorflow as tf

    weighted = any(w is not None for _, _, w in batches.items)
    items = [(np.asarray(p, np.float32), np.asarray(t, np.float32),
              *((_weights(t, w),) if weighted else ())) for t, p, w in batches.items]
    x, y = items[0][:2]
    signature = (tf.TensorSpec((None, *x.shape[1:]), tf.float32),
                 tf.TensorSpec((None, *y.shape[1:]), tf.float32),
                 *((tf.TensorSpec((None,), tf.float32),) if weighted else ()))
    # Fresh arrays per pass: under MirroredStrategy, TensorFlow at times writes into the
    # buffers it was handed (zeros in a sample_weight array; README, Findings).
    data = tf.data.Dataset.from_generator(
        lambda: (tuple(np.array(a) for a in item) for item in items), output_signature=signature)
    return data.apply(tf.data.experimental.assert_cardinality(len(items)))


def padded(batches: Batches, replicas: int) -> Batches:
    """Each batch filled up to a multiple of `replicas` with copies of its last row at
    sample weight 0: JAX shards a batch only into equal parts (a batch of 3 over two
    devices raises IndivisibleError), and zero weight is how a weighted metric is told
    to ignore the filler."""
    items = []
    for y_true, y_pred, w in batches.items:
        n = len(y_true)
        extra = -n % replicas
        w = _weights(y_true, w)
        if extra and n:
            y_true = np.concatenate([y_true, np.repeat(y_true[-1:], extra, axis=0)])
            y_pred = np.concatenate([y_pred, np.repeat(y_pred[-1:], extra, axis=0)])
            w = np.concatenate([w, np.zeros(extra, np.float32)])
        items.append((y_true, y_pred, w))
    return Batches(items, batches.num_classes)


def _weights(y_true, w) -> np.ndarray:
    """A batch's sample weights as float32, ones where it has none."""
    return np.ones(len(y_true), np.float32) if w is None else np.asarray(w, np.float32)
