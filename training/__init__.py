"""Reproducible training, evaluation and benchmark scripts (not part of the installed package)."""
