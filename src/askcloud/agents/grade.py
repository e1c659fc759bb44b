"""Keep the passages that bear on the question; decide from this turn's evidence alone whether to go on."""

from __future__ import annotations

import re
from collections import Counter
from enum import Enum

from askcloud.agents.deps import Deps
from askcloud.verify.guard import evidence
from askcloud.verify.lists import continues_list
from askcloud.agents.relevance import coverage
from askcloud.text import detect_language
from askcloud.verify.specifics import figures, specifics
from askcloud.agents.state import TurnState
from askcloud.retrieval.passage import Passage
from askcloud.verify.decide import LONG_FORMS

def grade(state: TurnState, deps: Deps) -> dict:
    attempt = state.get("attempt", 0)
    passages = _merge([p for key, found in state.get("found", {}).items() if key.startswith(f"{attempt}:")
                       for p in found])
    question = state.get("asked", state["question"])  # the user's words: history may not make it answerable
    # A passage bears on the question by its evidence, never by sentences that give the assistant orders (guard.py).
    scored = [(p, max(coverage(question, text), coverage(state["search_query"], text)))
              for p, text in ((p, evidence(p.chunk.embed_text)) for p in passages)]
    policy = deps.settings.policy
    relevant = _ranked([(p, cov) for p, cov in scored if _relevant(cov, p, state["language"], policy)],
                       policy.coverage_weight)
    form = state.get("form", "fact")
    limit = policy.kept_long if form in LONG_FORMS else policy.max_kept
    kept = _with_list_ends(_diverse(relevant, limit), passages, limit)
    if form == "procedure" and kept:
        kept = _with_neighbours(kept, deps, policy.neighbours, limit)
    elif form == "summary" and kept:
        kept = _whole_document(kept, deps, policy.summary_passages)
    if form in LONG_FORMS:
        kept = in_document_order(kept)
    reason = "" if kept else "no retrieved passage bears on the question"
    outcome = Graded.KEPT if kept else Graded.NOTHING
    if kept and (missing := _missing_specifics(question, state["language"], passages, deps)):
        reason, kept = f"the documents never mention {', '.join(sorted(missing))}", []
        outcome = Graded.UNKNOWN_SUBJECT
    spare = [p for p in relevant if p not in kept] if kept else []
    trace = {"attempt": attempt, "kept": [_row(p, c) for p, c in scored if p in kept],
             "dropped": [_row(p, c) for p, c in scored if p not in kept], "reason": reason}
    if ends := [b.chunk.id for a, b in zip(kept, kept[1:]) if continues_list(a.chunk, b.chunk)]:
        trace["list_ends"] = ends
    return {"kept": kept, "spare": spare, "graded": outcome, "abstain_reason": reason,
            "trace": {f"grade_{attempt}": trace}}


def _with_neighbours(kept: list[Passage], deps: Deps, n: int, limit: int) -> list[Passage]:
    """Each kept passage with the n before and after it in its section (a procedure's steps run on from one
    passage to the next, and the next seldom repeats the question's words), the best first, up to `limit`."""
    out: dict[str, Passage] = {}
    for p in kept:
        for chunk in deps.retriever.around(p.chunk, n):
            if len(out) >= limit and chunk.id not in out:
                break
            out.setdefault(chunk.id, p if chunk.id == p.chunk.id else Passage(chunk, p.score))
    return list(out.values())


def _whole_document(kept: list[Passage], deps: Deps, limit: int) -> list[Passage]:
    """A summary of one document reads the document, not only the passages that share the request's words: when
    most kept passages come from one document, its other passages join them (the first ones first: a text opens
    on what it is about), up to `limit`. Passages of several documents (a topic) are kept as they are."""
    best, count = Counter(p.chunk.doc_id for p in kept).most_common(1)[0]
    if 3 * count < 2 * len(kept):
        return kept
    chosen = {p.chunk.id: p for p in kept if p.chunk.doc_id == best}
    for chunk in deps.retriever.document(best):
        if len(chosen) >= limit:
            break
        chosen.setdefault(chunk.id, Passage(chunk, 0.0))
    return list(chosen.values())


def in_document_order(kept: list[Passage]) -> list[Passage]:
    """Documents in the order of their best passage, each one's passages in the order they stand in it: steps and
    facts are read in the documents' order."""
    rank: dict[str, int] = {}
    for p in kept:
        rank.setdefault(p.chunk.doc_id, len(rank))
    return sorted(kept, key=lambda p: (rank[p.chunk.doc_id], p.chunk.start))


class Graded(str, Enum):
    KEPT = "kept"  # passages bear on the question: write
    NOTHING = "nothing"  # none does: one rewrite, then abstain
    UNKNOWN_SUBJECT = "unknown_subject"  # the question names what no document mentions: abstain, no rewrite


def after_grade(state: TurnState) -> str:
    outcome = state.get("graded", Graded.KEPT if state.get("kept") else Graded.NOTHING)
    if outcome is Graded.KEPT:
        return "write"
    if outcome is Graded.NOTHING and state.get("attempt", 0) < 1:
        return "rewrite"
    return "abstain"


def _relevant(cov: float, passage: Passage, language: str, policy) -> bool:
    """Within a language, shared terms decide (the embedder's cosine only with at least one); across languages
    (an English question over a French passage, or the reverse) the cosine alone may."""
    dense = passage.dense or 0.0
    if detect_language(passage.chunk.text) != language:
        return dense >= policy.relevant_dense or cov >= policy.relevant_coverage
    return cov >= policy.relevant_coverage or (dense >= policy.relevant_dense and cov > 0)


def _missing_specifics(question: str, language: str, retrieved: list[Passage], deps: Deps) -> set[str]:
    """Figures and names the question relies on that the corpus never mentions: it cannot answer the question.
    Names are compared only when most retrieved passages are in the question's language (a name may be written
    otherwise in the other one), and SHOUTED words are left out (usually an injected order, not the subject)."""
    corpus = deps.retriever.snapshot().folded_text
    corpus_numbers = set(re.findall(r"\d+", corpus))
    missing = {n for n in figures(question) if n not in corpus_numbers and not _version_in(corpus, n)}
    same = sum(detect_language(p.chunk.text) == language for p in retrieved)
    if 2 * same > len(retrieved):
        missing |= {n for n in specifics(question).names if not n.isupper() and not _mentions(corpus, _possessive(n))}
    return {m for m in missing if not m.isupper()}


def _version_in(corpus: str, figure: str) -> bool:
    """A version ("1.0.1", a figure of dotted groups) written as such in the folded corpus."""
    return figure.count(".") >= 2 and re.search(rf"(?<![\d.]){re.escape(figure)}(?![\d]|\.\d)", corpus) is not None


def _mentions(corpus: str, name: str) -> bool:
    """The folded corpus holds the name; a short one ("usa") as a word of its own, never inside one ("usage")."""
    if len(name) > 4:
        return name in corpus
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", corpus) is not None


def _possessive(name: str) -> str:
    return re.sub(r"'s$", "", name)


def _ranked(scored: list[tuple[Passage, float]], weight: float) -> list[Passage]:
    """The passages by retrieval score plus `weight` × the share of the question's terms they hold."""
    return [p for p, _ in sorted(scored, key=lambda pc: -(pc[0].score + weight * pc[1]))]


def _diverse(relevant: list[Passage], limit: int) -> list[Passage]:
    """The best passage, then the best of each other document, then the rest: a question about two events needs
    a passage on each."""
    if not relevant:
        return []
    first, rest = relevant[0], relevant[1:]
    seen = {first.chunk.doc_id}
    others = []
    for p in rest:
        if p.chunk.doc_id not in seen:
            seen.add(p.chunk.doc_id)
            others.append(p)
    return ([first] + others + [p for p in rest if p not in others])[:limit]


def _with_list_ends(kept: list[Passage], retrieved: list[Passage], limit: int) -> list[Passage]:
    """A kept passage that ends inside a list ("Les marchés naturels sont : 1. …") brings, right after it, the
    retrieved passage that goes on with the list, whatever that one shares with the question: its items seldom
    repeat the question's words. Never a passage this turn did not retrieve."""
    out: list[Passage] = []
    for p in kept:
        if p in out:
            continue
        out.append(p)
        end = next((q for q in retrieved if continues_list(p.chunk, q.chunk)), None)
        if end is not None and end not in out:
            out.append(end)
    return out[:limit]


def _merge(passages: list[Passage]) -> list[Passage]:
    best: dict[str, Passage] = {}
    for p in passages:
        if p.chunk.id not in best or p.score > best[p.chunk.id].score:
            best[p.chunk.id] = p
    return sorted(best.values(), key=lambda p: -p.score)


def _row(p: Passage, cov: float) -> dict:
    return {"chunk_id": p.chunk.id, "doc_id": p.chunk.doc_id, "section": p.chunk.section, "score": round(p.score, 4),
            "dense": None if p.dense is None else round(p.dense, 3), "coverage": round(cov, 2)}
