"""The strategies produce what the properties rely on."""

from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from f1_oracle.contract import Argmax, Contract
from f1_oracle.strategies import cases, long_streams, splits
from f1_oracle.strategies.splits import power_of_two_splits


@given(st.data(), st.integers(0, 50), st.booleans())
def test_splits_cover_the_rows(data, n, allow_empty):
    sizes = data.draw(splits(n, allow_empty=allow_empty))
    assert sum(sizes) == n
    assert allow_empty or n == 0 or all(s > 0 for s in sizes)


def test_splits_reach_ragged_singleton_and_empty_batches():
    seen = set()

    @settings(max_examples=300, database=None)
    @given(splits(12, allow_empty=True))
    def collect(sizes):
        if len(set(sizes)) > 1:
            seen.add("ragged")
        if 1 in sizes:
            seen.add("size-1")
        if 0 in sizes:
            seen.add("empty")
        if len(sizes) == 1:
            seen.add("one")

    collect()
    assert seen == {"ragged", "size-1", "empty", "one"}


@given(st.data(), st.integers(1, 40), st.booleans())
def test_power_of_two_splits_cover_the_rows_in_a_handful_of_sizes(data, n, allow_empty):
    """backend_parity's splits: every size a power of two up to 32 (0 only where empty
    batches are allowed), so a backend compiling per shape sees at most seven sizes."""
    sizes = data.draw(power_of_two_splits(n, allow_empty=allow_empty))
    assert sum(sizes) == n
    assert set(sizes) <= {1, 2, 4, 8, 16, 32} | ({0} if allow_empty else set())


MULTICLASS = Contract(task="multiclass", layout="sparse-flat", average="macro",
                      rule=Argmax(), classes=(3, 10))


@given(cases(MULTICLASS))
def test_cases_respect_the_contract(case):
    assert case.y_pred.shape == (case.n_samples, case.num_classes)
    assert case.y_true.min() >= 0 and case.y_true.max() < case.num_classes
    assert case.sample_weight is None or case.sample_weight.sum() > 0


@settings(max_examples=3)
@given(long_streams(MULTICLASS))
def test_long_streams_are_long(case):
    assert case.n_samples >= 100_000
    assert len(case.batch_sizes) >= 100
    assert len(set(case.batch_sizes)) > 1


BINARY = Contract(task="binary", layout="binary-column", average="binary")
MULTILABEL = Contract(task="multilabel", layout="multilabel", average="macro", classes=(2, 6))


def _features(case, contract) -> set[str]:
    """What a drawn case exercises that the checks claim to reach."""
    seen = set()
    sizes = case.batch_sizes
    seen |= {"ragged"} if len(set(sizes)) > 1 else set()
    seen |= {"size-1 batch"} if 1 in sizes else set()
    seen |= {"zero weight"} if case.sample_weight is not None and (
        case.sample_weight == 0).any() else set()
    scores = np.asarray(case.y_pred, np.float64)
    if isinstance(contract.rule, Argmax):
        top = np.sort(scores, axis=1)
        seen |= {"tied maximum"} if (top[:, -1] == top[:, -2]).any() else set()
        present = set(np.ravel(case.y_true)) | set(scores.argmax(axis=1))
        seen |= {"absent class"} if len(present) < case.num_classes else set()
    else:
        seen |= {"score at the threshold"} if (scores == 0.5).any() else set()
        positives = np.asarray(case.y_true).reshape(case.n_samples, -1).sum(axis=0)
        seen |= {"class without positives"} if (positives == 0).any() else set()
    return seen


@pytest.mark.parametrize(("contract", "claimed"), [
    (BINARY, {"ragged", "size-1 batch", "zero weight", "score at the threshold",
              "class without positives"}),
    (MULTICLASS, {"ragged", "size-1 batch", "zero weight", "tied maximum", "absent class"}),
    (MULTILABEL, {"ragged", "size-1 batch", "zero weight", "score at the threshold",
                  "class without positives"}),
])
def test_cases_reach_what_the_checks_claim_in_a_meaningful_share(contract, claimed):
    """Each feature in at least 10% of 200 drawn cases: a check that claims ragged
    splits, size-1 batches, zero weights, ties, absent classes or scores exactly at the
    threshold tests them in a share of its examples, not once by luck."""
    counts = Counter()

    @settings(max_examples=200, database=None, derandomize=True)
    @given(cases(contract))
    def collect(case):
        counts.update(_features(case, contract) | {"cases"})

    collect()
    shares = {feature: counts[feature] / counts["cases"] for feature in claimed}
    assert all(share >= 0.1 for share in shares.values()), shares


def test_a_long_stream_is_rebuilt_by_its_printed_recipe():
    """A long stream is too large to print: the line printed instead rebuilds it."""
    from f1_oracle.strategies import long_stream_case

    case = long_stream_case(MULTICLASS, seed=3, num_classes=4, n=1000, n_batches=10,
                            discrete=True, weighted=True)
    namespace = {}
    exec(case.recipe, namespace)
    rebuilt = namespace["case"]
    assert all(np.array_equal(a, b) for a, b in ((rebuilt.y_true, case.y_true),
                                                 (rebuilt.y_pred, case.y_pred),
                                                 (rebuilt.sample_weight, case.sample_weight)))
    assert rebuilt.batch_sizes == case.batch_sizes


class AutoSigmoid:
    """torchmetrics' auto scores in a Keras-style class: a sigmoid on each batch with a
    value outside [0, 1] (`outside`), or, the bug, only where its maximum exceeds 1."""

    def __init__(self, outside=True):
        self.outside = outside
        self.reset_state()

    def update_state(self, y_true, y_pred, sample_weight=None):
        p = np.asarray(y_pred, np.float64).ravel()
        if (p.size and (p.min() < 0 or p.max() > 1)) if self.outside else \
                (p.size and p.max() > 1):
            p = 1 / (1 + np.exp(-p))
        t, hard = np.asarray(y_true).ravel() == 1, p > 0.5
        w = np.ones(len(p)) if sample_weight is None else np.asarray(sample_weight).ravel()
        self.counts += [np.sum(w * (t & hard)), np.sum(w * hard), np.sum(w * t)]

    def result(self):
        tp, predicted, actual = self.counts
        return 2 * tp / (predicted + actual) if predicted + actual else 0.0

    def reset_state(self):
        self.counts = np.zeros(3)


class SigmoidOnlyAboveOne(AutoSigmoid):
    def __init__(self):
        super().__init__(outside=False)


def test_auto_scores_draw_logits_of_every_sign_pattern():
    """A batch of logits all at or below 1 is what tells 'outside [0, 1]' from 'above 1':
    the default profile finds it (it took --profile thorough before logits were drawn in
    sign patterns)."""
    import f1_oracle

    checks = ("one_batch", "batch_split", "equal_batches")
    assert f1_oracle.check(AutoSigmoid, task="binary", scores="auto", checks=checks).ok
    bad = f1_oracle.check(SigmoidOnlyAboveOne, task="binary", scores="auto", checks=checks)
    assert not bad.ok, str(bad)
