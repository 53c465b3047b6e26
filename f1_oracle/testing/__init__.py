"""Tests shipped with the package, for `pytest --pyargs f1_oracle.testing --f1-target ...`."""
