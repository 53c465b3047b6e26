"""A Keras metric (a function, or a metric object) compiled into a model and read from
`model.evaluate`, the number its users see.

That loop is where a metric function's per-batch values get averaged, so it is where the
batch-averaging error lives. The model and its dataset are in `keras_model`, imported
when a metric is run: naming this style (the registry does) starts no Keras.
"""

from __future__ import annotations

from f1_oracle._backend import current_backend, keras_module, reductions_flush_subnormals
from f1_oracle.styles.base import Capabilities, Script, Style, epoch_jit


class KerasEvaluate(Style):
    """`name`: keras-function for plain functions; keras-evaluate for metric objects run
    in the loop (the registry's @epoch entries)."""

    doc = ("f(y_true, y_pred) compiled into a model, the value model.evaluate logs (Keras "
           "metric functions)")

    def __init__(self, name: str = "keras-function"):
        self.name = name

    def as_is(self, target) -> bool:
        return self.name == "keras-function"  # a function, compiled into the model as it is

    @property
    def traced(self) -> bool:
        """Keras users' loops are traced on TensorFlow (tf.function) and JAX (jax.jit),
        eager on torch."""
        return current_backend() in ("tensorflow", "jax")

    @property
    def flushes_subnormals(self) -> bool:
        return reductions_flush_subnormals()

    def observe(self, impl, batches):
        from f1_oracle.styles.keras_model import BatchesDataset, compiled, evaluated

        model = compiled(impl, batches.num_classes, batches.score_shape)
        return evaluated(model.model, BatchesDataset(batches), model.log_name)

    def script(self, metric) -> Script:
        """An identity model compiled with the metric, evaluated over the batches as a
        Keras dataset: what `observe` runs, as a user writes it."""
        from f1_oracle.styles.keras_model import log_name

        return Script(("import keras",), (
            "class Batches(keras.utils.PyDataset):  # (y_pred, y_true[, weights]) per batch",
            "    def __init__(self):",
            "        super().__init__()",
            "    def __len__(self):",
            "        return len(batches)",
            "    def __getitem__(self, i):",
            "        t, p, w = batches[i]",
            "        xy = (p.astype(np.float32), t.astype(np.float32))",
            "        return xy if w is None else (*xy, w.astype(np.float32))",
            "inputs = keras.Input(shape=batches[0][1].shape[1:], dtype='float32')",
            "model = keras.Model(inputs, keras.layers.Identity()(inputs))  # y_pred as given",
            "model.compile(optimizer='sgd', loss=lambda t, p: keras.ops.zeros("
            "keras.ops.shape(p)[:1]),",
            f"              weighted_metrics=[metric], jit_compile={epoch_jit()!r})",
            "logs = model.evaluate(Batches(), verbose=0, return_dict=True)"),
            f"logs[{log_name(metric)!r}]")

    def capabilities(self, metric) -> Capabilities:
        # evaluate passes sample_weight to metric objects; functions are wrapped by Keras,
        # which weights their per-sample values.
        is_object = isinstance(metric, keras_module().metrics.Metric)
        return Capabilities(weights=is_object, distributed=True, keras=True, saved=is_object)
