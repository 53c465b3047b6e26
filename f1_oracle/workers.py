"""Checks side by side in worker processes (`--jobs`): each worker is started once, builds
the metric once from the same target and conventions as the CLI did, and runs the
searches it is given, seeded as they are in one process: the same examples are drawn. One
difference: in one process every counterexample found is tried first by the checks after
it (`Check.prior`); side by side, only the first check's, which runs before the others are
given out, so that a check's inputs do not depend on which process runs it or when.

Only a target named by a string can be rebuilt in another process (a class or a lambda
given to the Python API may not be importable there); `api.run` runs the others, and a
run whose workers cannot start, in the calling process.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from f1_oracle.conventions import Conventions
from f1_oracle.runner import Searched


@dataclass(frozen=True)
class Rebuild:
    """How to build the metric again: `implementation(target, conventions)`, judged under
    `judged_under` where conventions were inferred (see `api.check`)."""

    target: str
    conventions: Conventions
    judged_under: Conventions | None = None

    def build(self):
        from f1_oracle.target import implementation

        impl = implementation(self.target, self.conventions)
        if self.judged_under is not None:
            from f1_oracle.inference import under

            impl = under(impl, self.judged_under)
        return impl


@dataclass(frozen=True)
class Task:
    check: str
    max_examples: int
    seed: int | None
    seconds: float
    shrink_seconds: float
    priors: tuple = ()  # inputs tried first (a counterexample found before, as this check's)


class WorkersFailed(RuntimeError):
    """The workers could not start or died: the calling process runs what is left."""


_IMPL: list = []  # the worker's metric, built once by `_start`


def _start(rebuild: Rebuild) -> None:
    from f1_oracle.startup import start

    start(lazy=True)
    _IMPL.append(rebuild.build())


def _ready() -> bool:
    """Nothing: submitted once per worker, so that each starts (and builds the metric)
    while the calling process runs the first check."""
    return True


def run_task(impl, task: Task) -> tuple[Searched, float]:
    """The search `task` names on `impl`, and its seconds (in a worker or the caller)."""
    from f1_oracle.checks import BY_NAME
    from f1_oracle.runner import search

    began = time.monotonic()
    searched = search(impl, BY_NAME[task.check], task.max_examples, task.seed,
                      seconds=task.seconds, shrink_seconds=task.shrink_seconds,
                      priors=task.priors)
    return searched, time.monotonic() - began


def _search(task: Task) -> tuple[Searched, float]:
    return run_task(_IMPL[0], task)


def can_start() -> bool:
    """A spawned worker re-imports the main module from its file: a program read from
    stdin has none to import (an interactive session, a notebook, a script or the CLI
    do)."""
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    return path is None or os.path.exists(path)


class Pool:
    """`jobs - 1` worker processes, started at once (they build the metric while the
    calling process runs its first check), and the calling process beside them."""

    def __init__(self, rebuild: Rebuild, jobs: int):
        context = multiprocessing.get_context("spawn")  # fork is unsafe under TF and JAX
        self.workers = max(1, jobs - 1)
        self.executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=context,
                                            initializer=_start, initargs=(rebuild,))
        for _ in range(self.workers):  # each submit starts one more process
            self.executor.submit(_ready)

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)

    def searches(self, tasks: list[Task], here, stop=lambda: False
                 ) -> Iterator[tuple[str, Searched, float]]:
        """(check, what its search did, seconds) for each task, as each ends: the calling
        process (`here(task)`, with the metric it has built) takes the tasks from the
        front, so that results come in order as soon as without workers, and the workers
        take them from the back (nothing is cancelled once given). `stop()` is asked
        after each: True gives out no more (fail-fast). Which process runs a task changes
        nothing in its result."""
        left = deque(tasks)
        given: dict = {}  # future -> task
        try:
            while (left or given) and not stop():
                # One queued behind each worker's running task, while the caller has
                # tasks enough of its own; near the end, only to a worker that is free.
                while left and len(given) < self.workers + (len(left) > 2):
                    task = left.pop()
                    given[self.executor.submit(_search, task)] = task
                finished = [f for f in given if f.done()]
                for future in finished:
                    yield given.pop(future).check, *future.result()
                if finished:
                    continue
                if left:
                    task = left.popleft()
                    yield task.check, *here(task)
                    continue
                wait(given, return_when=FIRST_COMPLETED)
        except BrokenProcessPool as error:
            raise WorkersFailed(str(error)) from None
