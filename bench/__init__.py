"""Benchmarks: each prints its figures and ends with one ``RESULT key=value ...`` line."""
