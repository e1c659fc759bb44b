"""Cheap relevance signals shared by the route, grade, write and fact-check nodes: no model calls."""

from __future__ import annotations

import re
from collections.abc import Callable

from askcloud.verify.guard import evidence_spans
from askcloud.verify.lists import leading_items
from askcloud.corpus.splitter import Span
from askcloud.index.analyzer import tokenize
from askcloud.verify.align import coverage, text_terms

_LIST_MARK = re.compile(r"\s*(\d+[.)]|[-•*–])\s*")
LIST_ITEMS = 3  # list items a sentence ending in a colon brings into an excerpt


def ranked_sentences(question: str, text: str, gives: Callable[[str], int] | None = None) -> list[Span]:
    """The sentences of `text`, those sharing most terms (numbers count double) with the question first; never a
    sentence that gives the assistant orders (guard.py). `gives`: whether a sentence gives what the question asks
    for (a figure, a name); `gives` returns the shared terms such a sentence counts more (Policy.gives_bonus)."""
    spans = evidence_spans(text)
    terms = set(tokenize(question))

    def score(span: Span) -> int:
        sentence = text[span.start:span.end]
        shared = terms & text_terms(question, sentence)
        return len(shared) + sum(t[0].isdigit() for t in shared) + (gives(sentence) if gives else 0)

    return sorted(spans, key=lambda s: (-score(s), s.start))


def best_sentences(question: str, text: str, limit: int = 400,
                   gives: Callable[[str], int] | None = None, ends_list: bool = False) -> list[Span]:
    """The best sentences for the question within `limit` characters, kept in text order. A sentence that
    announces a list ("Les marchés naturels sont :") brings the first sentence of its next LIST_ITEMS items, even
    past the limit: without them it answers nothing. `ends_list`: the text goes on with a list the passage before it
    left open (lists.py); the first sentences of the items it opens with come first, whatever they share."""
    spans = [s for s in evidence_spans(text) if not _LIST_MARK.fullmatch(text[s.start:s.end])]  # a bare "2."
    chosen: list[Span] = []
    if ends_list:
        items = leading_items(text)
        chosen = _line_starts(text, [s for s in spans if any(a <= s.start < b for a, b in items)])[:LIST_ITEMS]
    used = sum(s.end - s.start for s in chosen)
    for span in ranked_sentences(question, text, gives):
        size = span.end - span.start
        if span in chosen or span not in spans or (chosen and used + size > limit):
            continue
        chosen.append(span)
        used += size
        if text[span.start:span.end].rstrip().endswith(":"):
            items = [s for s in spans if s.start > span.end and s not in chosen]
            chosen += _line_starts(text, items)[:LIST_ITEMS]
    return sorted(chosen, key=lambda s: s.start)


def _line_starts(text: str, spans: list[Span]) -> list[Span]:
    """The spans that open a line, after its list mark if any (a list item's first sentence)."""
    def opens(span: Span) -> bool:
        head = text[text.rfind("\n", 0, span.start) + 1:span.start]
        return not head.strip() or _LIST_MARK.fullmatch(head) is not None

    return [s for s in spans if opens(s)]


def excerpt(question: str, text: str, limit: int = 400, gives: Callable[[str], int] | None = None,
            ends_list: bool = False) -> str:
    return " … ".join(text[s.start:s.end] for s in best_sentences(question, text, limit, gives, ends_list))
