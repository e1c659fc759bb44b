"""PDF: a pdfminer text line read into a Line: its text from its glyphs (TeX's spacing accents put on their
letters, T1's guillemets named, ligatures unfolded), its size, weight and font kind. A table of contents' line
is left out."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from askcloud.corpus.loaders.pdf_page import Line

_ACCENTS = {"´": "\u0301", "`": "\u0300", "ˆ": "\u0302", "¨": "\u0308", "˜": "\u0303", "¸": "\u0327", "˚": "\u030a",
            "ˇ": "\u030c"}
_ACCENTED = re.compile(r"([´ˆ¨˜¸˚ˇ])\s?([A-Za-zıȷ])|(`)([aeuAEU])")
# A spacing accent drawn over a letter (its box over the letter's) is that letter's accent whatever order the PDF
# draws them in: TeX's cedilla comes after its "c" in a monospace font, the ASCII "^" serves as circumflex there
# ("cha^ıne"), and a small-caps "´E" is drawn after its "R" with a gap pdfminer reads as a space.
_OVER = {**_ACCENTS, "^": "\u0302", "~": "\u0303"}
# TeX's T1 (Cork) encoding puts « and » at codes 0x13 and 0x14; a font without a Unicode map (a Type 3 bitmap
# font made by dvips, glyphs named /a19 /a20) leaves pdfminer with "(cid:19)" and "(cid:20)". OT1 has its acute
# and caron accents there, but an accent is drawn over a letter: a glyph of its own (no overlap) is a guillemet.
_GUILLEMETS = {"(cid:19)": "«", "(cid:20)": "»"}
_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_CID = re.compile(r"\(cid:\d+\)")
_MONO = re.compile(r"mono|courier|cmtt|typewriter|consol", re.IGNORECASE)
_LEADERS = re.compile(r"(?:\. ?){4,}\s*[\divxlc]+\s*$")
_BOLD = re.compile(r"bold|black|heavy|cmbx|semibold|demi", re.IGNORECASE)


def read_line(item) -> Line | None:
    from pdfminer.layout import LTChar

    text = clean(_glyphs(item).rstrip("\n"))
    if not text.strip() or _LEADERS.search(text):
        return None  # a table of contents' line ("1.2 Title . . . . 24") is navigation, not content
    sizes, fonts = Counter(), Counter()
    for char in item:
        if isinstance(char, LTChar) and not char.get_text().isspace():
            sizes[round(char.size, 1)] += 1
            fonts[char.fontname] += 1
    font = fonts.most_common(1)[0][0] if fonts else ""
    mono = bool(_MONO.search(font))
    return Line(text, sizes.most_common(1)[0][0] if sizes else 0.0, bool(_BOLD.search(font)), mono,
                 item.x0, item.x1, item.y0, mono and any(not _MONO.search(name) for name in fonts))


def _glyphs(item) -> str:
    """A line's text from its glyphs: accents drawn over a letter put on it, T1's guillemets named."""
    from pdfminer.layout import LTChar

    items = list(item)
    chars = [i for i, obj in enumerate(items) if isinstance(obj, LTChar)]
    texts = [obj.get_text() for obj in items]
    # a font with other unnamed glyphs is not T1's two guillemets (a CID font without ToUnicode, say)
    other = {items[i].fontname for i in chars if _CID.fullmatch(texts[i]) and texts[i] not in _GUILLEMETS}
    for n, i in enumerate(chars):
        text = texts[i]
        if text in _GUILLEMETS and items[i].fontname not in other:
            neighbours = [items[j] for j in chars[max(0, n - 1):n + 2] if j != i]
            if not any(_overlap(items[i], other) > 0.3 for other in neighbours):
                texts[i] = _GUILLEMETS[text]
        elif text in _OVER:
            for j in (chars[n + 1] if n + 1 < len(chars) else None, chars[n - 1] if n else None):
                if j is not None and texts[j].isalpha() and len(texts[j]) == 1 and _overlap(items[i], items[j]) > 0.5:
                    letter = {"ı": "i", "ȷ": "j"}.get(texts[j], texts[j])
                    texts[j] = unicodedata.normalize("NFC", letter + _OVER[text])
                    for k in range(min(i, j), max(i, j) + 1):
                        if k not in (i, j) and texts[k].isspace():
                            texts[k] = ""  # the space pdfminer saw between the accent and its letter
                    beyond = chars[n - 1] if j > i and n else chars[n + 1] if j < i and n + 1 < len(chars) else None
                    if beyond is not None and _gap(items[beyond], items[j]) < 0.15 * (items[j].x1 - items[j].x0):
                        for k in range(min(i, beyond) + 1, max(i, beyond)):
                            texts[k] = ""  # nor the one it saw on the accent's other side ("R ´E"), letters touching
                    texts[i] = ""
                    break
    return "".join(texts)


def _gap(left, right) -> float:
    """The space between two glyphs (whichever comes first on the line)."""
    return max(left.x0, right.x0) - min(left.x1, right.x1)


def _overlap(char, other) -> float:
    """How much of `char`'s width `other` covers."""
    width = char.x1 - char.x0
    return max(0.0, min(char.x1, other.x1) - max(char.x0, other.x0)) / width if width > 0 else 0.0


def clean(text: str) -> str:
    text = _CID.sub("", text)
    text = _ACCENTED.sub(_compose, text)
    for ligature, letters in _LIGATURES.items():
        text = text.replace(ligature, letters)
    return unicodedata.normalize("NFC", text)


def _compose(match: re.Match) -> str:
    mark, letter = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
    letter = {"ı": "i", "ȷ": "j"}.get(letter, letter)
    return unicodedata.normalize("NFC", letter + _ACCENTS[mark])
