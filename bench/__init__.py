"""Benchmarks of the batch jobs (`make bench`); they print figures and are
not timed tests."""
