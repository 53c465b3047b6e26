"""The weight scale at which Keras's 1e-7 denominator epsilon stops being negligible is
found by search; our streaming metric, which divides exactly, has no such scale."""

from f1_oracle.sweeps import crossing, weight_scale_sweep
from metrics_impl.registry import BY_NAME


def test_keras_epsilon_crosses_the_tolerance_at_small_weights():
    found = weight_scale_sweep(BY_NAME["keras.F1Score(micro)/onehot-ties"], max_examples=15)
    scale = crossing(found)
    assert scale is not None and scale < 1, [o.scale for o in found if o.counterexample]
    assert not found[0].counterexample  # weight 1: the epsilon is below float32 rounding


def test_streaming_metric_is_exact_at_every_weight_scale():
    found = weight_scale_sweep(BY_NAME["streaming/multiclass-onehot-macro"], max_examples=15)
    assert crossing(found) is None, next(o.counterexample for o in found if o.counterexample)
