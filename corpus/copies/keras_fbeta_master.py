"""keras FBetaScore.update_state as fixed on keras master by PR #23335 (no release yet).

Why a copy: the fix (scalar / rank-deficient sample_weight broadcast to y_true's rank)
was merged after keras 3.15.1, the newest release, so there is no "fixed" wheel.

Provenance: github.com/keras-team/keras, commit a40425e32be974da8bd1223bc8173e35530de2f3
("Fix robust sample_weight handling in FBetaScore (#23335)"),
file keras/src/metrics/f_score_metrics.py, lines 158-206 (FBetaScore.update_state),
copied verbatim (Apache-2.0) onto a subclass of the released keras 3.15.1 F1Score; the
rest of the class (state, result, config) is the release's, which that commit left alone.
"""

import keras
from keras import ops


class F1ScoreMaster(keras.metrics.F1Score):
    """keras.metrics.F1Score of keras 3.15.1 with master's update_state."""

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = ops.convert_to_tensor(y_true, dtype=self.dtype)
        y_pred = ops.convert_to_tensor(y_pred, dtype=self.dtype)
        if not self._built:
            self._build(y_true.shape, y_pred.shape)

        if self.threshold is None:
            threshold = ops.max(y_pred, axis=-1, keepdims=True)
            # make sure [0, 0, 0] doesn't become [1, 1, 1]
            # Use abs(x) > eps, instead of x != 0 to check for zero
            y_pred = ops.logical_and(
                y_pred >= threshold, ops.abs(y_pred) > 1e-9
            )
        else:
            y_pred = y_pred > self.threshold

        y_pred = ops.cast(y_pred, dtype=self.dtype)
        y_true = ops.cast(y_true, dtype=self.dtype)
        if sample_weight is not None:
            sample_weight = ops.convert_to_tensor(
                sample_weight, dtype=self.dtype
            )
            if len(sample_weight.shape) < len(y_true.shape):
                sample_weight = ops.expand_dims(
                    sample_weight,
                    axis=list(
                        range(len(sample_weight.shape), len(y_true.shape))
                    ),
                )

        def _weighted_sum(val, sample_weight):
            if sample_weight is not None:
                val = ops.multiply(val, sample_weight)
            return ops.sum(val, axis=self.axis)

        self.true_positives.assign(
            self.true_positives + _weighted_sum(y_pred * y_true, sample_weight)
        )
        self.false_positives.assign(
            self.false_positives
            + _weighted_sum(y_pred * (1 - y_true), sample_weight)
        )
        self.false_negatives.assign(
            self.false_negatives
            + _weighted_sum((1 - y_pred) * y_true, sample_weight)
        )
        self.intermediate_weights.assign(
            self.intermediate_weights + _weighted_sum(y_true, sample_weight)
        )
