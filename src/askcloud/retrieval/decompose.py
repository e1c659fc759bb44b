"""Split comparisons and multi-part questions into sub-queries whose results are merged."""

from __future__ import annotations

import re

_COMPARE = re.compile(
    r"^(?P<head>.*?\b(?:compare[rz]?|comparez|comparaison|compare)\b\s*(?:la |le |les |l')?(?P<what>[^?]*?)\s+"
    r"(?:de|du|des|d'|of|between|entre)\s+(?P<a>.+?)\s+(?:et|and|à|avec|with|,)\s+(?:celle |celui |ceux )?(?:de |du |des |d'|l')?"
    r"(?P<b>[^?]+?))\s*\??$",
    re.IGNORECASE,
)
# "la différence entre A et B", "difference between A and B", "A versus B", "A plutôt que B": each side on its own.
_BETWEEN = re.compile(r"\b(?:entre|between)\s+(?P<a>.+?)\s+(?:et|and)\s+(?P<b>[^?]+?)\s*[?.!]*$", re.IGNORECASE)
_VERSUS = re.compile(r"(?P<a>[^,;:?]+?)\s+(?:vs\.?|versus|plutôt que|rather than)\s+(?P<b>[^?]+?)\s*[?.!]*$",
                     re.IGNORECASE)
_SPLIT = re.compile(r"\?\s+|\s*;\s*")
# "…, et avec quel opérateur …", "…, and how long was it?": a second question joined to the first.
_CLAUSE = re.compile(
    r",\s+(?:et|and)\s+(?=(?:(?:avec|pour|dans|en|à|de|par|sur|with|for|in|by)\s+)?"
    r"(?:quel|quelle|quels|quelles|combien|où|qui|quoi|comment|pourquoi|quand|how|what|who|which|where|when|why)\b)",
    re.IGNORECASE)
# A name: a word with a capital (OVH, re:Invent, l'OpenStack) or a year, words of a name joined by "de"/"d'".
_WORD = (r"(?!(?:Combien|Quels?|Quelles?|Qui|Où|Comment|Pourquoi|Quand|How|What|Who|Which|Where|When|Why)\b)"
         r"(?:[ldLD]['’])?[\w:.-]*[A-Z][\w:.’'-]*|\d{4}")
_NAME = rf"(?:{_WORD})(?:\s+(?:(?:de|du|des|of|d['’])\s*)?(?:{_WORD}))*"
# Two names joined by "et"/"and" ("le Salon A et le Forum B", "pour Brest et pour Quimper").
_PAIR = re.compile(
    rf"(?<![\w'’])(?P<a>{_NAME})\s+(?:et|and)\s+(?:(?:pour|de|du|à|avec|for|of|at|with)\s+)?"
    rf"(?:(?:le|la|les|the)\s+|[lL]['’])?(?P<b>{_NAME})(?![\w'’])")

# One preposition repeated before two complements joined by "et"/"and" ("pour couper et pour coller", "for the
# kernel and for the drivers"): two asks sharing the rest of the question.
_REPEATED = re.compile(
    r"\b(?P<p>pour|avec|sur|dans|chez|entre|for|with|on|in|about|from)\s+(?P<a>[^,;?]+?)\s+(?:et|and)\s+(?P=p)\s+"
    r"(?P<b>[^,;?]+?)(?=\s*[?.!]*\s*$)", re.IGNORECASE)

# "entre A et B", "between A and B": one ask about the two together (a distance, a link, a span), not two asks.
_SPAN = re.compile(r"\b(?:entre|between)\s+(?:(?:le|la|les|the)\s+|[lL]['’])?$", re.IGNORECASE)


def decompose(question: str) -> list[str]:
    """The question itself, then any sub-queries (at most 3). A simple question gives [question]."""
    question = question.strip()
    subs: list[str] = []
    if match := _COMPARE.match(question):
        what = match.group("what").strip()
        subs = [f"{what} {match.group('a').strip()}".strip(), f"{what} {match.group('b').strip()}".strip()]
    elif _compares(question) and (match := _BETWEEN.search(question) or _VERSUS.search(question)):
        subs = [match.group("a").strip(), match.group("b").strip()]
    else:
        parts = [p.strip() for p in _SPLIT.split(question) if len(p.strip()) > 12]
        if len(parts) > 1:
            subs = parts
        else:
            subs = parts_of(question)
    return [question] + [s for s in subs if s and s.lower() != question.lower()][:3]


def aspect(question: str) -> str:
    """What a comparison compares its sides on, when the request names it ("compare le prix de A et de B": "le
    prix"); "" otherwise."""
    match = _COMPARE.match(question.strip())
    return match.group("what").strip() if match else ""


def _compares(question: str) -> bool:
    """The request asks for a comparison ("entre 2014 et 2015" in a fact question is a span, not two sides)."""
    from askcloud.text import detect_language, pack

    return pack(detect_language(question)).answer_form(question) == "comparison"


def parts_of(question: str) -> list[str]:
    """The questions a multi-part question asks: "Quel est X, et avec quel opérateur …" gives its two clauses; "Où se
    sont déroulés A et B ?" gives "Où se sont déroulés A ?" and "Où se sont déroulés B ?"; "Quel raccourci pour couper et
    pour coller ?" gives "Quel raccourci pour couper ?" and "Quel raccourci pour coller ?". [] for a simple question."""
    question = question.strip()
    clauses = [c.strip(" ,") for c in _CLAUSE.split(question)]
    if len(clauses) == 2 and all(len(c) > 12 for c in clauses):
        first = clauses[0].rstrip("?").rstrip()
        return [f"{first} ?", clauses[1] if clauses[1].endswith("?") else f"{clauses[1]} ?"]
    if (match := _PAIR.search(question)) and not _SPAN.search(question[:match.start()]):
        head, tail = question[:match.start()], question[match.end():]
        return [f"{head}{match.group('a')}{tail}", f"{head}{match.group('b')}{tail}"]
    if match := _REPEATED.search(question):
        head, tail, p = question[:match.start()], question[match.end():], match.group("p")
        return [f"{head}{p} {match.group('a')}{tail}", f"{head}{p} {match.group('b')}{tail}"]
    return []
