"""Cases for a contract: data in the contract's layout, weights, and a batch split."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from f1_oracle.case import Case
from f1_oracle.contract import Contract, Threshold, TopK
from f1_oracle.strategies.arrays import (
    DISCRETE_SCORES,
    WEIGHT_MODES,
    binary_labels,
    class_labels,
    sample_weights,
    scores,
    to_dtype,
)
from f1_oracle.strategies.splits import equal_splits, power_of_two_splits, splits


def class_count(contract: Contract):
    return st.integers(*contract.class_range)


@st.composite
def data(draw, contract: Contract, n: int, num_classes: int, score_mode: str = "any"):
    """(y_true, y_pred) of n rows in the contract's layout."""
    dtype = draw(st.sampled_from(contract.pred_dtypes), label="y_pred dtype")
    layout = contract.input_layout
    shape = layout.score_shape(n, num_classes)
    if layout.binary:
        return draw(binary_labels(shape)), draw(scores(shape, dtype, score_mode))
    y_pred = draw(scores(shape, dtype, score_mode))
    if isinstance(contract.rule, TopK):
        y_pred = TopK.untied(y_pred)  # which of tied scores is in the top k is unspecified
    if layout.indicators:
        return draw(binary_labels(shape)), y_pred
    labels = draw(class_labels(n, num_classes), label="class labels")
    return layout.y_true(labels, num_classes), y_pred


@st.composite
def as_declared(draw, contract: Contract, y_true: np.ndarray, y_pred: np.ndarray):
    """Labels and scores in the contract's input conventions: some labels (rows, or
    multilabel elements) replaced by the ignored index, scores given as logits (whose
    sigmoid is the drawn probability; under "auto", a case is either all logits or all
    probabilities)."""
    if contract.ignores_elements:
        ignored = draw(hnp.arrays(np.bool_, np.shape(y_true)), label="ignored elements")
        y_true = np.where(ignored, contract.ignore_index, y_true)
    elif contract.ignore_index is not None and len(y_true):
        ignored = draw(hnp.arrays(np.bool_, (len(y_true),)), label="ignored rows")
        ignored[0] = False  # scikit-learn needs a row left (see `cases` for its weight)
        y_true = np.where(ignored.reshape(-1, *([1] * (y_true.ndim - 1))),
                          contract.ignore_index, y_true)
        y_true = contract.keeping_first_row(y_true, y_pred.shape[1] if y_pred.ndim == 2 else 1)
    logits = contract.scores == "logits" or (
        contract.scores == "auto" and draw(st.booleans(), label="scores as logits"))
    if logits and isinstance(contract.rule, Threshold):
        p = np.clip(np.asarray(y_pred, np.float64), 1e-6, 1 - 1e-6)
        signs = draw(st.sampled_from(list(LOGIT_PATTERNS)), label="logit signs")
        y_pred = to_dtype(LOGIT_PATTERNS[signs](np.log(p) - np.log1p(-p)), str(y_pred.dtype))
    return y_true, y_pred


def _with_0_and_1(z: np.ndarray) -> np.ndarray:
    flat = z.reshape(-1).copy()
    flat[:1], flat[1:2] = 0.0, 1.0
    return flat.reshape(z.shape)


# Logits in every sign pattern a rule that guesses "logits or probabilities?" from the
# values can get wrong: a batch of logits all at or below 1 (read as probabilities by a
# metric that applies the sigmoid only above 1), all at or above 0 (only below 0), mixed,
# and exactly 0 and 1 (the bounds of [0, 1]).
LOGIT_PATTERNS = {
    "mixed": lambda z: z,
    "within [-1, 1]": lambda z: z / max(1.0, float(np.max(np.abs(z), initial=0.0))),
    "at or above 0": np.abs,
    "with 0 and 1": _with_0_and_1,
}


@st.composite
def cases(
    draw,
    contract: Contract,
    *,
    max_samples: int = 40,
    split: str = "any",
    weight_modes: tuple[str, ...] = WEIGHT_MODES,
    score_mode: str = "any",
    max_batches: int = 12,
):
    """A case for `contract`. split: "any", "one" (a single batch), "equal" or "powers"
    (batch sizes powers of two: `power_of_two_splits`)."""
    num_classes = draw(class_count(contract), label="num_classes")
    n = draw(st.integers(1, max_samples), label="n_samples")
    y_true, y_pred = draw(data(contract, n, num_classes, score_mode))
    y_true, y_pred = draw(as_declared(contract, y_true, y_pred))
    if not contract.sample_weight:
        weight_modes = ("none",)
    w = draw(sample_weights(n, weight_modes))
    if w is not None and contract.ignore_index is not None and not contract.ignores_elements:
        w[0] = max(w[0], 1.0)  # a kept row with weight: scikit-learn refuses all-zero weights
    if split == "one":
        batch_sizes = (n,)
    elif split == "equal":
        batch_sizes = draw(equal_splits(n, max_batches=max_batches))
    elif split == "powers":
        batch_sizes = draw(power_of_two_splits(n, allow_empty=contract.empty_batches))
    else:
        batch_sizes = draw(
            splits(n, allow_empty=contract.empty_batches, max_batches=max_batches)
        )
    return Case(y_true, y_pred, w, batch_sizes, num_classes)


@st.composite
def long_streams(draw, contract: Contract, *, min_samples: int = 100_000, min_batches: int = 100):
    """At least 100k rows over at least 100 ragged batches, where accumulator precision
    shows. Too large to draw element by element: labelled parameters drive numpy."""
    return long_stream_case(
        contract,
        seed=draw(st.integers(0, 2**32 - 1), label="numpy seed"),
        num_classes=draw(class_count(contract), label="num_classes"),
        n=draw(st.integers(min_samples, min_samples + min_samples // 2), label="n_samples"),
        n_batches=draw(st.integers(min_batches, 2 * min_batches), label="n_batches"),
        discrete=draw(st.booleans(), label="discrete scores"),
        weighted=contract.sample_weight and draw(st.booleans(), label="weighted"),
    )


def long_stream_case(contract: Contract, *, seed: int, num_classes: int, n: int, n_batches: int,
                     discrete: bool, weighted: bool) -> Case:
    """A long stream, rebuilt exactly from its parameters (printed with a failure): at
    least n_batches ragged batches, their sizes drawn from a few between a half and the
    whole of n / n_batches, the last one what is left. Few distinct sizes: a metric
    compiled per input shape (JAX, a traced Keras loop) compiles a handful of times, not
    once a batch."""
    rng = np.random.default_rng(seed)
    base = max(1, n // n_batches)
    palette = rng.integers(max(1, base // 2), base + 1, size=5)
    sizes = rng.choice(palette, size=2 * n_batches + n // max(1, base // 2))
    ends = np.cumsum(sizes)
    kept = sizes[: int(np.searchsorted(ends, n))]
    batch_sizes = tuple(int(s) for s in (*kept, n - int(kept.sum())))
    y_true, y_pred = _random_data(rng, contract, n, num_classes, discrete,
                                  contract.pred_dtypes[0])
    w = None
    if weighted:
        w = rng.choice([0.0, 0.5, 1.0, 2.0, 3.0], size=n).astype(np.float32)
    recipe = ("from f1_oracle.contract import *; from f1_oracle.strategies import "
              f"long_stream_case; case = long_stream_case({contract!r}, seed={seed}, "
              f"num_classes={num_classes}, n={n}, n_batches={n_batches}, "
              f"discrete={discrete}, weighted={weighted})")
    return Case(y_true, y_pred, w, batch_sizes, num_classes, recipe)


def _random_data(rng, contract, n, num_classes, discrete, dtype):
    layout = contract.input_layout
    shape = layout.score_shape(n, num_classes)
    values = rng.choice(DISCRETE_SCORES, size=shape) if discrete else rng.random(shape)
    y_pred = to_dtype(values, dtype)
    if isinstance(contract.rule, TopK):
        y_pred = TopK.untied(y_pred)
    if layout.indicators:
        return rng.integers(0, 2, size=shape), y_pred
    return layout.y_true(rng.integers(0, num_classes, size=n), num_classes), y_pred
