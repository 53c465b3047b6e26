"""The registry: every implementation under test, how its users feed it, and its contract.

Tests are driven from this list alone (as scikit-learn's test_common.py is driven from
its metric registries): a new implementation is one entry here, and every check that
its contract makes applicable runs on it.
"""

from __future__ import annotations

import math

from f1_oracle.contract import AllMaxima, ArgmaxFirst, Contract, KnownBad, Threshold
from f1_oracle.implementation import Implementation
from metrics_impl import keras2_batchwise, log_based, seed000_argmax, tfa_compat, third_party
from metrics_impl._runtime import holds, reductions_flush_subnormals
from metrics_impl.seed001_posted import PostedF1Score
from metrics_impl.streaming import StreamingFBeta

NAN = math.nan
ARGMAX = ArgmaxFirst(subnormals_as_zero=reductions_flush_subnormals())
BATCH_AVERAGED = "Keras averages the per-batch values over the epoch; F1 does not average"


def _streaming(contract: Contract, num_classes: int) -> StreamingFBeta:
    rule = contract.rule
    threshold = rule if isinstance(rule, Threshold) else Threshold()
    return StreamingFBeta(
        task=contract.task,
        num_classes=None if contract.task == "binary" else num_classes,
        average=contract.average,
        beta=contract.beta,
        threshold=threshold.value,
        inclusive=threshold.inclusive,
        zero_division=contract.zero_division,
        name="fbeta",
        dtype=contract.dtype,
    )


def _merge_state(first, others) -> None:
    first.merge_state(others)


def _streaming_entry(name, harness="stream", **contract) -> Implementation:
    return Implementation(
        name=name,
        contract=Contract(**contract),
        make=_streaming,
        harness=harness,
        source="metrics_impl/streaming.py",
        configurable=True,
        serializable=True,
        merge=_merge_state if harness == "stream" else None,
    )


MULTI = (2, 10)
ALL_DTYPES = ("float32", "bfloat16", "float16", "float64")

_STREAMING = [
    _streaming_entry("streaming/binary-column", task="binary", layout="binary-column",
                     empty_batches=True, pred_dtypes=ALL_DTYPES),
    _streaming_entry("streaming/binary-column,float64", task="binary", layout="binary-column",
                     dtype="float64", pred_dtypes=("float64", "float32")),
    _streaming_entry("streaming/binary-flat>=,zd=1", task="binary", layout="binary-flat",
                     rule=Threshold(0.5, inclusive=True), zero_division=1.0, empty_batches=True),
    _streaming_entry("streaming/binary-column@epoch", harness="epoch", task="binary",
                     layout="binary-column"),
    _streaming_entry("streaming/multiclass-onehot-macro", task="multiclass", layout="onehot",
                     average="macro", rule=ARGMAX, classes=MULTI, empty_batches=True,
                     pred_dtypes=("float32", "bfloat16")),
    _streaming_entry("streaming/multiclass-sparse-flat-micro", task="multiclass",
                     layout="sparse-flat", average="micro", rule=ARGMAX, classes=MULTI),
    _streaming_entry("streaming/multiclass-sparse-column-weighted,zd=nan", task="multiclass",
                     layout="sparse-column", average="weighted", rule=ARGMAX,
                     zero_division=NAN, classes=MULTI),
    _streaming_entry("streaming/multiclass-onehot-none", task="multiclass", layout="onehot",
                     average=None, rule=ARGMAX, classes=MULTI),
    _streaming_entry("streaming/multiclass-onehot-macro@epoch", harness="epoch",
                     task="multiclass", layout="onehot", average="macro", rule=ARGMAX,
                     classes=MULTI),
    _streaming_entry("streaming/multilabel-macro,zd=nan", task="multilabel", layout="multilabel",
                     average="macro", zero_division=NAN, classes=(2, 6)),
    _streaming_entry("streaming/multilabel-weighted,float64", task="multilabel",
                     layout="multilabel", average="weighted", classes=(2, 6), dtype="float64",
                     pred_dtypes=("float64",)),
    _streaming_entry("streaming/multilabel-micro@epoch", harness="epoch", task="multilabel",
                     layout="multilabel", average="micro", classes=(2, 6)),
]


# float64 entries where the backend keeps float64 (not JAX without jax_enable_x64, where
# the metric refuses the dtype: properties/test_bad_input.py).
STREAMING = [e for e in _STREAMING if holds(e.contract.dtype)]


def _fixed(fn):
    """`make` for code that takes no configuration: the same function every time."""
    return lambda contract, num_classes: fn()


KERAS2 = Contract(task="binary", layout="binary-column", sample_weight=False, epsilon=1e-7)

SEEDS = [
    Implementation(
        "keras2-f1@epoch", KERAS2, _fixed(lambda: keras2_batchwise.f1), "epoch",
        KnownBad("batch_split", BATCH_AVERAGED, still_holds=("one_batch",)),
        source="seeds 001, 002: Keras 2's removed f1",
    ),
    Implementation(
        "keras2-f1-declared>=@epoch", KERAS2.with_(rule=Threshold(0.5, inclusive=True)),
        _fixed(lambda: keras2_batchwise.f1), "epoch",
        KnownBad("one_batch", "K.round rounds 0.5 half to even, to 0: y_pred == 0.5 is "
                 "negative although the contract says >="),
        source="seed 001, declared with the >= rule its streaming answer uses",
    ),
    Implementation(
        "seed000-argmax@epoch",
        KERAS2.with_(layout="sparse-column", rule=ARGMAX),
        _fixed(lambda: seed000_argmax.f1_argmax), "epoch",
        KnownBad("batch_split", BATCH_AVERAGED, still_holds=("one_batch",)),
        source="seed 000: reshape labels, argmax the softmax",
    ),
    Implementation(
        "seed000-first-version@epoch",
        KERAS2.with_(layout="sparse-column", rule=ARGMAX),
        _fixed(lambda: seed000_argmax.f1_first_version), "epoch",
        KnownBad("one_batch", "(N, 1) labels broadcast against both softmax columns"),
        source="seed 000: labels and softmax of different shapes",
    ),
    Implementation(
        "seed001-posted-subclass",
        Contract(task="binary", layout="binary-column", rule=Threshold(0.5, inclusive=True),
                 sample_weight=False),
        _fixed(PostedF1Score), "stream",
        KnownBad("batch_split", "update_state never accumulates; result() is 0/0 = NaN"),
        source="seed 001: the streaming F1_score answer",
    ),
    Implementation(
        "seed003-log-sums@fit",
        Contract(task="binary", layout="binary-column", sample_weight=False),
        _fixed(log_based.log_based_sums), "fit-callback",
        source="seed 003: F1 rebuilt from epoch logs of sum-returning counts",
    ),
    Implementation(
        "seed003-log-means@fit",
        Contract(task="binary", layout="binary-column", sample_weight=False),
        _fixed(log_based.log_based_means), "fit-callback",
        KnownBad("batch_split", "per-batch fractions averaged unweighted: a row counts "
                 "1 / (its batch size)", still_holds=("one_batch", "equal_batches")),
        source="seed 003: the same with mean-returning counts",
    ),
    Implementation(
        "predict-callback@fit",
        Contract(task="binary", layout="binary-column", sample_weight=False, dtype="float64"),
        _fixed(log_based.PredictAtEpochEnd), "fit-callback",
        source="seeds 001, 003: predict at epoch end, score with scikit-learn",
    ),
]


def _tfa(cls, **kwargs):
    return lambda contract, num_classes: cls(num_classes=num_classes, **kwargs)


TIES = AllMaxima(zero_guard=tfa_compat.ZERO_GUARD)

TFA = [
    Implementation(
        "tfa-compat/f1-onehot-micro-ties",
        Contract(task="multiclass", layout="onehot", average="micro", rule=TIES, classes=MULTI),
        _tfa(tfa_compat.F1Score, average="micro"), "stream", source="metrics_impl/tfa_compat.py",
    ),
    Implementation(
        "tfa-compat/f1-onehot-macro-ties",
        Contract(task="multiclass", layout="onehot", average="macro", rule=TIES, classes=MULTI),
        _tfa(tfa_compat.F1Score, average="macro"), "stream", source="metrics_impl/tfa_compat.py",
    ),
    Implementation(
        "tfa-compat/f1-binary-column-ties",
        Contract(task="binary", layout="binary-column", rule=TIES),
        _tfa(tfa_compat.F1Score, average="micro"), "stream", source="metrics_impl/tfa_compat.py",
    ),
    Implementation(
        "tfa-compat/fbeta2-multilabel-macro",
        Contract(task="multilabel", layout="multilabel", average="macro", beta=2.0,
                 classes=(2, 6)),
        _tfa(tfa_compat.FBetaScore, average="macro", beta=2.0, threshold=0.5), "stream",
        source="metrics_impl/tfa_compat.py",
    ),
    Implementation(
        "tfa-compat/f1-multilabel-weighted",
        Contract(task="multilabel", layout="multilabel", average="weighted", classes=(2, 6)),
        _tfa(tfa_compat.F1Score, average="weighted", threshold=0.5), "stream",
        source="metrics_impl/tfa_compat.py",
    ),
]

# Ours and the seeds' (the README's table); then the libraries we check, where installed.
OWN: list[Implementation] = STREAMING + SEEDS + TFA
REGISTRY: list[Implementation] = OWN + third_party.available()
BY_NAME = {impl.name: impl for impl in REGISTRY}
