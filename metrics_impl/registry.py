"""The registry: every implementation under test, how its users feed it, and its contract.

Tests are driven from this list alone (as scikit-learn's test_common.py is driven from
its metric registries): a new implementation is one entry here, and every check that
its contract makes applicable runs on it.
"""

from __future__ import annotations

import importlib
import math
from dataclasses import replace

from f1_oracle._backend import holds
from f1_oracle.contract import AllMaxima, Argmax, Contract, KnownBad, Threshold
from f1_oracle.implementation import VARIED, Implementation
from f1_oracle.styles import KerasEvaluate
from metrics_impl import third_party
from metrics_impl.fit_callback_style import FitCallback
from metrics_impl.third_party import MULTI, STREAM

NAN = math.nan
EPOCH = KerasEvaluate("keras-evaluate")  # metric objects in evaluate: the @epoch entries
FIT = FitCallback()
BATCH_AVERAGED = "Keras averages the per-batch values over the epoch; F1 does not average"


def _code(module: str):
    """A module of this package, imported when an entry is first built: the metrics import
    Keras, and listing the registry (`f1-oracle table`) needs none of it."""
    return importlib.import_module(f"metrics_impl.{module}")


def _streaming(contract: Contract, num_classes: int):
    rule = contract.rule
    threshold = rule if isinstance(rule, Threshold) else Threshold()
    return _code("streaming").StreamingFBeta(
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


def _streaming_entry(name, style=STREAM, **contract) -> Implementation:
    return Implementation(name=name, contract=Contract(**contract), make=_streaming,
                          style=style, varies=frozenset(VARIED), serializable=True)


ALL_DTYPES = ("float32", "bfloat16", "float16", "float64")

_STREAMING = [
    _streaming_entry("streaming/binary-column", task="binary", layout="binary-column",
                     empty_batches=True, pred_dtypes=ALL_DTYPES),
    _streaming_entry("streaming/binary-column,float64", task="binary", layout="binary-column",
                     dtype="float64", pred_dtypes=("float64", "float32")),
    _streaming_entry("streaming/binary-flat>=,zd=1", task="binary", layout="binary-flat",
                     rule=Threshold(0.5, inclusive=True), zero_division=1.0, empty_batches=True),
    _streaming_entry("streaming/binary-column@epoch", style=EPOCH, task="binary",
                     layout="binary-column"),
    _streaming_entry("streaming/multiclass-onehot-macro", task="multiclass", layout="onehot",
                     average="macro", rule=Argmax(), classes=MULTI, empty_batches=True,
                     pred_dtypes=("float32", "bfloat16")),
    _streaming_entry("streaming/multiclass-sparse-flat-micro", task="multiclass",
                     layout="sparse-flat", average="micro", rule=Argmax(), classes=MULTI),
    _streaming_entry("streaming/multiclass-sparse-column-weighted,zd=nan", task="multiclass",
                     layout="sparse-column", average="weighted", rule=Argmax(),
                     zero_division=NAN, classes=MULTI),
    _streaming_entry("streaming/multiclass-onehot-none", task="multiclass", layout="onehot",
                     average=None, rule=Argmax(), classes=MULTI),
    _streaming_entry("streaming/multiclass-onehot-macro@epoch", style=EPOCH,
                     task="multiclass", layout="onehot", average="macro", rule=Argmax(),
                     classes=MULTI),
    _streaming_entry("streaming/multilabel-macro,zd=nan", task="multilabel", layout="multilabel",
                     average="macro", zero_division=NAN, classes=(2, 6)),
    _streaming_entry("streaming/multilabel-weighted,float64", task="multilabel",
                     layout="multilabel", average="weighted", classes=(2, 6), dtype="float64",
                     pred_dtypes=("float64",)),
    _streaming_entry("streaming/multilabel-micro@epoch", style=EPOCH, task="multilabel",
                     layout="multilabel", average="micro", classes=(2, 6)),
]


# float64 entries where the backend keeps float64 (not JAX without jax_enable_x64, where
# the metric refuses the dtype: properties/test_bad_input.py).
STREAMING = [e for e in _STREAMING if holds(e.contract.dtype)]


def _fixed(module: str, name: str, call: bool = False):
    """`make` for code that takes no configuration: the same function every time (an
    instance of the class, where `call`)."""
    def make(contract, num_classes):
        code = getattr(_code(module), name)
        return code() if call else code

    return make


KERAS2 = Contract(task="binary", layout="binary-column", sample_weight=False, epsilon=1e-7)

SEEDS = [
    Implementation(
        "keras2-f1@epoch", KERAS2, _fixed("keras2_batchwise", "f1"), EPOCH,
        KnownBad("batch_split", BATCH_AVERAGED, still_holds=("one_batch",)),
    ),
    Implementation(
        "keras2-f1-declared>=@epoch", KERAS2.with_(rule=Threshold(0.5, inclusive=True)),
        _fixed("keras2_batchwise", "f1"), EPOCH,
        KnownBad("one_batch", "K.round rounds 0.5 half to even, to 0: y_pred == 0.5 is "
                 "negative although the contract says >="),
    ),
    Implementation(
        "seed000-argmax@epoch",
        KERAS2.with_(layout="sparse-column", rule=Argmax()),
        _fixed("seed000_argmax", "f1_argmax"), EPOCH,
        KnownBad("batch_split", BATCH_AVERAGED, still_holds=("one_batch",)),
    ),
    Implementation(
        "seed000-first-version@epoch",
        KERAS2.with_(layout="sparse-column", rule=Argmax()),
        _fixed("seed000_argmax", "f1_first_version"), EPOCH,
        KnownBad("one_batch", "(N, 1) labels broadcast against both softmax columns"),
    ),
    Implementation(
        "seed001-posted-subclass",
        Contract(task="binary", layout="binary-column", rule=Threshold(0.5, inclusive=True),
                 sample_weight=False),
        _fixed("seed001_posted", "PostedF1Score", call=True), STREAM,
        KnownBad("batch_split", "update_state never accumulates; result() is 0/0 = NaN"),
    ),
    Implementation(
        "seed003-log-sums@fit",
        Contract(task="binary", layout="binary-column", sample_weight=False),
        _fixed("log_based", "log_based_sums", call=True), FIT,
    ),
    Implementation(
        "seed003-log-means@fit",
        Contract(task="binary", layout="binary-column", sample_weight=False),
        _fixed("log_based", "log_based_means", call=True), FIT,
        KnownBad("batch_split", "per-batch fractions averaged unweighted: a row counts "
                 "1 / (its batch size)", still_holds=("one_batch", "equal_batches")),
    ),
    Implementation(
        "predict-callback@fit",
        Contract(task="binary", layout="binary-column", sample_weight=False, dtype="float64"),
        _fixed("log_based", "PredictAtEpochEnd", call=True), FIT,
    ),
]


def _tfa(cls: str, **kwargs):
    return lambda contract, num_classes: getattr(_code("tfa_compat"), cls)(
        num_classes=num_classes, **kwargs)


# Declared apart from the code it describes (tfa_compat.ZERO_GUARD), as for any target: the
# checks hold the port to it.
TIES = AllMaxima(zero_guard=1e-12)

TFA = [
    Implementation(
        "tfa-compat/f1-onehot-micro-ties",
        Contract(task="multiclass", layout="onehot", average="micro", rule=TIES, classes=MULTI),
        _tfa("F1Score", average="micro"), STREAM,
    ),
    Implementation(
        "tfa-compat/f1-onehot-macro-ties",
        Contract(task="multiclass", layout="onehot", average="macro", rule=TIES, classes=MULTI),
        _tfa("F1Score", average="macro"), STREAM,
    ),
    Implementation(
        "tfa-compat/f1-binary-column-ties",
        Contract(task="binary", layout="binary-column", rule=TIES),
        _tfa("F1Score", average="micro"), STREAM,
    ),
    Implementation(
        "tfa-compat/fbeta2-multilabel-macro",
        Contract(task="multilabel", layout="multilabel", average="macro", beta=2.0,
                 classes=(2, 6)),
        _tfa("FBetaScore", average="macro", beta=2.0, threshold=0.5), STREAM,
    ),
    Implementation(
        "tfa-compat/f1-multilabel-weighted",
        Contract(task="multilabel", layout="multilabel", average="weighted", classes=(2, 6)),
        _tfa("F1Score", average="weighted", threshold=0.5), STREAM,
    ),
]


def _registered(entries: list[Implementation]) -> list[Implementation]:
    """The entries, each knowing that this module lists it (for other backends' workers),
    with the rule as the kernels of its style compute it (subnormal scores read as 0 on
    TensorFlow and JAX: contract.flushed)."""
    return [replace(entry, registry=__name__,
                    contract=entry.contract.flushing(entry.style.flushes_subnormals))
            for entry in entries]


# Ours and the seeds' (the README's table); then the libraries we check, where installed.
OWN: list[Implementation] = _registered(STREAMING + SEEDS + TFA)


def __getattr__(name: str):
    """REGISTRY and BY_NAME, made at first use: the optional libraries' entries import
    them (torchmetrics takes seconds), which the README's table does not need."""
    if name not in ("REGISTRY", "BY_NAME"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    registry = OWN + _registered(third_party.available())
    globals().update(REGISTRY=registry, BY_NAME={impl.name: impl for impl in registry})
    return globals()[name]
