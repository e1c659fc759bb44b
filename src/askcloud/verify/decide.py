"""One verification for every draft: keep the claims that are supported, then answer, quote or abstain.

1. Sentences reciting the writer's instructions are never shown; a sentence saying the documents lack something is
   no claim (a refusal written as an answer).
2. A "why" question takes its premise for granted: a word of it that no passage of this turn and no document of the
   corpus holds, repeated by a claim, marks a claim asserting what the documents never say; it is removed and the
   answer says so.
3. Every other claim is checked against the evidence sentence it is about (`support.py`); unsupported ones go.
4. The kept claims answer when one of them adds what the question asks for (`answering.py`) — unless an evidence
   sentence aligns with the question far better than the one the draft rests on (`Policy.quote_margin`): the draft
   then took the figure, date or name the question asks for from the wrong sentence, and that sentence is quoted
   instead.
5. No claim answers: the evidence sentence that answers is quoted (`quote.py`); none does: an honest abstention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from collections.abc import Callable, Collection

from askcloud.answer import Citation
from askcloud.citations import cite
from askcloud.text import detect_language, pack
from askcloud.verify.abstention import Abstention
from askcloud.verify.align import Aligner, terms
from askcloud.verify.answering import answers, refuses
from askcloud.verify.claims import Claim, parse, with_marks
from askcloud.verify.evidence import Evidence
from askcloud.verify.guard import has_orders, recites
from askcloud.verify.quote import Quote, find, relevance, units
from askcloud.verify.support import Support, check


class Outcome(str, Enum):
    ANSWERED = "answered"  # the draft's supported claims
    QUOTED = "quoted"  # an evidence sentence in place of a draft that did not answer
    PREMISE = "premise"  # the question's premise is not in the documents; what they do say may follow
    ABSTAINED = "abstained"


@dataclass
class Verdict:
    outcome: Outcome
    text: str
    citations: list[Citation]
    reason: str = ""
    kept: list[Support] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    abstention: Abstention | None = None

    @property
    def abstained(self) -> bool:
        return self.outcome in (Outcome.ABSTAINED, Outcome.PREMISE)

    premise: list[str] = field(default_factory=list)

    def trace(self) -> dict:
        return {"premise": self.premise, "outcome": self.outcome.value, "reason": self.reason, "kept": [s.claim.text for s in self.kept],
                "removed_sentences": self.removed, "removed": len(self.removed),
                "repointed": [s.claim.text for s in self.kept if s.repointed]}


@dataclass(frozen=True)
class Turn:
    """What verification needs to know of the turn besides the draft."""

    asked: str  # the user's question without instructions
    standalone: str  # with the follow-up's context
    language: str
    instructions: tuple[str, ...] = ()  # the writer's system prompts
    vocabulary: Callable[[], Collection[str]] = frozenset  # the corpus's index terms, asked for only when needed


def verify(draft: str, turn: Turn, evidence: Evidence, aligner: Aligner) -> Verdict:
    language = pack(turn.language)
    question = f"{turn.asked} {turn.standalone}"
    premise = unsupported_premise(turn, evidence)
    supports, removed, assumed = [], [], []
    for claim in parse(draft):
        if turn.instructions and recites(claim.text, turn.instructions):
            removed.append({"sentence": claim.text, "why": "recites the instructions"})
        elif refuses(claim.text):
            removed.append({"sentence": claim.text, "why": "a refusal"})
        elif premise & terms(claim.text):
            assumed.append(claim.text)
            removed.append({"sentence": claim.text, "why": f"asserts the premise {sorted(premise)}"})
        elif (support := check(claim, evidence, question, aligner)).ok:
            supports.append(support)
        else:
            removed.append({"sentence": claim.text, "cited": list(claim.cited), "missing": list(support.missing)})
    answering = [s for s in supports if answers(s.claim.text, s.asserted, turn.asked, question, language,
                                                evidence.window(s.sentence, 0) if s.sentence else "")]
    if assumed:
        text, citations = render(supports, evidence) if answering else ("", [])
        words = [w for w in re.findall(r"[\w:]+(?:-\w+)*", turn.asked) if terms(w) & premise] or sorted(premise)
        lead = language.message("premise", words=", ".join(f"« {w} »" for w in dict.fromkeys(words)))
        return Verdict(Outcome.PREMISE, f"{lead} {text}".strip(), citations, "the question's premise is in no "
                       "document", supports if answering else [], removed, premise=sorted(premise))
    questions = tuple(dict.fromkeys([turn.asked, turn.standalone]))
    if answering:
        better = _better_quote(answering, evidence, turn, questions, aligner)
        if better is None:
            text, citations = render(supports, evidence)
            notices = [language.message("removed", n=len(removed))] if removed else []
            return Verdict(Outcome.ANSWERED, text, citations, "", supports, removed, notices)
        return _quoted(better, evidence, language, removed, "the draft rests on a sentence far off the question")
    reason = "no claim of the draft is supported" if not supports else "the supported claims do not answer"
    if (quote := find(evidence, turn.asked, questions, language, aligner)) is not None:
        return _quoted(quote, evidence, language, removed, reason)
    return Verdict(Outcome.ABSTAINED, language.message("abstain"), [], reason, [], removed)


def unsupported_premise(turn: Turn, evidence: Evidence) -> set[str]:
    """The index terms of a "why" question that neither this turn's passages nor the corpus hold (in this form or
    another of the same word: same first five letters). Empty for other questions, and when the passages are in
    another language than the question (nothing could be compared)."""
    if not pack(turn.language).asks_why(turn.asked) or not evidence.passages:
        return set()
    if all(evidence.language(i) != turn.language for i in range(len(evidence.passages))):
        return set()
    asked = {t for t in terms(turn.asked) if not t[0].isdigit()}
    held = {t for p in evidence.passages for t in terms(f"{p.chunk.title} {p.chunk.text}")} | set(turn.vocabulary())
    prefixes = {t[:5] for t in held}
    return {t for t in asked if t not in held and (len(t) < 5 or t[:5] not in prefixes)}


def _better_quote(answering: list[Support], evidence: Evidence, turn: Turn, questions: tuple[str, ...],
                  aligner: Aligner) -> Quote | None:
    """For a question whose word asks for a figure, a date or a name: an evidence sentence that gives one and aligns
    with the question by `quote_margin` more than the best sentence the answering claims took theirs from."""
    if pack(turn.language).asked_kind(turn.asked) is None:
        return None
    quote = find(evidence, turn.asked, questions, pack(turn.language), aligner)
    if quote is None:
        return None
    rests = []
    for s in answering:
        start, end = units(evidence, s.sentence)
        rests.append(evidence.passages[s.sentence.passage].chunk.text[start:end])
    held = max(relevance(questions, rests, aligner, turn.language))
    return quote if quote.relevance - held >= aligner.policy.quote_margin else None


def _quoted(quote: Quote, evidence: Evidence, language, removed: list[dict], reason: str) -> Verdict:
    """The quoted evidence, each part with its marker and its citation (a list may run on into the next passage)."""
    citations, shown = [], []
    for n, (i, start, end) in enumerate(quote.parts(), start=1):
        citation = cite(n, evidence.passages[i], start, end)
        citations.append(citation)
        shown.append(f"« {' '.join(citation.quote.split()).rstrip('.')} » [{n}]")
    text = f"{language.message('quoted')}{' ; '.join(shown)}."
    return Verdict(Outcome.QUOTED, text, citations, reason, [], removed)


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
        if s.sentence is not None:
            spans.setdefault(s.sentence.passage, []).append(units(evidence, s.sentence))
        sentences.append(with_marks(s.claim.text, sorted(order.index(i) + 1 for i in s.passages)))
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
