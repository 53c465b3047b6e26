"""Check the installed releases and write report/FINDINGS.md.

`python -m findings [--only ID ...] [--skip-libraries]`: every `check` row of the README's
real-metrics table is run at the quick profile (the libraries' current releases), each
failing row is matched to the catalog's root cause that explains it (or flagged for
triage), each entry's command is re-run on its check, and each entry's script is run in a
subprocess: it reproduces while it exits non-zero on its assertion. The page says, entry
by entry, whether the installed release still shows the finding. Exits 1 when a failing
row has no catalogued root cause, or a script errs rather than asserting.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from examples.real_metrics import COMMANDS
from examples.real_metrics import run as run_oracle

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "findings" / "CATALOG.toml"
SCRIPTS = ROOT / "report" / "findings"
PAGE = ROOT / "report" / "FINDINGS.md"
# The distribution each checked module belongs to (the version the page records).
DISTRIBUTIONS = {"keras": "keras", "tf_keras": "tf-keras", "torchmetrics": "torchmetrics",
                 "torcheval": "torcheval", "ignite": "pytorch-ignite", "river": "river",
                 "monai": "monai", "mmeval": "mmeval", "catboost": "catboost",
                 "pycm": "pycm", "sklearn": "scikit-learn"}
VERDICTS = {"candidate": "undocumented behaviour: a candidate bug",
            "documented": "documented convention"}


@dataclass(frozen=True)
class Finding:
    """One root cause, as CATALOG.toml states it."""

    id: str
    library: str
    title: str
    verdict: str
    command: str = ""  # the `check` command that found it, with `check`, its failing check
    check: str = ""
    found: str = ""  # how it was found, where no check finds it
    configurations: tuple[str, ...] = ()  # README rows that fail for this root cause
    quote: str = ""  # documented: the documentation's line, its address, the flag
    url: str = ""
    flag: str = ""
    why: str = ""  # candidate: why it matters, and what the tracker holds
    tracker: str = ""

    @property
    def script(self) -> Path:
        return SCRIPTS / f"{self.id}.py"

    def shows(self, command: str) -> bool:
        return command in (self.command, *self.configurations)


def catalog() -> list[Finding]:
    entries = tomllib.loads(CATALOG.read_text())["finding"]
    found = [Finding(**{**e, "configurations": tuple(e.get("configurations", ()))})
             for e in entries]
    for f in found:
        if f.verdict not in VERDICTS:
            raise ValueError(f"{f.id}: verdict must be one of {sorted(VERDICTS)}")
        if f.command and not f.check:
            raise ValueError(f"{f.id}: a command needs the check that fails")
    return found


@dataclass
class ScriptRun:
    status: str  # reproduces, fixed, or error
    lines: list[str] = field(default_factory=list)  # what it printed, the assertion last


def run_script(path: Path, timeout: float = 600) -> ScriptRun:
    """Run a finding's script as its reader would: `python path`."""
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    try:
        with tempfile.TemporaryDirectory() as scratch:  # what a library writes (catboost_info)
            done = subprocess.run([sys.executable, str(path.resolve())], capture_output=True,
                                  text=True, timeout=timeout, env=env, cwd=scratch)
    except subprocess.TimeoutExpired:
        return ScriptRun("error", [f"timed out after {timeout:.0f} s"])
    printed = done.stdout.strip().splitlines()
    last = done.stderr.strip().splitlines()[-1:] if done.stderr.strip() else []
    if done.returncode == 0:
        return ScriptRun("fixed", printed)
    status = "reproduces" if last and last[0].startswith("AssertionError") else "error"
    return ScriptRun(status, printed + last)


def distribution(command: str) -> str:
    target = command.split()[1]
    return DISTRIBUTIONS.get(target.split(":")[0].split(".")[0], "")


def version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def library_rows(findings: list[Finding]) -> list[tuple]:
    """Every README check row of a third-party library, at the quick profile."""
    rows = []
    for what, command in COMMANDS:
        dist = distribution(command) if command.startswith("check ") else ""
        if not dist:
            continue
        code, seconds, verdict = run_oracle(f"{command} --profile quick")
        cause = [f.id for f in findings if f.shows(command)]
        print(f"{code} {seconds:.0f}s {command}: {verdict}", flush=True)
        rows.append((dist, what, command, code, seconds, verdict, cause))
    return rows


def examine(finding: Finding) -> dict:
    found = None
    if finding.command:
        code, _, verdict = run_oracle(f"{finding.command} --checks {finding.check}")
        found = (code == 1, verdict)
    script = run_script(finding.script) if finding.script.exists() else \
        ScriptRun("error", [f"no script at {finding.script.relative_to(ROOT)}"])
    print(f"{finding.id}: oracle {found and found[0]}, script {script.status}", flush=True)
    return {"found": found, "script": script}


def _environment(besides: str = "") -> str:
    import platform

    names = [n for n in ("numpy", "scikit-learn", "keras", "tensorflow-cpu", "torch")
             if n != besides and version(n) != "not installed"]
    return f"python {platform.python_version()}, " + ", ".join(f"{n} {version(n)}"
                                                               for n in names)


def _code_block(text: str, language: str = "") -> list[str]:
    return [f"```{language}", text.rstrip(), "```"]


def entry_section(f: Finding, seen: dict) -> list[str]:
    script, found = seen["script"], seen["found"]
    status = {"reproduces": "reproduces (exits 1 on its assertion)",
              "fixed": "no longer reproduces: exits 0 with the installed release",
              "error": "errs before its assertion (see its output)"}[script.status]
    lines = [f"### {f.id}: {f.title}", "",
             f"- **Library**: {f.library} {version(f.library)} (installed when this page "
             "was written)",
             f"- **Verdict**: {VERDICTS[f.verdict]}"]
    if f.command:
        lines.append(f"- **Found by**: `f1-oracle {f.command}` (check `{f.check}`); "
                     f"the installed release: {'still found' if found[0] else 'passes'} "
                     f"({found[1]})")
    else:
        lines.append(f"- **Found by**: {f.found}")
    lines += [f"- **Script**: [`report/findings/{f.script.name}`](findings/{f.script.name}): "
              f"{status}", ""]
    if f.verdict == "documented":
        lines += [f"> {f.quote.strip()}", "", f"— <{f.url}>", "",
                  f"Declared with `{f.flag}`." if f.flag else "", ""]
        return lines
    lines += ["<details><summary>Ready to file</summary>", "",
              f"**{f.title}**", "", f"Environment: {f.library} {version(f.library)}, "
              f"{_environment(f.library)}.", "",
              "Reproduction (standalone; exits non-zero while the behaviour holds):", "",
              *_code_block(f.script.read_text() if f.script.exists() else "", "python"),
              "", "Output:", "", *_code_block("\n".join(script.lines)), "",
              f"Why it matters: {f.why.strip()}", "", "</details>", "",
              f"Issue tracker: {f.tracker.strip()}", ""]
    return lines


def page(findings: list[Finding], seen: dict, rows: list[tuple]) -> str:
    reproducing = [f for f in findings if seen[f.id]["script"].status == "reproduces"]
    candidates = [f for f in findings if f.verdict == "candidate"]
    lines = ["# Findings in current releases", "",
             f"Generated {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by "
             "`python -m findings` (`tox -e findings`); "
             f"{_environment()}. Hand-written parts (verdicts, documentation quotes, "
             "issue texts) come from `findings/CATALOG.toml`; each script was run again "
             "for this page.", "",
             f"{len(findings)} root causes: {len(candidates)} undocumented behaviours "
             "(candidate bugs, each ready to file), "
             f"{len(findings) - len(candidates)} documented conventions (each with the "
             "documentation's line, and the flag that declares it where f1-oracle has one). "
             f"{len(reproducing)} reproduce with the installed releases.", "",
             "| root cause | library | verdict | found by the oracle now | script |",
             "|---|---|---|---|---|"]
    for f in findings:
        found = seen[f.id]["found"]
        oracle = "by hand" if found is None else ("yes" if found[0] else "**no**")
        lines.append(f"| [{f.id}](#{f.id}) | {f.library} {version(f.library)} | "
                     f"{f.verdict} | {oracle} | {seen[f.id]['script'].status} |")
    if rows:
        lines += ["", "## Libraries checked", "",
                  "Every `check` row of the README's real-metrics table for a library, run "
                  "with `--profile quick`; a failing row names its root cause.", "",
                  "| library | metric | command | exit | verdict | root cause |",
                  "|---|---|---|---|---|---|"]
        for dist, what, command, code, _, verdict, cause in rows:
            named = ", ".join(f"[{c}](#{c})" for c in cause) or (
                "**uncatalogued: triage**" if code else "")
            lines.append(f"| {dist} {version(dist)} | {what} | `f1-oracle {command}` | "
                         f"{code} | {verdict.replace('|', '/')} | {named} |")
    lines += ["", "## Root causes", ""]
    for f in findings:
        lines += entry_section(f, seen[f.id])
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m findings", description=__doc__)
    parser.add_argument("--only", nargs="*", default=None, help="these entries only")
    parser.add_argument("--skip-libraries", action="store_true",
                        help="do not run the README rows (the entries alone)")
    args = parser.parse_args(argv)
    findings = [f for f in catalog() if args.only is None or f.id in args.only]
    seen = {f.id: examine(f) for f in findings}
    rows = [] if args.skip_libraries else library_rows(findings)
    PAGE.write_text(page(findings, seen, rows))
    untriaged = [r[2] for r in rows if r[3] and not r[6]]
    errors = [f.id for f in findings if seen[f.id]["script"].status == "error"]
    for command in untriaged:
        print(f"failing with no catalogued root cause: f1-oracle {command}", file=sys.stderr)
    for name in errors:
        print(f"script errs before its assertion: {name}", file=sys.stderr)
    return 1 if untriaged or errors else 0
