"""Document metadata: corpus/catalog.yaml when it names the file, inferred from the text otherwise."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from askcloud.corpus.models import TOPICS
from askcloud.errors import CorpusError

CATALOG_FILE = "catalog.yaml"
_KINDS = ("article", "letter", "blog post")
_TOPIC_HINTS = {
    "net_neutrality": ("neutralit", "net neutrality", "fai ", "opérateur"),
    "events": ("summit", "keynote", "conférence", "convention", "salon", "re:invent", "événement", "évènement"),
    "strategy": ("stratégie", "conseil", "utilisateurs", "souveraineté", "investisseur", "strategy"),
}
_MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()


@dataclass(frozen=True)
class Entry:
    title: str
    date: str | None
    kind: str
    topics: tuple[str, ...]
    original_file: str | None


def read_catalog(corpus_dir: Path) -> dict[str, Entry]:
    path = corpus_dir / CATALOG_FILE
    if not path.exists():
        return {}
    import yaml

    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path} is not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise CorpusError(f"{path} must map file names to metadata")
    return {str(name): _entry(path, str(name), meta) for name, meta in raw.items()}


def _entry(path: Path, name: str, meta: object) -> Entry:
    if not isinstance(meta, dict) or not meta.get("title"):
        raise CorpusError(f"{path}: entry {name!r} needs at least a title")
    topics = tuple(meta.get("topics") or ())
    unknown = [t for t in topics if t not in TOPICS]
    if unknown or meta.get("kind", "article") not in _KINDS:
        raise CorpusError(f"{path}: entry {name!r} has an unknown topic or kind ({unknown or meta.get('kind')})")
    date = meta.get("date")
    return Entry(str(meta["title"]), None if date is None else str(date), meta.get("kind", "article"), topics,
                 meta.get("original_file"))


def infer_entry(text: str) -> Entry:
    """Metadata for a file the catalog does not list: first line as title, a date if the head holds one."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = lines[0].lstrip("# ").strip()[:120] if lines else "Sans titre"
    return Entry(title, _find_date("\n".join(lines[:5])), "article", infer_topics(text), None)


def infer_topics(text: str) -> tuple[str, ...]:
    low = text.lower()
    scores = {topic: sum(low.count(h) for h in hints) for topic, hints in _TOPIC_HINTS.items()}
    best = max(scores.values())
    return tuple(t for t, s in scores.items() if s == best and s > 0) or ("strategy",)


def _find_date(head: str) -> str | None:
    if match := re.search(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b", head):
        return match.group(0)
    pattern = r"\b(\d{1,2})(?:er)? (" + "|".join(_MONTHS) + r") (\d{4})\b"
    if match := re.search(pattern, head.lower()):
        day, month, year = match.groups()
        return f"{year}-{_MONTHS.index(month) + 1:02d}-{int(day):02d}"
    return None
