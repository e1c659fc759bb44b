"""A "why" question takes its premise for granted: the words of it that the documents never hold."""

from __future__ import annotations

from askcloud.index.analyzer import tokenize
from askcloud.text import pack
from askcloud.verify.align import FORM, forms
from askcloud.verify.evidence import Evidence
from askcloud.verify.turn import Turn


def unsupported_premise(turn: Turn, evidence: Evidence) -> set[str]:
    """The index terms of a "why" question that neither this turn's passages nor the corpus hold (in this form or
    another of the same word: same first five letters). Empty for other questions, and when the passages are in
    another language than the question (nothing could be compared)."""
    if not pack(turn.language).asks_why(turn.asked) or not evidence.passages:
        return set()
    if all(evidence.language(i) != turn.language for i in range(len(evidence.passages))):
        return set()
    # Read in the question's language: its function words ("my", "out") are no premise.
    asked = {t for t in tokenize(turn.asked, turn.language) if not t[0].isdigit()}
    held = {t for p in evidence.passages for t in tokenize(f"{p.chunk.title} {p.chunk.text}", turn.language)} \
        | set(turn.vocabulary())
    prefixes = forms(held)
    # A held stem of four letters or more opening the asked one is a form of it too: English stems may be shorter
    # than five letters ("blur" for "blurred" holds "blurri" of "blurry").
    return {t for t in asked if t not in held and (len(t) < FORM or t[:FORM] not in prefixes)
            and not any(t[:k] in held for k in range(4, len(t)))}
