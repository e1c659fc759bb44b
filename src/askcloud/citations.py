"""Citation markers: parse them, resolve them to passages of this turn, check support, build exact quotes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from askcloud.agents.relevance import best_sentences, supported
from askcloud.answer import Citation
from askcloud.corpus.splitter import sentence_spans
from askcloud.retrieval.hybrid import Passage

MARKER = re.compile(r"\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]")


@dataclass
class Sentence:
    text: str  # without markers
    cited: list[int]  # prompt numbers, as the model wrote them


@dataclass
class CheckResult:
    text: str
    citations: list[Citation]
    removed: list[dict]
    recited: list[dict]
    sentences: int


def parse(answer: str) -> list[Sentence]:
    result = []
    for span in sentence_spans(answer):
        raw = answer[span.start:span.end]
        cited = [int(n) for group in MARKER.findall(raw) for n in re.split(r"\s*[,;]\s*", group)]
        text = MARKER.sub("", raw).strip()
        if text in (".", "") and result:  # "… [1]." splits as a lone "." after the marker
            result[-1].cited.extend(cited)
            continue
        if text:
            result.append(Sentence(text, cited))
    return result


def check(answer: str, passages: list[Passage]) -> CheckResult:
    """Keep sentences whose names and numbers are in a passage they cite (or, failing that, in another passage
    of this turn, which they are re-pointed to); drop the others. Markers are renumbered 1..k by first use."""
    order: list[str] = []  # chunk ids, by first citation
    supports: dict[str, list[str]] = {}
    out, removed, recited = [], [], []
    sentences = parse(answer)
    for sentence in sentences:
        cited = [passages[n - 1] for n in sentence.cited if 1 <= n <= len(passages)]
        backing = [p for p in cited if supported(sentence.text, p.chunk.text)[0]]
        if not backing:
            backing = [p for p in passages if supported(sentence.text, p.chunk.text)[0] and _overlaps(sentence.text, p)][:1]
            if backing:
                recited.append({"sentence": sentence.text, "from": sentence.cited, "to": backing[0].chunk.id})
        if not backing:
            missing = supported(sentence.text, " ".join(p.chunk.text for p in cited))[1] if cited else []
            removed.append({"sentence": sentence.text, "cited": sentence.cited, "missing": missing})
            continue
        marks = []
        for p in backing:
            if p.chunk.id not in order:
                order.append(p.chunk.id)
            supports.setdefault(p.chunk.id, []).append(sentence.text)
            marks.append(order.index(p.chunk.id) + 1)
        out.append(_with_marks(sentence.text, sorted(set(marks))))
    by_id = {p.chunk.id: p for p in passages}
    citations = [quote(n, by_id[cid], " ".join(supports[cid])) for n, cid in enumerate(order, start=1)]
    return CheckResult(" ".join(out), citations, removed, recited, len(sentences))


def quote(n: int, passage: Passage, claim: str) -> Citation:
    """The sentence of the passage that best supports the claim (two when its figures need both), with offsets
    into the source document."""
    chunk = passage.chunk
    first = last = best_sentences(claim, chunk.text, limit=1)[0]
    if not supported(claim, chunk.text[first.start:first.end])[0]:
        pair = best_sentences(claim, chunk.text, limit=2 * (first.end - first.start) + 200)[:2]
        first, last = pair[0], pair[-1]
    start, end = chunk.start + first.start, chunk.start + last.end
    return Citation(n=n, chunk_id=chunk.id, doc_id=chunk.doc_id, title=chunk.title, source=chunk.source,
                    quote=chunk.text[first.start:last.end], start=start, end=end, score=round(passage.score, 4),
                    date=chunk.date, passage=chunk.text)


def _with_marks(text: str, marks: list[int]) -> str:
    tail = ""
    if text and text[-1] in ".!?":
        text, tail = text[:-1], text[-1]
    return f"{text} {''.join(f'[{m}]' for m in marks)}{tail}"


def _overlaps(sentence: str, passage: Passage) -> bool:
    from askcloud.agents.relevance import coverage

    return coverage(sentence, passage.chunk.text) >= 0.3
