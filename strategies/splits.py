"""Batch splits: how N rows are cut into the batches an implementation is fed.

torchmetrics' tester always uses equal batches; the bugs live in the unequal ones. Cut
points are drawn freely, so the split shrinks towards a single batch, and ragged,
size-1 and (where the contract allows) empty batches all occur.
"""

from __future__ import annotations

import itertools

from hypothesis import strategies as st


@st.composite
def splits(draw, n: int, *, allow_empty: bool = False, max_batches: int = 12):
    # No "one batch" mode: the one_batch check draws that split; here it is what the cut
    # points shrink to, not a quarter of the examples.
    mode = draw(st.sampled_from(["cuts", "singletons", "equal"]), label="split mode")
    if n == 0:
        return (n,)
    if mode == "singletons" and n <= max_batches:
        return (1,) * n
    if mode == "equal":
        return draw(equal_splits(n, max_batches=max_batches))
    cuts = draw(
        st.lists(st.integers(0, n), max_size=max_batches - 1, unique=not allow_empty),
        label="cut points",
    )
    edges = [0, *sorted(cuts), n]
    sizes = [hi - lo for lo, hi in itertools.pairwise(edges)]
    if not allow_empty:
        sizes = [s for s in sizes if s > 0]
    return tuple(sizes)


@st.composite
def equal_splits(draw, n: int, *, max_batches: int = 12):
    """Batches of one size (the split under which per-batch averaging is harmless)."""
    divisors = [d for d in range(1, min(n, max_batches) + 1) if n % d == 0]
    count = draw(st.sampled_from(divisors), label="equal batches")
    return (n // count,) * count


@st.composite
def power_of_two_splits(draw, n: int, *, allow_empty: bool = False):
    """Batches whose sizes are powers of two (n's binary digits, some halved), in any
    order, an empty one where allowed: a handful of batch shapes over all n, for a check
    run where each new shape costs a compilation (JAX compiles its eager ops per shape)."""
    parts = []
    for bit in (1 << i for i in range(n.bit_length())):
        if n & bit:
            halve = bit > 1 and draw(st.booleans(), label=f"halve the batch of {bit}")
            parts += [bit // 2] * 2 if halve else [bit]
    if allow_empty and draw(st.booleans(), label="an empty batch"):
        parts.append(0)
    return tuple(draw(st.permutations(parts), label="batch order"))
