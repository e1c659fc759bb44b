"""A corpus's topics: from its catalog, else from the first-level folder of each file, else one topic "all".

Nothing here knows any particular corpus: the seed corpus's three topics and their labels are in its catalog.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from askcloud.corpus.models import ALL_TOPIC, Document


@dataclass(frozen=True)
class Topic:
    name: str
    labels: dict[str, str] = field(default_factory=dict)  # language -> label; "" for a label in every language

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels.get("") or _readable(self.name)


def topics_of_file(rel_path: str, listed: tuple[str, ...]) -> tuple[str, ...]:
    """The topics of a document: what the catalog lists, else its first-level folder, else "all"."""
    if listed:
        return listed
    parts = rel_path.split("/")
    return (parts[0],) if len(parts) > 1 else (ALL_TOPIC,)


def corpus_topics(documents: list[Document], described: dict[str, dict[str, str]] | None = None) -> list[Topic]:
    """Every topic some document has, those the catalog describes first and in its order, then the others."""
    described = described or {}
    used = {t for d in documents for t in d.topics}
    names = [t for t in described if t in used] + sorted(used - set(described))
    return [Topic(name, dict(described.get(name, {}))) for name in names]


def _readable(name: str) -> str:
    text = name.replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:] if text else name


def topics_in(documents: object) -> list[str]:
    """Every topic of the indexed documents (the index state's entries: dicts with a "topics" list), in order of
    first appearance."""
    seen: dict[str, None] = {}
    for entry in documents:
        seen.update(dict.fromkeys(entry.get("topics") or ()))
    return list(seen)
