"""pytest plugin: run the battery on an implementation given on the command line.

    pytest --pyargs f1_oracle.testing --f1-target mylib.metrics:F1 \
        --f1-conventions "--task multiclass --classes 4 --average macro"

One test per applicable check, each a Hypothesis property over the active profile
(`--hypothesis-profile`), failing with the same message as `f1-oracle check`.
Registered through the `pytest11` entry point, so installing f1-oracle is enough.
"""

from __future__ import annotations

import argparse
import shlex

import pytest


def pytest_addoption(parser):
    group = parser.getgroup("f1-oracle")
    group.addoption("--f1-target", default=None,
                    help="package.module:name or path/to/file.py:name to check")
    group.addoption("--f1-conventions", default="",
                    help='convention options as for f1-oracle check, e.g. "--task multiclass"')


def pytest_configure(config):
    """What a re-run needs besides the test id: the target and its conventions."""
    import os

    spec = config.getoption("f1_target", default=None)
    if spec:
        os.environ["F1_ORACLE_RERUN_ARGS"] = (
            f"--pyargs f1_oracle.testing --f1-target {shlex.quote(spec)} --f1-conventions "
            f"{shlex.quote(config.getoption('f1_conventions'))}")


def target_implementation(config):
    """The Implementation named by --f1-target, or None."""
    from f1_oracle.conventions import add_options, from_args
    from f1_oracle.target import TargetError, implementation

    spec = config.getoption("f1_target")
    if spec is None:
        return None
    parser = argparse.ArgumentParser(prog="--f1-conventions", exit_on_error=False)
    add_options(parser)
    try:
        args = parser.parse_args(shlex.split(config.getoption("f1_conventions")))
        return implementation(spec, from_args(args))
    except (TargetError, ValueError, argparse.ArgumentError) as error:
        raise pytest.UsageError(f"--f1-target/--f1-conventions: {error}") from None


def pytest_generate_tests(metafunc):
    if "f1_target_check" not in metafunc.fixturenames:
        return
    from f1_oracle.checks import CHECKS

    impl = target_implementation(metafunc.config)
    if impl is None:
        metafunc.parametrize("f1_target_check", [pytest.param(
            None, marks=pytest.mark.skip(reason="no --f1-target given"))])
        return
    metafunc.parametrize("f1_target_check", [
        pytest.param((impl, check), id=check.name,
                     marks=[pytest.mark.skip(reason=reason)] if reason else [])
        for check in CHECKS for reason in [check.skip_reason(impl)]])
