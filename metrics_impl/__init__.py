"""F1 implementations under test: the project's own, and the variants from the seeds."""
