"""A "why" question takes its premise for granted: the draft must not assert it when the documents never do.

"Pourquoi OVH a-t-il annulé son Summit 2014 ?" presupposes a cancellation that no document mentions. A small model
answers it anyway ("OVH a annulé son Summit 2014 car …"), and every name of that sentence stands in the passage it
cites. The premise's own words tell it apart: a word of the question that neither this turn's passages nor any
document of the corpus holds ("annulé") and that a draft sentence repeats marks a sentence asserting what the
documents never say. It is removed; the answer says the documents do not say so. A word the corpus holds elsewhere
("choisi", "organisé") is left alone: the passages may say it in other words ("a misé sur OpenStack").

French questions only: an English question shares no words with the French passages, so every word of it would
look like an unsupported premise.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from functools import lru_cache

from askcloud.corpus.splitter import drop_sentences
from askcloud.index.analyzer import tokenize

_WHY = re.compile(r"^\W*(?:pourquoi|pour quelle raisons?|pour quelles raisons|qu['’]est-ce qui explique)\b",
                  re.IGNORECASE)


# Words naming the document or its author, not a fact it would have to hold ("Pourquoi l'auteur dit-il …").
_META_WORDS = "auteur auteurs billet lettre article texte document documents blog post selon"
# A word is held when a held term begins with its first PREFIX letters: "interdit" (interd) by "interdire"
# (interdir). A shorter stem must be held whole.
PREFIX = 5


@lru_cache(maxsize=1)
def _meta() -> frozenset[str]:
    return frozenset(tokenize(_META_WORDS))


def unsupported_premise(question: str, language: str, passages: list[str],
                        vocabulary: Callable[[], Collection[str]] = frozenset) -> set[str]:
    """The index terms of a French "why" question that no passage and no document of the corpus (`vocabulary()`,
    its index terms, asked for only then) holds, in this form or another of the same word; empty for any other
    question."""
    if language != "fr" or not _WHY.search(question):
        return set()
    asked = {t for t in tokenize(question) if t not in _meta() and not t[0].isdigit()}
    if not asked:
        return set()
    held = {term for text in passages for term in tokenize(text)} | set(vocabulary())
    prefixes = {term[:PREFIX] for term in held}
    return {t for t in asked if t not in held and (len(t) < PREFIX or t[:PREFIX] not in prefixes)}


def drop_premise(draft: str, premise: set[str]) -> tuple[str, list[str]]:
    """(the draft without the sentences that repeat a word of the unsupported premise, those sentences)."""
    if not premise:
        return draft, []
    return drop_sentences(draft, lambda sentence: bool(premise & set(tokenize(sentence))))


def premise_refusal(question: str, premise: set[str]) -> str:
    """What the documents do not say, in the question's words (French: the rule runs on French questions only)."""
    words = [w for w in re.findall(r"[\w:]+(?:-\w+)*", question) if set(tokenize(w)) & premise] or sorted(premise)
    shown = ", ".join(f"« {w} »" for w in dict.fromkeys(words))
    return f"Les documents ne disent pas ce que suppose la question : aucun passage ne contient {shown}."
