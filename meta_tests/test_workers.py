"""Checks side by side in worker processes give the verdicts of one process: the same
checks hold and fail, and the holding ones ran the same examples; a worker that cannot
start hands its checks back to the calling process."""

import time

import pytest

import f1_oracle
from f1_oracle.conventions import Conventions
from f1_oracle.runner import Searched
from f1_oracle.workers import Pool, Rebuild, Task, WorkersFailed

CHECKS = ("one_batch", "batch_split", "weights_none_is_ones", "label_dtypes", "long_stream")


def test_workers_reach_the_verdicts_of_one_process():
    """A metric that never accumulates (its result is 0/0): the same checks fail and hold
    whether the checks run in one process or in two."""
    target = "metrics_impl.seed001_posted:PostedF1Score"
    alone, side_by_side = (f1_oracle.check(target, task="binary", profile="quick",
                                           checks=CHECKS, jobs=jobs) for jobs in (1, 2))
    assert [r.status for r in alone.checks] == [r.status for r in side_by_side.checks]
    assert {r.check for r in side_by_side.failures} >= {"one_batch", "batch_split",
                                                         "long_stream"}


def test_a_worker_that_cannot_build_the_metric_is_reported_not_hung():
    rebuild = Rebuild("no_such_module_here:F1", Conventions.of(task="binary"))
    tasks = [Task(name, 5, None, 5.0, 5.0) for name in ("one_batch", "bounded", "label_dtypes")]

    def here(task):  # the calling process's share, slow enough for the workers to die
        time.sleep(3)
        return Searched(None, 1, False), 3.0

    with pytest.raises(WorkersFailed), Pool(rebuild, jobs=3) as pool:
        list(pool.searches(tasks, here))
