"""Faithful copies of code that has no PyPI release to install (provenance in each file)."""
