"""Where a declared-negligible constant stops being negligible: the weight-scale sweep.

Keras adds 1e-7 to each denominator of F-beta. With counts of order 1 that is below
float32 rounding; with small sample weights (normalised to sum to 1 over a large data
set, say) the weighted counts shrink and the epsilon does not. For each scale s, the
search looks for a case whose weights are all s (so the weighted counts are s times the
plain ones) where the implementation, held to the exact scikit-learn value, misses the
float32 tolerance. The crossing is the largest scale at which it finds one.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import find, settings
from hypothesis.errors import NoSuchExample

from f1_oracle.checks import against_reference
from f1_oracle.implementation import Implementation
from f1_oracle.strategies import cases

SCALES = tuple(2.0**-k for k in range(0, 25, 2))


@dataclass(frozen=True)
class ScaleOutcome:
    scale: float
    counterexample: str  # empty when the search found none


def weight_scale_sweep(impl: Implementation, max_examples: int = 30,
                       scales: tuple[float, ...] = SCALES) -> list[ScaleOutcome]:
    contract = impl.contract.with_(epsilon=0.0)  # held to the exact value
    exact = Implementation(impl.name, contract, impl.make, impl.style)
    outcomes = []
    for scale in scales:
        scaled = cases(contract, weight_modes=("ones",)).map(
            lambda case, s=scale: case.with_weights(case.sample_weight * s))
        try:
            case = find(scaled, lambda c: not against_reference("weight_scale", exact, c).ok,
                        settings=settings(max_examples=max_examples, derandomize=True,
                                          database=None, deadline=None))
            message = against_reference("weight_scale", exact, case,
                                        detail=f"every weight = {scale:g}").message()
        except NoSuchExample:
            message = ""
        outcomes.append(ScaleOutcome(scale, message))
    return outcomes


def crossing(outcomes: list[ScaleOutcome]) -> float | None:
    """The largest scale at which a counterexample was found."""
    found = [o.scale for o in outcomes if o.counterexample]
    return max(found) if found else None
