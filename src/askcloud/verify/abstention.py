"""An honest abstention, decided once here: what it says, what was searched, and the closest passages (marked as
not an answer) so a user can tell a real gap from a missed search. The interfaces only render it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from askcloud.text import pack

if TYPE_CHECKING:
    from askcloud.retrieval.passage import Passage

EXCERPT_CHARS = 240


@dataclass(frozen=True)
class Nearby:
    chunk_id: str
    doc_id: str
    title: str
    source: str
    excerpt: str


@dataclass(frozen=True)
class Abstention:
    text: str  # what the answer says
    reason: str  # why (for the trace and the logs)
    searched: str  # the question as searched, after follow-up rewriting
    topics: tuple[str, ...]
    closest: tuple[Nearby, ...]  # not an answer

    def to_dict(self) -> dict:
        data = asdict(self)
        data.update(topics=list(self.topics), closest=[asdict(n) for n in self.closest])
        return data


def abstain(language: str, reason: str, searched: str, topics: list[str] | tuple[str, ...],
            passages: list[Passage], shown: int, text: str | None = None) -> Abstention:
    """The abstention: `text` when verification said more than that the documents do not answer."""
    closest = tuple(Nearby(p.chunk.id, p.chunk.doc_id, p.chunk.title, p.chunk.source, _excerpt(p.chunk.text))
                    for p in passages[:shown])
    return Abstention(text or pack(language).message("abstain"), reason, searched, tuple(topics), closest)


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + " …"
