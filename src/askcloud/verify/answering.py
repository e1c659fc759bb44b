"""Does a supported claim answer the question? It must add something the question does not already hold.

A restatement ("The summit took place [1]" for "Where did the summit take place?") adds nothing; a refusal written as
an answer ("the price is not given in the passages [1]") answers nothing, whatever it cites. A question whose own
question word asks for a figure, a date or a name ("how many", "when", "who" — the language packs' words, not the
nouns of some questions) is answered only by a claim that adds one.
"""

from __future__ import annotations

from askcloud.text import LanguagePack, detect_language, pack
from askcloud.verify.align import terms
from askcloud.verify.claims import bare
from askcloud.verify.specifics import Specifics, figures, specifics
from askcloud.textnorm import normalize


def refuses(text: str) -> bool:
    """The sentence says the documents lack something, in either language."""
    return pack("fr").refuses(text) or pack("en").refuses(text)


def adds(text: str, asserted: Specifics, question: str) -> bool:
    """The claim holds a term, figure, name or identifier the question does not."""
    return bool(asserted) or bool(terms(bare(text)) - terms(question))


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
        words = set(normalize(bare(text)).split()) - set(normalize(question).split())
        folded_months = {normalize(m) for m in language.months} | {normalize(m) for m in pack("en").months} \
            | {normalize(m) for m in pack("fr").months}
        return bool(asserted.figures or figures(bare(text)) - figures(question) or words & folded_months)
    return bool(asserted.names or asserted.identifiers
                or specifics(bare(text)).names - specifics(question).names)


def answers(text: str, asserted: Specifics, asked: str, question: str, language: LanguagePack,
            context: str = "") -> bool:
    """`asked`: the user's own words, whose question word says what kind of answer is wanted; `question`: those
    and the follow-up's context, which an answer must add to."""
    return not refuses(text) and adds(text, asserted, question) and \
        gives_kind(text, asserted, asked, language, context)
