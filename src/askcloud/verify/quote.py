"""When the draft does not answer, the evidence sentence that does, quoted as it stands.

A candidate must answer the question by itself (it adds what the question asks for, `answering.py`) and align with
the question at least as well as a passage must to be graded relevant (`Policy.quote_relevance`): by shared terms
within a language, by the embedder's calibrated cosine across languages. A sentence opening on a pronoun is read with
the sentence before it, which says what the pronoun stands for. Never a title or heading line, a caption, nor a line of
a code block (a listing or a command's output states nothing in words: the prose around it does). A sentence
announcing a code block ("…, run:") is quoted with the block, like one announcing a list: alone, it leaves out what it
announces.
"""

from __future__ import annotations

from dataclasses import dataclass

from askcloud.text import LanguagePack, detect_language
from askcloud.textnorm import normalize
from askcloud.verify.align import Aligner
from askcloud.verify.answering import answers, without_kind_words
from askcloud.verify.evidence import MAX_ITEMS, Evidence, Sentence, announced, units
from askcloud.verify.guard import has_orders
from askcloud.verify.lists import continues_list, items_after, leading_items
from askcloud.verify.specifics import specifics


@dataclass(frozen=True)
class Quote:
    sentence: Sentence
    start: int  # offsets within its passage's text (the sentence before included for a pronoun)
    end: int
    text: str
    relevance: float
    more: tuple[tuple[int, int, int], ...] = ()  # (passage, start, end): a list the next passage goes on with

    def parts(self) -> list[tuple[int, int, int]]:
        return [(self.sentence.passage, self.start, self.end), *self.more]


def with_list(evidence: Evidence, s: Sentence, start: int, end: int) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """A sentence announcing a list ("The options are:") answers with its items: the span runs to the end of its
    MAX_ITEMS first items, and when the passage ends inside the list, the items the next passage of this turn opens
    with come too (`lists.py`)."""
    text = evidence.passages[s.passage].chunk.text
    if not text[start:end].rstrip().endswith(":"):
        return end, ()
    items = items_after(text, end)[:MAX_ITEMS]
    if items:
        end = items[-1][1]
    more = ()
    chunk = evidence.passages[s.passage].chunk
    nxt = next((i for i, p in enumerate(evidence.passages) if continues_list(chunk, p.chunk)), None)
    if nxt is not None and len(items) < MAX_ITEMS:
        after = leading_items(evidence.passages[nxt].chunk.text)[:MAX_ITEMS - len(items)]
        if after:
            more = ((nxt, after[0][0], after[-1][1]),)
    return end, more


def _names(evidence: Evidence, i: int, named: frozenset[str]) -> bool:
    """The passage (under its heading) names everything the question names: a quote is about what was asked."""
    held = normalize(f"{evidence.heading(i)} {evidence.passages[i].chunk.text}")
    return all(n in held for n in named)


def relevance(questions: tuple[str, ...], texts: list[str], aligner: Aligner, language: str) -> list[float]:
    """The best alignment of each text with any of the questions (the user's words, the standalone form). Texts in
    the other language are compared by the embedder, the first `policy.dense_candidates` of them only (the passages
    come ranked; embedding is the costly part)."""
    cross = [detect_language(t) != language for t in texts]
    budget = aligner.policy.dense_candidates
    compared = [c and sum(cross[:k + 1]) <= budget for k, c in enumerate(cross)]
    best = [0.0] * len(texts)
    for q in questions:
        lexical = aligner.lexical(q, texts)
        shown = [t for t, c in zip(texts, compared) if c]
        scores = iter(aligner.dense(q, shown) if shown else [])
        dense = [next(scores) if c else 0.0 for c in compared]
        best = [max(b, max(lx, d) if c else lx) for b, lx, d, c in zip(best, lexical, dense, cross)]
    return best


def find(evidence: Evidence, question: str, questions: tuple[str, ...], language: LanguagePack,
         aligner: Aligner, run: int = 0, first: list[Sentence] = ()) -> Quote | None:
    """The quotable sentence that answers the question and aligns with it best, if one reaches the bar; with `run`,
    followed by up to that many sentences after it in the same section of its passage (a longer answer's steps or
    facts run on past the sentence that answers). A sentence of `first` that answers and reaches the bar is taken
    before any other: the sentence that answered a yes/no question against the draft."""
    named = specifics(question, evidence.known_names)
    named = named.names | named.identifiers
    found = []
    for s in evidence.all_sentences():
        if named and evidence.language(s.passage) == language.code and not _names(evidence, s.passage, named):
            continue
        if evidence.is_heading(s) or evidence.is_caption(s) or evidence.in_code(s) or len(s.text.split()) < 3:
            continue  # what a passage is under, what a picture shows, a line of code: none says an answer in words
        start, end = units(evidence, s)
        end, more = with_list(evidence, s, start, end)
        if not more:
            end = announced(evidence, s, end)
        text = evidence.passages[s.passage].chunk.text[start:end]
        said = " ".join([text, *(evidence.passages[i].chunk.text[a:b] for i, a, b in more)])
        asserted = specifics(said, evidence.known_names).beyond(" ".join(questions))
        if answers(said, asserted, question, " ".join(questions), language, said):
            found.append((s, start, end, text, more))
    if not found:
        return None
    # The words asking for a kind ("en quelle année", "how many") are answered by the sentence's figure, date or
    # name: they are not words it must share.
    stripped = tuple(without_kind_words(q, language) for q in questions)
    scores = relevance(stripped, [f[3] for f in found], aligner, language.code)
    # A question whose words say what kind of answer it wants (a figure, a date, a name; a polarity, for the
    # sentence of `first`) is answered by what the sentence adds: its other words weigh less, and the bar is lower.
    bar = aligner.policy.quote_relevance if language.asked_kind(question) else aligner.policy.quote_relevance_open
    low = aligner.policy.quote_relevance
    ranked = sorted(zip(found, scores), key=lambda fs: (not (fs[0][0] in first and fs[1] >= low), -fs[1],
                                                        fs[0][0].passage, fs[0][1]))
    (s, start, end, text, more), score = ranked[0]
    if score < (low if s in first else bar):
        return None
    if run and not more:
        end = run_on(evidence, s, end, run)
        text = evidence.passages[s.passage].chunk.text[start:end]
    return Quote(s, start, end, text, score, more)


def run_on(evidence: Evidence, s: Sentence, end: int, run: int) -> int:
    """The end of the `run` sentences after `s` in its passage that stand under the same heading (no heading line,
    no order-giving line among them, no text between them that is no evidence sentence: an order to the assistant
    left out of the evidence is never quoted back; no code line, no caption)."""
    chunk = evidence.passages[s.passage].chunk
    section = chunk.section_at(s.span.start)
    for nxt in evidence.sentences[s.passage][s.position + 1:s.position + 1 + run]:
        if nxt.span.start < end:
            continue  # already within the quote (a list announced by the sentence)
        if evidence.is_heading(nxt) or chunk.section_at(nxt.span.start) != section or has_orders(nxt.text) \
                or chunk.text[end:nxt.span.start].strip() or evidence.in_code(nxt) or evidence.is_caption(nxt):
            break
        end = nxt.span.end
    return end
