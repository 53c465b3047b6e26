"""An implementation under check: how to build it, how its users feed it (its style),
what it declares (its contract) and, for registry entries, what the suite expects."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from f1_oracle.contract import Conforms, Contract, Expectation
from f1_oracle.styles import Capabilities, Style


@dataclass(frozen=True, eq=False)
class Implementation:
    name: str
    contract: Contract
    # Builds a fresh metric for a contract (possibly changed by a check) and a class count.
    make: Callable[[Contract, int], Any]
    style: Style
    expectation: Expectation = field(default_factory=Conforms)
    # True when `make` honours every field of a changed contract (average, beta, ...),
    # so checks may derive variants; False for fixed third-party or seed code.
    configurable: bool = False
    # Saved with a model and loaded back (Keras serialization registered).
    serializable: bool = False
    # merge(first, others), where it differs from the style's merge (a registry entry
    # that reads before merging, say).
    merge: Callable[[Any, list[Any]], None] | None = None
    # The module whose BY_NAME lists this entry: another backend's worker rebuilds it
    # from there (backend_parity). None for a target named on the command line.
    registry: str | None = None
    # How a target named by the user was built, as a person would write it.
    call: str = ""

    def build(self, num_classes: int):
        return self.make(self.contract, num_classes)

    @cached_property
    def capabilities(self) -> Capabilities:
        """What the target can do, read off a built instance (and off the entry)."""
        caps = self.style.capabilities(self.build(self.contract.classes[0]))
        return replace(caps, weights=caps.weights and self.contract.sample_weight,
                       configurable=self.configurable,
                       saved=caps.saved and self.serializable,
                       config=caps.config and (self.serializable or self.registry is None),
                       merge=caps.merge or self.merge is not None)

    def variant(self, **contract_changes) -> Implementation:
        if not self.configurable:
            raise ValueError(f"{self.name} is not configurable; cannot derive a variant")
        suffix = ",".join(f"{k}={v}" for k, v in contract_changes.items())
        return replace(
            self, name=f"{self.name}[{suffix}]", contract=self.contract.with_(**contract_changes)
        )
