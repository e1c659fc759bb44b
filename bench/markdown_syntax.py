"""Count the passages of a corpus folder's Markdown files that still hold raw Markdown syntax.

Usage (from the repository root):
    .venv/bin/python bench/markdown_syntax.py evals/corpora/markdown [--source] [--json]

The folder is loaded and split exactly as `askcloud index` does (the configured chunk size, overlap and smallest
section); --source reads each .md/.markdown file as its raw source instead (the plain-text loader askcloud used
before it rendered Markdown), for comparison. A passage counts when, outside code blocks, it holds any of:
  underline   a setext heading's underline: a line of 3 or more "=" or "-" alone
  heading     a line opening with an ATX heading mark ("# ", "## ", …)
  emphasis    "**" or "__" against a word
  escape      a backslash before ASCII punctuation ("\\_", "\\*", …)
  link        a link or image target "](…"
Code blocks are found by the loader (its "code" blocks) or, for raw source, by a CommonMark parser (fenced and
indented code): what a code block holds is the code itself, not syntax.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import replace
from pathlib import Path

PATTERNS = {
    "underline": re.compile(r"^[ \t]{0,3}(?:={3,}|-{3,})[ \t]*$", re.M),
    "heading": re.compile(r"^[ \t]{0,3}#{1,6}[ \t]", re.M),
    "emphasis": re.compile(r"(?:\*\*|__)(?=\w)|(?<=\w)(?:\*\*|__)"),
    "escape": re.compile(r"\\[!-/:-@\[-`{-~]"),
    "link": re.compile(r"\]\("),
}
SUFFIXES = (".md", ".markdown")


def code_ranges(doc) -> list[tuple[int, int]]:
    """Where the document's code blocks stand in its text."""
    if doc.blocks:
        return [(b.start, b.end) for b in doc.blocks if b.kind == "code"]
    from markdown_it import MarkdownIt

    starts = [0]
    for line in doc.text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    ranges = []
    for token in MarkdownIt("commonmark").parse(doc.text):
        if token.type in ("fence", "code_block") and token.map:
            first, last = token.map
            ranges.append((starts[first], starts[min(last, len(starts) - 1)]))
    return ranges


def outside(text: str, start: int, ranges: list[tuple[int, int]]) -> str:
    """The passage's text with what lies inside code blocks blanked out (line breaks kept)."""
    chars = list(text)
    for low, high in ranges:
        for i in range(max(low, start), min(high, start + len(text))):
            if chars[i - start] != "\n":
                chars[i - start] = " "
    return "".join(chars)


def measure(folder: Path, source: bool) -> dict:
    from askcloud.corpus.loader import load_corpus
    from askcloud.corpus.loaders import text
    from askcloud.corpus.splitter import split_document
    from askcloud.settings import Settings

    settings = Settings()
    documents, skipped = load_corpus(folder)
    counts = {name: 0 for name in PATTERNS}
    passages = raw = 0
    examples = []
    for doc in documents:
        if not doc.doc_id.lower().endswith(SUFFIXES):
            continue
        if source:
            doc = replace(doc, text=text.extract((folder / doc.doc_id).read_bytes()).text, blocks=())
        ranges = code_ranges(doc)
        for chunk in split_document(doc, settings.chunk_size, settings.chunk_overlap, settings.chunk_min_section):
            passages += 1
            seen = outside(chunk.text, chunk.start, ranges)
            found = [name for name, pattern in PATTERNS.items() if pattern.search(seen)]
            for name in found:
                counts[name] += 1
            if found:
                raw += 1
                if len(examples) < 5:
                    examples.append({"doc_id": doc.doc_id, "start": chunk.start, "found": found})
    return {"folder": str(folder), "loader": "source" if source else "askcloud", "passages": passages,
            "with_raw_syntax": raw, "by_pattern": counts, "skipped": [s.path for s in skipped],
            "examples": examples}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--source", action="store_true", help="read .md files as raw source (the old loader)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    report = measure(args.folder, args.source)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        patterns = ", ".join(f"{k} {v}" for k, v in report["by_pattern"].items())
        print(f"{report['folder']} ({report['loader']} loader): {report['with_raw_syntax']} of "
              f"{report['passages']} Markdown passages hold raw syntax ({patterns})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
