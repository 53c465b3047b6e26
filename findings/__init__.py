"""Findings in the libraries people use, one entry per root cause, kept true.

`CATALOG.toml` holds the entries: the library, the `f1-oracle check` command and check
that found the discrepancy (or how it was found where no check can), the standalone script
in `report/findings/`, and a verdict: a documented convention (the documentation's line,
its address, the flag that declares it) or undocumented behaviour, a candidate bug written
as an issue ready to file. `python -m findings` (`tox -e findings`) checks the installed
releases of every library the project covers, re-runs each entry's command and script, and
writes `report/FINDINGS.md`, which says for each entry whether the installed release still
shows it.
"""
