"""An implementation under check: how to build it, how its users feed it (its style),
what it declares (its contract) and, for registry entries, what the suite expects."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from f1_oracle.contract import Conforms, Contract, Expectation
from f1_oracle.readout import Readout
from f1_oracle.styles import Capabilities, Style

# The conventions a check may vary through the metric's own keywords.
VARIED = ("average", "beta", "threshold")
_CONVENTION = {"rule": "threshold"}  # the contract field that carries it, where named apart


class ConfigurationRefused(Exception):
    """`make` could not build a variant a check asked for (Keras's F1Score takes no
    threshold of 0): that example says nothing about the metric, and is not run."""


@dataclass(frozen=True, eq=False)
class Implementation:
    name: str
    contract: Contract
    # Builds a fresh metric for a contract (possibly changed by a check) and a class count.
    make: Callable[[Contract, int], Any]
    style: Style
    expectation: Expectation = field(default_factory=Conforms)
    # The conventions (VARIED) that `make` honours when a check changes the contract, so
    # checks may derive variants: a target's keywords among average, beta and threshold;
    # every one for our registry entries; none for fixed seed code.
    varies: frozenset[str] = frozenset()
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
    # How what the metric returns is read as a value (a dict's entry, a percentage).
    readout: Readout = field(default_factory=Readout)

    def build(self, num_classes: int):
        return self.make(self.contract, num_classes)

    @cached_property
    def capabilities(self) -> Capabilities:
        """What the target can do, read off a built instance (and off the entry)."""
        caps = self.style.capabilities(self.build(self.contract.classes[0]))
        return replace(caps, weights=caps.weights and self.contract.sample_weight,
                       **{f"vary_{name}": name in self.varies for name in VARIED},
                       saved=caps.saved and self.serializable,
                       config=caps.config and (self.serializable or self.registry is None),
                       merge=caps.merge or self.merge is not None)

    def variant(self, **contract_changes) -> Implementation:
        fixed = [k for k in contract_changes if _CONVENTION.get(k, k) not in self.varies]
        if fixed:
            raise ValueError(f"{self.name} does not vary {', '.join(fixed)}; cannot derive a "
                             "variant")
        suffix = ",".join(f"{_CONVENTION.get(k, k)}={getattr(v, 'value', v)}"
                          for k, v in contract_changes.items())  # a rule by its threshold
        return replace(
            self, name=f"{self.name}[{suffix}]", contract=self.contract.with_(**contract_changes)
        )
