"""Write the answer from the kept passages: the LLM with strict rules, or the extractive composer."""

from __future__ import annotations

import re
import time
from functools import partial

from langchain_core.messages import HumanMessage, SystemMessage

try:  # the exceptions langchain chat models raise for a down or slow endpoint
    from langchain_core.exceptions import ModelAPIError, ModelConnectionError, ModelTimeoutError
except ImportError:  # pragma: no cover - older langchain-core
    ModelAPIError = ModelConnectionError = ModelTimeoutError = OSError  # type: ignore[misc,assignment]

from askcloud.agents.checking import aligner, evidence_of, turn_of
from askcloud.agents.deps import Deps
from askcloud.agents.extractive import compose
from askcloud.verify.guard import addresses_assistant
from askcloud.verify.lists import continues_list
from askcloud.agents.relevance import excerpt
from askcloud.agents.state import TurnState
from askcloud.errors import BackendUnavailable
from askcloud.prompts import load_prompt
from askcloud.text import pack
from askcloud.verify.answering import gives_kind
from askcloud.verify.claims import parse
from askcloud.verify.decide import LONG_FORMS, Verifier
from askcloud.verify.specifics import specifics

EXCERPT_CHARS = 420


def write(state: TurnState, deps: Deps) -> dict:
    kept, language = state["kept"], state["language"]
    if deps.chat_model is None:
        return {"draft": compose(state["search_query"], kept, language), "trace": {"write": {"mode": "extractive"}}}
    form, length = state.get("form", "fact"), state.get("length", deps.settings.policy.length_fact)
    question = state.get("asked", state["question"])
    groups = _groups(kept, form, deps.settings.policy.kept_long)
    share = -(-length // len(groups))  # each group's part of the answer's length
    started = time.perf_counter()
    shown = Shown(Verifier(turn_of(state, deps), evidence_of(state), aligner(deps)))
    drafts, usage, first, chars = [], {}, None, 0
    try:
        for offset, group in groups:
            # One call per group (a long document's summary: map over its passages in turn; the verified sentences
            # of every call make the answer, in the documents' order). Passages keep their numbers across calls.
            system, user = render_prompt(deps, question, state["search_query"], group, language, form, share, offset)
            chars += len(system) + len(user)
            draft, used, started_at = _stream(deps, system, user, shown, _tokens(deps, form))
            drafts.append(draft)
            usage = {k: usage.get(k, 0) + v for k, v in used.items() if isinstance(v, int)} or usage
            first = first if first is not None else started_at
            shown.next_draft()
    except (TimeoutError, BackendUnavailable, ConnectionError, OSError, ModelConnectionError, ModelTimeoutError,
            ModelAPIError) as exc:
        if shown.sentences:  # what was shown stays the answer's opening: the checked part of the draft is kept
            notice = pack(language).message("model_cut", error=exc)
            return {"draft": "\n\n".join(drafts), "notices": [notice], "streamed": shown.sentences,
                    "verdict": shown.verifier.finish(), "timings": {"first_token": first, "first_sentence": shown.first},
                    "trace": {"write": {"mode": "llm-cut", "calls": len(drafts) + 1, "error": str(exc)}}}
        return {"draft": compose(state["search_query"], kept, language), "notices": [_fallback_notice(language, exc)],
                "trace": {"write": {"mode": "extractive-fallback", "error": str(exc)}}}
    total = (time.perf_counter() - started) * 1000
    timings = {"first_token": first, "generate": total, "first_sentence": shown.first}
    return {"draft": "\n\n".join(drafts), "usage": usage, "streamed": shown.sentences,
            "verdict": shown.verifier.finish(), "timings": timings,
            "trace": {"write": {"mode": "llm", "calls": len(groups), "prompt_chars": chars, "usage": usage}}}


def _groups(kept: list, form: str, size: int) -> list[tuple[int, list]]:
    """(number of the first passage, passages) of each call: a summary reads its passages `size` at a time; every
    other answer is written in one call."""
    if form != "summary" or len(kept) <= size:
        return [(1, kept)]
    return [(i + 1, kept[i:i + size]) for i in range(0, len(kept), size)]


def render_prompt(deps: Deps, question: str, search_query: str, kept, language: str, form: str = "fact",
                  length: int | None = None, first: int = 1) -> tuple[str, str]:
    """The writer's prompt for the form of answer asked for (prompts/write.<lang>.yaml for a fact or a list,
    write.<form>.<lang>.yaml for a procedure, a summary, a comparison) and its length."""
    lang = pack(language)
    long = form in LONG_FORMS
    chars = deps.settings.policy.excerpt_long if long else EXCERPT_CHARS
    # The writer sees first the sentences that give what the question word asks for (a figure, a date, a name).
    bonus = deps.settings.policy.gives_bonus
    gives = (lambda sentence: bonus * gives_kind(sentence, specifics(sentence).beyond(question), question, lang)) \
        if lang.asked_kind(question) else None
    # A passage that ends a list the one before it left open (grade.py) shows its items first.
    ends = {i: k > 0 and continues_list(kept[k - 1].chunk, p.chunk) for k, (i, p) in enumerate(enumerate(kept, first))}
    passages = "\n".join(f"[{i}] ({_label(p.chunk)}) "
                         f"{excerpt(search_query, p.chunk.text, chars, gives, ends[i])}"
                         for i, p in enumerate(kept, first))
    if not long:
        return load_prompt(deps.prompts_dir, f"write.{language}").render(passages=passages,
                                                                         question=" ".join(question.split()))
    prompt = load_prompt(deps.prompts_dir, f"write.{form}.{language}")
    return prompt.render(passages=passages, question=" ".join(question.split()),
                         length=str(length or deps.settings.policy.length(form)))


def _tokens(deps: Deps, form: str) -> dict:
    """The longest answer of the form, for the chat models that take a per-call limit (llama.cpp, OpenAI)."""
    if form not in LONG_FORMS:
        return {}
    return {"max_tokens": deps.settings.policy.tokens_long} if deps.settings.llm_backend in ("llamacpp", "openai") \
        else {}


def _label(chunk) -> str:
    """Title and date: what the passage is about, which its own sentences may not repeat ("2014"). A title that
    gives the assistant orders (an uncatalogued file's first line) is not shown to the writer."""
    title = "" if addresses_assistant(chunk.title) else chunk.title
    return f"{title}, {chunk.date}" if chunk.date else title


_OPEN_MARKER = re.compile(r"\s*\[[\d\s,;]*$")


class Shown:
    """The sentences of the draft shown while it is written: each complete sentence is checked (verify.Verifier)
    and only what the verifier settles is emitted; the rest of the draft is never shown."""

    def __init__(self, verifier: Verifier) -> None:
        self.verifier, self.sentences, self.first = verifier, [], None
        self._done, self._started = 0, time.perf_counter()

    def next_draft(self) -> None:
        """The next call's draft starts: its sentences are counted from its own start."""
        self._done = 0

    def feed(self, text: str, final: bool, emit) -> None:
        # A citation marker the model writes after the full stop ("… article. [2]") belongs to that sentence: while
        # it is still open ("… article. [" or "[2"), it is no new sentence, and the one before it is not complete yet.
        claims = parse(text if final else _OPEN_MARKER.sub("", text))
        ready = claims if final else claims[:-1]  # the last sentence may still be growing
        for claim in ready[self._done:]:
            for sentence in self.verifier.add(claim):
                self.first = self.first if self.first is not None else (time.perf_counter() - self._started) * 1000
                self.sentences.append(sentence)
                if emit:
                    emit({"sentence": sentence})
        self._done = max(self._done, len(ready))


def _stream(deps: Deps, system: str, user: str, shown: Shown, options: dict) -> tuple[str, dict, float | None]:
    from langgraph.config import get_stream_writer

    try:
        emit = get_stream_writer()
    except RuntimeError:
        emit = None
    if emit:
        emit({"checking": True})
    started, first, parts, usage = time.perf_counter(), None, [], {}
    for chunk in deps.chat_model.stream([SystemMessage(system), HumanMessage(user)], **options):
        text = chunk.content if isinstance(chunk.content, str) else ""
        usage = dict(chunk.usage_metadata or {}) or usage
        if text:
            first = first if first is not None else (time.perf_counter() - started) * 1000
            parts.append(text)
            shown.feed("".join(parts), False, emit)
    draft = "".join(parts).strip()
    shown.feed(draft, True, emit)
    return draft, usage, first


def _fallback_notice(language: str, exc: Exception) -> str:
    timeout = isinstance(exc, TimeoutError) or "timeout" in type(exc).__name__.lower()
    return pack(language).message("model_timeout" if timeout else "model_down", error=exc)
