"""The battery on the implementation given with --f1-target (see f1_oracle.pytest_plugin)."""

import pytest

from f1_oracle.api import failure_text
from f1_oracle.pytest_plugin import check_result


def test_target_conforms(f1_target_check, request):
    result, results = check_result(request.config, f1_target_check)
    if result.status in ("skipped", "not run"):
        pytest.skip(result.reason)
    if result.failed:
        pytest.fail(failure_text(result, [r for r in results if r.failed]), pytrace=False)
