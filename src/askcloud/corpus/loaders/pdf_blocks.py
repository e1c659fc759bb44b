"""PDF: what a box's lines become in the extracted text — headings (larger than the body text, or bold), code (a
monospace font), list items (a bullet, or a dash where a list may start) or paragraphs — with a word hyphenated at
a line end joined back unless the document's own words tell a compound."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from askcloud.corpus.loaders.base import TextBuilder
from askcloud.corpus.loaders.pdf_page import VOWEL, Line, Page

_HEADING_RATIO = 1.12  # a line this much larger than the body text is a heading
BULLET = re.compile(r"^\s*[•◦▪‣∙·\-–]\s+")
ITEM = re.compile(r"^\s*(?:[•◦▪‣∙·\-–]|\d{1,2}[.)])\s+")  # a bulleted or numbered item's first line
DASH = re.compile(r"^\s*[-–]\s+")  # a dash opens an item only where a list can start (see _bullets)
_COMPOUND = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_CUT = re.compile(r"([^\W\d_]+(?:-[^\W\d_]+)*)-$")  # a word cut at the line end, hyphen and all


@dataclass
class Words:
    """The document's own words, a line's last and first words where a hyphen cuts one left out: they tell a
    compound's hyphen ("sous-ensemble" seen elsewhere, or "sous" heading other compounds) from TeX's hyphenation
    ("musi-⏎caux", "musicaux" or nothing seen elsewhere)."""

    counts: Counter[str] = field(default_factory=Counter)
    heads: set[str] = field(default_factory=set)  # first parts of compounds: "ci" of "ci-dessus"

    def add(self, lines: list[str]) -> None:
        cut = False
        for line in lines:
            words = _COMPOUND.findall(line)
            if cut and words and line.lstrip().startswith(words[0]):
                words = words[1:]
            cut = bool(_CUT.search(line.rstrip()))
            if cut and words:
                words = words[:-1]
            for word in (w.lower() for w in words):
                self.counts[word] += 1
                self.heads.update(word.split("-")[:-1])

    def hyphen(self, left: str, right: str) -> bool | None:
        """Whether "left-⏎right" keeps its hyphen (True), is one word (False), or nothing tells (None)."""
        left, right = left.lower(), right.lower()
        hyphenated, joined = self.counts[f"{left}-{right}"], self.counts[left + right]
        if hyphenated or joined:
            return hyphenated > joined
        return True if len(last := left.rsplit("-", 1)[-1]) >= 2 and last in self.heads else None


def body_size(pages: list[Page]) -> float:
    sizes: Counter[float] = Counter()
    for line in (line for page in pages for box in page.boxes for line in box.lines):
        sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def split_runs(lines: list[Line], body: float) -> list[list[Line]]:
    """A box's lines cut where they change from heading to body text or to code (pdfminer often boxes a heading
    with the paragraph under it)."""
    runs: list[list[Line]] = []
    for line in lines:
        if runs and (_style(runs[-1][-1], body) == _style(line, body) or _heading_goes_on(runs[-1], line, body)):
            runs[-1].append(line)
        else:
            runs.append([line])
    return runs


def _heading_goes_on(run: list[Line], line: Line, body: float) -> bool:
    """A heading's second line in its size and weight, which starts in lower case ("… standard de⏎l’interpréteur")."""
    last = run[-1]
    return (_style(last, body) == "heading" and len(run) < 3 and not line.mono and line.bold == last.bold
            and abs(line.size - last.size) < 0.1 and len(line.text) < 100
            and not last.text.rstrip().endswith((".", ":", ";", "!", "?")) and line.text.lstrip()[:1].islower())


def _style(line: Line, body: float) -> str:
    if line.mono and not (line.mixed and line.size >= body * _HEADING_RATIO):
        return "code"  # a heading naming code in its own font ("Message d’erreur FT_Get_Glyph_Name") is a heading
    text = line.text.strip()
    if len(text) > 150 or text.endswith((".", ",", ";", ":")) or not re.match(r"[\dA-ZÀ-Ý]", text):
        return "body"
    if not any(VOWEL.search(w) for w in re.findall(r"[^\W\d_]{4,}", text)):
        return "body"
    return "heading" if line.size >= body * _HEADING_RATIO or (line.bold and len(text) < 100) else "body"


def emit(out: TextBuilder, run: list[Line], body: float, words: Words) -> None:
    style = _style(run[0], body)
    texts = [line.text for line in run]
    if style == "code":
        out.add("code", "\n".join(texts))
    elif style == "heading" and len(run) <= 3:
        out.add("heading", " ".join(" ".join(texts).split()), _level(run[0], body))
    elif any(_bullets(texts)):
        for item in _items(texts, words):
            out.add("item", item, tight=True)
    else:
        out.add("paragraph", _join(texts, words))


def _level(line: Line, body: float) -> int:
    ratio = line.size / body if body else 1.0
    return 1 if ratio >= 1.6 else 2 if ratio >= 1.3 else 3


def _bullets(lines: list[str]) -> list[bool]:
    """Which lines open a list item. A bullet glyph always does; a dash only as the box's first line, after a line
    ending with a colon, or after another dash item: TeX sets the en dash of running text at a line start too
    ("… le temps processeur⏎– grâce à ulimit -t par exemple – …")."""
    flags: list[bool] = []
    for i, line in enumerate(lines):
        if DASH.match(line):
            flags.append(i == 0 or lines[i - 1].rstrip().endswith(":")
                         or any(f and DASH.match(lines[j]) for j, f in enumerate(flags)))
        else:
            flags.append(bool(BULLET.match(line)))
    return flags


def _items(lines: list[str], words: Words | None = None) -> list[str]:
    items: list[list[str]] = []
    for line, bullet in zip(lines, _bullets(lines)):
        if bullet or not items:
            items.append([line.strip()])
        else:
            items[-1].append(line)
    return [_join(item, words) for item in items]


def _join(lines: list[str], words: Words | None = None) -> str:
    """Lines of one paragraph as one line: a word cut by a hyphen at a line end is joined back, unless the
    document's own words tell a compound ("sous-⏎ensemble" stays "sous-ensemble", "Post-⏎Script" is "PostScript")."""
    text = ""
    for line in (line.strip() for line in lines):
        if not line:
            continue
        cut, first = _CUT.search(text), _COMPOUND.match(line)
        hyphen = words.hyphen(cut.group(1), first.group()) if cut and first and words is not None else None
        if cut and first and (hyphen is False or (hyphen is None and line[:1].islower())):
            text = text[:-1] + line
        elif hyphen:
            text += line
        else:
            text = f"{text} {line}" if text else line
    return " ".join(text.split(" "))
