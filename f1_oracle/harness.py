"""Feed an implementation batches the way its users do, and return what they would read.

How to feed is the implementation's calling style (`f1_oracle.styles`); this module only
cuts a case into batches and hands them over, so no check needs to know the style.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from f1_oracle.case import Case


class Batches(NamedTuple):
    """What a harness feeds: (y_true, y_pred, sample_weight) per batch. Usually a case's
    split; bad-input probes build them directly (shapes a Case would refuse)."""

    items: list[tuple]
    num_classes: int

    @classmethod
    def of(cls, case: Case) -> Batches:
        return cls(case.batches(), case.num_classes)

    @property
    def score_shape(self) -> tuple[int, ...]:
        return tuple(np.shape(self.items[0][1])[1:])


def batches(impl, case: Case) -> Batches:
    """The case's batches as `impl` is fed them: hard predictions where its contract says
    it takes labels rather than scores."""
    fed = Batches.of(case)
    if impl.contract.scores != "labels":
        return fed
    return Batches([(t, impl.contract.hard(p), w) for t, p, w in fed.items], fed.num_classes)


def observe(impl, case: Case):
    """The value users of `impl` would read after feeding it `case`."""
    return observe_batches(impl, batches(impl, case))


def observe_batches(impl, batches: Batches):
    return impl.readout(impl.style.observe(impl, batches))


def read(impl, metric):
    """A metric's value now, as `impl` reads what it returns (f1_oracle.readout)."""
    return impl.readout(impl.style.read(metric))


def feed(impl, metric, case: Case):
    """Feed an existing metric object the case's batches and read it."""
    impl.style.update(metric, batches(impl, case))
    return read(impl, metric)


def merged(impl, case: Case, owners: tuple[int, ...], shards: int):
    """Batch i fed to metric owners[i] of `shards` fresh metrics (in order); the others
    then merged into the first with the implementation's merge, and its value read."""
    fed = batches(impl, case).items
    metrics = [impl.build(case.num_classes) for _ in range(shards)]
    for index, metric in enumerate(metrics):
        mine = [batch for batch, owner in zip(fed, owners, strict=True) if owner == index]
        impl.style.update(metric, Batches(mine, case.num_classes))
    (impl.merge or impl.style.merge)(metrics[0], metrics[1:])
    return read(impl, metrics[0])
