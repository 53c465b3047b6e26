"""The comparison: NaN only equals NaN, shapes must match, tolerance follows the dtype."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from f1_oracle.compare import close, tolerance


def test_nan_equals_only_nan():
    assert close(math.nan, math.nan, 1e-6)
    assert not close(math.nan, 0.0, 1e-6)
    assert not close(0.0, math.nan, 1e-6)
    assert not close([0.5, math.nan], [0.5, 0.5], 1e-6)


def test_shapes_must_match():
    assert not close([0.5], 0.5, 1e-6)
    assert not close([0.5, 0.5], [0.5], 1e-6)


@given(st.floats(0, 1), st.sampled_from(["float16", "bfloat16", "float32", "float64"]))
def test_one_ulp_of_the_result_is_within_tolerance(value, dtype):
    import ml_dtypes

    np_dtype = ml_dtypes.bfloat16 if dtype == "bfloat16" else np.dtype(dtype)
    rounded = float(np.asarray(value).astype(np_dtype))
    assert close(value, rounded, tolerance(dtype, n_samples=1, n_batches=1))


def test_tolerance_is_ordered_by_precision_and_grows_with_batches():
    tols = [tolerance(d, 100, 10) for d in ("float64", "float32", "float16", "bfloat16")]
    assert tols == sorted(tols)
    assert tolerance("float32", 100, 100) > tolerance("float32", 100, 1)
    assert tolerance("float32", 10**6, 100) < 1e-4  # never loose enough to hide a wrong count


def test_unknown_dtype_is_refused():
    with pytest.raises(ValueError, match="no tolerance"):
        tolerance("int8", 1, 1)
