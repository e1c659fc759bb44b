"""The supervisor: which topic specialists to consult, from a quick unfiltered search (no model call)."""

from __future__ import annotations

from collections import defaultdict

from langgraph.types import Send

from askcloud.agents.deps import Deps
from askcloud.agents.state import TurnState
from askcloud.corpus.topics import topics_in

def route(state: TurnState, deps: Deps) -> dict:
    chosen = list(state["filters"].topics)
    shares: dict[str, float] = {}
    if not chosen:
        policy = deps.settings.policy
        scout = deps.retriever.search(state["search_query"], k=policy.scout_depth, filters=state["filters"],
                                        language=state["language"])
        shares = topic_shares(scout)
        chosen = ([t for t, s in sorted(shares.items(), key=lambda kv: -kv[1]) if s >= policy.topic_share]
                  or topics_in(deps.retriever.snapshot().state.documents.values()))  # every topic of the index
    return {"topics": chosen, "trace": {"route": {"topics": chosen, "shares": {k: round(v, 2) for k, v in shares.items()},
                                                   "attempt": state.get("attempt", 0)}}}


def topic_shares(passages) -> dict[str, float]:
    weights: dict[str, float] = defaultdict(float)
    for rank, passage in enumerate(passages, start=1):
        for topic in passage.chunk.topics or ("other",):
            weights[topic] += 1.0 / rank
    total = sum(weights.values()) or 1.0
    return {t: w / total for t, w in weights.items()}


def fan_out(state: TurnState) -> list[Send]:
    """One specialist per chosen topic, run in parallel."""
    return [Send("specialist", {**state, "topic": topic}) for topic in state["topics"]]
