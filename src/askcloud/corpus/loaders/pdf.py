"""PDF: pdfminer.six's layout analysis, page by page, into paragraphs, headings, list items and code blocks.

Chosen by measurement (docs/corpus.md): pdfminer groups lines into paragraphs (pypdf gives bare lines), finds
font sizes for headings, and is MIT-licensed (PyMuPDF is AGPL). Running headers and footers (a line repeated in
the page margins) and lone page numbers are dropped; TeX's spacing accents ("d´ecid´es") are composed back
("décidés"), ligatures unfolded, words hyphenated at a line end joined. The offset where each page starts is kept.

A scanned page (less than a line of text, images over half of it) is read by OCR (ocr.py): its paragraphs go
through the same steps as a text page's boxes, Tesseract's usual slips mended first ("|’outil", "qu’ Annuler", a
straight apostrophe among typographic ones, "Echelle" in a document that writes "échelle"), and its number is kept
in `Extracted.ocr_pages` so that a citation can say its quote was recognised. Without Tesseract such a page is left out, and `Extracted.unread` says why.

The steps, each in its module: pdf_layout.py reads the pages into boxes in reading order (pdf_glyphs.py reads each
line's text from its glyphs, pdf_page.py holds what a page is made of), pdf_scans.py reads and mends scanned pages,
pdf_margins.py tells running headers, footers and page numbers, pdf_blocks.py makes headings, code, items and
paragraphs of the rest.
"""

from __future__ import annotations

from dataclasses import replace

from askcloud.corpus.loaders.base import TextBuilder, Unreadable
from askcloud.corpus.loaders.ocr import Ocr
from askcloud.corpus.loaders.pdf_blocks import Words, body_size, emit, split_runs
from askcloud.corpus.loaders.pdf_layout import read_pages
from askcloud.corpus.loaders.pdf_margins import is_furniture, running_lines
from askcloud.corpus.loaders.pdf_scans import OCR_SIZE, mend_recognised, recognise
from askcloud.corpus.models import Extracted

SUFFIXES = (".pdf",)


def extract(data: bytes, ocr: Ocr | None = None) -> Extracted:
    pages = read_pages(data)
    scans = recognise(data, pages, ocr or Ocr())
    if scans.read:
        mend_recognised(pages)
    body = body_size([p for p in pages if not p.ocr])
    furniture = running_lines(pages)
    words = Words()
    for page in pages:
        for box in page.boxes:
            if not is_furniture(box, furniture):
                words.add([line.text for line in box.lines])
    out = TextBuilder()
    for page in pages:
        out.new_page()
        size = OCR_SIZE if page.ocr else body
        for box in page.boxes:
            if not is_furniture(box, furniture):
                for run in split_runs(box.lines, size):
                    emit(out, run, size, words)
    extracted = out.build()
    if not extracted.text.strip() and scans.unread:
        raise Unreadable(f"is a scanned PDF and was not read: {scans.unread[0][1]}")
    return replace(extracted, ocr_pages=tuple(scans.read), unread=scans.lines())
