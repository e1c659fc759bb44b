"""Documents: loading, cataloguing and splitting into chunks with exact character offsets."""

from askcloud.corpus.models import Chunk, Document, Skipped

__all__ = ["Chunk", "Document", "Skipped"]
