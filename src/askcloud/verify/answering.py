"""Does a supported claim answer the question? It must add something the question does not already hold.

A restatement ("The summit took place [1]" for "Where did the summit take place?") adds nothing; a refusal written as
an answer ("the price is not given in the passages [1]") answers nothing, whatever it cites. A question whose own
question word asks for a figure, a date or a name ("how many", "when", "who" — the language packs' words, not the
nouns of some questions) is answered only by a claim that adds one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from askcloud.text import LanguagePack, detect_language, pack
from askcloud.verify.align import forms, terms
from askcloud.verify.claims import bare
from askcloud.verify.specifics import Specifics, figures, specifics
from askcloud.textnorm import normalize


def refuses(text: str) -> bool:
    """The sentence says the documents lack something, in either language."""
    return pack("fr").refuses(text) or pack("en").refuses(text)


def adds(text: str, asserted: Specifics, question: str, evidence: str = "") -> bool:
    """The claim holds a figure, name or identifier the question does not, or a content word of which the question
    holds no form (words sharing their first five letters are forms of one word: "nouvelle" restates
    "nouveauté"). A word naming the source ("selon l'extrait", "the document says") is none, unless the evidence
    sentence the claim rests on holds it too: then it is what the claim says ("il faut présenter vos documents")."""
    if asserted:
        return True
    asked = forms(terms(question))
    said = terms(bare(text)) - (_source_terms(text) - terms(evidence))
    return bool(forms(said) - asked)


def _source_terms(text: str) -> set[str]:
    """The terms of the words naming a source in the text (the packs' SOURCE_WORDS, in either language)."""
    return {t for code in ("fr", "en") for word in pack(code).source_words.findall(text) for t in terms(word)}


def gives_kind(text: str, asserted: Specifics, question: str, language: LanguagePack, context: str = "") -> bool:
    """The claim gives what the question word asks for (always true for a question asking for no plain kind). For
    "how many X", a figure said of X: X stands in the claim or in `context`, the evidence sentence it rests on — a
    figure must stand in the sentence that says what it counts."""
    kind = language.asked_kind(question)
    if kind is None:
        return True
    if kind == "figure":
        given = asserted.figures or figures(bare(text)) - figures(question)
        counted = language.counted(question)
        if not given or counted is None or detect_language(f"{text} {context}") != language.code:
            return bool(given)
        return bool(terms(counted) & terms(f"{bare(text)} {context}"))
    if kind == "date":
        return gives_date(bare(text), question)
    return bool(asserted.names or asserted.identifiers or specifics(bare(text)).beyond(question).names)


def gives_date(text: str, question: str) -> bool:
    """A year (four digits from 1000 to 2199) or a month or weekday name the question does not hold: "65 000
    visitors" is no answer to "in which year"."""
    years = {f for f in figures(text) - figures(question) if f.isdigit() and 1000 <= int(f) <= 2199}
    words = set(re.findall(r"\w+", normalize(text))) - set(re.findall(r"\w+", normalize(question)))
    return bool(years or words & _calendar())


@lru_cache(maxsize=1)
def _calendar() -> frozenset[str]:
    return frozenset(normalize(m) for code in ("fr", "en") for m in pack(code).months)


def without_kind_words(question: str, language: LanguagePack) -> str:
    """The question without the words asking for a kind of answer ("en quelle année", "how many"): a sentence
    giving one answers them, they are not words it must share."""
    return language.kind_words.sub(" ", question)


def answers(text: str, asserted: Specifics, asked: str, question: str, language: LanguagePack,
            context: str = "") -> bool:
    """`asked`: the user's own words, whose question word says what kind of answer is wanted; `question`: those
    and the follow-up's context, which an answer must add to; `context`: the evidence sentence the claim rests on
    (for an evidence sentence itself, the sentence)."""
    return not refuses(text) and adds(text, asserted, question, context) and \
        gives_kind(text, asserted, asked, language, context)
