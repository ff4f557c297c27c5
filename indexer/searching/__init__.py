"""Answering a query: parse, compile, count, rank, verify, highlight, facets."""
