"""A calling style: how users feed a metric written in one library's idiom, and what the
metric can do besides (weights, reset, merge, ...).

Every check goes through a style; none branches on which one. A check that needs a
capability the target lacks is skipped with the capability's reason, never failed.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass

# What each capability means, as the reason a check is skipped without it.
CAPABILITIES = {
    "batches": "it is computed on the whole data, not fed batch by batch",
    "weights": "its update takes no sample_weight",
    "reset": "it has no reset",
    "merge": "it has no merge of shard states",
    "config": "it does not define get_config/from_config",
    "saved": "it is not saved with a model (registry entries whose Keras serialization "
             "the project registers are)",
    "distributed": "no distribution engine runs it here (Keras metrics whose update takes "
                   "sample_weight, with 2 replicas)",
    "keras": "it does not run on Keras's backends",
    "vary_average": "the oracle cannot set its average (it takes no `average` keyword)",
    "vary_beta": "the oracle cannot set its beta (it takes no `beta` keyword)",
    "vary_threshold": "the oracle cannot set its threshold (it takes no `threshold` "
                      "keyword)",
    "reads": "its value is read once, at the end of a run (evaluate, fit, an ignite Engine)",
    "revert": "it has no revert (undoing an update: river's online metrics)",
}


def epoch_jit() -> bool:
    """Whether Keras's `fit`/`evaluate` loop runs under XLA by default here: jax.jit on JAX.
    TensorFlow's traces with tf.function and XLA left off (so that a new batch size does
    not recompile); torch's runs eagerly."""
    from f1_oracle._backend import current_backend

    return current_backend() == "jax"


@dataclass(frozen=True)
class Capabilities:
    batches: bool = True
    weights: bool = False
    reset: bool = False
    merge: bool = False
    config: bool = False
    saved: bool = False
    distributed: bool = False
    keras: bool = False
    vary_average: bool = False  # built with any average, beta or threshold a check asks
    vary_beta: bool = False
    vary_threshold: bool = False
    reads: bool = False  # it can be read between updates, and the stream goes on
    revert: bool = False  # an update can be undone (river's revert)

    def lacks(self, names: tuple[str, ...]) -> str | None:
        """The reason a check needing `names` cannot run, or None."""
        missing = [n for n in names if not getattr(self, n)]
        return "; ".join(CAPABILITIES[n] for n in missing) or None


@dataclass(frozen=True)
class Script:
    """How a standalone repro script (f1_oracle.repro) feeds and reads a metric in this
    style, as its users write it: `imports`, then `feed` (lines over `batches`, a list of
    numpy (y_true, y_pred, sample_weight) as the style is given them, and `metric`, the
    built metric), then `read`, the expression of what the metric returns."""

    imports: tuple[str, ...]
    feed: tuple[str, ...]
    read: str


def per_batch(update: str, weighted: str | None = None) -> tuple[str, ...]:
    """Feed lines calling `update` (with `weighted` where the batch has weights)."""
    if weighted is None:
        return ("for t, p, w in batches:", f"    {update}")
    return ("for t, p, w in batches:", "    if w is None:", f"        {update}",
            "    else:", f"        {weighted}")


class Style:
    """Base of the calling styles. `name` is the CLI spelling (`--style NAME`)."""

    name: str = ""
    doc: str = ""
    # Whether its metrics compute in kernels that read subnormal floats as 0 (TensorFlow's
    # and XLA's CPU kernels): declared in the rule (contract.flushed).
    flushes_subnormals: bool = False
    # Its users' usual layouts are the flat ones ((N,) labels: torch, scikit-learn), rather
    # than Keras's columns and one-hot rows; detection tries those first.
    flat_layouts: bool = False
    # Whether the metric runs inside a traced step (tf.function, jax.jit), where values
    # cannot be read and bad input can only poison the result.
    traced: bool = False
    # Whether its metrics take hard predictions (river, MONAI): checked with --scores
    # labels unless the user says otherwise.
    takes_labels: bool = False

    def recognises(self, obj) -> bool:
        """Whether a built metric object is written in this style (detection, checked
        statically so that a `__getattr__` cannot answer for a method)."""
        return False

    def as_is(self, target) -> bool:
        """Whether the target itself is the metric, one object for every example (a
        function; pure functional metric code), rather than what builds a fresh one."""
        return False

    def wrap(self, metric):
        """What the style feeds and reads, made from a metric (itself, by default)."""
        return metric

    def update(self, metric, batches) -> None:
        """Feed every batch, in order."""
        for y_true, y_pred, weight in batches.items:
            self.update_batch(metric, y_true, y_pred, weight)

    def update_batch(self, metric, y_true, y_pred, weight) -> None:
        raise NotImplementedError

    def read(self, metric):
        raise NotImplementedError

    def reset(self, metric) -> None:
        raise NotImplementedError(f"{self.name} metrics have no reset")

    def merge(self, first, others: list) -> None:
        raise NotImplementedError(f"{self.name} metrics have no merge")

    def revert_batch(self, metric, y_true, y_pred, weight) -> None:
        raise NotImplementedError(f"{self.name} metrics have no revert")

    def capabilities(self, metric) -> Capabilities:
        return Capabilities()

    def script(self, metric) -> Script | None:
        """How a repro script feeds and reads `metric`, or None where the style has no
        standalone form yet."""
        return None

    def observe(self, impl, batches):
        """The value users read after feeding `batches` to a fresh metric."""
        metric = impl.build(batches.num_classes)
        self.update(metric, batches)
        return self.read(metric)


def defines(obj, name: str) -> bool:
    """`obj` (or its class) really defines `name`: no `__getattr__` answers for it."""
    try:
        inspect.getattr_static(obj, name)
    except AttributeError:
        return False
    return callable(getattr(obj, name, None))


def takes(fn, name: str) -> bool:
    """`fn` accepts a keyword argument `name` (or any keyword)."""
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.name == name or p.kind is p.VAR_KEYWORD for p in params)


def positional(fn) -> int:
    """How many positional parameters `fn` takes (bound methods exclude self)."""
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return -1
    if any(p.kind is p.VAR_POSITIONAL for p in params):
        return 99
    return sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params)


def weight_kwargs(weight, convert=lambda w: w) -> dict:
    """`sample_weight=` only where the batch has weights: a metric whose update takes none
    is called without the keyword."""
    return {} if weight is None else {"sample_weight": convert(weight)}

