"""Resolve every marker to a passage of this turn, drop unsupported sentences, attach exact quotes."""

from __future__ import annotations

import re

from askcloud.agents.abstain import abstention_text, is_refusal
from askcloud.agents.deps import Deps
from askcloud.agents.guard import drop_recitals, writer_instructions
from askcloud.agents.state import TurnState
from askcloud.agents.relevance import numbers
from askcloud.citations import check


def factcheck(state: TurnState, deps: Deps) -> dict:
    kept, language = state["kept"], state["language"]
    # Sentences that recite the writer's instructions are never shown, whatever they cite.
    instructions = writer_instructions(deps.prompts_dir if deps is not None else None)
    draft, disclosed = drop_recitals(state.get("draft", ""), instructions)
    result = check(draft, kept, question=state.get("standalone", state.get("question", "")))
    refused = is_refusal(draft)
    trace = {"factcheck": {"sentences": result.sentences, "removed": len(result.removed),
                           "removed_sentences": result.removed, "recited": result.recited, "refusal": refused,
                           "disclosed": len(disclosed)}}
    if refused:
        # A refusal may still say what the documents do hold ("they say it took place on 7 October [1]").
        text = result.text if result.citations else abstention_text(language, state.get("abstain_reason"))
        return {"answer": text, "abstained": True, "citations": result.citations, "trace": trace}
    if not result.citations or (expects_number(state.get("asked", state.get("question", ""))) and not numbers(result.text)):
        reason = "no sentence of the draft is supported by the passages" if not result.citations else \
            "the question asks for a figure and no supported sentence gives one"
        trace["factcheck"]["reason"] = reason
        return {"answer": abstention_text(language, reason), "abstained": True, "citations": [], "trace": trace}
    notices = []
    if result.removed:
        notices.append(_removed_notice(language, len(result.removed)))
    return {"answer": result.text, "abstained": False, "citations": result.citations, "notices": notices,
            "trace": trace}


_QUANTITY = re.compile(
    r"\b(combien|how (many|much)|quel(le)?s? (est le |est la )?(nombre|chiffre|montant|pourcentage|part|taux)|"
    r"(en )?quelle année|what (number|percentage|share|year)|in (what|which) year)\b", re.IGNORECASE)


def expects_number(question: str) -> bool:
    """Questions whose answer is a figure: an answer without one does not answer them."""
    return bool(_QUANTITY.search(question))


def _removed_notice(language: str, n: int) -> str:
    if language == "fr":
        return f"{n} phrase(s) non étayée(s) par les passages cités ont été retirées."
    return f"{n} sentence(s) not supported by the cited passages were removed."
