"""PDF: a document's pages read by pdfminer's layout analysis into boxes in reading order — a justified line
pdfminer cut into boxes put back together, boxes side by side read left to right, a paragraph cut in two joined
again — and which pages are scans (little text, images over most of the page)."""

from __future__ import annotations

import io
from collections import Counter

from askcloud.corpus.loaders.base import Unreadable
from askcloud.corpus.loaders.pdf_blocks import BULLET, DASH, ITEM
from askcloud.corpus.loaders.pdf_glyphs import read_line
from askcloud.corpus.loaders.pdf_page import Box, Line, Page, kept

_COLUMN = 0.3  # a box over this share of the page width beside another such box: the page has columns
_ROW = 0.004  # boxes whose tops are this close (a share of the page height, 3.4 pt on A4) stand side by side
_SCANNED_TEXT = 40  # a page with fewer characters of text than a line holds…
_SCANNED_IMAGE = 0.5  # …and images over this share of its area is a scan


def read_pages(data: bytes) -> list[Page]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException

    try:
        return [_page([box for box in _reading_order(_boxes(layout)) if kept(box.lines)], layout)
                for layout in extract_pages(io.BytesIO(data), laparams=LAParams())]
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise Unreadable("is an encrypted PDF") from exc
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AssertionError) as exc:
        raise Unreadable(f"is not a readable PDF ({type(exc).__name__}: {exc})".splitlines()[0][:200]) from exc


def _reading_order(boxes: list[Box]) -> list[Box]:
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
    rows: list[list[Box]] = []
    for box in ordered:
        if rows and box.top - rows[-1][0].top < _ROW:
            rows[-1].append(box)
        else:
            rows.append([box])
    read: list[Box] = []
    margin = _right_margin(boxes)
    for box in (box for row in rows for box in sorted(row, key=lambda box: box.left)):
        if read and _continues(read[-1], box, margin):
            read[-1] = Box(read[-1].lines + box.lines, read[-1].top, box.bottom, min(read[-1].left, box.left),
                            max(read[-1].right, box.right))
        else:
            read.append(box)
    return read


def _right_margin(boxes: list[Box]) -> float | None:
    """Where justified lines end (points): the right edge most lines share, if a few do."""
    ends = Counter(round(line.x1) for box in boxes for line in box.lines if line.x1)
    edge, n = ends.most_common(1)[0] if ends else (0, 0)
    return float(edge) if n >= 3 else None


def _continues(above: Box, box: Box, margin: float | None) -> bool:
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
    if BULLET.match(first.text) and not DASH.match(first.text):
        return False
    left = min(line.x0 for line in above.lines)
    if ITEM.match(above.lines[0].text):
        return first.x0 - left < 1.5 * size  # an item's next lines hang under its text
    # a next line starts left of an indented first line, or at the left edge two lines or more already show; a
    # line as far in as a lone line above may be a new paragraph's first
    return first.x0 < left - 2.0 or (len(above.lines) > 1 and first.x0 - left < 2.0)


def _mend(boxes: list[Box]) -> list[Box]:
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


def _put_back(boxes: list[Box], belongs, glue: str) -> None:
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


def _superscript(rest: Line, line: Line) -> bool:
    """A smaller glyph raised at a line's end: "XX" and its "e" ("XXe siècle"), which pdfminer boxes apart."""
    return (rest.size <= 0.9 * line.size and 0.3 * line.size < rest.base - line.base < 0.7 * line.size
            and abs(rest.x0 - line.x1) < 1.0 and len(rest.text.strip()) <= 3)


def _boxes(layout) -> list[Box]:
    from pdfminer.layout import LTTextContainer

    return [box for element in layout if isinstance(element, LTTextContainer)
            if (box := _box(element, layout.height, layout.width)) is not None]


def _page(boxes: list[Box], layout) -> Page:
    text = sum(len(box.text.strip()) for box in boxes)
    return Page(boxes, text < _SCANNED_TEXT and _imaged(layout) >= _SCANNED_IMAGE)


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


def _box(element, page_height: float, page_width: float = 0.0) -> Box | None:
    from pdfminer.layout import LTTextLine

    lines = [line for item in element if isinstance(item, LTTextLine) if (line := read_line(item)) is not None]
    if any(not line.mono for line in lines):
        for line in lines:
            if line.mixed:
                line.mono = False  # words in code's font inside a paragraph: "… sous Démarrer > Accessoires",
                # "fonts='#f'." (a code line proper is wholly monospace)
    if not lines:
        return None  # a box without words (glyph soup, see kept) is left out once superscripts have found their line
    height = page_height or 1.0
    width = page_width or 1.0
    return Box(lines, 1 - element.y1 / height, 1 - element.y0 / height, element.x0 / width, element.x1 / width)
