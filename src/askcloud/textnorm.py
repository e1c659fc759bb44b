"""Text normalisation shared by retrieval, citation checks and evaluation (Contract 2)."""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2013": "-", "\u2014": "-", "\u2011": "-",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ",
})
# "2 000", "65.000", "65,000" (thousands groups of exactly three digits) become "2000", "65000".
_THOUSANDS = re.compile(r"(?<=\d)[ .,](?=\d{3}(?!\d))")
_SPACES = re.compile(r"\s+")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalize(text: str) -> str:
    """Case, accents, typographic quotes and apostrophes, and separators inside numbers folded away."""
    text = strip_accents(text.translate(_QUOTES)).casefold()
    previous = None
    while previous != text:  # "1 000 000" needs two passes
        previous, text = text, _THOUSANDS.sub("", text)
    return _SPACES.sub(" ", text).strip()


def contains(haystack: str, needle: str) -> bool:
    """True when `needle` occurs in `haystack` once both are normalised."""
    return normalize(needle) in normalize(haystack)
