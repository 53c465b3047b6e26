"""Hypothesis strategies that draw cases (data, weights, batch split) for a contract.

Installed as `f1_oracle.strategies` (pyproject's package-dir: this directory is their
home in the repository) because the oracle draws with them: `f1-oracle check` on anyone's
metric searches with exactly the strategies the suite uses. Import them by that name.
"""

from f1_oracle.strategies.cases import cases, long_stream_case, long_streams
from f1_oracle.strategies.splits import splits

__all__ = ["cases", "long_stream_case", "long_streams", "splits"]
