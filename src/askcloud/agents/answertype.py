"""What kind of thing a question asks for, and whether a sentence gives one: rules, no model call.

A small model often restates the question ("The OpenStack Summit 2014 was held in Paris [1]") or picks the wrong
figure of the right passage ("400 millions de photos" for a number of users). Its sentence is then supported, word
for word, yet answers nothing. A question that asks for a figure is answered only by a figure the question does not
already hold; one that asks for a person, a place or an organisation only by a name it does not already hold; and
"combien de X" only by a figure that its passage gives for X.
"""

from __future__ import annotations

import re
from typing import Literal

from askcloud.agents.relevance import names, numbers
from askcloud.citations import MARKER
from askcloud.corpus.splitter import sentence_spans
from askcloud.index.analyzer import tokenize
from askcloud.textnorm import normalize

Kind = Literal["number", "name"]

_NUMBER_Q = re.compile(
    r"\b(combien|how (many|much)|quel(le)?s? (est le |est la |était le |était la )?(nombre|chiffre|montant|"
    r"pourcentage|part|taux|somme|prix)|(en |de )?quelle année|what (number|percentage|share|year|amount)|"
    r"in (what|which) year|how long|how old)\b", re.IGNORECASE)
_NAME_Q = re.compile(
    r"^(qui|who|whom)\b|\b(quel est le nom|what is the name|par qui|à qui|avec qui|de qui|by whom|à quel(le)? (entreprise|société|opérateur|"
    r"constructeur)|(dans |en )?quelle (ville|entreprise|société|région)|quel (opérateur|constructeur|pays|"
    r"fournisseur|hébergeur)|(in )?which (city|company|firm|operator|country|provider)|where)\b", re.IGNORECASE)
# "Combien de partenaires exposants …" → "partenaires"; the noun a figure must be about.
_FOCUS = re.compile(r"\bcombien (?:de |d['’])\s*(\w+)", re.IGNORECASE)


def expected_kind(question: str) -> Kind | None:
    """"number" or "name" when the question plainly asks for one; None for every other question (no check)."""
    if _NUMBER_Q.search(question):
        return "number"
    if _NAME_Q.search(question.strip()):
        return "name"
    return None


def gives_kind(sentence: str, question: str, kind: Kind | None) -> bool:
    """Whether the sentence holds a figure (or a name) that the question does not already hold."""
    text = MARKER.sub(" ", sentence)
    if kind == "number":
        return bool(numbers(text) - numbers(question))
    if kind == "name":
        asked = normalize(question)
        return any(name not in asked for name in names(text))
    return True


def focus(question: str) -> str | None:
    """The index term of X in a French "combien de X" question."""
    match = _FOCUS.search(question)
    terms = tokenize(match.group(1)) if match else []
    return terms[0] if terms else None


def figure_about_focus(sentence: str, question: str, passages: list[str]) -> bool:
    """For "combien de X": some figure of the sentence stands, in one of the passages, in a sentence that names X.

    Always true when the question has no such X (English questions included: the passages are French).
    """
    term = focus(question)
    if term is None:
        return True
    wanted = numbers(MARKER.sub(" ", sentence)) - numbers(question)
    for text in passages:
        for span in sentence_spans(text):
            source = text[span.start:span.end]
            if wanted & numbers(source) and term in tokenize(source):
                return True
    return False


def answers(sentence: str, question: str, language: str, passages: list[str]) -> bool:
    """The sentence gives what the question asks for (always true for questions of no plain kind)."""
    kind = expected_kind(question)
    if not gives_kind(sentence, question, kind):
        return False
    return kind != "number" or language != "fr" or figure_about_focus(sentence, question, passages)
