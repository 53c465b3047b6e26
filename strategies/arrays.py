"""Labels, scores and sample weights, drawn to hit the places F1 implementations break.

Scores come either continuous or from a small discrete set, so that values exactly at
the threshold (0.5), ties under argmax, 0 and 1 occur often. Labels include the
degenerate sets (no positives, all positives). Weights include zeros, integers and
fractions. Every draw is labelled, so a failing example says what was drawn.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

DISCRETE_SCORES = (0.0, 0.25, 0.5, 0.75, 1.0)
WEIGHT_MODES = ("none", "ones", "integers", "fractions")


def to_dtype(values: np.ndarray, dtype: str) -> np.ndarray:
    if dtype == "bfloat16":
        import ml_dtypes  # imported where drawn: 0.4 s that --help and `checks` need not pay

        return values.astype(ml_dtypes.bfloat16)
    return values.astype(np.dtype(dtype))


@st.composite
def scores(draw, shape: tuple[int, ...], dtype: str, mode: str = "any"):
    """Scores in [0, 1] of `dtype`; `mode` is "continuous", "discrete" or "any"."""
    if mode == "any":
        mode = draw(st.sampled_from(["discrete", "continuous"]), label="score mode")
    if mode == "discrete":
        elements = st.sampled_from(DISCRETE_SCORES)
    else:
        elements = st.floats(0, 1, allow_subnormal=False)
    values = draw(hnp.arrays(np.float64, shape, elements=elements), label="scores")
    return to_dtype(values, dtype)


@st.composite
def binary_labels(draw, shape: tuple[int, ...]):
    mode = draw(st.sampled_from(["random", "all negative", "all positive"]), label="labels")
    if mode == "all negative":
        return np.zeros(shape, dtype=np.int64)
    if mode == "all positive":
        return np.ones(shape, dtype=np.int64)
    # fill=nothing: every label drawn, not most of them one fill value (Hypothesis's
    # default for arrays), which left classes and positives rarer than they should be.
    return draw(hnp.arrays(np.int64, shape, elements=st.integers(0, 1), fill=st.nothing()),
                label="0/1 labels")


def class_labels(n: int, num_classes: int):
    """Class indices; with n small against num_classes, classes without support are common."""
    return hnp.arrays(np.int64, (n,), elements=st.integers(0, num_classes - 1),
                      fill=st.nothing())


@st.composite
def sample_weights(draw, n: int, modes: tuple[str, ...] = WEIGHT_MODES):
    mode = draw(st.sampled_from(modes), label="weight mode")
    if mode == "none":
        return None
    if mode == "ones":
        w = np.ones(n)
    elif mode == "integers":
        w = draw(hnp.arrays(np.float64, (n,), elements=st.integers(0, 3)), label="weights")
    else:
        elements = st.one_of(st.just(0.0), st.floats(1e-3, 4.0))
        w = draw(hnp.arrays(np.float64, (n,), elements=elements), label="weights")
    if n and not w.any():
        w[0] = 1.0  # scikit-learn rejects all-zero weights; keep at least one row
    return w.astype(np.float32)
