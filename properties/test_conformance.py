"""Every check that an implementation's contract makes applicable, as a property.

Conforming implementations must pass all of them; known-bad ones must still pass the
checks their entry lists under `still_holds`. Driven by the registry alone.
"""

import pytest

from f1_oracle.checks import applicable
from f1_oracle.pinned import pinned_cases
from f1_oracle.runner import assert_holds, should_hold
from metrics_impl.registry import REGISTRY

PAIRS = [
    pytest.param(impl, check, id=f"{impl.name}::{check.name}")
    for impl in REGISTRY
    for check in applicable(impl)
    if should_hold(impl, check)
]


@pytest.mark.parametrize(("impl", "check"), PAIRS)
def test_property_holds(impl, check):
    pinned = pinned_cases(impl.contract) if check.name == "batch_split" else []
    assert_holds(impl, check, examples=pinned)
