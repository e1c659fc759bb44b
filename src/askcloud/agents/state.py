"""Typed state of one turn. The input is narrower than what the nodes share."""

from __future__ import annotations

import operator
from typing import Annotated, TypedDict

from askcloud.answer import Citation
from askcloud.retrieval.filters import Filters
from askcloud.retrieval.passage import Passage


def merge(left: dict, right: dict) -> dict:
    return {**left, **right}


class TurnInput(TypedDict):
    question: str
    history: list[dict]
    filters: Filters


class TurnState(TurnInput, total=False):
    asked: str  # the question without the instructions it may carry (what is searched, graded and answered)
    language: str  # "fr" | "en"
    form: str  # the form of answer asked for (text.packs.FORMS): fact, procedure, summary, comparison, list
    length: int  # the longest answer of that form, in sentences or steps (Policy, or the request's own length)
    standalone: str  # the question made self-contained, shown to the user
    search_query: str  # what the specialists search for (changes on rewrite)
    topics: list[str]
    attempt: int
    found: Annotated[dict[str, list[Passage]], merge]  # "attempt:topic" -> passages, filled in parallel
    kept: list[Passage]  # the passages the writer is shown
    spare: list[Passage]  # relevant passages beyond Policy.max_kept: a quote replacing a failed draft may come from them
    graded: str  # grade.Graded: what the grade found (routes to write, rewrite or abstain)
    abstain_reason: str
    draft: str
    verdict: object  # verify.Verdict reached by the write node while streaming (the fact-check keeps it)
    streamed: list[str]  # the checked sentences shown while the draft was written (a prefix of the answer)
    answer: str
    abstained: bool
    abstention: dict  # verify/abstention.py: what was searched, the topics, the closest passages (not an answer)
    citations: list[Citation]
    notices: Annotated[list[str], operator.add]
    usage: dict
    trace: Annotated[dict, merge]
    timings: Annotated[dict, merge]
