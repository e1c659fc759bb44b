"""Keep the passages that bear on the question; decide from this turn's evidence alone whether to go on."""

from __future__ import annotations

from askcloud.agents.deps import Deps
from askcloud.agents.relevance import coverage, names, numbers
from askcloud.agents.state import TurnState
from askcloud.retrieval.hybrid import Passage
from askcloud.textnorm import normalize

MIN_COVERAGE = 0.34  # share of question terms a passage must hold (French questions)
MIN_DENSE = 0.82  # cosine similarity that counts as on-topic without shared terms (English questions)
MAX_KEPT = 3


def grade(state: TurnState, deps: Deps) -> dict:
    attempt = state.get("attempt", 0)
    passages = _merge([p for key, found in state.get("found", {}).items() if key.startswith(f"{attempt}:")
                       for p in found])
    question = state["question"]  # the user's words: history may not make a question answerable
    scored = [(p, max(coverage(question, p.chunk.embed_text), coverage(state["search_query"], p.chunk.embed_text)))
              for p in passages]
    kept = [p for p, cov in scored if _relevant(cov, p, state["language"])][:MAX_KEPT]
    reason = "" if kept else "no retrieved passage bears on the question"
    if kept and (missing := _missing_specifics(question, kept)):
        reason, kept = f"the documents never mention {', '.join(sorted(missing))}", []
    trace = {"attempt": attempt, "kept": [_row(p, c) for p, c in scored if p in kept],
             "dropped": [_row(p, c) for p, c in scored if p not in kept], "reason": reason}
    return {"kept": kept, "abstain_reason": reason, "trace": {f"grade_{attempt}": trace}}


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


def _missing_specifics(question: str, kept: list[Passage]) -> set[str]:
    """Numbers and names the question relies on but no kept passage holds: the corpus cannot answer it."""
    text = " ".join(p.chunk.embed_text for p in kept)
    folded = normalize(text)
    return {n for n in numbers(question) if n not in numbers(text)} | {n for n in names(question) if n not in folded}


def _merge(passages: list[Passage]) -> list[Passage]:
    best: dict[str, Passage] = {}
    for p in passages:
        if p.chunk.id not in best or p.score > best[p.chunk.id].score:
            best[p.chunk.id] = p
    return sorted(best.values(), key=lambda p: -p.score)


def _row(p: Passage, cov: float) -> dict:
    return {"chunk_id": p.chunk.id, "doc_id": p.chunk.doc_id, "section": p.chunk.section, "score": round(p.score, 4),
            "dense": None if p.dense is None else round(p.dense, 3), "coverage": round(cov, 2)}
