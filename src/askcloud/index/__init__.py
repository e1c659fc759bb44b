"""Embeddings, the Chroma store, the lexical index and the incremental indexer."""
