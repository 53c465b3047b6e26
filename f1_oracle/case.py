"""A case: the whole data set, its sample weights, and how it is cut into batches.

The oracle compares what an implementation reports after seeing the batches with what
scikit-learn says about the concatenation, so a case keeps the full arrays and the
batch sizes rather than a list of batches: the expected value always comes from the
whole data, whatever the split.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace

import numpy as np


@dataclass(frozen=True)
class Case:
    y_true: np.ndarray
    y_pred: np.ndarray
    sample_weight: np.ndarray | None
    batch_sizes: tuple[int, ...]
    num_classes: int = field(default=1)
    # How to rebuild arrays too large to print (long streams are generated from a seed).
    recipe: str = ""

    def __post_init__(self) -> None:
        n = len(self.y_true)
        if len(self.y_pred) != n:
            raise ValueError(f"y_true has {n} rows but y_pred has {len(self.y_pred)}")
        if self.sample_weight is not None and len(self.sample_weight) != n:
            raise ValueError(
                f"y_true has {n} rows but sample_weight has {len(self.sample_weight)}"
            )
        if sum(self.batch_sizes) != n or any(b < 0 for b in self.batch_sizes):
            raise ValueError(f"batch sizes {self.batch_sizes} do not split {n} rows")

    @property
    def n_samples(self) -> int:
        return len(self.y_true)

    def batches(self) -> list[tuple[np.ndarray, np.ndarray, np.ndarray | None]]:
        """(y_true, y_pred, sample_weight) per batch, in order."""
        edges = np.cumsum((0, *self.batch_sizes))
        out = []
        for lo, hi in itertools.pairwise(edges):
            w = None if self.sample_weight is None else self.sample_weight[lo:hi]
            out.append((self.y_true[lo:hi], self.y_pred[lo:hi], w))
        return out

    def with_rows(self, index: np.ndarray, batch_sizes: tuple[int, ...]) -> Case:
        """The case made of rows `index` (in that order), split as `batch_sizes`."""
        w = None if self.sample_weight is None else self.sample_weight[index]
        return replace(
            self,
            y_true=self.y_true[index],
            y_pred=self.y_pred[index],
            sample_weight=w,
            batch_sizes=batch_sizes,
        )

    def repeat_rows(self, counts: np.ndarray, keep_empty_batches: bool) -> Case:
        """Row i repeated counts[i] times (0 removes it), each copy in its row's batch."""
        edges = np.cumsum((0, *self.batch_sizes))
        sizes = tuple(int(counts[lo:hi].sum()) for lo, hi in itertools.pairwise(edges))
        if not keep_empty_batches:
            sizes = tuple(s for s in sizes if s)
        return self.with_rows(np.repeat(np.arange(self.n_samples), counts), sizes)

    def with_weights(self, sample_weight: np.ndarray | None) -> Case:
        return replace(self, sample_weight=sample_weight)

    def as_code(self) -> str:
        """The case as Python a person can paste next to the scikit-learn call."""
        lines = [f"# {self.recipe}"] if self.recipe else []
        lines += [
            f"y_true = {array_code(self.y_true)}",
            f"y_pred = {array_code(self.y_pred)}",
            f"sample_weight = {array_code(self.sample_weight)}",
            f"batch_sizes = {list(self.batch_sizes)}",
        ]
        return "\n".join(lines)


def array_code(a: np.ndarray | None) -> str:
    if a is None:
        return "None"
    if a.size > 400:
        return f"<array shape={a.shape} dtype={a.dtype}, too large to print>"
    dtype = str(a.dtype)
    values = a.astype(np.float64) if dtype == "bfloat16" else a
    # The shortest digits that read back as the same value: the pasted case is the case.
    body = np.array2string(values, separator=", ", threshold=10_000, max_line_width=10_000,
                           floatmode="unique")
    body = body.replace("\n", "")
    if dtype == "bfloat16":
        return f"np.array({body}, dtype=ml_dtypes.bfloat16)"
    return f"np.array({body}, dtype=np.{dtype})"
