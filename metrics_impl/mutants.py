"""Mutants of the streaming metric: each changes one thing that real F1 metrics get wrong.

A check that never fails would pass every implementation; these are the proof that each
of ours can. `MUTANTS` names, for each mutant, the registry entry it is built like and the
check that must catch it by search (meta_tests/test_mutants.py asserts it, beside an
unmutated control that passes the same search). `python -m metrics_impl.mutation_matrix`
runs every applicable check on every mutant and writes the whole matrix (README,
"Mutation matrix"). `BY_NAME` lets another backend's worker rebuild a mutant by name
(backend_parity).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import keras
from keras import ops

from f1_oracle.implementation import Implementation
from metrics_impl.registry import BY_NAME as ENTRIES
from metrics_impl.streaming import StreamingFBeta


def _result_as(metric: StreamingFBeta, average):
    """The metric's result under another average, its own left as it was."""
    own, metric.average = metric.average, average
    try:
        return StreamingFBeta.result(metric)
    finally:
        metric.average = own


class NoReset(StreamingFBeta):
    """reset_state does nothing: a reused metric carries the counts of its last run."""

    def reset_state(self):
        pass


class IgnoresWeights(StreamingFBeta):
    """Takes sample_weight and drops it."""

    def update_state(self, y_true, y_pred, sample_weight=None):
        super().update_state(y_true, y_pred)


class LastBatchOnly(StreamingFBeta):
    """Each update replaces the counts: the value is the last batch's F1."""

    def update_state(self, y_true, y_pred, sample_weight=None):
        super().reset_state()
        super().update_state(y_true, y_pred, sample_weight)


class InclusiveThreshold(StreamingFBeta):
    """y_pred >= threshold is positive where the contract says >."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **{**kwargs, "inclusive": True})


class MacroForWeighted(StreamingFBeta):
    """Asked for the support-weighted average, returns the plain macro mean."""

    def result(self):
        return _result_as(self, "macro")


class NoneMeansZeroWeights(StreamingFBeta):
    """sample_weight=None taken as all-zero weights instead of all ones."""

    def update_state(self, y_true, y_pred, sample_weight=None):
        if sample_weight is None:
            sample_weight = ops.zeros((ops.shape(y_pred)[0],))
        super().update_state(y_true, y_pred, sample_weight)


class ZeroWeightsCountAsOne(StreamingFBeta):
    """Weights clipped below at 1: a zero-weight row still counts."""

    def update_state(self, y_true, y_pred, sample_weight=None):
        if sample_weight is not None:
            sample_weight = ops.maximum(ops.convert_to_tensor(sample_weight, "float32"), 1.0)
        super().update_state(y_true, y_pred, sample_weight)


class BetaIgnored(StreamingFBeta):
    """Built with any beta, computes F1."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **{**kwargs, "beta": 1.0})


class BetaTwoForOne(StreamingFBeta):
    """Built with beta 1, computes F2 (asymmetric in labels and predictions)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **{**kwargs, "beta": 2.0})


class ThresholdIgnored(StreamingFBeta):
    """Built with any threshold, thresholds at 0.5."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **{**kwargs, "threshold": 0.5})


class ConfigDropsInclusive(StreamingFBeta):
    """get_config leaves out `inclusive`: a metric rebuilt from it compares with >."""

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
        per_class = _result_as(self, None)
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
    """Reads uint8 labels as a mask (0 or not), as old torch indexing did. The dtype is
    read through Keras's spelling: a torch tensor's dtype is torch.uint8, never equal to
    the string "uint8", and comparing with it never mutated on Keras's torch backend."""

    def update_state(self, y_true, y_pred, sample_weight=None):
        dtype = keras.backend.standardize_dtype(ops.convert_to_tensor(y_true).dtype)
        if dtype == "uint8":
            y_true = ops.cast(ops.not_equal(y_true, 0), "int32")
        super().update_state(y_true, y_pred, sample_weight)


class WeightedOverClassCount(StreamingFBeta):
    """A weighted average divided by the number of classes, not by the total support."""

    def result(self):
        per_class = _result_as(self, None)
        support = ops.convert_to_tensor(self.actual_positives)
        per_class = ops.where(ops.isnan(per_class), 0.0, per_class)
        return ops.sum(per_class * support) / self.num_classes


class EpsilonInDenominator(StreamingFBeta):
    """Keras 2's guard, 1e-7 added to a binary F's denominator: invisible with unit
    weights, not with tiny ones."""

    def result(self):
        tp, predicted, actual = (ops.convert_to_tensor(v) for v in self._counts())
        b2 = self.beta**2
        return ((1 + b2) * tp / (b2 * actual + predicted + 1e-7))[0]


class SkipsFirstRow(StreamingFBeta):
    """Skips the first row of the stream, as if it were a header: one row in 100k."""

    def reset_state(self):
        super().reset_state()
        self._started = False

    def update_state(self, y_true, y_pred, sample_weight=None):
        if not getattr(self, "_started", False) and ops.shape(y_pred)[0]:
            self._started = True
            y_true, y_pred = y_true[1:], y_pred[1:]
            sample_weight = None if sample_weight is None else sample_weight[1:]
        super().update_state(y_true, y_pred, sample_weight)


class NoGetConfig(StreamingFBeta):
    """Written without get_config: only Keras's base config (name, dtype) is saved, so a
    loaded model rebuilds the metric with the defaults."""

    def get_config(self):
        return keras.metrics.Metric.get_config(self)


class MergesOnlyFirst(StreamingFBeta):
    """Given several shards, merges the first and drops the rest."""

    def merge_state(self, metrics):
        others = [metrics] if isinstance(metrics, StreamingFBeta) else list(metrics)
        super().merge_state(others[:1])


class InclusiveOnJax(StreamingFBeta):
    """A backend's own fast path with its own comparison: >= at the threshold on JAX."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **{**kwargs, "inclusive": keras.backend.backend() == "jax"})



# Saved models find the mutants by their registered names.
for _cls in (NoReset, IgnoresWeights, LastBatchOnly, InclusiveThreshold, MacroForWeighted,
             NoneMeansZeroWeights, ZeroWeightsCountAsOne, BetaIgnored, BetaTwoForOne,
             ThresholdIgnored, ConfigDropsInclusive, Float16Counts, FirstReplicaOnly,
             ClassIndexWeighted, CachesResult, Uint8LabelsAsMask, WeightedOverClassCount,
             EpsilonInDenominator, SkipsFirstRow, NoGetConfig, MergesOnlyFirst, InclusiveOnJax):
    keras.saving.register_keras_serializable(package="f1_oracle_mutants")(_cls)


@dataclass(frozen=True)
class Mutant:
    cls: type  # a StreamingFBeta with one thing changed
    entry: str  # the registry entry whose configuration it is built with
    check: str  # the check that must catch it
    # The search takes over 4 s on 2 cores: `tox -e mutants` runs it, the default suite not.
    slow: bool = False

    @property
    def name(self) -> str:
        return f"{self.cls.__name__}({self.entry})"

    def implementation(self) -> Implementation:
        return built_as(self.cls, self.entry)

    def control(self) -> Implementation:
        """The same construction without the mutation."""
        return built_as(StreamingFBeta, self.entry)


def built_as(cls: type, entry: str) -> Implementation:
    """The registry entry, built from `cls` with the entry's own configuration, and
    rebuilt by name from this module on other backends."""
    original = ENTRIES[entry]

    def make(contract, num_classes):
        return cls.from_config(original.make(contract, num_classes).get_config())

    return replace(original, name=f"{cls.__name__}({entry})", make=make, registry=__name__)


BINARY = "streaming/binary-column"
MACRO = "streaming/multiclass-onehot-macro"
WEIGHTED = "streaming/multiclass-sparse-column-weighted,zd=nan"
CONFIGURED = "streaming/binary-flat>=,zd=1"
MUTANTS = [
    Mutant(NoReset, BINARY, "reset_reuse"),
    Mutant(CachesResult, MACRO, "read_midstream", slow=True),
    Mutant(IgnoresWeights, MACRO, "integer_weights_repeat_rows"),
    Mutant(LastBatchOnly, BINARY, "batch_split"),
    Mutant(LastBatchOnly, BINARY, "equal_batches", slow=True),
    Mutant(LastBatchOnly, BINARY, "batch_order", slow=True),
    Mutant(InclusiveThreshold, "streaming/multilabel-macro,zd=nan", "one_batch"),
    Mutant(MacroForWeighted, WEIGHTED, "one_batch"),
    Mutant(MacroForWeighted, WEIGHTED, "averaging", slow=True),
    Mutant(WeightedOverClassCount, WEIGHTED, "bounded"),
    Mutant(NoneMeansZeroWeights, BINARY, "weights_none_is_ones"),
    Mutant(Uint8LabelsAsMask, "streaming/multiclass-sparse-flat-micro", "label_dtypes"),
    Mutant(EpsilonInDenominator, BINARY, "weight_scaling", slow=True),
    Mutant(ZeroWeightsCountAsOne, BINARY, "zero_weight_removes_rows", slow=True),
    Mutant(BetaIgnored, BINARY, "fbeta"),
    Mutant(BetaTwoForOne, BINARY, "symmetry", slow=True),
    Mutant(ThresholdIgnored, BINARY, "threshold"),
    Mutant(ConfigDropsInclusive, CONFIGURED, "config_roundtrip", slow=True),
    Mutant(NoGetConfig, "streaming/multiclass-onehot-macro@epoch", "saved_model", slow=True),
    Mutant(MergesOnlyFirst, BINARY, "merge_shards"),
    Mutant(InclusiveOnJax, BINARY, "backend_parity", slow=True),
    Mutant(Float16Counts, BINARY, "long_stream"),
    Mutant(SkipsFirstRow, BINARY, "long_stream"),
    Mutant(FirstReplicaOnly, BINARY, "distributed", slow=True),
    Mutant(ClassIndexWeighted, MACRO, "class_permutation", slow=True),
]

BY_NAME = {impl.name: impl for mutant in MUTANTS
           for impl in (mutant.implementation(), mutant.control())}
