"""One document added to the stub corpus under a topic of its own, for the answer-form tests."""

from __future__ import annotations

from pathlib import Path


def add_document(corpus_dir: Path, name: str, text: str, title: str, topic: str, labels: tuple[str, str],
                 kind: str = "") -> Path:
    (corpus_dir / name).write_text(text, encoding="utf-8")
    catalog = corpus_dir / "catalog.yaml"
    fr, en = labels
    entries = catalog.read_text(encoding="utf-8").replace("topics:\n", f'topics:\n  {topic}: {{fr: "{fr}", en: "{en}"}}\n', 1)
    entry = f'{name}:\n  title: "{title}"\n' + (f"  kind: {kind}\n" if kind else "") + f"  topics: [{topic}]\n"
    catalog.write_text(entries + entry, encoding="utf-8")
    return corpus_dir
