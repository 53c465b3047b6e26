"""One module per bug: factories the oracle builds, plus the bug's counterexample."""
