"""The strategies produce what the properties rely on."""

from hypothesis import given, settings
from hypothesis import strategies as st

from f1_oracle.contract import Argmax, Contract
from f1_oracle.strategies import cases, long_streams, splits


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
