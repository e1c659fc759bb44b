"""Follow-up → standalone question, from the conversation. Rules, not a model call: cheap and predictable."""

from __future__ import annotations

import re

MARKERS = re.compile(r"\[\d+(?:[,; ]+\d+)*\]")

from askcloud.agents.deps import Deps
from askcloud.verify.guard import addresses_assistant
from askcloud.text import detect_language, pack
from askcloud.agents.state import TurnState

# Sentences that give the assistant orders rather than ask about the documents. They are set aside before the
# search and the writing: they change nothing, and the rest of the question is still answered.
_INSTRUCTION = re.compile(
    r"\b(ignore[rsz]?|oublie[rsz]?|disregard|forget|réponds? (uniquement|seulement)|reply only|respond only|answer only|"
    r"(affiche|montre|révèle|print|show|reveal)\w* .{0,30}(prompt|instructions?|règles|rules)|system prompt|"
    r"prompt système|mode développeur|developer mode|jailbr\w+|tu es maintenant|you are now|act as|"
    r"(écris|write|say|dis)\b.{0,20}\b(?-i:[A-Z]{4,})\b|"
    r"(réponds?|répondez|answer|reply|respond)\b[^.?!]{0,40}\b(sans|without)\b|"
    r"(termine|terminez|finis|finissez|conclus|end|finish)\w*\b[^.?!]{0,40}\b(mot|word)\b)", re.IGNORECASE)


def set_aside_instructions(question: str) -> tuple[str, list[str]]:
    """(what is left of the question, the instruction sentences set aside)."""
    parts = [p.strip() for p in re.split(r"(?<=[.!?:])\s+|\n+", question) if p.strip()]
    orders = [p for p in parts if _INSTRUCTION.search(p) or addresses_assistant(p)]
    kept = [p for p in parts if p not in orders]
    return " ".join(kept), orders


def contextualize(state: TurnState, deps: Deps) -> dict:
    question, orders = set_aside_instructions(state["question"].strip())
    question = question or state["question"].strip()
    language = detect_language(question)
    history = state.get("history", [])
    standalone, search_query = question, question
    if _needs_context(question) and (topic := _topic_turns(history)):
        label = pack(language).message("about")
        standalone = f"{question} ({label} {' '.join(topic)})"
        # The search also gets the last answer: it names what "it" or "the author" refers to.
        answers = [MARKERS.sub("", t["content"]) for t in history if t.get("role") == "assistant"]
        # No "?" left: decomposition would split the follow-up from its context, and a bare "Et en 2013" finds nothing.
        search_query = f"{question} {' '.join(topic + answers[-1:])}".replace("?", " ")
    form, length = answer_shape(question, language, deps.settings.policy)
    return {"asked": question, "language": language, "standalone": standalone, "search_query": search_query, "attempt": 0,
            "form": form, "length": length,
            "trace": {"contextualize": {"language": language, "standalone": standalone, "form": form,
                                        "length": length, "used_history": standalone != question,
                                        "set_aside": orders}}}


def answer_shape(question: str, language: str, policy) -> tuple[str, int]:
    """The form of answer the user's words ask for and its length: the one the request sets ("in three lines"),
    else the form's (longer when asked "in detail")."""
    lang = pack(language)
    form = lang.answer_form(question)
    length = lang.asked_length(question) or policy.length(form)
    if lang.asks_detail(question) and not lang.asked_length(question):
        length = round(length * policy.detail_factor)
    return form, length


def _topic_turns(history: list[dict]) -> list[str]:
    """The user turns that set the subject: back to the last one that stood on its own."""
    turns: list[str] = []
    for turn in reversed(history):
        if turn.get("role") != "user":
            continue
        content = _without_orders(turn["content"])
        if not content:
            continue
        turns.insert(0, content)
        if not _needs_context(content):
            break
    return turns[-3:]


def _without_orders(text: str) -> str:
    """A past user turn without its instructions or fake "system:" lines: the history gives no orders either."""
    parts = [p.strip() for p in re.split(r"(?<=[.!?])\s+|\n+", text) if p.strip()]
    return " ".join(p for p in parts if not addresses_assistant(p) and not set_aside_instructions(p)[1])


def _needs_context(question: str) -> bool:
    """A question leaning on the conversation, or one too short to stand on its own (no more than three words:
    "Et en 2013 ?", "Which city?")."""
    return len(question.split()) <= 3 or pack(detect_language(question)).leans_on_context(question)
