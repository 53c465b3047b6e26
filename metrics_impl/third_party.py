"""Adapters for libraries we check but did not write, with the contracts they document.

Each library appears twice where it matters: once with the conventions it actually
follows (expected to conform), and once with the convention a user would assume, as a
known-bad entry whose counterexample the search must find. That is how the report
states, from its own search, where a library differs from scikit-learn.

Keras 3 is always installed; tf-keras, torchmetrics and torcheval are optional extras
(`pip install -e .[thirdparty]`), and their entries appear only when they import.
"""

from __future__ import annotations

from dataclasses import replace

from f1_oracle._backend import installed, keras_module
from f1_oracle.contract import AllMaxima, Argmax, Contract, KnownBad, Threshold
from f1_oracle.implementation import Implementation
from f1_oracle.styles import by_name

KERAS_EPSILON = 1e-7  # keras.backend.epsilon() in FBetaScore's denominators
KERAS_TIES = AllMaxima(zero_guard=1e-9)
MULTI = (2, 10)  # class counts the multiclass entries are drawn with
STREAM = by_name("keras-metric")
TORCH = by_name("torchmetrics")


def _keras(cls_name: str, **kwargs):
    def make(contract, num_classes):
        return getattr(keras_module().metrics, cls_name)(**kwargs)

    return make


def _entry(name, contract, make, style=STREAM, expectation=None):
    extra = {} if expectation is None else {"expectation": expectation}
    return Implementation(name, contract, make, style, **extra)


def keras_entries() -> list[Implementation]:
    onehot = Contract(task="multiclass", layout="onehot", average="micro", rule=KERAS_TIES,
                      classes=MULTI, epsilon=KERAS_EPSILON)
    column = Contract(task="binary", layout="binary-column", epsilon=KERAS_EPSILON)
    return [
        _entry("keras.F1Score(micro)/onehot-ties", onehot,
               _keras("F1Score", average="micro")),
        _entry("keras.F1Score(macro)/onehot-ties", onehot.with_(average="macro"),
               _keras("F1Score", average="macro")),
        _entry("keras.F1Score(None)/onehot-ties", onehot.with_(average=None),
               _keras("F1Score", average=None)),
        _entry("keras.F1Score(weighted,threshold=0.5)/multilabel",
               Contract(task="multilabel", layout="multilabel", average="weighted",
                        classes=(2, 6), epsilon=KERAS_EPSILON),
               _keras("F1Score", average="weighted", threshold=0.5)),
        _entry("keras.FBetaScore(beta=2,threshold=0.5)/binary-column", column.with_(beta=2.0),
               _keras("FBetaScore", average="micro", beta=2.0, threshold=0.5)),
        _entry("keras.F1Score(micro)/onehot-as-argmax", onehot.with_(rule=Argmax()),
               _keras("F1Score", average="micro"),
               expectation=KnownBad("one_batch", "threshold=None predicts every tied maximum, "
                                    "not the first (argmax)")),
        _entry("keras.F1Score(micro)/binary-column-threshold-None", column,
               _keras("F1Score", average="micro"),
               expectation=KnownBad("one_batch", "a single (N, 1) column is its own row "
                                    "maximum: every nonzero score is predicted positive")),
        _entry("keras.F1Score(threshold=0.5)/binary-column-as->=",
               column.with_(rule=Threshold(0.5, inclusive=True)),
               _keras("F1Score", average="micro", threshold=0.5),
               expectation=KnownBad("one_batch", "y_pred == threshold is negative (strict >)")),
        _entry("keras.F1Score(micro)/sparse-column-labels",
               onehot.with_(layout="sparse-column", rule=Argmax()),
               _keras("F1Score", average="micro"),
               expectation=KnownBad("bounded", "sparse (N, 1) labels broadcast against "
                                    "(N, C) scores without an error: class indices above 1 "
                                    "push F1 above 1")),
        _entry("keras.F1Score(micro)/onehot-ties-without-epsilon",
               onehot.with_(epsilon=0.0), _keras("F1Score", average="micro"),
               expectation=KnownBad("weight_scaling", "1e-7 is added to each denominator: "
                                    "with small weights it is no longer negligible")),
    ]


def tf_keras_entries() -> list[Implementation]:
    import tf_keras

    contract = Contract(task="multiclass", layout="onehot", average="macro", rule=KERAS_TIES,
                        classes=MULTI)
    # Found by merge_shards: a shard metric that saw no batch has unbuilt weights, and
    # tf-keras's merge_state refuses it. Every other check holds.
    unmerged = KnownBad("merge_shards", "merge_state raises 'is not compatible' for a shard "
                        "that saw no batch (its weights are not built)",
                        still_holds=("one_batch", "batch_split", "reset_reuse",
                                     "weights_none_is_ones", "class_permutation"))
    return [
        _entry("tf_keras.F1Score(macro)/onehot-ties", contract,
               lambda c, k: tf_keras.metrics.F1Score(average="macro"), expectation=unmerged),
        _entry("tf_keras.F1Score(threshold=0.5,micro)/multilabel",
               Contract(task="multilabel", layout="multilabel", average="micro", classes=(2, 6)),
               lambda c, k: tf_keras.metrics.F1Score(average="micro", threshold=0.5),
               expectation=unmerged),
    ]


def _torch(factory, **kwargs):
    return lambda contract, num_classes: factory(num_classes=num_classes, **kwargs)


def _torch_binary(factory, **kwargs):
    return lambda contract, num_classes: factory(**kwargs)


def _torch_library(prefix: str, binary_cls, multiclass_cls, rule: Threshold):
    """The entries torchmetrics and torcheval share: binary F1 under its threshold rule and
    under the other one, and multiclass F1 macro (over present classes, and over all C)
    and micro, with sparse targets."""
    binary = Contract(task="binary", layout="binary-flat", rule=rule, sample_weight=False)
    other = Threshold(rule.value, inclusive=not rule.inclusive)
    sparse = Contract(task="multiclass", layout="sparse-flat", average="macro", rule=Argmax(),
                      macro_classes="present", classes=MULTI, sample_weight=False)
    side = "positive" if rule.inclusive else "negative"
    return [
        _entry(f"{prefix}.BinaryF1Score", binary, _torch_binary(binary_cls), TORCH),
        _entry(f"{prefix}.BinaryF1Score-as-{other.symbol}", binary.with_(rule=other),
               _torch_binary(binary_cls), TORCH,
               KnownBad("one_batch", f"y_pred == threshold is {side} ({rule.symbol})")),
        _entry(f"{prefix}.MulticlassF1Score(macro)", sparse,
               _torch(multiclass_cls, average="macro"), TORCH),
        _entry(f"{prefix}.MulticlassF1Score(macro)-all-classes",
               sparse.with_(macro_classes="all"), _torch(multiclass_cls, average="macro"),
               TORCH,
               KnownBad("one_batch", "classes with no true and no predicted sample are left "
                        "out of the macro average; scikit-learn with labels=range(C) keeps "
                        "them at zero_division")),
        _entry(f"{prefix}.MulticlassF1Score(micro)", sparse.with_(average="micro"),
               _torch(multiclass_cls, average="micro"), TORCH),
    ]


def torchmetrics_entries() -> list[Implementation]:
    from torchmetrics import classification as tm

    binary = Contract(task="binary", layout="binary-flat", beta=2.0, sample_weight=False)
    sparse = Contract(task="multiclass", layout="sparse-flat", average="weighted",
                      rule=Argmax(), classes=MULTI, sample_weight=False)
    multilabel = Contract(task="multilabel", layout="multilabel", average="macro",
                          classes=(2, 6), sample_weight=False)
    shared = _torch_library("torchmetrics", tm.BinaryF1Score, tm.MulticlassF1Score,
                            Threshold(0.5))
    entries = [
        *shared,
        _entry("torchmetrics.BinaryFBetaScore(beta=2)", binary,
               _torch_binary(tm.BinaryFBetaScore, beta=2.0), TORCH),
        _entry("torchmetrics.MulticlassF1Score(weighted)", sparse,
               _torch(tm.MulticlassF1Score, average="weighted"), TORCH),
        _entry("torchmetrics.MultilabelF1Score(macro)", multilabel,
               lambda contract, k: tm.MultilabelF1Score(num_labels=k, average="macro"),
               TORCH),
    ]
    stale = replace(
        entries[0], name="torchmetrics.BinaryF1Score-read-before-merge",
        merge=_merge_after_reading,
        expectation=KnownBad("merge_shards", "merge_state keeps the value compute() cached: "
                             "a metric read before merging reports its own shard's value"))
    return [*entries, stale]


def _merge_after_reading(first, others) -> None:
    """As users who log each shard's value before merging the shards do."""
    for metric in (first, *others):
        TORCH.read(metric)  # compute(), quietly on a shard that saw no batch
    TORCH.merge(first, others)


def torcheval_entries() -> list[Implementation]:
    from torcheval import metrics as te

    return _torch_library("torcheval", te.BinaryF1Score, te.MulticlassF1Score,
                          Threshold(0.5, inclusive=True))


def available() -> list[Implementation]:
    """Keras 3's entries, plus those of each optional library that imports."""
    entries = keras_entries()
    for module, build in (("tf_keras", tf_keras_entries), ("torchmetrics", torchmetrics_entries),
                          ("torcheval", torcheval_entries)):
        if installed(module):
            entries += build()
    return entries
