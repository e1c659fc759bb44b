"""One bounded rewrite: search again with the question's content words only (and the context of a follow-up)."""

from __future__ import annotations

from askcloud.agents.deps import Deps
from askcloud.agents.state import TurnState
from askcloud.index.analyzer import STOP_WORDS
from askcloud.textnorm import normalize


def rewrite(state: TurnState, deps: Deps) -> dict:
    words = [w for w in state["standalone"].replace("?", " ").split() if normalize(w).strip("'’") not in STOP_WORDS]
    query = " ".join(words) or state["standalone"]
    attempt = state.get("attempt", 0) + 1
    return {"search_query": query, "attempt": attempt, "trace": {"rewrite": {"query": query}}}
