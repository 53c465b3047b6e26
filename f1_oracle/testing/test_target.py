"""The battery on the implementation given with --f1-target (see f1_oracle.pytest_plugin)."""

from f1_oracle.runner import assert_holds


def test_target_conforms(f1_target_check):
    impl, check = f1_target_check
    assert_holds(impl, check)
