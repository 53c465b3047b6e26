"""Expected vs observed, with a tolerance that follows from the arithmetic, and a verdict
a person can act on.

The tolerance is a rounding-error budget, not a fudge factor: a few units in the last
place of the result dtype, relative to the value, for the formula and the average over
classes; where the counts cannot be exact (weights that are not multiples of one power of
two), one more per sequential accumulation step (one per batch) and per level of a
pairwise reduction (log2 of the sample count). NaN equals only NaN.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field

import numpy as np

from f1_oracle.case import Case

_EPS = {"float16": 2.0**-10, "bfloat16": 2.0**-7, "float32": 2.0**-23, "float64": 2.0**-52}


@dataclass(frozen=True)
class Tolerance:
    """How far an observed value may lie from the exact one, element-wise:
    `absolute + relative * |expected|`."""

    absolute: float
    relative: float
    # A tolerance the user declared (--rtol/--atol), included above: said with the value.
    declared: str = ""

    def at(self, expected) -> np.ndarray:
        return self.absolute + self.relative * np.abs(np.asarray(expected, dtype=np.float64))

    def widened(self, amount: float) -> Tolerance:
        """Plus a known absolute difference (a declared epsilon's effect), which the
        relative part then also covers."""
        return Tolerance(self.absolute + amount * (1 + self.relative), self.relative,
                         self.declared)

    def __add__(self, other: Tolerance) -> Tolerance:
        return Tolerance(self.absolute + other.absolute, self.relative + other.relative,
                         "; ".join(dict.fromkeys(filter(None, (self.declared, other.declared)))))

    def __rmul__(self, k: float) -> Tolerance:
        return Tolerance(k * self.absolute, k * self.relative, self.declared)

    def __format__(self, spec: str) -> str:
        if not self.absolute:
            text = f"{self.relative:{spec or '.3g'}} x |expected| (the counts are exact)"
        elif self.absolute == self.relative:
            text = f"{self.absolute:{spec or '.3g'}} x (1 + |expected|)"
        else:
            text = (f"{self.absolute:{spec or '.3g'}} + {self.relative:{spec or '.3g'}} x "
                    "|expected|")
        return f"{text}, including {self.declared}" if self.declared else text


def exact_counts(dtype: str, n_samples: int, weights=None) -> bool:
    """Whether every sum of weights (a confusion count) is exact in `dtype`, in any order:
    each weight a whole multiple of one power of two (unit weights and integers are) and
    their total, in that unit, below 2**(mantissa bits)."""
    w = np.ones(n_samples) if weights is None else np.abs(np.asarray(weights, np.float64))
    for k in range(64):
        units = np.ldexp(w, k)
        if np.all(units == np.floor(units)):
            return float(units.sum()) <= 2.0 / _EPS[dtype]
    return False


def tolerance(dtype: str, n_samples: int, n_batches: int, *, exact: bool = False,
              averaged: int = 1) -> Tolerance:
    """The rounding budget, in machine epsilons of `dtype` (two roundings each). The
    per-class formula costs at most 16 roundings relative to the value (Keras's guarded
    precision-and-recall form: each of precision and recall twice, in the numerator and the
    denominator), the average over `averaged` values one per value: with exact counts
    (`exact_counts`) that is all, and one wrong row out of 100k still shows
    (meta_tests/test_compare.py). Otherwise each sequential accumulation step (one per
    batch) and each level of a pairwise reduction (log2 of the sample count) adds its own."""
    if dtype not in _EPS:
        raise ValueError(f"no tolerance defined for dtype {dtype!r}; expected one of {list(_EPS)}")
    formula = _EPS[dtype] * (8 + math.ceil(averaged / 2))
    if exact:
        return Tolerance(0.0, formula)
    steps = formula + _EPS[dtype] * (2 * n_batches + 2 * math.ceil(math.log2(n_samples + 1)))
    return Tolerance(steps, steps)


def close(expected, observed, tol: Tolerance) -> bool:
    """|observed - expected| within `tol` element-wise; NaN only equals NaN. Shapes must
    agree, save that one element in any shape is a scalar (MONAI's (1,) results)."""
    e = np.asarray(expected, dtype=np.float64)
    o = np.asarray(observed, dtype=np.float64)
    if e.shape != o.shape:
        if not e.size == o.size == 1:
            return False
        e, o = e.reshape(()), o.reshape(())  # a one-element array is the scalar it holds
    both_nan = np.isnan(e) & np.isnan(o)
    with np.errstate(invalid="ignore"):
        ok = np.abs(o - e) <= tol.at(e)
    return bool(np.all(both_nan | ok))


@dataclass(frozen=True, kw_only=True)
class Verdict:
    check: str
    implementation: str
    ok: bool
    expected: object
    observed: object
    case: Case | None = None
    reference_code: str = ""
    tolerance: Tolerance | None = None
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
        if self.reference_code:  # on the case's arrays, before others rebind the names
            lines.append(self.reference_code)
        for name, case in self.extra_cases.items():
            lines += [f"# {name}:", case.as_code()]
        lines += [
            "",
            f"expected: {fmt_value(self.expected)}",
            f"observed: {fmt_value(self.observed)}",
        ]
        if self.tolerance is not None:
            lines.append(f"tolerance: {self.tolerance}")
        rerun = rerun_command()
        if rerun:
            lines.append(f"re-run: {rerun}")
        return "\n".join(lines)


def fmt_value(value) -> str:
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
    extra = os.environ.get("F1_ORACLE_RERUN_ARGS", "")
    if extra:  # the plugin's test, in an installed package: select it by its check
        node = node.rsplit("::", 1)[-1]
        check = node[node.find("[") + 1:-1]
        return f"pytest {extra} -k {check}"
    profile = os.environ.get("F1_ORACLE_PROFILE", "dev")
    return f"pytest '{node}' --hypothesis-profile={profile}"
