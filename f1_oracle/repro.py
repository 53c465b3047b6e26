"""A finding as a maintainer files it: a standalone script in the metric's own API.

The script imports the metric as its users do, builds it with the arguments the check
used, feeds it the shrunk case batch by batch in the types its calling style feeds
(`Style.script`), reads it, and asserts scikit-learn's value under the declared
conventions: it imports nothing of f1-oracle and exits non-zero while the discrepancy
holds. Checks that feed a case to a fresh metric and read it (one_batch, batch_split,
equal_batches, bounded) are written as they ran; a counterexample of another check gets a
script where the same case, fed once, shows a discrepancy too, and none otherwise (the
reason is returned instead).
"""

from __future__ import annotations

import platform
import re
from pathlib import Path

import numpy as np

from f1_oracle import harness
from f1_oracle.case import array_code
from f1_oracle.compare import Verdict, close
from f1_oracle.implementation import Implementation
from f1_oracle.reference import expected

FEED_AND_READ = ("one_batch", "batch_split", "equal_batches", "bounded")


class NoScript(Exception):
    """Why a counterexample has no standalone script."""


def _loader(spec: str, name: str) -> list[str]:
    """Lines that import the target named by `spec` as `name`."""
    module, sep, attr = spec.rpartition(":")
    if not sep and spec.endswith(".py"):
        module, attr = spec, ""
    if module.endswith(".py"):
        path = Path(module).resolve()
        lines = ["import importlib.util, sys",
                 f"_spec = importlib.util.spec_from_file_location({path.stem!r}, {str(path)!r})",
                 "target_module = importlib.util.module_from_spec(_spec)",
                 f"sys.modules[{path.stem!r}] = target_module",
                 "_spec.loader.exec_module(target_module)"]
    else:
        lines = [f"import {module} as target_module"]
    return [*lines, f"{name} = target_module{''.join(f'.{a}' for a in attr.split('.') if a)}"]


def _construction(impl: Implementation, name: str) -> str:
    """The line that makes `metric` as the check built it."""
    call = impl.call if impl.call and impl.call != impl.name else name
    if impl.style.name == "whole-data" and "(" in call:  # a function with bound keywords
        args = call[call.index("(") + 1:-1]
        return f"metric = functools.partial({name}{', ' + args if args else ''})"
    return f"metric = {call}"


def _read_function(impl: Implementation) -> list[str]:
    """`value(result)`: what the metric returned, read as the check read it."""
    key = impl.readout.key
    pick = []
    if key is not None:
        index = int(key) if key.lstrip("-").isdigit() else None
        pick = [f"    result = result[{key!r}] if isinstance(result, dict) else "
                f"result[{index if index is not None else repr(key)}]"]
    scale = " / 100" if impl.readout.percent else ""
    return ["def value(result):",
            '    """What the metric returned, as a float64 scalar or per-class array."""',
            "    def plain(x):  # torch's tensors (Keras's torch backend too); the others",
            "        return x.detach().cpu().double().numpy() if hasattr(x, 'detach') else x",
            "    result = plain(result)", *pick,
            f"    return np.asarray(plain(result), dtype=np.float64){scale}"]


def _batches_code(impl: Implementation, case) -> list[str]:
    lines = ["batches = ["]
    for t, p, w in harness.batches(impl, case).items:
        lines.append(f"    ({array_code(np.asarray(t))}, {array_code(np.asarray(p))}, "
                     f"{array_code(None if w is None else np.asarray(w))}),")
    return [*lines, "]"]


def _assertion(verdict: Verdict) -> list[str]:
    if verdict.check == "bounded":
        return ["ok = np.all(np.isnan(observed) | ((observed >= 0) & (observed <= 1)))",
                'assert ok, f"F1 outside [0, 1]: {observed}"']
    tol = verdict.tolerance
    absolute, relative = (tol.absolute, tol.relative) if tol else (0.0, 0.0)
    return ["if np.size(observed) == np.size(expected) == 1:  # one element is a scalar",
            "    observed, expected = np.ravel(observed)[0], np.ravel(expected)[0]",
            f"tolerance = {absolute!r} + {relative!r} * np.abs(expected)  # rounding budget",
            "same = (np.isnan(expected) & np.isnan(observed)) | "
            "(np.abs(observed - expected) <= tolerance)",
            "assert np.shape(observed) == np.shape(expected) and np.all(same), (",
            '    f"expected {expected} (scikit-learn), observed {observed}")']


def versions_comment() -> list[str]:
    from f1_oracle.versions import versions

    found = {k: v for k, v in versions().items() if k != "f1-oracle commit"}
    return [f"# python {platform.python_version()}; "
            + ", ".join(f"{k} {v}" for k, v in found.items())]


def script(impl: Implementation, verdict: Verdict) -> str:
    """The standalone script that reproduces `verdict`, or NoScript saying why not."""
    from f1_oracle.target import TargetError, load

    case = verdict.case
    if case is None or case.recipe:
        raise NoScript("its case is a long stream, too large to write out")
    if verdict.implementation != impl.name:
        raise NoScript(f"the check built another variant ({verdict.implementation})")
    try:
        obj = load(impl.name)
    except TargetError as error:
        raise NoScript(f"the target cannot be imported by name ({error})") from None
    name = getattr(obj, "__name__", "target").rsplit(".", 1)[-1]
    if not name.isidentifier():
        name = "target"
    form = impl.style.script(impl.build(case.num_classes))
    if form is None:
        raise NoScript(f"no standalone form for the {impl.style.name} style yet")
    ref = expected(impl.contract, case)
    note = f"# found by f1-oracle's check {verdict.check!r}"
    if verdict.check not in FEED_AND_READ:
        observed = harness.observe(impl, case)
        from f1_oracle.checks import tolerance_for

        if close(ref.value, observed, tolerance_for(impl, case)):
            raise NoScript(f"{verdict.check!r} needs more than feeding its case once "
                           f"({verdict.detail or 'see the counterexample'})")
        note += "; its case, fed once to a fresh metric, shows the discrepancy too"
    title = f'"""{impl.name}: {verdict.check} (standalone: exits non-zero while it holds)."""'
    construction = _construction(impl, name)
    partial = ["import functools"] if construction.startswith("metric = functools.") else []
    lines = [title, note, *versions_comment(), *partial,
             "import numpy as np", "import sklearn.metrics", *form.imports, "",
             *_loader(impl.name, name), "",
             "# scikit-learn on the whole data, under the conventions declared",
             case.as_code(), ref.code, "",
             "# the batches, as the metric's users feed them", *_batches_code(impl, case), "",
             *_read_function(impl), "", construction, *form.feed,
             f"observed = value({form.read})", 'print("expected:", expected)',
             'print("observed:", observed)', *_assertion(verdict), ""]
    return "\n".join(lines)


def filename(target: str, check: str) -> str:
    """A file name for the script of `check` on `target`."""
    slug = re.sub(r"[^A-Za-z0-9]+", "_", target).strip("_")
    return f"{slug}-{check}.py"
