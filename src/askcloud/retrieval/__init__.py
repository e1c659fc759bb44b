"""Hybrid search (dense + BM25, rank fusion), filters and query decomposition."""
