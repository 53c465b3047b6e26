"""The battery catches deliberately broken copies of the streaming metric.

Each mutant changes one thing; a fixed-budget search with the check named beside it must
find a counterexample. A check that never fails would pass every implementation: these
are the proof that ours can.
"""

from dataclasses import replace

import pytest

from f1_oracle.checks import BY_NAME
from f1_oracle.runner import search
from metrics_impl.registry import BY_NAME as IMPLEMENTATIONS
from metrics_impl.streaming import StreamingFBeta


class NoReset(StreamingFBeta):
    def reset_state(self):
        pass


class IgnoresWeights(StreamingFBeta):
    def update_state(self, y_true, y_pred, sample_weight=None):
        super().update_state(y_true, y_pred)


class LastBatchOnly(StreamingFBeta):
    def update_state(self, y_true, y_pred, sample_weight=None):
        super().reset_state()
        super().update_state(y_true, y_pred, sample_weight)


class InclusiveThreshold(StreamingFBeta):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **{**kwargs, "inclusive": True})


class MacroForWeighted(StreamingFBeta):
    def result(self):
        average, self.average = self.average, "macro"
        try:
            return super().result()
        finally:
            self.average = average


SEARCH = 60
MUTANTS = [
    (NoReset, "streaming/binary-column", "reset_reuse"),
    (IgnoresWeights, "streaming/multiclass-onehot-macro", "integer_weights_repeat_rows"),
    (LastBatchOnly, "streaming/binary-column", "batch_split"),
    (InclusiveThreshold, "streaming/multilabel-macro,zd=nan", "one_batch"),
    (MacroForWeighted, "streaming/multiclass-sparse-column-weighted,zd=nan", "one_batch"),
]


def as_class(cls, entry: str):
    """The registry entry, built from `cls` with the entry's own configuration."""
    original = IMPLEMENTATIONS[entry]

    def make(contract, num_classes):
        config = original.make(contract, num_classes).get_config()
        return cls.from_config(config)

    return replace(original, name=f"{cls.__name__}({entry})", make=make)


@pytest.mark.parametrize(("mutant", "entry", "check"), MUTANTS,
                         ids=[m[0].__name__ for m in MUTANTS])
def test_mutant_is_caught(mutant, entry, check):
    verdict = search(as_class(mutant, entry), BY_NAME[check], max_examples=SEARCH).verdict
    assert verdict is not None, f"{check} did not catch {mutant.__name__}"
    assert not verdict.ok


@pytest.mark.parametrize(("entry", "check"), sorted({(e, c) for _, e, c in MUTANTS}))
def test_unmutated_control_passes_the_same_search(entry, check):
    """The same construction without the mutation is not caught: the mutants are caught
    for their mutation, not for how they are built."""
    verdict = search(as_class(StreamingFBeta, entry), BY_NAME[check], max_examples=SEARCH).verdict
    assert verdict is None, verdict.message()
