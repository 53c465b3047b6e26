"""pytest plugin: run the battery on an implementation given on the command line.

    pytest --pyargs f1_oracle.testing --f1-target mylib.metrics:F1 \
        --f1-conventions "--task multiclass --classes 4 --average macro" \
        --f1-budget "--profile quick"

One test per check, each reporting that check's result from one run of the battery as
`f1-oracle check` runs it (api.run: the same budget, the same searches, counterexamples
found by earlier checks tried by later ones), so the CLI, the API and pytest give one
verdict. Only the checks whose tests are selected (`-k`) are run. Registered through the
`pytest11` entry point, so installing f1-oracle is enough.
"""

from __future__ import annotations

import argparse
import shlex

import pytest

_IMPL = pytest.StashKey[object]()  # the Implementation named by --f1-target
_REBUILD = pytest.StashKey[object]()  # how a worker builds it again (workers.Rebuild)
_SELECTED = pytest.StashKey[tuple]()  # the checks whose tests are selected
_RESULTS = pytest.StashKey[dict]()  # check name -> api.CheckResult, once per session


def pytest_addoption(parser):
    group = parser.getgroup("f1-oracle")
    group.addoption("--f1-target", default=None,
                    help="package.module:name or path/to/file.py:name to check")
    group.addoption("--f1-conventions", default="",
                    help='convention options as for f1-oracle check, e.g. "--task multiclass"')
    group.addoption("--f1-budget", default="",
                    help='budget options as for f1-oracle check, e.g. "--profile quick"')


def pytest_configure(config):
    """What a re-run needs besides the check's name: the target, conventions, budget."""
    import os

    spec = config.getoption("f1_target", default=None)
    if spec:
        budget = config.getoption("f1_budget")
        os.environ["F1_ORACLE_RERUN_ARGS"] = (
            f"--pyargs f1_oracle.testing --f1-target {shlex.quote(spec)} --f1-conventions "
            f"{shlex.quote(config.getoption('f1_conventions'))}"
            + (f" --f1-budget {shlex.quote(budget)}" if budget else ""))


def _parse(option: str, text: str, add) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=option, exit_on_error=False, add_help=False)
    add(parser)
    try:
        return parser.parse_args(shlex.split(text))
    except (argparse.ArgumentError, ValueError) as error:
        raise pytest.UsageError(f"{option}: {error}") from None


def target_implementation(config):
    """The Implementation named by --f1-target, or None."""
    from f1_oracle.conventions import add_options, from_args
    from f1_oracle.target import TargetError, implementation

    spec = config.getoption("f1_target")
    if spec is None:
        return None
    args = _parse("--f1-conventions", config.getoption("f1_conventions"), add_options)
    try:
        conv = from_args(args)
        impl = implementation(spec, conv)
    except (TargetError, ValueError) as error:
        raise pytest.UsageError(f"--f1-target/--f1-conventions: {error}") from None
    from f1_oracle.workers import Rebuild

    config.stash[_REBUILD] = Rebuild(spec, conv)  # for --jobs, as the CLI runs it
    return impl


def _budget(config, checks: tuple[str, ...]):
    from f1_oracle.api import Budget
    from f1_oracle.cli import add_budget_options, budget_fields

    fields = budget_fields(_parse("--f1-budget", config.getoption("f1_budget"),
                                  add_budget_options))
    chosen = tuple(c for c in checks if not fields["checks"] or c in fields["checks"])
    try:
        return Budget(**{**fields, "checks": chosen})
    except ValueError as error:
        raise pytest.UsageError(f"--f1-budget: {error}") from None


def pytest_generate_tests(metafunc):
    if "f1_target_check" not in metafunc.fixturenames:
        return
    from f1_oracle.checks import CHECKS

    impl = target_implementation(metafunc.config)
    if impl is None:
        metafunc.parametrize("f1_target_check", [pytest.param(
            None, marks=pytest.mark.skip(reason="no --f1-target given"))])
        return
    metafunc.config.stash[_IMPL] = impl
    metafunc.parametrize("f1_target_check", [
        pytest.param(check.name, id=check.name,
                     marks=[pytest.mark.skip(reason=reason)] if reason else [])
        for check in CHECKS for reason in [check.skip_reason(impl)]])



def pytest_collection_finish(session):
    """The checks whose tests survived selection: the battery runs those only."""
    names = []
    for item in session.items:
        spec = getattr(item, "callspec", None)
        if spec is not None and spec.params.get("f1_target_check"):
            names.append(spec.params["f1_target_check"])
    session.config.stash[_SELECTED] = tuple(names)


def check_result(config, name: str):
    """The api.CheckResult of check `name`, from the one run of the battery."""
    from f1_oracle import api

    if _RESULTS not in config.stash:
        budget = _budget(config, config.stash.get(_SELECTED, ()))
        results = api.run(config.stash[_IMPL], budget, rebuild=config.stash[_REBUILD])
        config.stash[_RESULTS] = {r.check: r for r in results}
    return config.stash[_RESULTS][name], list(config.stash[_RESULTS].values())


def pytest_terminal_summary(terminalreporter, config):
    """Each check that ran, with how many examples and what cut its search short, as the
    CLI prints them: a verdict beside the limits it was reached under."""
    if _RESULTS not in config.stash:
        return
    terminalreporter.section("f1-oracle")
    for r in config.stash[_RESULTS].values():
        if r.status in ("holds", "FAILS"):
            note = f"; {r.reason}" if r.reason else ""
            terminalreporter.write_line(f"{r.check}: {r.status} ({r.examples} examples{note})")
