"""Which chunks a search may return: by topic, document and date."""

from __future__ import annotations

from dataclasses import dataclass

from askcloud.corpus.models import Chunk


@dataclass(frozen=True)
class Filters:
    topics: tuple[str, ...] = ()
    doc_ids: tuple[str, ...] = ()
    date_from: str | None = None  # ISO prefix, compared as text: "2014" <= "2014-03-07"
    date_to: str | None = None

    @property
    def empty(self) -> bool:
        return not (self.topics or self.doc_ids or self.date_from or self.date_to)

    def where(self) -> dict | None:
        """The topic and document part as a Chroma `where` clause (dates are checked after the query)."""
        clauses = []
        if self.topics:
            topics = [{f"topic_{t}": True} for t in self.topics]
            clauses.append(topics[0] if len(topics) == 1 else {"$or": topics})
        if self.doc_ids:
            clauses.append({"doc_id": {"$in": list(self.doc_ids)}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def accepts(self, chunk: Chunk) -> bool:
        if self.topics and not set(self.topics) & set(chunk.topics):
            return False
        if self.doc_ids and chunk.doc_id not in self.doc_ids:
            return False
        if self.date_from and (not chunk.date or chunk.date < self.date_from):
            return False
        if self.date_to and (not chunk.date or chunk.date[: len(self.date_to)] > self.date_to):
            return False
        return True
