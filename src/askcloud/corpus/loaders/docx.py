"""Word documents (.docx, Office Open XML): the body's text block by block, through python-docx.

python-docx opens the package (its XML parser never resolves entities) and gives each run's text; the structure is
read from the WordprocessingML itself:
- a heading is a paragraph with an outline level (`w:outlineLvl` 0-8 in its own properties, else in its style or
  the styles that style is based on), else one whose style is a built-in heading (style id `Heading1`…`Heading9`
  or the built-in name `heading 1`…, which Word keeps in English whatever the interface language; `Title` is a
  level 1). A localised display name ("Titre 1") is never read;
- a list item is a numbered or bulleted paragraph (`w:numPr` in the paragraph or its style chain);
- a term (as an HTML `<dt>`) is a short paragraph without closing punctuation followed by a paragraph indented
  deeper than it (`w:ind`, own or from the style chain): a definition list as a reader sees it, which Writer writes
  for HTML's `<dl>` and people type by hand;
- a table row is one block, its cells joined by " | "; a table whose cells hold several paragraphs or a table is a
  layout box (a note, a frame) and is read as paragraphs;
- content controls (`w:sdt`) and tracked insertions are read; deletions, headers, footers, footnotes, comments and
  text boxes are not (they are not the body a reader follows).
A line break inside a paragraph is kept; every other run of white space becomes one space.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from askcloud.corpus.loaders.archive import open_archive
from askcloud.corpus.loaders.base import TextBuilder, Unreadable, flatten
from askcloud.corpus.models import Extracted

SUFFIXES = (".docx",)

_BUILTIN_HEADING = re.compile(r"heading ?([1-9])", re.IGNORECASE)
_TITLE = "title"
_TERM_MAX = 80  # characters: a term names an option or an entry, it is no sentence
_CLOSING = (".", ",", ";", ":", "!", "?", "…")
_RUN_PATHS = "w:r | w:hyperlink/w:r | w:ins/w:r | w:hyperlink/w:ins/w:r | w:smartTag/w:r | w:fldSimple/w:r " \
             "| w:sdt/w:sdtContent/w:r | w:customXml/w:r"


@dataclass(frozen=True)
class _Style:
    based_on: str | None
    outline: int | None  # 0-based outline level set by the style itself
    numbered: bool | None  # None: the style says nothing about numbering
    builtin_level: int | None  # from the built-in heading id or name
    indent: int | None  # left indent in twentieths of a point, None: the style sets none


def extract(data: bytes) -> Extracted:
    open_archive(data, required="word/document.xml").close()
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise Unreadable(f"is not a readable Word document ({exc})".splitlines()[0]) from exc
    walker = _Walker(*_styles(document))
    walker.body(document.element.body)
    walker.settle(None)
    return walker.out.build()


class _Walker:
    def __init__(self, styles: dict[str, _Style], default_style: str | None) -> None:
        self.styles = styles
        self.default_style = default_style
        self.out = TextBuilder()
        self.last = ""
        self.candidate: tuple[str, int] | None = None  # a short paragraph that is a term if an indented one follows

    def body(self, parent) -> None:
        from docx.oxml.ns import qn

        for child in parent.iterchildren():
            if child.tag == qn("w:p"):
                self.paragraph(child)
            elif child.tag == qn("w:tbl"):
                self.table(child)
            elif child.tag in (qn("w:sdt"), qn("w:customXml")):
                content = child.find(qn("w:sdtContent"))
                self.body(content if content is not None else child)

    def paragraph(self, p) -> None:
        text = _text(p)
        if not text.strip():
            return
        level = self.heading_level(p)
        if level:
            self.settle(None)
            self.add("heading", flatten(text), min(level, 6))
        elif self.numbered(p):
            self.settle(None)
            self.add("item", _lines(text))
        else:
            indent = self.indent(p)
            self.settle(indent)
            line = _lines(text)
            if len(line) <= _TERM_MAX and "\n" not in line and not line.endswith(_CLOSING):
                self.candidate = (line, indent)
            else:
                self.add("paragraph", line)

    def settle(self, next_indent: int | None) -> None:
        """The pending short paragraph becomes a term when the paragraph after it is indented deeper."""
        if self.candidate is not None:
            text, indent = self.candidate
            self.candidate = None
            self.add("term" if next_indent is not None and next_indent > indent else "paragraph", text)

    def indent(self, p) -> int:
        own = _twips(p.xpath("w:pPr/w:ind/@w:left | w:pPr/w:ind/@w:start"))
        if own is not None:
            return own
        return next((s.indent for s in self.chain(p) if s.indent is not None), 0)

    def table(self, tbl) -> None:
        self.settle(None)
        rows = tbl.xpath("w:tr")
        if any(_layout_cell(tc) for tr in rows for tc in tr.xpath("w:tc")):
            for p in tbl.xpath(".//w:p"):
                self.paragraph(p)
            return
        for tr in rows:
            cells = [flatten(" ".join(_text(p) for p in tc.xpath(".//w:p"))) for tc in tr.xpath("w:tc")]
            if any(cells):
                self.add("row", " | ".join(cells))

    def add(self, kind: str, text: str, level: int = 0) -> None:
        if text.strip():
            self.out.add(kind, text, level, tight=kind in ("item", "row") and self.last == kind)
            self.last = kind

    def heading_level(self, p) -> int | None:
        own = _outline(p.xpath("w:pPr/w:outlineLvl/@w:val"))
        if own is not None:
            return own + 1 if own < 9 else None
        for style in self.chain(p):
            if style.outline is not None:
                return style.outline + 1 if style.outline < 9 else None
            if style.builtin_level:
                return style.builtin_level
        return None

    def numbered(self, p) -> bool:
        own = p.xpath("w:pPr/w:numPr/w:numId/@w:val")
        if own:
            return own[0] != "0"
        return next((s.numbered for s in self.chain(p) if s.numbered is not None), False)

    def chain(self, p):
        """The paragraph's style and the styles it is based on, nearest first (a loop in basedOn ends the walk)."""
        ids = p.xpath("w:pPr/w:pStyle/@w:val")
        style_id, seen = (ids[0] if ids else self.default_style), set()
        while style_id and style_id not in seen and style_id in self.styles:
            seen.add(style_id)
            style = self.styles[style_id]
            yield style
            style_id = style.based_on


def _styles(document) -> tuple[dict[str, _Style], str | None]:
    """Every paragraph style by id, and the id of the default paragraph style (what an unstyled paragraph has)."""
    found: dict[str, _Style] = {}
    default = None
    for element in document.styles.element.xpath("w:style[@w:type='paragraph']"):
        style_id = element.get(_w("styleId"))
        if not style_id:
            continue
        name = (element.xpath("w:name/@w:val") or [""])[0]
        num = element.xpath("w:pPr/w:numPr/w:numId/@w:val")
        found[style_id] = _Style(
            based_on=(element.xpath("w:basedOn/@w:val") or [None])[0],
            outline=_outline(element.xpath("w:pPr/w:outlineLvl/@w:val")),
            numbered=(num[0] != "0") if num else None,
            builtin_level=_builtin_level(style_id) or _builtin_level(name),
            indent=_twips(element.xpath("w:pPr/w:ind/@w:left | w:pPr/w:ind/@w:start")),
        )
        if default is None and element.get(_w("default")) in ("1", "true", "on"):
            default = style_id
    return found, default


def _w(name: str) -> str:
    from docx.oxml.ns import qn

    return qn(f"w:{name}")


def _builtin_level(name: str) -> int | None:
    name = name.strip()
    if name.lower() == _TITLE:
        return 1
    match = _BUILTIN_HEADING.fullmatch(name)
    return int(match.group(1)) if match else None


def _twips(values: list[str]) -> int | None:
    try:
        return int(values[0]) if values else None
    except ValueError:
        return None


def _outline(values: list[str]) -> int | None:
    try:
        return int(values[0]) if values else None
    except ValueError:
        return None


def _text(p) -> str:
    return "".join(r.text for r in p.xpath(_RUN_PATHS))


def _lines(text: str) -> str:
    return "\n".join(line for line in (flatten(part) for part in text.split("\n")) if line)


def _layout_cell(tc) -> bool:
    """A cell holding a table, or more than one paragraph of text, lays out a box rather than holding a datum."""
    if tc.xpath(".//w:tbl"):
        return True
    return sum(1 for p in tc.xpath("w:p") if _text(p).strip()) > 1
