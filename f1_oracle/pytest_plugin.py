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


def target_implementation(config):
    """The Implementation named by --f1-target, or None."""
    from f1_oracle.cli import add_convention_options, conventions
    from f1_oracle.target import TargetError, implementation

    spec = config.getoption("f1_target")
    if spec is None:
        return None
    parser = argparse.ArgumentParser(prog="--f1-conventions")
    add_convention_options(parser)
    args = parser.parse_args(shlex.split(config.getoption("f1_conventions")))
    try:
        return implementation(spec, conventions(args))
    except TargetError as error:
        raise pytest.UsageError(f"--f1-target: {error}") from None


def pytest_generate_tests(metafunc):
    if "f1_target_check" not in metafunc.fixturenames:
        return
    from f1_oracle.checks import applicable

    impl = target_implementation(metafunc.config)
    if impl is None:
        metafunc.parametrize("f1_target_check", [pytest.param(
            None, marks=pytest.mark.skip(reason="no --f1-target given"))])
        return
    metafunc.parametrize("f1_target_check",
                         [pytest.param((impl, check), id=check.name)
                          for check in applicable(impl)])
