"""The fact-check node: verify the draft against this turn's evidence (verify/) and keep what it decides."""

from __future__ import annotations

from askcloud.agents.deps import Deps
from askcloud.agents.state import TurnState
from askcloud.verify import Aligner, Evidence, Outcome, Turn, abstain, verify
from askcloud.verify.guard import writer_instructions


def factcheck(state: TurnState, deps: Deps) -> dict:
    kept = state["kept"]
    evidence = Evidence(kept + state.get("spare", []), shown=len(kept))
    turn = Turn(asked=state.get("asked", state["question"]), standalone=state.get("standalone", state["question"]),
                language=state["language"], instructions=writer_instructions(deps.prompts_dir),
                vocabulary=deps.retriever.vocabulary)
    verdict = verify(state.get("draft", ""), turn, evidence, aligner(deps))
    update = {"answer": verdict.text, "abstained": verdict.abstained, "citations": verdict.citations,
              "notices": verdict.notices, "trace": {"factcheck": verdict.trace()}}
    if verdict.outcome is Outcome.ABSTAINED:
        found = abstain(state["language"], verdict.reason, state.get("search_query", turn.standalone),
                        state.get("topics", []), evidence.passages, deps.settings.policy.closest_shown)
        update["abstention"] = found.to_dict()
    return update


def aligner(deps: Deps) -> Aligner:
    """The turn's aligner, on the retriever's (cached) embedder."""
    embedder = getattr(deps.retriever, "embedder", None)
    return Aligner(deps.settings.policy, embedder.embed_passages if embedder is not None else None)
