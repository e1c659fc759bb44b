"""PDF: scanned pages (less than a line of text, images over half of the page) read by OCR (ocr.py), and
Tesseract's usual slips on their lines mended ("|’outil", "qu’ Annuler", a straight apostrophe among typographic
ones, "Echelle" in a document that writes "échelle"). A page that cannot be read is named, with the reason."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from askcloud.corpus.loaders.ocr import Ocr, OcrFailed, OcrParagraph
from askcloud.corpus.loaders.pdf_glyphs import clean
from askcloud.corpus.loaders.pdf_page import Box, Line, Page, kept

# Tesseract tells neither size nor weight, and its word heights do not tell a heading (on a scanned GIMP page a
# bold heading's words were 36 px high, the body's 35-36 px): every recognised line has this size and is body text,
# a paragraph or a list item. Taking each one-line paragraph for a heading was tried: retrieval did not gain
# (evals set scanned: recall@5 0.800 either way, mrr 0.725 against 0.822 without).
OCR_SIZE = 1.0
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
class Scans:
    """What OCR made of a document's scanned pages."""

    read: list[int] = field(default_factory=list)  # 1-based page numbers
    unread: list[tuple[list[int], str]] = field(default_factory=list)  # pages left out, and why

    def lines(self) -> tuple[str, ...]:
        return tuple(f"{_pages_named(numbers)} scanned and not read: {why}" for numbers, why in self.unread)


def recognise(data: bytes, pages: list[Page], ocr: Ocr) -> Scans:
    """Scanned pages read by OCR in place (their boxes replaced); each page that cannot be read is named."""
    scans = Scans()
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
            pages[n - 1] = Page([box for p in paragraphs if (box := _ocr_box(p)) is not None], True, True)
            scans.read.append(n)
    finally:
        document.close()
    return scans


def _pages_named(numbers: list[int]) -> str:
    return f"page {numbers[0]} is" if len(numbers) == 1 else f"pages {', '.join(map(str, numbers))} are"


def _ocr_box(paragraph: OcrParagraph) -> Box | None:
    texts = [_OCR_BULLET.sub("• ", text) for line in paragraph.lines if (text := clean(line))]
    lines = [Line(text, OCR_SIZE, False, False) for text in texts]
    if not lines or not kept(lines):
        return None  # a picture's few letters ("PS" in an icon) are not text
    return Box(lines, paragraph.top, paragraph.bottom)


def mend_recognised(pages: list[Page]) -> None:
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
