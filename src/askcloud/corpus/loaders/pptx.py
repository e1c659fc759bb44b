"""PowerPoint presentations (.pptx, Office Open XML): each slide's text in slide order, through python-pptx (whose
XML parser never resolves entities).

For each slide, in the presentation's order (hidden slides too):
- its title is a heading: level 1 on a title slide (a centred-title placeholder, or a title with a subtitle
  placeholder: LibreOffice writes a title slide's centred title as a plain title), level 2 on every other slide;
- the other shapes follow in reading order (top to bottom, then left to right; groups read through): a paragraph of
  a body placeholder is a list item (slide bodies are bullet points unless a paragraph says `buNone`), a paragraph of
  any other text shape is an item only when it carries its own bullet or number; a table's rows are rows (cells
  joined by " | "); pictures and charts have no text here;
- its speaker notes come last, as paragraphs after a paragraph reading "Notes:" (the marker chosen here, so that a
  quote shows it was said in the notes, not on the slide).
A line break inside a paragraph is kept; every other run of white space becomes one space.
"""

from __future__ import annotations

import io

from askcloud.corpus.loaders.archive import open_archive
from askcloud.corpus.loaders.base import TextBuilder, Unreadable, flatten
from askcloud.corpus.models import Extracted

SUFFIXES = (".pptx",)

NOTES_MARKER = "Notes:"


def extract(data: bytes) -> Extracted:
    open_archive(data, required="ppt/presentation.xml").close()
    from pptx import Presentation
    from pptx.exc import PackageNotFoundError

    try:
        presentation = Presentation(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise Unreadable(f"is not a readable PowerPoint presentation ({exc})".splitlines()[0]) from exc
    walker = _Walker()
    for slide in presentation.slides:
        walker.slide(slide)
    return walker.out.build()


class _Walker:
    def __init__(self) -> None:
        self.out = TextBuilder()
        self.last = ""

    def slide(self, slide) -> None:
        from pptx.enum.shapes import PP_PLACEHOLDER

        title = slide.shapes.title
        if title is not None and title.has_text_frame:
            kinds = {shape.placeholder_format.type for shape in slide.placeholders}
            level = 1 if kinds & {PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.SUBTITLE} else 2
            self.add("heading", flatten(title.text_frame.text.replace("\v", " ")), level)
        for shape in _reading_order(s for s in slide.shapes if title is None or s.shape_id != title.shape_id):
            self.shape(shape)
        notes = slide.notes_slide.notes_text_frame if slide.has_notes_slide else None
        if notes is not None and notes.text.strip():
            self.add("paragraph", NOTES_MARKER)
            for paragraph in notes.paragraphs:
                self.add("paragraph", _lines(paragraph.text))

    def shape(self, shape) -> None:
        from pptx.enum.shapes import MSO_SHAPE_TYPE

        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            for inner in _reading_order(shape.shapes):
                self.shape(inner)
        elif getattr(shape, "has_table", False) and shape.has_table:
            for row in shape.table.rows:
                cells = [flatten(cell.text.replace("\v", " ")) for cell in row.cells if not cell.is_spanned]
                if any(cells):
                    self.add("row", " | ".join(cells))
        elif shape.has_text_frame:
            bulleted = _body_placeholder(shape)
            for paragraph in shape.text_frame.paragraphs:
                kind = "item" if _bullet(paragraph, bulleted) else "paragraph"
                self.add(kind, _lines(paragraph.text))

    def add(self, kind: str, text: str, level: int = 0) -> None:
        if text.strip():
            self.out.add(kind, text, level, tight=kind in ("item", "row") and self.last == kind)
            self.last = kind


def _reading_order(shapes) -> list:
    return sorted(shapes, key=lambda s: (s.top if s.top is not None else 0, s.left if s.left is not None else 0))


def _body_placeholder(shape) -> bool:
    from pptx.enum.shapes import PP_PLACEHOLDER

    if not shape.is_placeholder:
        return False
    return shape.placeholder_format.type in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)


def _bullet(paragraph, default: bool) -> bool:
    """Whether the paragraph shows a bullet or a number: its own properties first, else the shape's default."""
    props = paragraph._p.pPr  # python-pptx exposes no bullet API; the paragraph properties say it
    if props is not None:
        local = {child.tag.rsplit("}", 1)[-1] for child in props}
        if "buNone" in local:
            return False
        if local & {"buChar", "buAutoNum", "buBlip"}:
            return True
    return default


def _lines(text: str) -> str:
    return "\n".join(line for line in (flatten(part) for part in text.replace("\v", "\n").split("\n")) if line)
