"""Shared helpers: read CORPUS.toml and map a (package, version) to its install dir."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]  # the repository root; targets are relative to it
CORPUS = ROOT / "corpus" / "CORPUS.toml"
INSTALL = ROOT / ".corpus"


def bugs(only: str | None = None) -> list[dict]:
    table = tomllib.loads(CORPUS.read_text())["bug"]
    return [b for b in table if only in (None, b["id"])]


def release_dir(bug: dict, side: str) -> Path:
    """Where the release for `side` ("buggy"/"fixed") lives; a copy runs on the buggy
    release (the copy patches that release's class)."""
    version = bug[side] if bug[side] != "copy" else bug["buggy"]
    return INSTALL / f"{bug['package']}-{version}"


def env_for(bug: dict, side: str) -> dict:
    import os
    env = dict(os.environ)
    env["PYTHONPATH"] = str(release_dir(bug, side))
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    return env
