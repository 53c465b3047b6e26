"""The weight scale at which Keras's 1e-7 denominator epsilon stops being negligible is
found by search; our streaming metric, which divides exactly, has no such scale."""

from f1_oracle.sweeps import crossing, weight_scale_sweep
from metrics_impl.registry import BY_NAME

# Every fourth power of two down to 2^-12: the Keras crossing (2^-6 to 2^-8 in the report's
# full sweep) lies between two of them, and each scale with a counterexample costs a shrink.
SCALES = tuple(2.0**-k for k in range(0, 13, 4))


def test_keras_epsilon_crosses_the_tolerance_at_small_weights():
    found = weight_scale_sweep(BY_NAME["keras.F1Score(micro)/onehot-ties"], max_examples=15,
                               scales=SCALES)
    scale = crossing(found)
    assert scale is not None and scale < 1, [o.scale for o in found if o.counterexample]
    assert not found[0].counterexample  # weight 1: the epsilon is below float32 rounding


def test_streaming_metric_is_exact_at_every_weight_scale():
    found = weight_scale_sweep(BY_NAME["streaming/multiclass-onehot-macro"], max_examples=15,
                               scales=SCALES)
    assert crossing(found) is None, next(o.counterexample for o in found if o.counterexample)
