"""Hypothesis strategies that draw cases (data, weights, batch split) for a contract."""

from strategies.cases import cases, long_streams
from strategies.splits import splits

__all__ = ["cases", "long_streams", "splits"]
