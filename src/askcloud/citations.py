"""Citation markers: parse them, resolve them to passages of this turn, check support, build exact quotes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from askcloud.agents.abstain import is_refusal
from askcloud.agents.guard import addresses_assistant, evidence, has_orders
from askcloud.agents.language import detect_language
from askcloud.agents.relevance import coverage, grounded, names, names_within, numbers, ranked_sentences, supported
from askcloud.answer import Citation
from askcloud.corpus.splitter import sentence_spans
from askcloud.retrieval.hybrid import Passage
from askcloud.textnorm import normalize

MARKER = re.compile(r"\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]")
LEADING = re.compile(r"^(?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+")
MIN_OVERLAP = 0.2  # share of a sentence's terms its passage must hold


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
    result: list[Sentence] = []
    for span in sentence_spans(answer):
        raw = answer[span.start:span.end]
        if (lead := LEADING.match(raw)) and result:  # "A. [1] B." : the marker closes the sentence before
            result[-1].cited.extend(_numbers(lead.group(0)))
            raw = raw[lead.end():]
        cited = _numbers(raw)
        text = MARKER.sub("", raw).strip()
        if text in (".", "") and result:  # "… [1]." splits as a lone "." after the marker
            result[-1].cited.extend(cited)
            continue
        if text:
            result.append(Sentence(text, cited))
    return result


def _numbers(raw: str) -> list[int]:
    return [int(n) for group in MARKER.findall(raw) for n in re.split(r"\s*[,;]\s*", group)]


def check(answer: str, passages: list[Passage], question: str = "") -> CheckResult:
    """Keep sentences whose names and numbers are in the passages they cite (or, failing that, in one other
    passage of this turn, which they are re-pointed to); drop the others. Markers are renumbered by first use."""
    order: list[str] = []  # chunk ids, by first citation
    supports: dict[str, list[str]] = {}
    out, removed, recited = [], [], []
    sentences = parse(answer)
    # Names these passages give inside a line: one opening a sentence ("Netflix is Amazon's first customer") is a
    # name too, and must stand in the passage cited for it.
    known = names_within(" ".join(evidence(p.chunk.text) for p in passages))
    for sentence in sentences:
        cited = list({id(p): p for p in (passages[n - 1] for n in sentence.cited if 1 <= n <= len(passages))}.values())
        backing = _backing(sentence.text, cited, question, known)
        if not backing:
            backing = _elsewhere(sentence.text, cited, passages, question, known)
            if backing:
                recited.append({"sentence": sentence.text, "from": sentence.cited, "to": [p.chunk.id for p in backing]})
        if not backing:
            missing = supported(sentence.text, _text(cited), _given(cited, question), known)[1] if cited else []
            removed.append({"sentence": sentence.text, "cited": sentence.cited, "missing": missing})
            continue
        for p in backing:
            if p.chunk.id not in order:
                order.append(p.chunk.id)
            supports.setdefault(p.chunk.id, []).append(sentence.text)
        out.append(_with_marks(sentence.text, sorted({order.index(p.chunk.id) + 1 for p in backing})))
    by_id = {p.chunk.id: p for p in passages}
    citations = [quote(n, by_id[cid], " ".join(supports[cid])) for n, cid in enumerate(order, start=1)]
    return CheckResult(" ".join(out), citations, removed, recited, len(sentences))


def _backing(sentence: str, cited: list[Passage], question: str, known: frozenset[str]) -> list[Passage]:
    """The cited passages that back the sentence: each alone, or, failing that, all of them together."""
    alone = [p for p in cited if backs(sentence, [p], question, known)]
    if alone or len(cited) < 2:
        return alone
    return cited if backs(sentence, cited, question, known) else []


def _elsewhere(sentence: str, cited: list[Passage], passages: list[Passage], question: str,
               known: frozenset[str]) -> list[Passage]:
    """A wrong or missing marker: one other passage of this turn that backs the sentence, or the cited ones
    completed by those holding what they lack (a comparison drawing on two documents)."""
    for p in passages:
        if backs(sentence, [p], question, known):
            return [p]
    if not cited:  # no marker at all: the fewest passages of this turn that back it together, most relevant first
        return _fewest(sentence, passages, question, known)
    chosen = list(cited)
    for fact in supported(sentence, _text(cited), _given(cited, question), known)[1]:
        holder = next((p for p in passages if fact in numbers(evidence(p.chunk.text))
                       or fact in normalize(evidence(p.chunk.text))), None)
        if holder is None:
            return []
        if holder not in chosen:
            chosen.append(holder)
    return chosen if chosen and backs(sentence, chosen, question, known) else []


def _fewest(sentence: str, passages: list[Passage], question: str, known: frozenset[str]) -> list[Passage]:
    ranked = sorted(passages, key=lambda p: -coverage(sentence, evidence(p.chunk.text)))
    for n in range(2, len(ranked) + 1):
        if backs(sentence, ranked[:n], question, known):
            return [p for p in ranked[:n] if coverage(sentence, evidence(p.chunk.text)) > 0] or ranked[:n]
    return []


def backs(sentence: str, passages: list[Passage], question: str = "", known: frozenset[str] = frozenset()) -> bool:
    """Every figure and name of the sentence is in the passages (or the question, or their titles), and the
    sentence is about them: it shares words with them, or (an answer in English over French passages) it has
    figures or names that they hold."""
    text = _text(passages)
    if not text.strip():  # nothing but orders: a passage that only speaks to the assistant backs nothing
        return False
    bare_refusal = is_refusal(sentence) and not (numbers(sentence) or names(sentence))
    if bare_refusal or not supported(sentence, text, _given(passages, question), known)[0]:
        return False
    if detect_language(sentence) == "en":  # over French passages only figures and names can be compared
        return True
    return coverage(sentence, text) >= MIN_OVERLAP and grounded(sentence, text + " " + _given(passages, ""), question)


def _text(passages: list[Passage]) -> str:
    """The evidence of the passages: their sentences that give the assistant orders do not count (guard.py)."""
    return " ".join(evidence(p.chunk.text) for p in passages)


def _given(passages: list[Passage], question: str) -> str:
    heads = {h for p in passages for h in (p.chunk.title, p.chunk.section) if not addresses_assistant(h)}
    return " ".join([question] + sorted(heads))


def quote(n: int, passage: Passage, claim: str) -> Citation:
    """The sentence of the passage that best supports the claim (two when its figures need both), with offsets
    into the source document."""
    chunk = passage.chunk
    ranked = ranked_sentences(claim, chunk.text)
    first = last = ranked[0]
    if not supported(claim, chunk.text[first.start:first.end])[0] and len(ranked) > 1:
        first, last = sorted(ranked[:2], key=lambda s: s.start)
        if has_orders(chunk.text[first.start:last.end]):  # never quote an order lying between the two
            first = last = ranked[0]
    start, end = chunk.start + first.start, chunk.start + last.end
    return Citation(n=n, chunk_id=chunk.id, doc_id=chunk.doc_id, title=chunk.title, source=chunk.source,
                    quote=chunk.text[first.start:last.end], start=start, end=end, score=round(passage.score, 4),
                    date=chunk.date, passage=chunk.text)


def _with_marks(text: str, marks: list[int]) -> str:
    tail = ""
    if text and text[-1] in ".!?":
        text, tail = text[:-1], text[-1]
    return f"{text} {''.join(f'[{m}]' for m in marks)}{tail}"
