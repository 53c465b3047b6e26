"""Input layouts: how y_true and y_pred are shaped when a metric is called.

A layout is declared by name (`Contract(layout="onehot")`, `--layout onehot`); the object
here carries what follows from it, so that strategies, the reference, the probes and
detection ask it rather than branch on its name. Adding a layout is one entry in LAYOUTS.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np


@dataclass(frozen=True)
class Layout:
    name: str
    description: str
    # What y_true holds: a 0/1 per score column ("indicators": binary, multilabel), one
    # 1 per row ("onehot"), or a class index per row ("indices").
    labels: Literal["indicators", "onehot", "indices"]
    binary: bool  # one score column: the positive class's
    flat: bool  # no trailing column axis on y_true (nor, for binary, on y_pred)
    tasks: tuple[str, ...]  # the tasks it can carry
    guessed: tuple[str, ...] = ()  # the tasks detection tries it for (none: given only)

    @property
    def indicators(self) -> bool:
        """y_true holds a 0/1 per score column."""
        return self.labels == "indicators"

    @property
    def indices(self) -> bool:
        """y_true holds class indices, not a column per class."""
        return self.labels == "indices"

    @property
    def column_per_class(self) -> bool:
        """y_true has one 0/1 column per class, as y_pred has."""
        return not (self.indices or self.binary)

    def score_shape(self, n: int, num_classes: int) -> tuple[int, ...]:
        if self.binary:
            return (n,) if self.flat else (n, 1)
        return (n, num_classes)

    def y_true(self, drawn: np.ndarray, num_classes: int) -> np.ndarray:
        """y_true in this layout from what was drawn: a 0/1 array of the scores' shape
        (indicator layouts) or (n,) class indices (the others)."""
        drawn = np.asarray(drawn)
        if self.indicators:
            return drawn.reshape(self.score_shape(len(drawn), num_classes))
        if self.labels == "onehot":
            return np.eye(num_classes, dtype=np.int64)[drawn]
        return drawn if self.flat else drawn.reshape(len(drawn), 1)

    def class_indices(self, y_true) -> tuple[np.ndarray, str]:
        """(n,) class indices from y_true in a one-class-per-row layout, and the numpy code
        that computes them from the printed y_true."""
        y = np.asarray(y_true)
        if self.labels == "onehot":
            return y.argmax(axis=1), "y_true.argmax(axis=1)"
        return y.reshape(-1).astype(int), "y_true.ravel().astype(int)"

    def indicator_rows(self, y_true, num_classes: int) -> tuple[np.ndarray, str]:
        """(n, C) 0/1 rows from y_true in a multiclass or multilabel layout, and the code."""
        y = np.asarray(y_true)
        if self.indices:
            return (np.eye(num_classes, dtype=int)[y.reshape(-1).astype(int)],
                    f"np.eye({num_classes}, dtype=int)[y_true.ravel().astype(int)]")
        return y.astype(int), "y_true.astype(int)"


LAYOUTS = {layout.name: layout for layout in (
    Layout("binary-column", "y_true (N, 1) in {0, 1}, y_pred (N, 1) probabilities",
           "indicators", binary=True, flat=False, tasks=("binary",), guessed=("binary",)),
    Layout("binary-flat", "y_true (N,) in {0, 1}, y_pred (N,) probabilities",
           "indicators", binary=True, flat=True, tasks=("binary",), guessed=("binary",)),
    Layout("onehot", "y_true (N, C) one-hot, y_pred (N, C) scores",
           "onehot", binary=False, flat=False, tasks=("multiclass",),
           guessed=("multiclass",)),
    # With task binary: class indices against a 2-column softmax.
    Layout("sparse-column", "y_true (N, 1) class indices, y_pred (N, C) scores",
           "indices", binary=False, flat=False, tasks=("multiclass", "binary"),
           guessed=("multiclass",)),
    Layout("sparse-flat", "y_true (N,) class indices, y_pred (N, C) scores",
           "indices", binary=False, flat=True, tasks=("multiclass",), guessed=("multiclass",)),
    Layout("multilabel", "y_true (N, C) in {0, 1}, y_pred (N, C) probabilities",
           "indicators", binary=False, flat=False, tasks=("multilabel",),
           guessed=("multilabel",)),
)}


def candidates(task: str, flat_first: bool) -> list[Layout]:
    """The layouts detection tries for a task: column ones first (Keras's usual) or flat
    ones first (torch's and scikit-learn's), (N, 1) class indices last."""
    def order(layout: Layout) -> int:
        if layout.indices and not layout.flat:
            return 2
        return int(layout.flat != flat_first)

    return sorted((layout for layout in LAYOUTS.values() if task in layout.guessed), key=order)
