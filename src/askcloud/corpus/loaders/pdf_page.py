"""PDF: what a page is made of once read (lines with their size, weight and font kind, boxes of lines placed on
the page, pages), and which boxes are worth reading: text with words, or verbatim code."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Verbatim text a reader needs although it has few words: a command-line option ("--png", "-fsvg"), a brace,
# a pipe, a redirection ("{ c'4 e'", "<<", "| sed …; done"); a box set in a monospace font is verbatim too.
_CODE = re.compile(r"^\s*--?[A-Za-z][\w-]*(?:=\S*)?\s*$|[{}|]|<<|>>|;\s*\w|\$\w")
VOWEL = re.compile(r"[aeiouyàâäéèêëîïôöûùüÿœæAEIOUYÀÂÉÈÊÎÔÛ]")


@dataclass
class Line:
    text: str
    size: float
    bold: bool
    mono: bool
    x0: float = 0.0  # points, from the page's left edge
    x1: float = 0.0
    base: float = 0.0  # the baseline, points from the page's bottom
    mixed: bool = False  # set in a monospace font for the most part, not wholly


@dataclass
class Box:
    lines: list[Line]
    top: float  # share of the page height from the top where the box starts
    bottom: float
    left: float = 0.0  # shares of the page width
    right: float = 1.0

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)


@dataclass
class Page:
    boxes: list[Box]
    scanned: bool = False  # no text layer, images over most of the page
    ocr: bool = False  # the boxes were recognised from the page's image


def kept(lines: list[Line]) -> bool:
    """A box worth reading: text with words, or verbatim code (a monospace font, an option, code punctuation)."""
    text = " ".join(line.text for line in lines)
    return _wordy(text) or all(line.mono or _CODE.search(line.text) for line in lines)


def _wordy(text: str) -> bool:
    """Text a reader reads, not the glyph soup of music notation or a figure's labels ("h hh P", "3 4")."""
    words = [w for w in re.findall(r"[^\W\d_]{3,}", text) if VOWEL.search(w) and len(set(w.lower())) > 1]
    return bool(words) and sum(map(len, words)) >= 0.3 * len(re.sub(r"\s", "", text))
