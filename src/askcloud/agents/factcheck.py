"""Resolve every marker to a passage of this turn, drop unsupported sentences, attach exact quotes."""

from __future__ import annotations

from askcloud.agents.abstain import abstention_text, is_refusal
from askcloud.agents.answertype import answers, expected_kind, restates, without_kind_words
from askcloud.agents.deps import Deps
from askcloud.agents.fallback import MARGIN, Quote, candidates, list_answer, render, source_coverage
from askcloud.agents.grade import MIN_COVERAGE
from askcloud.agents.guard import drop_recitals, writer_instructions
from askcloud.agents.premise import drop_premise, premise_refusal, unsupported_premise
from askcloud.agents.relevance import coverage, names, numbers
from askcloud.agents.state import TurnState
from askcloud.citations import check
from askcloud.textnorm import normalize


def factcheck(state: TurnState, deps: Deps) -> dict:
    kept, language = state["kept"], state["language"]
    # Sentences that recite the writer's instructions are never shown, whatever they cite.
    instructions = writer_instructions(deps.prompts_dir if deps is not None else None)
    draft, disclosed = drop_recitals(state.get("draft", ""), instructions)
    asked = state.get("asked", state.get("question", ""))
    # A quote replacing the draft may come from any passage graded relevant, not only those the writer was shown.
    pool = kept + state.get("spare", [])
    # A "why" question's premise that no passage holds ("annulé") is not asserted in the answer (premise.py).
    premise = unsupported_premise(asked, language, [f"{p.chunk.title} {p.chunk.text}" for p in pool],
                                  deps.retriever.vocabulary if deps is not None else frozenset)
    draft, assumed = drop_premise(draft, premise)
    result = check(draft, kept, question=state.get("standalone", state.get("question", "")))
    refused = is_refusal(draft)
    trace = {"factcheck": {"sentences": result.sentences, "removed": len(result.removed),
                           "removed_sentences": result.removed, "recited": result.recited, "refusal": refused,
                           "disclosed": len(disclosed)}}
    if assumed:
        # What the documents do not say, then what they do say, if the rest of the draft holds.
        trace["factcheck"]["premise"] = {"unsupported": sorted(premise), "removed_sentences": assumed}
        text = premise_refusal(asked, premise) + (f" {result.text}" if result.citations else "")
        return {"answer": text, "abstained": True, "citations": result.citations, "trace": trace}
    if refused:
        # A refusal may still say what the documents do hold ("they say it took place on 7 October [1]").
        text = result.text if result.citations else abstention_text(language, state.get("abstain_reason"))
        return {"answer": text, "abstained": True, "citations": result.citations, "trace": trace}
    standalone = state.get("standalone", asked)
    texts = [p.chunk.text for p in pool]
    kind = expected_kind(asked)
    gives = bool(result.citations) and answers(result.text, asked, language, [p.chunk.text for p in kept])
    empty = gives and restates(result.text, f"{asked} {standalone}")
    gives = gives and not empty
    if gives and kind and language == "fr":
        # The draft gives a figure or name, but is it the one the question is about? (fallback.py)
        held = source_coverage(result.text, kind, kept, (asked, standalone))
        better = _quotable(asked, standalone, pool, language, texts) if held is not None else None
        if better is not None and better.coverage - held >= MARGIN:
            trace["factcheck"]["reason"] = (f"the draft's {kind} stands in a sentence covering {held:.2f} of the "
                                            f"question, another passage sentence covers {better.coverage:.2f}")
            return _quoted(better, pool, language, trace)
    if not gives:
        reason = "no sentence of the draft is supported by the passages" if not result.citations else \
            "the draft only restates the question" if empty else \
            f"the question asks for a {kind} and no supported sentence gives one"
        trace["factcheck"]["reason"] = reason
        if kind:
            # The passages were graded relevant: the best evidence sentence that gives what is asked, quoted.
            better = _quotable(asked, standalone, pool, language, texts)
            if better is not None:
                return _quoted(better, pool, language, trace)
        elif listed := list_answer((asked, standalone), kept, language, MIN_COVERAGE):
            # A question of no plain kind asking for a list: the list the passages give, quoted.
            trace["factcheck"]["fallback"] = "list"
            return {"answer": listed[0], "abstained": False, "citations": listed[1], "trace": trace}
        return {"answer": abstention_text(language, reason), "abstained": True, "citations": [], "trace": trace}
    notices = []
    if result.removed:
        notices.append(_removed_notice(language, len(result.removed)))
    return {"answer": result.text, "abstained": False, "citations": result.citations, "notices": notices,
            "trace": trace}


def _quotable(asked: str, standalone: str, kept, language: str, texts: list[str]) -> Quote | None:
    """The passage sentence that gives what is asked and bears on the question, covering most of it."""
    titles = " ".join(p.chunk.title for p in kept)
    found = candidates(kept, (asked, standalone), accept=lambda s: answers(s, asked, language, texts)
                       and bears_on(s, asked, standalone, language, titles))
    return found[0] if found else None


def _quoted(quote: Quote, kept, language: str, trace: dict) -> dict:
    text, citations = render(quote, kept, language)
    trace["factcheck"]["fallback"] = "extractive"
    return {"answer": text, "abstained": False, "citations": citations, "trace": trace}


def bears_on(sentence: str, asked: str, standalone: str, language: str = "fr", titles: str = "") -> bool:
    """A sentence quoted in place of the draft must cover as much of the question as a passage kept by the grade.

    An English question shares few words with French passages: there, a figure of the question (a year), or two of
    its names that the documents' titles do not already give, anchor the sentence to it just as well.
    """
    # The words asking for a year or a kind of name are answered by the sentence's (`answers` checks it gives one).
    asked, standalone = without_kind_words(asked), without_kind_words(standalone)
    own = coverage(asked, sentence)  # the words of this turn's question: a follow-up's context alone is not enough
    if own >= MIN_COVERAGE or (own > 0 and coverage(standalone, sentence) >= MIN_COVERAGE):
        return True
    if language != "en":
        return False
    question = f"{asked} {standalone}"
    if numbers(question) & numbers(sentence):
        return True
    shared = {n for n in names(question) & names(sentence) if n not in normalize(titles)}
    return len(shared) >= 2


def _removed_notice(language: str, n: int) -> str:
    if language == "fr":
        return f"{n} phrase(s) non étayée(s) par les passages cités ont été retirées."
    return f"{n} sentence(s) not supported by the cited passages were removed."
