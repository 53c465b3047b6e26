"""Expected vs observed, with a tolerance that follows from the arithmetic, and a verdict
a person can act on.

The tolerance is a rounding-error budget, not a fudge factor: a few units in the last
place of the result dtype for the final divisions, plus one per sequential accumulation
step (one per batch) and per level of a pairwise reduction (log2 of the sample count).
NaN equals only NaN.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field

import numpy as np

from f1_oracle.case import Case

_EPS = {"float16": 2.0**-10, "bfloat16": 2.0**-7, "float32": 2.0**-23, "float64": 2.0**-52}


def tolerance(dtype: str, n_samples: int, n_batches: int) -> float:
    if dtype not in _EPS:
        raise ValueError(f"no tolerance defined for dtype {dtype!r}; expected one of {list(_EPS)}")
    steps = 8 + 2 * n_batches + 2 * math.ceil(math.log2(n_samples + 1))
    return _EPS[dtype] * steps


def close(expected, observed, tol: float) -> bool:
    """|observed - expected| <= tol * (1 + |expected|) element-wise; NaN only equals NaN."""
    e = np.asarray(expected, dtype=np.float64)
    o = np.asarray(observed, dtype=np.float64)
    if e.shape != o.shape:
        return False
    both_nan = np.isnan(e) & np.isnan(o)
    with np.errstate(invalid="ignore"):
        ok = np.abs(o - e) <= tol * (1 + np.abs(e))
    return bool(np.all(both_nan | ok))


@dataclass(frozen=True)
class Verdict:
    check: str
    implementation: str
    ok: bool
    expected: object
    observed: object
    case: Case | None = None
    reference_code: str = ""
    tolerance: float = 0.0
    detail: str = ""
    extra_cases: dict[str, Case] = field(default_factory=dict)

    def message(self) -> str:
        """The failure report: property, implementation, minimal case, the scikit-learn
        call that gives the expected value, expected vs observed, and how to re-run."""
        status = "holds" if self.ok else "FAILS"
        lines = [f"property {self.check!r} {status} for implementation {self.implementation!r}"]
        if self.detail:
            lines.append(self.detail)
        if self.case is not None:
            lines += ["", "import numpy as np, sklearn.metrics", self.case.as_code()]
        for name, case in self.extra_cases.items():
            lines += [f"# {name}:", case.as_code()]
        if self.reference_code:
            lines.append(self.reference_code)
        lines += [
            "",
            f"expected: {_fmt(self.expected)}",
            f"observed: {_fmt(self.observed)}",
            f"tolerance: {self.tolerance:.3g} (absolute, scaled by 1 + |expected|)",
        ]
        rerun = rerun_command()
        if rerun:
            lines.append(f"re-run: {rerun}")
        return "\n".join(lines)


def _fmt(value) -> str:
    if isinstance(value, str):
        return value
    a = np.asarray(value, dtype=np.float64)
    if a.ndim == 0:
        return f"{float(a):.9g}"
    return np.array2string(a, precision=9, separator=", ")


def rerun_command() -> str:
    """The pytest command that re-runs the current test, when under pytest."""
    current = os.environ.get("PYTEST_CURRENT_TEST")
    if not current:
        return ""
    node = current.rsplit(" (", 1)[0]
    profile = os.environ.get("F1_ORACLE_PROFILE", "dev")
    extra = os.environ.get("F1_ORACLE_RERUN_ARGS", "")
    if extra:  # the plugin's test, in an installed package: select it by its check
        node = node.rsplit("::", 1)[-1]
        check = node[node.find("[") + 1:-1]
        return f"pytest {extra} -k {check} --hypothesis-profile={profile}"
    return f"pytest '{node}' --hypothesis-profile={profile}"
