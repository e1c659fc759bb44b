"""What the write and fact-check nodes both hand to verify/: the turn, its evidence, the aligner."""

from __future__ import annotations

from askcloud.agents.deps import Deps
from askcloud.agents.state import TurnState
from askcloud.retrieval.decompose import aspect, decompose, parts_of
from askcloud.verify import Aligner, Evidence, Turn
from askcloud.verify.guard import writer_instructions


def turn_of(state: TurnState, deps: Deps) -> Turn:
    asked, form = state.get("asked", state["question"]), state.get("form", "fact")
    return Turn(asked=asked, standalone=state.get("standalone", state["question"]),
                language=state["language"], instructions=writer_instructions(deps.prompts_dir),
                vocabulary=deps.retriever.vocabulary, form=form,
                sides=tuple(decompose(asked)[1:]) if form == "comparison" else (),
                aspect=aspect(asked) if form == "comparison" else "",
                parts=tuple(parts_of(asked)) if form == "fact" else ())


def evidence_of(state: TurnState) -> Evidence:
    """The passages the writer was shown (numbered 1…n), then the other relevant ones (a quote may come from them)."""
    kept = state["kept"]
    return Evidence(kept + state.get("spare", []), shown=len(kept))


def aligner(deps: Deps) -> Aligner:
    """The turn's aligner, on the retriever's (cached) embedder."""
    embedder = getattr(deps.retriever, "embedder", None)
    return Aligner(deps.settings.policy, embedder.embed_passages if embedder is not None else None)
