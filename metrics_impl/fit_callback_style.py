"""The seeds' own calling style: F1 reported by a callback at the end of a `fit` epoch.

An object with `metrics` (Keras metrics to compile into the model, maybe none) and
`make_callback(validation_inputs, validation_targets)`, whose callback holds `.value`
after the epoch. The oracle knows nothing of it: this module is the whole of a calling
style, as README "Extending" describes.
"""

from __future__ import annotations

import warnings

import numpy as np

from f1_oracle.styles import Capabilities, Style


class FitCallback(Style):
    name = "fit-callback"
    doc = "a callback that reports F1 at the end of a fit epoch (seeds 001, 003)"

    def observe(self, impl, batches):
        from f1_oracle.styles.keras_model import BatchesDataset, compiled  # starts Keras

        model = compiled(impl, batches.num_classes, batches.score_shape,
                         build=lambda m: (list(m.metrics), None))
        y_true = np.concatenate([np.asarray(t) for t, _, _ in batches.items])
        callback = model.metric.make_callback(BatchesDataset(batches, with_targets=False), y_true)
        with warnings.catch_warnings():  # the identity model has nothing to train, by design
            warnings.filterwarnings("ignore", "The model does not have any trainable weights")
            model.model.fit(BatchesDataset(batches), epochs=1, verbose=0, callbacks=[callback])
        return np.asarray(callback.value, dtype=np.float64)

    def capabilities(self, metric) -> Capabilities:
        return Capabilities(keras=True)
