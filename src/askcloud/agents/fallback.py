"""When the draft does not give what the question asks for, quote the passage sentence that does.

Three uses in the fact-check, all rules over the passages kept this turn (no model call):
- the draft gives no figure or name of the kind asked for: the best passage sentence that does is quoted instead;
- the draft gives one, but the passage sentences holding it bear on the question far less than another sentence
  that gives one of its own ("Octave Klaba" taken from a sentence about the keynote, when the question's own words
  stand in the sentence naming "VMware"): that sentence is quoted instead;
- the draft only restates a question that asks for a list ("Les marchés naturels de Cloudwatt sont : [1]"): the
  sentence announcing the list is quoted with its items, those of a passage that ends the list included.

A sentence that opens on a pronoun ("Ils sont pourtant nombreux (700 000 dans le monde)") is read and quoted with
the sentence before it, which says what the pronoun stands for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from askcloud.agents.extractive import LEADS
from askcloud.agents.guard import evidence_spans
from askcloud.agents.lists import continues_list, items_after, leading_items
from askcloud.agents.relevance import coverage, names, numbers, units
from askcloud.answer import Citation
from askcloud.citations import MARKER
from askcloud.corpus.splitter import Span
from askcloud.retrieval.hybrid import Passage
from askcloud.textnorm import normalize

MAX_ITEMS = 6  # list items quoted in place of a draft that gives none
# How much more of the question a sentence giving another answer must cover before it replaces the draft's.
MARGIN = 0.25


@dataclass(frozen=True)
class Quote:
    index: int  # position of the passage among those kept (0-based)
    span: Span  # within the passage's text
    text: str
    coverage: float  # share of the question's terms it holds


def candidates(kept: list[Passage], questions: tuple[str, ...], accept: Callable[[str], bool]) -> list[Quote]:
    """Every sentence (unit) of the kept passages that `accept` takes, the one covering most of the question first.
    Title and heading lines ("Direction Générale de Cloudwatt : Votez pour moi !") are no answer: they are left out."""
    found = []
    for i, passage in enumerate(kept):
        text, heads = passage.chunk.text, {normalize(passage.chunk.title), normalize(passage.chunk.section)}
        for unit in units(text):
            sentence = text[unit.start:unit.end]
            if _is_sentence(sentence, heads) and accept(sentence):
                found.append(Quote(i, Span(unit.start, unit.end), sentence, max(coverage(q, sentence) for q in questions)))
    return sorted(found, key=lambda q: (-q.coverage, q.index, q.span.start))


def _is_sentence(text: str, heads: set[str]) -> bool:
    """A sentence, not the title or a heading line of its document."""
    folded = normalize(text).strip(" .!?")
    return text.rstrip(" »\"”)").endswith((".", "!", "?", "…")) and not any(folded in h for h in heads)


def source_coverage(draft: str, kind: str | None, kept: list[Passage], questions: tuple[str, ...]) -> float | None:
    """How much of the question the passage sentences holding the draft's answer cover (the best of them).

    The draft's answer is what it adds of the kind asked for: figures, or names, that the question does not hold.
    None when it adds none, or when no passage sentence holds it (the citation check deals with those).
    """
    bare = MARKER.sub(" ", draft)
    asked = " ".join(questions)
    if kind == "number":
        wanted = numbers(bare) - numbers(asked)
        holds = lambda s: bool(wanted & numbers(s))  # noqa: E731
    elif kind == "name":
        folded = normalize(asked)
        wanted = {n for n in names(bare) if n not in folded}
        holds = lambda s: any(n in normalize(s) for n in wanted)  # noqa: E731
    else:
        return None
    best = None
    for passage in kept:
        text = passage.chunk.text
        for unit in units(text):
            sentence = text[unit.start:unit.end]
            if wanted and holds(sentence):
                cov = max(coverage(q, sentence) for q in questions)
                best = cov if best is None else max(best, cov)
    return best


def render(quote: Quote, kept: list[Passage], language: str) -> tuple[str, list[Citation]]:
    """The quoted sentence with its marker, and its citation with offsets into the source document."""
    passage = kept[quote.index]
    chunk = passage.chunk
    text = f"{LEADS.get(language, LEADS['fr'])}« {quote.text.rstrip('.')} » [1]."
    citation = Citation(n=1, chunk_id=chunk.id, doc_id=chunk.doc_id, title=chunk.title, source=chunk.source,
                        quote=quote.text, start=chunk.start + quote.span.start, end=chunk.start + quote.span.end,
                        score=round(passage.score, 4), date=chunk.date, passage=chunk.text)
    return text, [citation]


def list_answer(questions: tuple[str, ...], kept: list[Passage], language: str,
                min_coverage: float) -> tuple[str, list[Citation]] | None:
    """The sentence announcing a list ("Les marchés naturels sont :") that covers `min_coverage` of the question,
    quoted with the first sentence of each item: those below it, then those a following kept passage ends the list
    with (lists.py). None when no kept passage has one, or when its passage does not hold the question's names."""
    for i, passage in enumerate(kept):
        text = passage.chunk.text
        for span in evidence_spans(text):
            intro = text[span.start:span.end]
            if not intro.rstrip().endswith(":") or max(coverage(q, intro) for q in questions) < min_coverage:
                continue
            if not _holds_names(questions, passage):
                break
            parts = [(i, [span] + _firsts(text, items_after(text, span.end)))]
            if i + 1 < len(kept) and continues_list(passage.chunk, kept[i + 1].chunk):
                after = kept[i + 1].chunk.text
                parts.append((i + 1, _firsts(after, leading_items(after))))
            parts = _capped(parts, MAX_ITEMS + 1)
            if sum(len(spans) for _, spans in parts) > 1:
                return _render_parts(parts, kept, language)
    return None


def _holds_names(questions: tuple[str, ...], passage: Passage) -> bool:
    """The passage (with its title) holds every name of the question: the list is about what was asked."""
    held = normalize(f"{passage.chunk.title} {passage.chunk.section} {passage.chunk.text}")
    return all(n in held for n in names(" ".join(questions)))


def _firsts(text: str, items: list[tuple[int, int]]) -> list[Span]:
    """The first sentence of each item (a bare "2." is no sentence)."""
    spans = [s for s in evidence_spans(text) if any(ch.isalpha() for ch in text[s.start:s.end])]
    return [first for a, b in items if (first := next((s for s in spans if a <= s.start < b), None))]


def _capped(parts: list[tuple[int, list[Span]]], limit: int) -> list[tuple[int, list[Span]]]:
    out = []
    for index, spans in parts:
        if spans[:limit]:
            out.append((index, spans[:limit]))
        limit -= len(spans[:limit])
    return out


def _render_parts(parts: list[tuple[int, list[Span]]], kept: list[Passage],
                  language: str) -> tuple[str, list[Citation]]:
    """The quoted sentences, each passage's followed by its marker; one citation per passage, its quote running from
    its first sentence to its last."""
    quoted, citations = [], []
    for n, (index, spans) in enumerate(parts, start=1):
        passage = kept[index]
        chunk = passage.chunk
        quoted.append(" ".join(f"« {chunk.text[s.start:s.end].rstrip('.')} »" for s in spans) + f" [{n}]")
        start, end = spans[0].start, spans[-1].end
        citations.append(Citation(n=n, chunk_id=chunk.id, doc_id=chunk.doc_id, title=chunk.title,
                                  source=chunk.source, quote=chunk.text[start:end], start=chunk.start + start,
                                  end=chunk.start + end, score=round(passage.score, 4), date=chunk.date,
                                  passage=chunk.text))
    return LEADS.get(language, LEADS["fr"]) + " ; ".join(quoted) + ".", citations
