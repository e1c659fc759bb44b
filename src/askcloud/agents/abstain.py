"""Say plainly that the documents do not hold the answer."""

from __future__ import annotations

from askcloud.agents.deps import Deps
from askcloud.agents.state import TurnState
from askcloud.textnorm import normalize

_REFUSALS = ("documents ne le disent pas", "documents ne disent pas", "ne contiennent pas", "documents do not say",
             "documents don't say", "do not contain", "does not contain", "ne mentionnent pas", "do not mention",
             "n'est pas mentionn", "is not mentioned", "aucune information", "no information")


def abstain(state: TurnState, deps: Deps) -> dict:
    language = state.get("language", "fr")
    return {"answer": abstention_text(language, state.get("abstain_reason")), "abstained": True, "citations": []}


def abstention_text(language: str, reason: str | None = None) -> str:
    if language == "en":
        return "The documents do not answer this question."
    return "Les documents ne permettent pas de répondre à cette question."


def is_refusal(text: str) -> bool:
    folded = normalize(text)
    return any(normalize(r) in folded for r in _REFUSALS)
