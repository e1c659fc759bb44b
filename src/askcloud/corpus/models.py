"""Typed data of the corpus."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field

TOPICS = ("events", "strategy", "net_neutrality")


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Document:
    doc_id: str  # the file path relative to the corpus folder
    source: str  # path shown to users, e.g. "corpus/ovh-summit-2014.txt"
    text: str  # the text that offsets refer to (a .txt file's exact content)
    title: str
    date: str | None = None
    kind: str = "article"
    topics: tuple[str, ...] = ()
    original_file: str | None = None

    @property
    def hash(self) -> str:
        return content_hash(self.text)


@dataclass(frozen=True)
class Chunk:
    id: str
    doc_id: str
    text: str  # == document.text[start:end]
    start: int
    end: int
    section: str
    title: str
    source: str
    date: str | None = None
    topics: tuple[str, ...] = field(default=())

    @property
    def embed_text(self) -> str:
        """What the embedder sees: the passage with its title and section, which makes short passages findable."""
        head = self.title if self.section in ("", self.title) else f"{self.title} — {self.section}"
        return f"{head}\n{self.text}"

    def to_dict(self) -> dict:
        data = asdict(self)
        data["topics"] = list(self.topics)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Chunk:
        return cls(**{**data, "topics": tuple(data.get("topics", ()))})


@dataclass(frozen=True)
class Skipped:
    """A file that could not be read, with the reason shown to the user."""

    path: str
    reason: str
