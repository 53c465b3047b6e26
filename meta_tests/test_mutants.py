"""The battery catches deliberately broken copies of the streaming metric.

Each mutant changes one thing; a fixed-budget search with the check named beside it must
find a counterexample. A check that never fails would pass every implementation: these
are the proof that ours can.
"""

from dataclasses import replace

import numpy as np
import pytest
from keras import ops

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


class NoneMeansZeroWeights(StreamingFBeta):
    def update_state(self, y_true, y_pred, sample_weight=None):
        if sample_weight is None:
            sample_weight = ops.zeros((ops.shape(y_pred)[0],))
        super().update_state(y_true, y_pred, sample_weight)


class ZeroWeightsCountAsOne(StreamingFBeta):
    def update_state(self, y_true, y_pred, sample_weight=None):
        if sample_weight is not None:
            sample_weight = ops.maximum(ops.convert_to_tensor(sample_weight, "float32"), 1.0)
        super().update_state(y_true, y_pred, sample_weight)


class BetaIgnored(StreamingFBeta):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **{**kwargs, "beta": 1.0})


class BetaTwoForOne(StreamingFBeta):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **{**kwargs, "beta": 2.0})


class ThresholdIgnored(StreamingFBeta):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **{**kwargs, "threshold": 0.5})


class ConfigDropsInclusive(StreamingFBeta):
    def get_config(self):
        config = super().get_config()
        del config["inclusive"]
        return config


class Float16Counts(StreamingFBeta):
    """Accumulates as a float16 state would: counts past 2048 round."""

    def update_state(self, y_true, y_pred, sample_weight=None):
        super().update_state(y_true, y_pred, sample_weight)
        for v in self._counts():
            v.assign(ops.cast(ops.cast(v, "float16"), v.dtype))


class FirstReplicaOnly(StreamingFBeta):
    """Its counts keep the first replica's value instead of the replicas' sum."""

    def add_variable(self, *args, **kwargs):
        return super().add_variable(*args, **{**kwargs, "aggregation": "only_first_replica"})


class ClassIndexWeighted(StreamingFBeta):
    """A macro average that weights class k by k + 1."""

    def result(self):
        average, self.average = self.average, None
        try:
            per_class = super().result()
        finally:
            self.average = average
        weights = ops.arange(1, self.num_classes + 1, dtype="float32")
        return ops.sum(per_class * weights) / ops.sum(weights)


class CachesResult(StreamingFBeta):
    """Keeps the value it first computes until a reset: updates after a read are lost."""

    def result(self):
        if not hasattr(self, "_cached"):
            self._cached = super().result()
        return self._cached

    def reset_state(self):
        super().reset_state()
        self.__dict__.pop("_cached", None)


class Uint8LabelsAsMask(StreamingFBeta):
    """Reads uint8 labels as a mask (0 or not), as old torch indexing did."""

    def update_state(self, y_true, y_pred, sample_weight=None):
        if ops.convert_to_tensor(y_true).dtype == "uint8":
            y_true = ops.cast(ops.not_equal(y_true, 0), "int32")
        super().update_state(y_true, y_pred, sample_weight)


SEARCH = 60
# (mutant, registry entry it is built like, the check that must catch it)
# Searches over 4 s on 2 cores (with their controls, where no quicker mutant shares them)
# run in `tox -e mutants`, not in the default suite.
SLOW = pytest.mark.slow
MUTANTS = [
    (NoReset, "streaming/binary-column", "reset_reuse"),
    pytest.param(CachesResult, "streaming/multiclass-onehot-macro", "read_midstream",
                 marks=SLOW),
    (IgnoresWeights, "streaming/multiclass-onehot-macro", "integer_weights_repeat_rows"),
    (LastBatchOnly, "streaming/binary-column", "batch_split"),
    pytest.param(LastBatchOnly, "streaming/binary-column", "equal_batches", marks=SLOW),
    pytest.param(LastBatchOnly, "streaming/binary-column", "batch_order", marks=SLOW),
    (InclusiveThreshold, "streaming/multilabel-macro,zd=nan", "one_batch"),
    (MacroForWeighted, "streaming/multiclass-sparse-column-weighted,zd=nan", "one_batch"),
    pytest.param(MacroForWeighted, "streaming/multiclass-sparse-column-weighted,zd=nan",
                 "averaging", marks=SLOW),
    (NoneMeansZeroWeights, "streaming/binary-column", "weights_none_is_ones"),
    (Uint8LabelsAsMask, "streaming/multiclass-sparse-flat-micro", "label_dtypes"),
    pytest.param(ZeroWeightsCountAsOne, "streaming/binary-column", "zero_weight_removes_rows",
                 marks=SLOW),
    (BetaIgnored, "streaming/binary-column", "fbeta"),
    pytest.param(BetaTwoForOne, "streaming/binary-column", "symmetry", marks=SLOW),
    (ThresholdIgnored, "streaming/binary-column", "threshold"),
    pytest.param(ConfigDropsInclusive, "streaming/binary-flat>=,zd=1", "config_roundtrip",
                 marks=SLOW),
    (Float16Counts, "streaming/binary-column", "long_stream"),
    pytest.param(FirstReplicaOnly, "streaming/binary-column", "distributed", marks=SLOW),
    pytest.param(ClassIndexWeighted, "streaming/multiclass-onehot-macro", "class_permutation",
                 marks=SLOW),
]


def as_class(cls, entry: str):
    """The registry entry, built from `cls` with the entry's own configuration."""
    original = IMPLEMENTATIONS[entry]

    def make(contract, num_classes):
        config = original.make(contract, num_classes).get_config()
        return cls.from_config(config)

    return replace(original, name=f"{cls.__name__}({entry})", make=make)


SLOW_CONTROLS = ("distributed", "long_stream", "class_permutation", "averaging", "symmetry",
                 "config_roundtrip", "read_midstream")


def _fields(m):
    return m.values if hasattr(m, "values") else m


@pytest.mark.parametrize(("mutant", "entry", "check"), MUTANTS,
                         ids=[f"{_fields(m)[0].__name__}-{_fields(m)[2]}" for m in MUTANTS])
def test_mutant_is_caught(mutant, entry, check):
    # Caught is the claim, not a minimal case: shrinking is cut short.
    verdict = search(as_class(mutant, entry), BY_NAME[check], max_examples=SEARCH,
                     shrink_seconds=1).verdict
    assert verdict is not None, f"{check} did not catch {mutant.__name__}"
    assert not verdict.ok


@pytest.mark.parametrize(("entry", "check"), [
    pytest.param(e, c, marks=SLOW) if c in SLOW_CONTROLS else (e, c)
    for e, c in sorted({tuple(_fields(m)[1:]) for m in MUTANTS})])
def test_unmutated_control_passes_the_same_search(entry, check):
    """The same construction without the mutation is not caught: the mutants are caught
    for their mutation, not for how they are built."""
    verdict = search(as_class(StreamingFBeta, entry), BY_NAME[check], max_examples=SEARCH).verdict
    assert verdict is None, verdict.message()


def refuses_uint8(y_true, y_pred, sample_weight=None):
    """Correct, but refuses uint8 labels with an error (as torch's one_hot does)."""
    from sklearn.metrics import f1_score

    if np.asarray(y_true).dtype == np.uint8:
        raise TypeError("uint8 labels are not supported")
    return f1_score(np.ravel(y_true), np.ravel(y_pred) > 0.5, sample_weight=sample_weight)


def test_refusing_a_label_dtype_is_no_failure():
    """label_dtypes fails a wrong number, not a clear error: refusing is allowed."""
    from f1_oracle.conventions import Conventions
    from f1_oracle.target import implementation

    impl = implementation(refuses_uint8, Conventions.of(task="binary"))
    assert search(impl, BY_NAME["label_dtypes"], max_examples=SEARCH).verdict is None
