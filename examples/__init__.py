"""Metrics written for the tests and the README's table, in the styles no library here
ships: a JAX functional metric, a whole-data numpy function."""
