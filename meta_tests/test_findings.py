"""The findings catalog and its page: every entry complete, with its script, on the page;
a script's run read as reproducing only when it fails on its assertion."""

import re

import pytest

from findings.run import PAGE, SCRIPTS, catalog, run_script

ENTRIES = catalog()


@pytest.mark.parametrize("finding", ENTRIES, ids=lambda f: f.id)
def test_each_entry_is_complete_and_has_its_script(finding):
    assert finding.script.is_file(), finding.script
    if finding.verdict == "documented":
        assert finding.quote and finding.url.startswith("https://")
    else:
        assert finding.why and finding.tracker
    assert bool(finding.command) != bool(finding.found), "found by a command, or how"


def test_every_script_belongs_to_an_entry_and_the_page_lists_every_entry():
    assert {p.stem for p in SCRIPTS.glob("*.py")} == {f.id for f in ENTRIES}
    listed = set(re.findall(r"^### ([\w-]+):", PAGE.read_text(), re.M))
    assert listed == {f.id for f in ENTRIES}, "python -m findings writes the page"


def test_at_least_five_undocumented_behaviours_are_ready_to_file():
    assert sum(f.verdict == "candidate" for f in ENTRIES) >= 5


@pytest.mark.parametrize(("body", "status"), [
    ("assert 1 == 2, 'expected 1, observed 2'", "reproduces"),
    ("print('expected: 1'); print('observed: 1')", "fixed"),
    ("import a_module_that_is_not_there", "error"),
])
def test_a_script_reproduces_only_when_it_fails_on_its_assertion(tmp_path, body, status):
    script = tmp_path / "finding.py"
    script.write_text(body + "\n")
    assert run_script(script).status == status
