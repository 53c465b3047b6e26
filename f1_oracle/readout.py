"""What a metric returns, read as the number (or per-class vector) it means.

Metrics return their value in many forms: a tensor, a one-element array (MONAI's
`aggregate()[0]`), a one-item list (catboost's `eval_metric`), a dict (mmeval's
`compute()`), a percentage, a string where the value is undefined (pycm's 'None'). The
styles hand over what the metric returned, made plain (numpy for tensors, containers
kept); this module is the one place that turns it into float64, so no check compares a
list with a scalar or takes our own conversion error for the metric's.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np


class ResultError(Exception):
    """The metric's result cannot be read as one value without being told how (a dict
    of several numbers, a missing key): a usage error, in one line."""


class NotANumber(Exception):
    """The metric returned something that is no number (a string, None): a finding,
    reported as what the metric returned."""

    def __init__(self, value):
        self.value = value
        super().__init__(f"returned {value!r} ({type(value).__name__}), not a number")


def _numeric(value) -> bool:
    if isinstance(value, bool | str | bytes) or value is None:
        return False
    if isinstance(value, numbers.Number | np.generic):
        return True
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "biuf"
    if isinstance(value, list | tuple):
        return bool(value) and all(_numeric(v) for v in value)
    return False


@dataclass(frozen=True)
class Readout:
    """How to read a result: `key` picks a dict entry or a sequence index (the CLI's
    --read); `percent` divides by 100. Without a key, a dict or sequence holding one
    number is read as that number (`described` says what was read)."""

    key: str | None = None
    percent: bool = False

    def pick(self, raw):
        """The part of `raw` that holds the value."""
        if self.key is not None:
            if isinstance(raw, dict):
                if self.key not in raw:
                    raise ResultError(f"--read {self.key}: the metric returned a dict with "
                                      f"keys {', '.join(map(repr, raw))}")
                return raw[self.key]
            if isinstance(raw, list | tuple | np.ndarray) and np.ndim(raw) >= 1:
                try:
                    return raw[int(self.key)]
                except (ValueError, IndexError):
                    raise ResultError(f"--read {self.key}: the metric returned a sequence of "
                                      f"{len(raw)} items; give an index below that") from None
            raise ResultError(f"--read {self.key}: the metric returned a "
                              f"{type(raw).__name__}, neither a dict nor a sequence")
        if isinstance(raw, dict):
            numbers_in = [k for k, v in raw.items() if _numeric(v)]
            if len(raw) == 1 or len(numbers_in) == 1:
                return raw[(list(raw) if len(raw) == 1 else numbers_in)[0]]
            raise ResultError(f"the metric returned a dict with keys "
                              f"{', '.join(map(repr, raw))}: name the entry to check with "
                              "--read KEY")
        if isinstance(raw, list | tuple) and len(raw) == 1:
            return raw[0]
        return raw

    def found(self, raw) -> Readout:
        """This readout with the key it took from `raw` made explicit (a dict's one
        number, a one-item sequence's index 0), so every later read takes the same."""
        if self.key is not None:
            return self
        if isinstance(raw, dict):
            picked = self.pick(raw)
            key = next(k for k, v in raw.items() if v is picked)
            return Readout(str(key), self.percent)
        if isinstance(raw, list | tuple) and len(raw) == 1:
            return Readout("0", self.percent)
        return self

    def describe(self) -> str:
        """What is read, for the header line ("" for the value as returned)."""
        if self.key is None and not self.percent:
            return ""
        key = "" if self.key is None else (
            f"[{self.key}]" if self.key.lstrip("-").isdigit() else f"[{self.key!r}]")
        return f"result{key}" + (" / 100 (percent)" if self.percent else "")

    def __call__(self, raw) -> np.ndarray:
        """The value as float64: a scalar, or a per-class vector."""
        value = self.pick(raw)
        if isinstance(value, list | tuple) and len(value) == 1:
            value = value[0]
        if not _numeric(value):
            raise NotANumber(value)
        out = np.asarray(value, dtype=np.float64)  # one element in any shape: compare.close
        return out / 100 if self.percent else out


def plain(value):
    """A metric's return value with tensors as numpy arrays and containers kept: what a
    style hands to the readout."""
    if hasattr(value, "detach"):  # torch
        return value.detach().cpu().double().numpy()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, str | bytes | numbers.Number | np.ndarray | np.generic) or value is None:
        return value
    try:  # a tensor of another library (TensorFlow, JAX): its array form
        return np.asarray(value)
    except Exception:
        return value
