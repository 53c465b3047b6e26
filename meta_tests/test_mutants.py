"""The battery catches deliberately broken copies of the streaming metric.

Each mutant (metrics_impl/mutants.py) changes one thing; the search with the check named
beside it, with the default profile's examples (its time bound left out, so the test is
deterministic), must find a counterexample, and the same search on the unmutated
control must not. A check that never fails would pass every implementation: these are
the proof that ours can.
"""

from pathlib import Path

import numpy as np
import pytest

from f1_oracle.api import PROFILES
from f1_oracle.checks import BY_NAME, CHECKS
from f1_oracle.runner import budget, search
from metrics_impl.mutants import MUTANTS

DEFAULT = PROFILES["default"].max_examples
SLOW = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent


def _params(items, key):
    return [pytest.param(item, id=key(item), marks=SLOW if item.slow else ())
            for item in items]


@pytest.mark.parametrize("mutant", _params(MUTANTS, lambda m: f"{m.cls.__name__}-{m.check}"))
def test_mutant_is_caught(mutant):
    check = BY_NAME[mutant.check]
    impl = mutant.implementation()
    assert check.skip_reason(impl) is None, check.skip_reason(impl)
    # Caught is the claim, not a minimal case: shrinking is cut short.
    verdict = search(impl, check, budget(check, DEFAULT), shrink_seconds=1).verdict
    assert verdict is not None, f"{mutant.check} did not catch {mutant.name}"
    assert not verdict.ok


def _controls():
    """One control per (entry, check); slow when every mutant it stands beside is."""
    controls = {}
    for mutant in MUTANTS:
        key = (mutant.entry, mutant.check)
        controls[key] = controls.get(key, mutant) if mutant.slow else mutant
    return list(controls.values())


@pytest.mark.parametrize("mutant", _params(_controls(), lambda m: f"{m.entry}-{m.check}"))
def test_unmutated_control_passes_the_same_search(mutant):
    """The same construction without the mutation is not caught: the mutants are caught
    for their mutation, not for how they are built."""
    check = BY_NAME[mutant.check]
    verdict = search(mutant.control(), check, budget(check, DEFAULT)).verdict
    assert verdict is None, verdict.message()


# Checks of a capability the streaming metric has not (river's revert), each shown able
# to fail by the search that catches a metric with that capability and one bug.
SHOWN_ELSEWHERE = {"revert": "meta_tests/test_ecosystem_styles.py::"
                             "test_a_style_is_detected_checks_a_correct_metric_and_catches_a_bug"
                             "[online]"}


def test_every_check_has_a_mutant_it_catches():
    assert {check.name for check in CHECKS} <= ({mutant.check for mutant in MUTANTS}
                                                | set(SHOWN_ELSEWHERE))
    for check, test in SHOWN_ELSEWHERE.items():
        path, name = test.split("::")
        assert name.split("[")[0] in (ROOT / path).read_text(), (check, test)


def refuses_uint8(y_true, y_pred, sample_weight=None):
    """Correct, but refuses uint8 labels with an error (as torch's one_hot does)."""
    from sklearn.metrics import f1_score

    if np.asarray(y_true).dtype == np.uint8:
        raise TypeError("uint8 labels are not supported")
    return f1_score(np.ravel(y_true), np.ravel(y_pred) > 0.5, sample_weight=sample_weight)


def test_refusing_a_label_dtype_is_no_failure():
    """label_dtypes fails a wrong number, not a clear error: refusing is allowed."""
    from f1_oracle.conventions import Conventions
    from f1_oracle.target import implementation

    impl = implementation(refuses_uint8, Conventions.of(task="binary"))
    check = BY_NAME["label_dtypes"]
    assert search(impl, check, budget(check, DEFAULT)).verdict is None


def skips_class_zero(y_true, y_pred):
    """Macro F1 over classes 1..C instead of 0..C-1 (a loop ported from 1-based code)."""
    y_true, hard = np.ravel(y_true), np.argmax(y_pred, axis=1)
    scores = [2 * np.sum((y_true == c) & (hard == c))
              / max(np.sum(y_true == c) + np.sum(hard == c), 1)
              for c in range(1, np.shape(y_pred)[1] + 1)]
    return float(np.mean(scores))


def test_the_counterexample_is_the_shrunk_one():
    """What a search reports is its smallest failing case (Hypothesis replays its minimal
    example at the end, answered from the cache), not the last new failure it ran: one
    row shows this bug."""
    from f1_oracle.conventions import Conventions
    from f1_oracle.target import implementation

    impl = implementation(skips_class_zero, Conventions.of(task="multiclass", classes=4,
                                                          average="macro"))
    found = search(impl, BY_NAME["one_batch"], DEFAULT).verdict
    assert found is not None and found.case.n_samples == 1, found.message()
