"""Install every release CORPUS.toml names into .corpus/<package>-<version>/, side by side.

`python -m corpus.install` (from the repository root). Idempotent: an existing dir is
skipped. --no-deps always: the shared venv supplies torch, numpy, keras's dependencies.
Old torchmetrics (< 1.0) imports pkg_resources, which setuptools dropped in 81, so
a setuptools that still has it goes into the same dir.
"""

from __future__ import annotations

import subprocess
import sys

from corpus._common import bugs, release_dir

# (package, predicate on version) -> extra requirements for the same --target dir
EXTRAS = [
    ("torchmetrics", lambda v: int(v.split(".")[0]) < 1, ["setuptools==80.9.0"]),
]


def requirements(package: str, version: str) -> list[str]:
    reqs = [f"{package}=={version}"]
    for name, applies, extra in EXTRAS:
        if name == package and applies(version):
            reqs += extra
    return reqs


def main() -> int:
    seen, failed = set(), []
    for bug in bugs():
        for side in ("buggy", "fixed"):
            target = release_dir(bug, side)
            if target in seen:
                continue
            seen.add(target)
            if target.is_dir():
                print(f"have    {target.name}")
                continue
            version = target.name[len(bug["package"]) + 1:]
            cmd = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                   "--target", str(target), *requirements(bug["package"], version)]
            print(f"install {target.name}")
            if subprocess.run(cmd).returncode != 0:
                failed.append(target.name)
    if failed:
        print("failed: " + ", ".join(failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
