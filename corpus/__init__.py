"""Corpus of real F1/F-beta bugs from released metric libraries (see README.md)."""
