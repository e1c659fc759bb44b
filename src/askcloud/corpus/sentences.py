"""Sentence boundaries with exact offsets, for French and English prose, paths, version numbers and code.

A sentence ends at . ! ? … (with any closing quotes or brackets) before whitespace, or at a line break — except
after an abbreviation ("M.", "p. ex.", "e.g.", "c.-à-d."), an initial ("J. Dupont"), or a period followed by a
lowercase word or a digit (no sentence starts that way). A list number ("2. Ouvrez") stays a span of its own, which
the answer path relies on to drop bare list marks. Periods inside a token ("2.10.12",
"/usr/share/gimp-2.0", "image.png") never end anything, as they are not followed by whitespace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Abbreviations, lowercased, without their final period.
_FRENCH = {"m", "mm", "mme", "mmes", "mlle", "mlles", "me", "mgr", "dr", "pr", "st", "ste", "cf", "p", "pp", "ex",
           "env", "etc", "av", "apr", "j.-c", "vol", "chap", "fig", "éd", "coll", "art", "al", "min", "max", "tél",
           "no", "nos", "réf", "vs", "sq", "sqq", "op", "cit", "ibid", "id", "resp", "c.-à-d", "c-à-d", "c.-à.-d",
           "boul", "bd", "hab", "mds", "md", "mio", "n°", "suiv", "ann", "dir", "trad", "éds", "sté", "cie", "ets"}
_ENGLISH = {"mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "e.g", "i.e", "cf", "fig", "figs", "no",
            "nos", "vol", "vols", "pp", "p", "approx", "inc", "ltd", "co", "corp", "jan", "feb", "mar", "apr", "jun",
            "jul", "aug", "sep", "sept", "oct", "nov", "dec", "eq", "eqs", "ch", "sec", "al", "ed", "eds", "est",
            "dept", "gen", "gov", "lt", "col", "sgt", "capt", "mt", "ft", "viz", "ca", "a.m", "p.m", "u.s", "u.k"}
ABBREVIATIONS = frozenset(_FRENCH | _ENGLISH)
_CLOSERS_AFTER = frozenset({"etc"})  # these also end a sentence when a capital follows ("…, etc. Puis")

_END = re.compile(r"[.!?…]+(?:[ \u00a0\u202f]?[»”])?[\"’')\]]*(?=\s|$)|\n")
_TOKEN = re.compile(r"[^\s(«\"“‘\[]*$")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """The sentences of text[start:end], trimmed of surrounding whitespace, with offsets into `text`."""
    end = len(text) if end is None else end
    spans, first = [], start
    for match in _END.finditer(text, start, end):
        if match.group(0) != "\n" and not _ends(text, first, match):
            continue
        if text[first:match.end()].strip():
            spans.append(trim(text, first, match.end()))
        first = match.end()
    if text[first:end].strip():
        spans.append(trim(text, first, end))
    return spans


def _ends(text: str, first: int, match: re.Match) -> bool:
    """Whether the punctuation matched really closes the sentence opened at `first`."""
    mark = match.group(0)
    if not mark.startswith(".") or mark.startswith(".."):
        return True
    token = _TOKEN.search(text, first, match.start()).group(0).lower()
    following = text[match.end():match.end() + 40].lstrip(" \t\u00a0\u202f")
    nxt = following[:1]
    if nxt.islower() or nxt.isdigit():
        return False  # "p. ex. le", "env. 300": no sentence opens with a lowercase word or a bare number
    if token in ABBREVIATIONS:
        return token in _CLOSERS_AFTER and nxt.isupper()
    if len(token) == 1 and token.isalpha() and text[match.start() - 1].isupper() and nxt.isupper():
        return False  # an initial: "J. Dupont"
    return True


def trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)
