"""The fact-check node: verify the draft against this turn's evidence (verify/) and keep what it decides."""

from __future__ import annotations

from askcloud.agents.checking import aligner, evidence_of, turn_of
from askcloud.agents.deps import Deps
from askcloud.agents.state import TurnState
from askcloud.verify import Outcome, abstain, verify


def factcheck(state: TurnState, deps: Deps) -> dict:
    evidence, turn = evidence_of(state), turn_of(state, deps)
    # When the write node streamed, its verifier's verdict — reached on the claims as it checked them — is the one
    # whose first sentences were shown (the whole draft re-parsed could differ); it is kept, not computed again.
    # Without it (no LLM, or the model failed), the draft is checked here.
    if (verdict := state.get("verdict")) is None:
        verdict = verify(state.get("draft", ""), turn, evidence, aligner(deps))
    trace = verdict.trace()
    if (streamed := state.get("streamed")) is not None:
        # What the write node showed while the draft was written must open the final answer (verify.Verifier).
        trace["streamed"] = streamed
        trace["streamed_is_prefix"] = verdict.text.startswith(" ".join(streamed))
    update = {"answer": verdict.text, "abstained": verdict.abstained, "citations": verdict.citations,
              "notices": verdict.notices, "trace": {"factcheck": trace}}
    if verdict.outcome is Outcome.ABSTAINED:
        found = abstain(state["language"], verdict.reason, state.get("search_query", turn.standalone),
                        state.get("topics", []), evidence.passages, deps.settings.policy.closest_shown, verdict.text)
        update["abstention"] = found.to_dict()
    return update

