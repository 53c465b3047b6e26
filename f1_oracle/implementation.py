"""A registry entry: an implementation, how its users feed it, and what it declares."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from f1_oracle.contract import Conforms, Contract, Expectation

# How users feed an implementation, and so how the oracle does:
#   stream            update_state per batch, then result()
#   torch-stream      torchmetrics/torcheval: update(preds, target) per batch, then compute()
#   epoch             compiled into a model; the number `evaluate` logs
#   fit-callback      a callback that reports F1 at the end of a `fit` epoch
Harness = Literal["stream", "torch-stream", "epoch", "fit-callback"]


@dataclass(frozen=True, eq=False)
class Implementation:
    name: str
    contract: Contract
    # Builds a fresh metric for a contract (possibly changed by a check) and a class count.
    make: Callable[[Contract, int], Any]
    harness: Harness
    expectation: Expectation = field(default_factory=Conforms)
    source: str = ""
    # True when `make` honours every field of a changed contract (average, beta, ...),
    # so checks may derive variants; False for fixed third-party or seed code.
    configurable: bool = False
    # The implementation accepts Keras get_config/from_config and model saving.
    serializable: bool = False
    # merge(first, others): folds metrics fed other shards of a stream into `first`
    # (merge_state, in whichever form the library has it); None when it has no such API.
    merge: Callable[[Any, list[Any]], None] | None = None
    # Runs on whichever Keras backend is active (keras.ops and Keras's own loops), so the
    # backend-parity check applies; False for tf_keras and the torch libraries.
    keras_backend: bool = True

    def build(self, num_classes: int):
        return self.make(self.contract, num_classes)

    def variant(self, **contract_changes) -> Implementation:
        if not self.configurable:
            raise ValueError(f"{self.name} is not configurable; cannot derive a variant")
        suffix = ",".join(f"{k}={v}" for k, v in contract_changes.items())
        return replace(
            self, name=f"{self.name}[{suffix}]", contract=self.contract.with_(**contract_changes)
        )
