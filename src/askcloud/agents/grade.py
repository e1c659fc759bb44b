"""Keep the passages that bear on the question; decide from this turn's evidence alone whether to go on."""

from __future__ import annotations

import re

from askcloud.agents.deps import Deps
from askcloud.agents.guard import evidence
from askcloud.agents.lists import continues_list
from askcloud.agents.relevance import coverage, names, numbers
from askcloud.agents.state import TurnState
from askcloud.retrieval.hybrid import Passage

MIN_COVERAGE = 0.34  # share of question terms a passage must hold (French questions)
MIN_DENSE = 0.82  # cosine similarity that counts as on-topic without shared terms (English questions)
MAX_KEPT = 3
# Among relevant passages, the retrieval score (the best is 1.0) plus this share of the question's terms they hold:
# of two passages retrieved nearly alike, the writer gets the one that holds more of the question (eval_replay:
# 0.2 to 0.5 all gave answer correct 0.784 → 0.811; no question lost).
COVERAGE_WEIGHT = 0.3
# Countries written several ways (folded: no accents, lower case); a question's name is "mentioned" in any of them.
ALIASES = (
    frozenset({"etats-unis", "etats unis", "usa", "u.s.", "united states", "amerique", "americain", "americains"}),
    frozenset({"royaume-uni", "royaume uni", "grande-bretagne", "angleterre", "united kingdom", "britannique"}),
    frozenset({"allemagne", "germany", "allemand", "allemande"}),
    frozenset({"chine", "china", "chinois"}),
)


def grade(state: TurnState, deps: Deps) -> dict:
    attempt = state.get("attempt", 0)
    passages = _merge([p for key, found in state.get("found", {}).items() if key.startswith(f"{attempt}:")
                       for p in found])
    question = state.get("asked", state["question"])  # the user's words: history may not make it answerable
    # A passage bears on the question by its evidence, never by sentences that give the assistant orders (guard.py).
    scored = [(p, max(coverage(question, text), coverage(state["search_query"], text)))
              for p, text in ((p, evidence(p.chunk.embed_text)) for p in passages)]
    relevant = _ranked([(p, cov) for p, cov in scored if _relevant(cov, p, state["language"])])
    kept = _with_list_ends(_diverse(relevant), passages)
    reason = "" if kept else "no retrieved passage bears on the question"
    if kept and (missing := _missing_specifics(question, state["language"], deps)):
        reason, kept = f"the documents never mention {', '.join(sorted(missing))}", []
    spare = [p for p in relevant if p not in kept] if kept else []
    trace = {"attempt": attempt, "kept": [_row(p, c) for p, c in scored if p in kept],
             "dropped": [_row(p, c) for p, c in scored if p not in kept], "reason": reason}
    if ends := [b.chunk.id for a, b in zip(kept, kept[1:]) if continues_list(a.chunk, b.chunk)]:
        trace["list_ends"] = ends
    return {"kept": kept, "spare": spare, "abstain_reason": reason, "trace": {f"grade_{attempt}": trace}}


def after_grade(state: TurnState) -> str:
    if state.get("kept"):
        return "write"
    if state.get("attempt", 0) < 1 and "never mention" not in state.get("abstain_reason", ""):
        return "rewrite"
    return "abstain"


def _relevant(cov: float, passage: Passage, language: str) -> bool:
    dense = passage.dense or 0.0
    if language == "en":
        return dense >= MIN_DENSE or cov >= MIN_COVERAGE
    return cov >= MIN_COVERAGE or (dense >= MIN_DENSE and cov > 0)


def _missing_specifics(question: str, language: str, deps: Deps) -> set[str]:
    """Numbers and names the question relies on that the corpus never mentions: it cannot answer the question.
    Names are checked for French questions only (an English question names things in English), and SHOUTED words
    are left out (they are usually an injected instruction, not the subject)."""
    corpus = deps.retriever.snapshot().folded_text
    corpus_numbers = set(re.findall(r"\d+", corpus))
    missing = {n for n in numbers(question) if n not in corpus_numbers}
    if language == "fr":
        missing |= {n for n in names(question)
                    if not n.isupper() and not any(_mentions(corpus, a) for a in _spellings(_possessive(n)))}
    return {m for m in missing if not m.isupper()}


def _mentions(corpus: str, name: str) -> bool:
    """The folded corpus holds the name; a short one ("usa") as a word of its own, never inside one ("usage")."""
    if len(name) > 4:
        return name in corpus
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", corpus) is not None


def _spellings(name: str) -> set[str]:
    """A name and the other ways the documents may write it ("etats-unis": "usa", "us", "americain")."""
    for group in ALIASES:
        if name in group:
            return set(group)
    return {name}


def _possessive(name: str) -> str:
    return re.sub(r"'s$", "", name)


def _ranked(scored: list[tuple[Passage, float]]) -> list[Passage]:
    """The passages by retrieval score plus COVERAGE_WEIGHT × the share of the question's terms they hold."""
    return [p for p, _ in sorted(scored, key=lambda pc: -(pc[0].score + COVERAGE_WEIGHT * pc[1]))]


def _diverse(relevant: list[Passage]) -> list[Passage]:
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
    return ([first] + others + [p for p in rest if p not in others])[:MAX_KEPT]


def _with_list_ends(kept: list[Passage], retrieved: list[Passage]) -> list[Passage]:
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
    return out[:MAX_KEPT]


def _merge(passages: list[Passage]) -> list[Passage]:
    best: dict[str, Passage] = {}
    for p in passages:
        if p.chunk.id not in best or p.score > best[p.chunk.id].score:
            best[p.chunk.id] = p
    return sorted(best.values(), key=lambda p: -p.score)


def _row(p: Passage, cov: float) -> dict:
    return {"chunk_id": p.chunk.id, "doc_id": p.chunk.doc_id, "section": p.chunk.section, "score": round(p.score, 4),
            "dense": None if p.dense is None else round(p.dense, 3), "coverage": round(cov, 2)}
