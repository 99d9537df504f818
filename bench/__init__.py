"""Benchmarks run by ``make bench`` (see README.md here); not unit tests."""
