"""The kept claims and quotes as the user reads them: markers numbered by first use, one citation per passage."""

from __future__ import annotations

from askcloud.answer import Citation
from askcloud.citations import cite
from askcloud.verify.claims import laid_out, with_marks
from askcloud.verify.evidence import Evidence, announced, units
from askcloud.verify.guard import has_orders
from askcloud.verify.quote import Quote
from askcloud.verify.support import Support


def quoting(quotes: list[Quote], evidence: Evidence, language, citations: list[Citation]) -> str:
    """The quotes as shown ("D'après les documents : « … » [n] ; « … » [n+1]."), their parts' citations appended to
    `citations` and numbered after those already there."""
    shown = []
    for quote in quotes:
        for i, start, end in quote.parts():
            citation = cite(len(citations) + 1, evidence.passages[i], start, end)
            citations.append(citation)
            shown.append(f"« {' '.join(citation.quote.split()).rstrip('.')} » [{citation.n}]")
    return f"{language.message('quoted')}{' ; '.join(shown)}."


def placed(supports: list[Support], k: int, marked: str) -> str:
    """The k-th kept claim laid out in the answer: list items renumbered over the items kept (a step that failed
    its check leaves no gap), a sentence after a list in a paragraph of its own."""
    items = sum(1 for s in supports[:k + 1] if s.claim.item)
    return laid_out(supports[k].claim, marked, items, supports[k - 1].claim if k else None)


def render(supports: list[Support], evidence: Evidence) -> tuple[str, list[Citation]]:
    """The kept claims with markers renumbered by first use, and one citation per passage quoting the evidence
    sentences its claims rest on (from the first to the last, unless an order-giving sentence lies between)."""
    order: list[int] = []
    spans: dict[int, list[tuple[int, int]]] = {}
    sentences = []
    for s in supports:
        for i in s.passages:
            if i not in order:
                order.append(i)
        for sentence in s.sentences:
            start, end = units(evidence, sentence)  # with what it announces, which the claim may rest on
            spans.setdefault(sentence.passage, []).append((start, announced(evidence, sentence, end)))
        marked = with_marks(s.claim.text, sorted(order.index(i) + 1 for i in s.passages))
        sentences.append(placed(supports, len(sentences), marked))
    citations = []
    for n, i in enumerate(order, start=1):
        passage = evidence.passages[i]
        found = spans.get(i) or [(evidence.sentences[i][0].span.start, evidence.sentences[i][0].span.end)] \
            if evidence.sentences[i] else [(0, len(passage.chunk.text))]
        start, end = min(a for a, _ in found), max(b for _, b in found)
        if has_orders(passage.chunk.text[start:end]):
            start, end = found[0]
        citations.append(cite(n, passage, start, end))
    return " ".join(sentences), citations
