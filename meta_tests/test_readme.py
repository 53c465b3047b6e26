"""The README's tables are the code's: regenerate them with `f1-oracle table`,
`f1-oracle checks` and `python -m examples.real_metrics`.

The registry table shows the registry on TensorFlow, the default backend (on others some
declared conventions differ: torch's argmax reads subnormal scores, TensorFlow's and JAX's
read them as 0)."""

import re
import shlex
from pathlib import Path

import keras
import pytest

from examples.real_metrics import COMMANDS
from f1_oracle.cli import checks_table, registry_table
from f1_oracle.conventions import Conventions

README = Path(__file__).resolve().parent.parent / "README.md"


def section(name: str) -> str:
    match = re.search(rf"<!-- {name}:start -->\n(.*?)<!-- {name}:end -->", README.read_text(),
                      re.S)
    assert match, f"README lost its {name} markers"
    return match.group(1)


@pytest.mark.skipif(keras.backend.backend() != "tensorflow", reason="the README shows TF's")
def test_readme_table_matches_registry():
    assert section("registry-table") == registry_table(), (
        "README table is stale; replace it with the output of `f1-oracle table`")


def test_readme_checks_table_matches_the_declarations():
    assert section("checks-table") == checks_table(), (
        "README checks table is stale; replace it with the output of `f1-oracle checks`")


def test_readme_real_metrics_are_the_commands_run():
    shown = re.findall(r"`f1-oracle ((?:check|infer) .*?)`", section("real-metrics"))
    assert shown == [command for _, command in COMMANDS], (
        "run `python -m examples.real_metrics` to regenerate the README's table")


def test_readme_convention_table_lists_every_convention():
    text = README.read_text()
    for name in Conventions.__dataclass_fields__:
        if name in ("given", "init", "style", "labels"):
            continue
        assert f"`--{name.replace('_', '-')}" in text, name


def test_readme_check_commands_parse():
    """Every `f1-oracle check` line in the README uses flags the CLI takes."""
    from f1_oracle.cli import main

    for line in re.findall(r"^f1-oracle check (.*)$", README.read_text(), re.M):
        args = shlex.split(line.split("#")[0])
        with pytest.raises(SystemExit) as exit_:
            main(["check", *args, "--help"])
        assert exit_.value.code == 0, line


def test_readme_mutation_matrix_is_the_mutants():
    """The table `python -m metrics_impl.mutation_matrix` wrote lists every mutant once, each
    caught by the check it names (what meta_tests/test_mutants.py asserts)."""
    from metrics_impl.mutants import MUTANTS

    lines = section("mutation-matrix").splitlines()
    assert lines[0].startswith("Run on Keras's "), "the matrix names the backend it ran on"
    rows = {}
    for line in lines[4:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows[cells[0].strip("`")] = cells[2]
    assert list(rows) == list(dict.fromkeys(m.name for m in MUTANTS)), (
        "README mutation matrix is stale; run `python -m metrics_impl.mutation_matrix`")
    for mutant in MUTANTS:
        assert f"{mutant.check} (" in rows[mutant.name], (mutant.name, mutant.check)


def test_readme_lists_every_calling_style_and_no_other():
    from f1_oracle.styles import NAMES

    text = README.read_text()
    table = text[text.index("| `--style` | what the oracle calls |"):]
    rows = table[:table.index("\n\n")].splitlines()[2:]
    assert [re.match(r"\| `([^`]+)` \|", row).group(1) for row in rows] == list(NAMES)
