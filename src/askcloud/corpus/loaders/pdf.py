"""PDF: pdfminer.six's layout analysis, page by page, into paragraphs, headings, list items and code blocks.

Chosen by measurement (docs/corpus.md): pdfminer groups lines into paragraphs (pypdf gives bare lines), finds
font sizes for headings, and is MIT-licensed (PyMuPDF is AGPL). Running headers and footers (a line repeated in
the page margins) and lone page numbers are dropped; TeX's spacing accents ("d´ecid´es") are composed back
("décidés"), ligatures unfolded, words hyphenated at a line end joined. The offset where each page starts is kept.

A scanned page (less than a line of text, images over half of it) is read by OCR (ocr.py): its paragraphs go
through the same steps as a text page's boxes, Tesseract's usual slips mended first ("|’outil", "qu’ Annuler", a
straight apostrophe among typographic ones, "Echelle" in a document that writes "échelle"), and its number is kept
in `Extracted.ocr_pages` so that a citation can say its quote was recognised. Without Tesseract such a page is left out, and `Extracted.unread` says why.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace

from askcloud.corpus.loaders.base import TextBuilder, Unreadable
from askcloud.corpus.loaders.ocr import Ocr, OcrFailed, OcrParagraph
from askcloud.corpus.models import Extracted

SUFFIXES = (".pdf",)

_MARGIN = 0.08  # share of the page height at the top and bottom where running headers and footers sit
_REPEATED = 3  # a margin line seen on this many pages is a running header or footer
_COLUMN = 0.3  # a box over this share of the page width beside another such box: the page has columns
_ROW = 0.004  # boxes whose tops are this close (a share of the page height, 3.4 pt on A4) stand side by side
_HEADING_RATIO = 1.12  # a line this much larger than the body text is a heading
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
_BULLET = re.compile(r"^\s*[•◦▪‣∙·\-–]\s+")
_ITEM = re.compile(r"^\s*(?:[•◦▪‣∙·\-–]|\d{1,2}[.)])\s+")  # a bulleted or numbered item's first line
_DASH = re.compile(r"^\s*[-–]\s+")  # a dash opens an item only where a list can start (see _bullets)
_MONO = re.compile(r"mono|courier|cmtt|typewriter|consol", re.IGNORECASE)
# Verbatim text a reader needs although it has few words: a command-line option ("--png", "-fsvg"), a brace,
# a pipe, a redirection ("{ c'4 e'", "<<", "| sed …; done"); a box set in a monospace font is verbatim too.
_CODE = re.compile(r"^\s*--?[A-Za-z][\w-]*(?:=\S*)?\s*$|[{}|]|<<|>>|;\s*\w|\$\w")
_COMPOUND = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_CUT = re.compile(r"([^\W\d_]+(?:-[^\W\d_]+)*)-$")  # a word cut at the line end, hyphen and all
_VOWEL = re.compile(r"[aeiouyàâäéèêëîïôöûùüÿœæAEIOUYÀÂÉÈÊÎÔÛ]")
_LEADERS = re.compile(r"(?:\. ?){4,}\s*[\divxlc]+\s*$")
_PAGE_NUMBER = re.compile(r"[-–\s]*(?:page\s*)?(?:#+(?:\s*/\s*#+)?|[ivxlc]{1,7})[-–.\s]*")  # digits are "#" here
_BOLD = re.compile(r"bold|black|heavy|cmbx|semibold|demi", re.IGNORECASE)
_SCANNED_TEXT = 40  # a page with fewer characters of text than a line holds…
_SCANNED_IMAGE = 0.5  # …and images over this share of its area is a scan
# Tesseract tells neither size nor weight, and its word heights do not tell a heading (on a scanned GIMP page a
# bold heading's words were 36 px high, the body's 35-36 px): every recognised line has this size and is body text,
# a paragraph or a list item. Taking each one-line paragraph for a heading was tried: retrieval did not gain
# (evals set scanned: recall@5 0.800 either way, mrr 0.725 against 0.822 without).
_OCR_SIZE = 1.0
_OCR_BULLET = re.compile(r"^[e©°*] (?=[\dA-ZÀ-Ý])")  # Tesseract reads a round bullet as "e", "©" or "°"
# Tesseract's usual slips on printed text, mended on recognised lines only (bench/ocr_fidelity.py counts them):
# an "l" before an apostrophe read as "|" or "1" ("|’outil", "1’image")…
_OCR_ELL = re.compile(r"(?:(?<=\s)|^)(?:\||1)(?=[’']\s*[aeiouyhàâäéèêëîïôöûùüœ])", re.IGNORECASE)
# …a space put after an elided word's apostrophe ("qu’ Annuler", "d’ interpolation": French elides c, d, j, l, m, n,
# s, t and qu, and words ending in qu, before a vowel or an h; no such apostrophe is followed by a space in print).
# Both are French: they are mended on a document whose recognised text is French, and only on a word standing alone
# (after a space or at a line's start: "‘d’ then" in English is a quoted letter)…
_OCR_ELISION = re.compile(r"(?:(?<=\s)|^)((?:[cdjlmnst]|\w*qu)[’'])\s+(?=[aeiouyhàâäéèêëîïôöûùüœ])",
                          re.IGNORECASE)
_OCR_STRAIGHT = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])")  # …the typographic apostrophe read as a straight one
_OCR_WORD = re.compile(r"[^\W\d_]{3,}")


@dataclass
class _Line:
    text: str
    size: float
    bold: bool
    mono: bool
    x0: float = 0.0  # points, from the page's left edge
    x1: float = 0.0
    base: float = 0.0  # the baseline, points from the page's bottom
    mixed: bool = False  # set in a monospace font for the most part, not wholly


@dataclass
class _Box:
    lines: list[_Line]
    top: float  # share of the page height from the top where the box starts
    bottom: float
    left: float = 0.0  # shares of the page width
    right: float = 1.0

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)


@dataclass
class _Words:
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


@dataclass
class _Page:
    boxes: list[_Box]
    scanned: bool = False  # no text layer, images over most of the page
    ocr: bool = False  # the boxes were recognised from the page's image


@dataclass
class _Scans:
    """What OCR made of a document's scanned pages."""

    read: list[int] = field(default_factory=list)  # 1-based page numbers
    unread: list[tuple[list[int], str]] = field(default_factory=list)  # pages left out, and why

    def lines(self) -> tuple[str, ...]:
        return tuple(f"{_pages_named(numbers)} scanned and not read: {why}" for numbers, why in self.unread)


def extract(data: bytes, ocr: Ocr | None = None) -> Extracted:
    pages = _read_pages(data)
    scans = _recognise(data, pages, ocr or Ocr())
    if scans.read:
        _mend_recognised(pages)
    body = _body_size([p for p in pages if not p.ocr])
    furniture = _running_lines(pages)
    words = _Words()
    for page in pages:
        for box in page.boxes:
            if not _furniture(box, furniture):
                words.add([line.text for line in box.lines])
    out = TextBuilder()
    for page in pages:
        out.new_page()
        size = _OCR_SIZE if page.ocr else body
        for box in page.boxes:
            if not _furniture(box, furniture):
                for run in _runs(box.lines, size):
                    _emit(out, run, size, words)
    extracted = out.build()
    if not extracted.text.strip() and scans.unread:
        raise Unreadable(f"is a scanned PDF and was not read: {scans.unread[0][1]}")
    return replace(extracted, ocr_pages=tuple(scans.read), unread=scans.lines())


def _recognise(data: bytes, pages: list[_Page], ocr: Ocr) -> _Scans:
    """Scanned pages read by OCR in place (their boxes replaced); each page that cannot be read is named."""
    scans = _Scans()
    numbers = [n for n, page in enumerate(pages, 1) if page.scanned]
    if not numbers:
        return scans
    reason = ocr.unavailable()
    if reason is not None:
        scans.unread = [(numbers, reason)]
        return scans
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        scans.unread = [(numbers, f"PDFium cannot render it ({exc})")]
        return scans
    try:
        for n in numbers:
            try:
                page = document[n - 1]
                try:
                    paragraphs = ocr.read(page)
                finally:
                    page.close()
            except (OcrFailed, pypdfium2.PdfiumError) as exc:
                scans.unread.append(([n], str(exc)))
                continue
            pages[n - 1] = _Page([box for p in paragraphs if (box := _ocr_box(p)) is not None], True, True)
            scans.read.append(n)
    finally:
        document.close()
    return scans


def _pages_named(numbers: list[int]) -> str:
    return f"page {numbers[0]} is" if len(numbers) == 1 else f"pages {', '.join(map(str, numbers))} are"


def _ocr_box(paragraph: OcrParagraph) -> _Box | None:
    texts = [_OCR_BULLET.sub("• ", text) for line in paragraph.lines if (text := _clean(line))]
    lines = [_Line(text, _OCR_SIZE, False, False) for text in texts]
    if not lines or not _kept(lines):
        return None  # a picture's few letters ("PS" in an icon) are not text
    return _Box(lines, paragraph.top, paragraph.bottom)


def _mend_recognised(pages: list[_Page]) -> None:
    """What the document itself tells about its recognised lines. Its apostrophe: a straight one between letters
    becomes the typographic one when the recognised text mostly has that (Tesseract reads the same glyph as either).
    In a French document, an elided "l" read as "|" or "1" and a space after an elided word's apostrophe. Its
    accents: Tesseract drops the accent of a capital and misreads accents ("Echelle", "Fenétre"); a capitalised word
    the document never writes in lower case, whose letters (accents aside) it writes in lower case one way only,
    takes that spelling where it differs only by its first letter's accent or by an accent read wrong — never by an
    accent added to a bare letter inside the word ("Mais" is a word, not "maïs" misread)."""
    from askcloud.text import detect_language

    recognised = [line for page in pages if page.ocr for box in page.boxes for line in box.lines]
    french = detect_language(" ".join(line.text for line in recognised), default="en") == "fr"
    typographic = sum(len(re.findall(r"[^\W\d_]’[^\W\d_]", line.text)) for line in recognised)
    straight = sum(len(_OCR_STRAIGHT.findall(line.text)) for line in recognised)
    lower: dict[str, set[str]] = {}
    for line in (line for page in pages for box in page.boxes for line in box.lines):
        for word in _OCR_WORD.findall(line.text):
            if word[0].islower():
                lower.setdefault(_bare(word.lower()), set()).add(word.lower())

    def spelt(match: re.Match) -> str:
        word = match.group()
        if not word[0].isupper() or not word[1:].islower():
            return word
        forms = lower.get(_bare(word.lower()), set())
        if word.lower() in forms or len(forms) != 1:
            return word
        form = next(iter(forms))
        if len(form) != len(word) or any(a != b and _bare(a) == a for a, b in zip(word[1:], form[1:])):
            return word  # an accent added to a bare letter inside the word: another word, not a misreading
        return form[0].upper() + form[1:]

    for line in recognised:
        if french:
            line.text = _OCR_ELISION.sub(r"\1", _OCR_ELL.sub("l", line.text))
        if typographic >= straight:
            line.text = _OCR_STRAIGHT.sub("’", line.text)
        line.text = _OCR_WORD.sub(spelt, line.text)


def _bare(word: str) -> str:
    """A word without its accents ("fenêtre" → "fenetre")."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def _read_pages(data: bytes) -> list[_Page]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException

    try:
        return [_page([box for box in _reading_order(_boxes(layout)) if _kept(box.lines)], layout)
                for layout in extract_pages(io.BytesIO(data), laparams=LAParams())]
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise Unreadable("is an encrypted PDF") from exc
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AssertionError) as exc:
        raise Unreadable(f"is not a readable PDF ({type(exc).__name__}: {exc})".splitlines()[0][:200]) from exc


def _reading_order(boxes: list[_Box]) -> list[_Box]:
    """A one-column page's boxes top to bottom, boxes side by side (a term and its description in a two-column
    definition list, "NONE" beside "Aucun verbiage…") left to right. pdfminer orders boxes by its own layout
    analysis, which stacked such terms before their descriptions; a page with columns (two boxes side by side, each
    over 30 % of the page width) keeps pdfminer's order."""
    for a in boxes:
        for b in boxes:
            if (a.right <= b.left and min(a.right - a.left, b.right - b.left) > _COLUMN
                    and min(a.bottom, b.bottom) - max(a.top, b.top) > 0):
                return boxes
    ordered = sorted(_mend(boxes), key=lambda box: box.top)
    rows: list[list[_Box]] = []
    for box in ordered:
        if rows and box.top - rows[-1][0].top < _ROW:
            rows[-1].append(box)
        else:
            rows.append([box])
    read: list[_Box] = []
    margin = _right_margin(boxes)
    for box in (box for row in rows for box in sorted(row, key=lambda box: box.left)):
        if read and _continues(read[-1], box, margin):
            read[-1] = _Box(read[-1].lines + box.lines, read[-1].top, box.bottom, min(read[-1].left, box.left),
                            max(read[-1].right, box.right))
        else:
            read.append(box)
    return read


def _right_margin(boxes: list[_Box]) -> float | None:
    """Where justified lines end (points): the right edge most lines share, if a few do."""
    ends = Counter(round(line.x1) for box in boxes for line in box.lines if line.x1)
    edge, n = ends.most_common(1)[0] if ends else (0, 0)
    return float(edge) if n >= 3 else None


def _continues(above: _Box, box: _Box, margin: float | None) -> bool:
    """Whether a box goes on with the paragraph above it: that one's last line is justified to the right margin
    (a paragraph's last line is not, as a rule), the box's first line is the next line (one line pitch below, same
    size and font kind, starting no further right than the paragraph's lines, or an item's text). pdfminer cuts a paragraph whose first
    line is indented and whose last is short, "Vous pouvez spécifier⏎plusieurs fichiers à la fois", when it has
    two lines."""
    last, first = above.lines[-1], box.lines[0]
    size = max(last.size, first.size)
    if margin is None or not size or last.mono or first.mono or abs(last.x1 - margin) > 1.5:
        return False
    if abs(last.size - first.size) > 0.5 or not 0.8 * size <= last.base - first.base <= 1.5 * size:
        return False
    if _BULLET.match(first.text) and not _DASH.match(first.text):
        return False
    left = min(line.x0 for line in above.lines)
    if _ITEM.match(above.lines[0].text):
        return first.x0 - left < 1.5 * size  # an item's next lines hang under its text
    # a next line starts left of an indented first line, or at the left edge two lines or more already show; a
    # line as far in as a lone line above may be a new paragraph's first
    return first.x0 < left - 2.0 or (len(above.lines) > 1 and first.x0 - left < 2.0)


def _mend(boxes: list[_Box]) -> list[_Box]:
    """A justified line whose wide spaces made pdfminer cut it into boxes ("Pour" | "l’éviter, utilisez" |
    "conjointement" | "l’une des options…"), put back together: a one-line box on the baseline of another box's
    line, starting less than 1.5 font sizes after it ends, is the rest of that line (a definition list’s
    description stands further off: 29 to 35 pt after "NONE" or "--pdf", 17.5 pt after "datadir", at 11 pt;
    the pieces of a justified line were 6 to 12 pt apart)."""
    boxes = list(boxes)
    _put_back(boxes, _superscript, "")  # first, while the line still ends where its superscript starts
    _put_back(boxes, lambda rest, line: abs(line.base - rest.base) < 1.0
              and 0 <= rest.x0 - line.x1 < 1.5 * max(line.size, rest.size), " ")
    return boxes


def _put_back(boxes: list[_Box], belongs, glue: str) -> None:
    """Each one-line box whose line belongs at the end of another box's line (`belongs(piece, line)`) moved there."""
    merged = True
    while merged:
        merged = False
        for piece in (b for b in boxes if len(b.lines) == 1):
            rest = piece.lines[0]
            for box in boxes:
                line = next((line for line in box.lines if box is not piece and belongs(rest, line)), None)
                if line is not None:
                    line.text, line.x1 = line.text.rstrip() + glue + rest.text.strip(), rest.x1
                    box.right = max(box.right, piece.right)
                    boxes.remove(piece)
                    merged = True
                    break
            if merged:
                break


def _superscript(rest: _Line, line: _Line) -> bool:
    """A smaller glyph raised at a line's end: "XX" and its "e" ("XXe siècle"), which pdfminer boxes apart."""
    return (rest.size <= 0.9 * line.size and 0.3 * line.size < rest.base - line.base < 0.7 * line.size
            and abs(rest.x0 - line.x1) < 1.0 and len(rest.text.strip()) <= 3)


def _boxes(layout) -> list[_Box]:
    from pdfminer.layout import LTTextContainer

    return [box for element in layout if isinstance(element, LTTextContainer)
            if (box := _box(element, layout.height, layout.width)) is not None]


def _page(boxes: list[_Box], layout) -> _Page:
    text = sum(len(box.text.strip()) for box in boxes)
    return _Page(boxes, text < _SCANNED_TEXT and _imaged(layout) >= _SCANNED_IMAGE)


def _imaged(layout) -> float:
    """The share of the page's area under images (a scan may come as several strips), at most 1."""
    from pdfminer.layout import LTFigure, LTImage

    def images(container):
        for item in container:
            if isinstance(item, LTImage):
                yield item
            elif isinstance(item, LTFigure):
                yield from images(item)

    area = (layout.width * layout.height) or 1.0
    x0, y0, x1, y1 = layout.bbox
    return min(1.0, sum(max(0.0, min(i.x1, x1) - max(i.x0, x0)) * max(0.0, min(i.y1, y1) - max(i.y0, y0)) / area
                        for i in images(layout)))


def _box(element, page_height: float, page_width: float = 0.0) -> _Box | None:
    from pdfminer.layout import LTTextLine

    lines = [line for item in element if isinstance(item, LTTextLine) if (line := _line(item)) is not None]
    if any(not line.mono for line in lines):
        for line in lines:
            if line.mixed:
                line.mono = False  # words in code's font inside a paragraph: "… sous Démarrer > Accessoires",
                # "fonts='#f'." (a code line proper is wholly monospace)
    if not lines:
        return None  # a box without words (glyph soup, see _kept) is left out once superscripts have found their line
    height = page_height or 1.0
    width = page_width or 1.0
    return _Box(lines, 1 - element.y1 / height, 1 - element.y0 / height, element.x0 / width, element.x1 / width)


def _line(item) -> _Line | None:
    from pdfminer.layout import LTChar

    text = _clean(_glyphs(item).rstrip("\n"))
    if not text.strip() or _LEADERS.search(text):
        return None  # a table of contents' line ("1.2 Title . . . . 24") is navigation, not content
    sizes, fonts = Counter(), Counter()
    for char in item:
        if isinstance(char, LTChar) and not char.get_text().isspace():
            sizes[round(char.size, 1)] += 1
            fonts[char.fontname] += 1
    font = fonts.most_common(1)[0][0] if fonts else ""
    mono = bool(_MONO.search(font))
    return _Line(text, sizes.most_common(1)[0][0] if sizes else 0.0, bool(_BOLD.search(font)), mono,
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


def _clean(text: str) -> str:
    text = _CID.sub("", text)
    text = _ACCENTED.sub(_compose, text)
    for ligature, letters in _LIGATURES.items():
        text = text.replace(ligature, letters)
    return unicodedata.normalize("NFC", text)


def _compose(match: re.Match) -> str:
    mark, letter = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
    letter = {"ı": "i", "ȷ": "j"}.get(letter, letter)
    return unicodedata.normalize("NFC", letter + _ACCENTS[mark])


def _kept(lines: list[_Line]) -> bool:
    """A box worth reading: text with words, or verbatim code (a monospace font, an option, code punctuation)."""
    text = " ".join(line.text for line in lines)
    return _wordy(text) or all(line.mono or _CODE.search(line.text) for line in lines)


def _wordy(text: str) -> bool:
    """Text a reader reads, not the glyph soup of music notation or a figure's labels ("h hh P", "3 4")."""
    words = [w for w in re.findall(r"[^\W\d_]{3,}", text) if _VOWEL.search(w) and len(set(w.lower())) > 1]
    return bool(words) and sum(map(len, words)) >= 0.3 * len(re.sub(r"\s", "", text))


def _body_size(pages: list[_Page]) -> float:
    sizes: Counter[float] = Counter()
    for line in (line for page in pages for box in page.boxes for line in box.lines):
        sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _margin_key(box: _Box) -> str | None:
    if box.top > _MARGIN and box.bottom < 1 - _MARGIN:
        return None
    return re.sub(r"\d+", "#", " ".join(box.text.split())).lower()


def _running_lines(pages: list[_Page]) -> set[str]:
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({_margin_key(box) for box in page.boxes} - {None})
    return {key for key, n in counts.items() if n >= _REPEATED}


def _furniture(box: _Box, running: set[str]) -> bool:
    key = _margin_key(box)
    return key is not None and (key in running or _PAGE_NUMBER.fullmatch(key) is not None)


def _runs(lines: list[_Line], body: float) -> list[list[_Line]]:
    """A box's lines cut where they change from heading to body text or to code (pdfminer often boxes a heading
    with the paragraph under it)."""
    runs: list[list[_Line]] = []
    for line in lines:
        if runs and (_style(runs[-1][-1], body) == _style(line, body) or _heading_goes_on(runs[-1], line, body)):
            runs[-1].append(line)
        else:
            runs.append([line])
    return runs


def _heading_goes_on(run: list[_Line], line: _Line, body: float) -> bool:
    """A heading's second line in its size and weight, which starts in lower case ("… standard de⏎l’interpréteur")."""
    last = run[-1]
    return (_style(last, body) == "heading" and len(run) < 3 and not line.mono and line.bold == last.bold
            and abs(line.size - last.size) < 0.1 and len(line.text) < 100
            and not last.text.rstrip().endswith((".", ":", ";", "!", "?")) and line.text.lstrip()[:1].islower())


def _style(line: _Line, body: float) -> str:
    if line.mono and not (line.mixed and line.size >= body * _HEADING_RATIO):
        return "code"  # a heading naming code in its own font ("Message d’erreur FT_Get_Glyph_Name") is a heading
    text = line.text.strip()
    if len(text) > 150 or text.endswith((".", ",", ";", ":")) or not re.match(r"[\dA-ZÀ-Ý]", text):
        return "body"
    if not any(_VOWEL.search(w) for w in re.findall(r"[^\W\d_]{4,}", text)):
        return "body"
    return "heading" if line.size >= body * _HEADING_RATIO or (line.bold and len(text) < 100) else "body"


def _emit(out: TextBuilder, run: list[_Line], body: float, words: _Words) -> None:
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


def _level(line: _Line, body: float) -> int:
    ratio = line.size / body if body else 1.0
    return 1 if ratio >= 1.6 else 2 if ratio >= 1.3 else 3


def _bullets(lines: list[str]) -> list[bool]:
    """Which lines open a list item. A bullet glyph always does; a dash only as the box's first line, after a line
    ending with a colon, or after another dash item: TeX sets the en dash of running text at a line start too
    ("… le temps processeur⏎– grâce à ulimit -t par exemple – …")."""
    flags: list[bool] = []
    for i, line in enumerate(lines):
        if _DASH.match(line):
            flags.append(i == 0 or lines[i - 1].rstrip().endswith(":")
                         or any(f and _DASH.match(lines[j]) for j, f in enumerate(flags)))
        else:
            flags.append(bool(_BULLET.match(line)))
    return flags


def _items(lines: list[str], words: _Words | None = None) -> list[str]:
    items: list[list[str]] = []
    for line, bullet in zip(lines, _bullets(lines)):
        if bullet or not items:
            items.append([line.strip()])
        else:
            items[-1].append(line)
    return [_join(item, words) for item in items]


def _join(lines: list[str], words: _Words | None = None) -> str:
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
