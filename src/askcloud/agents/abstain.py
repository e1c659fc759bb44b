"""The abstain node: nothing retrieved bears on the question (after one rewrite). What it says is decided in
verify/abstention.py."""

from __future__ import annotations

from askcloud.agents.deps import Deps
from askcloud.agents.state import TurnState
from askcloud.verify import abstain as abstention


def abstain(state: TurnState, deps: Deps) -> dict:
    found = [p for ps in state.get("found", {}).values() for p in ps]
    closest = list({p.chunk.id: p for p in sorted(found, key=lambda p: -p.score)}.values())
    result = abstention(state.get("language", "fr"), state.get("abstain_reason") or "nothing bears on the question",
                        state.get("search_query", state["question"]), state.get("topics", []), closest,
                        deps.settings.policy.closest_shown)
    return {"answer": result.text, "abstained": True, "citations": [], "abstention": result.to_dict()}
