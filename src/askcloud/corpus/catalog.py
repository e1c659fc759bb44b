"""Document metadata: corpus/catalog.yaml when it names the file, inferred from the text otherwise.

Besides one entry per file, the catalog may describe the corpus itself under two reserved keys (no document is
named so: documents have a suffix): `topics`, a mapping from each topic to its labels per language
(`events: {fr: Événements, en: Events}`), and `examples`, example questions for the web chat.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from askcloud.errors import CorpusError

CATALOG_FILE = "catalog.yaml"
_KINDS = ("article", "letter", "blog post", "page", "manual", "chapter")
_RESERVED = ("topics", "examples")
_MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()


@dataclass(frozen=True)
class Entry:
    title: str
    date: str | None
    kind: str
    topics: tuple[str, ...]
    original_file: str | None


@dataclass(frozen=True)
class Catalog:
    entries: dict[str, Entry] = field(default_factory=dict)
    topics: dict[str, dict[str, str]] = field(default_factory=dict)  # topic -> {language: label}, in order
    examples: tuple[str, ...] = ()


def read_catalog(corpus_dir: Path) -> dict[str, Entry]:
    return load_catalog(corpus_dir).entries


def load_catalog(corpus_dir: Path) -> Catalog:
    path = corpus_dir / CATALOG_FILE
    if not path.exists():
        return Catalog()
    import yaml

    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path} is not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise CorpusError(f"{path} must map file names to metadata")
    topics = _topics(path, raw.get("topics") or {})
    examples = raw.get("examples") or []
    if not isinstance(examples, list):
        raise CorpusError(f"{path}: examples must be a list of questions")
    entries = {str(name): _entry(path, str(name), meta, topics) for name, meta in raw.items() if name not in _RESERVED}
    return Catalog(entries, topics, tuple(str(e) for e in examples if str(e).strip()))


def _topics(path: Path, raw: object) -> dict[str, dict[str, str]]:
    if not isinstance(raw, dict):
        raise CorpusError(f"{path}: topics must map each topic to its labels ({{fr: …, en: …}})")
    topics = {}
    for name, labels in raw.items():
        if labels is not None and not isinstance(labels, (dict, str)):
            raise CorpusError(f"{path}: topic {name!r} needs labels per language ({{fr: …, en: …}}) or nothing")
        topics[str(name)] = ({str(k): str(v) for k, v in labels.items()} if isinstance(labels, dict)
                             else {"": labels} if isinstance(labels, str) else {})
    return topics


def _entry(path: Path, name: str, meta: object, known: dict[str, dict[str, str]]) -> Entry:
    if not isinstance(meta, dict) or not meta.get("title"):
        raise CorpusError(f"{path}: entry {name!r} needs at least a title")
    topics = meta.get("topics") or ()
    topics = (topics,) if isinstance(topics, str) else tuple(str(t) for t in topics)
    unknown = [t for t in topics if known and t not in known]
    if unknown or meta.get("kind", "article") not in _KINDS:
        raise CorpusError(f"{path}: entry {name!r} has an unknown topic or kind ({unknown or meta.get('kind')})")
    date = meta.get("date")
    return Entry(str(meta["title"]), None if date is None else str(date), meta.get("kind", "article"), topics,
                 meta.get("original_file"))


def infer_entry(text: str) -> Entry:
    """Metadata for a file the catalog does not list: first line as title, a date if the head holds one. Its
    topics are left to the folder it sits in (see corpus.topics)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = lines[0].lstrip("# ").strip()[:120] if lines else "Sans titre"
    return Entry(title, _find_date("\n".join(lines[:5])), "article", (), None)


def _find_date(head: str) -> str | None:
    if match := re.search(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b", head):
        return match.group(0)
    pattern = r"\b(\d{1,2})(?:er)? (" + "|".join(_MONTHS) + r") (\d{4})\b"
    if match := re.search(pattern, head.lower()):
        day, month, year = match.groups()
        return f"{year}-{_MONTHS.index(month) + 1:02d}-{int(day):02d}"
    return None
