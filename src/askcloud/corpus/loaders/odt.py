"""OpenDocument text (.odt, LibreOffice Writer): the body's text block by block, from its content.xml.

content.xml is parsed with lxml, entities off (no DTD is loaded, no entity resolved, no network), after
`archive.open_archive` has refused any member that declares a DTD. The structure is the document's own:
- a heading is a `text:h` element, its level `text:outline-level` (1 when absent, as ODF says); a `text:p` is never
  a heading, whatever its style's name ("Titre 1" is only a display name);
- a `text:list`'s paragraphs are list items (nested lists too);
- a term (as an HTML `<dt>`) is a short paragraph without closing punctuation followed by a paragraph indented
  deeper than it (`fo:margin-left` of its style or the styles it inherits from): a definition list as a reader sees
  it, which Writer writes for HTML's `<dl>` and people type by hand;
- a table row is one block, its cells joined by " | " (covered cells of a merge are skipped); a table whose cells
  hold several paragraphs or a table is a layout box (a note, a frame) and is read as paragraphs;
- sections are read through; generated indexes (a table of contents repeats the headings), notes, annotations,
  tracked deletions and drawing frames are not read.
`text:s`, `text:tab` and `text:line-break` become a space, a tab and a kept line break; other runs of white space
become one space, as ODF itself collapses them.
"""

from __future__ import annotations

from askcloud.corpus.loaders.archive import open_archive
from askcloud.corpus.loaders.base import TextBuilder, Unreadable, flatten
from askcloud.corpus.models import Extracted

SUFFIXES = (".odt",)

_MIMETYPES = ("application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.text-template",
              "application/vnd.oasis.opendocument.text-master")
_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
}
_BREAK = "\x00"  # a text:line-break while a paragraph's text is gathered
_TERM_MAX = 80  # characters: a term names an option or an entry, it is no sentence
_CLOSING = (".", ",", ";", ":", "!", "?", "…")
_POINTS = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "pc": 12.0, "px": 0.75}


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{_NS[prefix]}}}{local}"


_SKIPPED_INLINE = {_q("text:note"), _q("office:annotation"), _q("office:annotation-end"), _q("text:tracked-changes"),
                   _q("text:bookmark-ref"), "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}frame",
                   "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}a",
                   "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}custom-shape"}
_INDEXES = {_q(f"text:{name}") for name in ("table-of-content", "alphabetical-index", "illustration-index",
                                            "table-index", "object-index", "user-index", "bibliography")}


def extract(data: bytes) -> Extracted:
    with open_archive(data, required="content.xml") as archive:
        names = set(archive.namelist())
        mimetype = archive.read("mimetype").decode("ascii", "replace").strip() if "mimetype" in names else ""
        if mimetype and mimetype not in _MIMETYPES:
            raise Unreadable(f"is not an OpenDocument text (its type is {mimetype})")
        manifest = archive.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in names else b""
        if b"encryption-data" in manifest:
            raise Unreadable("is password-protected (its content is encrypted)")
        content = archive.read("content.xml")
        styles = archive.read("styles.xml") if "styles.xml" in names else b""
    root = _parse(content)
    body = root.find(f"{_q('office:body')}/{_q('office:text')}")
    if body is None:
        raise Unreadable("has no text body (not a text document)")
    walker = _Walker(_indents(root, _parse(styles) if styles else None))
    walker.body(body)
    walker.settle(None)
    return walker.out.build()


def _parse(content: bytes):
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(content, parser)
    except etree.XMLSyntaxError as exc:
        raise Unreadable(f"has a damaged content.xml ({exc})".splitlines()[0]) from exc


class _Walker:
    def __init__(self, indents: dict[str, tuple[str | None, float | None]]) -> None:
        self.indents = indents  # paragraph style name -> (parent style, left margin in points or None)
        self.out = TextBuilder()
        self.last = ""
        self.candidate: tuple[str, float] | None = None  # a short paragraph: a term if an indented one follows

    def body(self, parent, kind: str = "paragraph") -> None:
        for child in parent:
            tag = child.tag
            if tag == _q("text:h"):
                self.settle(None)
                self.add("heading", flatten(_text(child).replace(_BREAK, " ")), _level(child))
            elif tag == _q("text:p") and kind == "paragraph":
                self.paragraph(child)
            elif tag == _q("text:p"):
                self.settle(None)
                self.add(kind, _lines(_text(child)))
            elif tag == _q("text:list"):
                self.settle(None)
                for entry in child:
                    if entry.tag in (_q("text:list-item"), _q("text:list-header")):
                        self.body(entry, "item")
            elif tag == _q("table:table"):
                self.table(child)
            elif tag in (_q("text:section"), _q("text:list-item")) or tag in _ROW_GROUPS:
                self.body(child, kind)

    def paragraph(self, p) -> None:
        line = _lines(_text(p))
        if not line:
            return
        indent = self.indent(p.get(_q("text:style-name")))
        self.settle(indent)
        if len(line) <= _TERM_MAX and "\n" not in line and not line.endswith(_CLOSING):
            self.candidate = (line, indent)
        else:
            self.add("paragraph", line)

    def settle(self, next_indent: float | None) -> None:
        """The pending short paragraph becomes a term when the paragraph after it is indented deeper."""
        if self.candidate is not None:
            text, indent = self.candidate
            self.candidate = None
            self.add("term" if next_indent is not None and next_indent > indent else "paragraph", text)

    def indent(self, style: str | None) -> float:
        seen: set[str] = set()
        while style and style not in seen and style in self.indents:
            seen.add(style)
            parent, margin = self.indents[style]
            if margin is not None:
                return margin
            style = parent
        return 0.0

    def table(self, table) -> None:
        self.settle(None)
        rows = _rows(table)
        if any(_layout_cell(cell) for row in rows for cell in _cells(row)):
            self.body_of_cells(rows)
            return
        for row in rows:
            cells = [flatten(" ".join(_text(p).replace(_BREAK, " ") for p in cell.iter(_q("text:p"), _q("text:h"))))
                     for cell in _cells(row)]
            if any(cells):
                self.add("row", " | ".join(cells))

    def body_of_cells(self, rows) -> None:
        for row in rows:
            for cell in _cells(row):
                self.body(cell)

    def add(self, kind: str, text: str, level: int = 0) -> None:
        if text.strip():
            self.out.add(kind, text, level, tight=kind in ("item", "row") and self.last == kind)
            self.last = kind


def _indents(*roots) -> dict[str, tuple[str | None, float | None]]:
    """Every paragraph style of content.xml (automatic) and styles.xml: its parent and its own left margin."""
    style_ns = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
    fo_ns = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
    found: dict[str, tuple[str | None, float | None]] = {}
    for root in roots:
        if root is None:
            continue
        for style in root.iter(f"{{{style_ns}}}style"):
            if style.get(f"{{{style_ns}}}family") != "paragraph" or not style.get(f"{{{style_ns}}}name"):
                continue
            props = style.find(f"{{{style_ns}}}paragraph-properties")
            margin = _points(props.get(f"{{{fo_ns}}}margin-left")) if props is not None else None
            found[style.get(f"{{{style_ns}}}name")] = (style.get(f"{{{style_ns}}}parent-style-name"), margin)
    return found


def _points(length: str | None) -> float | None:
    """An ODF length ("0.3937in", "1cm", "12pt") in points; None when absent or not a length."""
    if not length:
        return None
    unit = length[-2:]
    try:
        return float(length[:-2]) * _POINTS[unit]
    except (KeyError, ValueError):
        return None


_ROW_GROUPS = {_q("table:table-header-rows"), _q("table:table-rows"), _q("table:table-row-group")}


def _rows(table) -> list:
    rows = []
    for child in table:
        if child.tag == _q("table:table-row"):
            rows.append(child)
        elif child.tag in _ROW_GROUPS:
            rows.extend(_rows(child))
    return rows


def _cells(row) -> list:
    return [cell for cell in row if cell.tag == _q("table:table-cell")]


def _layout_cell(cell) -> bool:
    """A cell holding a table, or more than one paragraph of text, lays out a box rather than holding a datum."""
    if any(True for _ in cell.iter(_q("table:table"))):
        return True
    return sum(1 for p in cell.iter(_q("text:p"), _q("text:h")) if _text(p).strip()) > 1


def _level(heading) -> int:
    try:
        level = int(heading.get(_q("text:outline-level")) or 1)
    except ValueError:
        level = 1
    return min(max(level, 1), 6)


def _text(element) -> str:
    """The text a reader sees in a paragraph: spans and links read through, notes and frames left out."""
    parts: list[str] = [element.text or ""]
    for child in element:
        tag = child.tag
        if tag == _q("text:s"):
            parts.append(" " * _count(child))
        elif tag == _q("text:tab"):
            parts.append("\t")
        elif tag == _q("text:line-break"):
            parts.append(_BREAK)
        elif tag in _SKIPPED_INLINE or tag in _INDEXES or not isinstance(tag, str):
            pass  # comments and processing instructions have a non-string tag
        else:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _count(space) -> int:
    try:
        return max(1, min(int(space.get(_q("text:c")) or 1), 1000))
    except ValueError:
        return 1


def _lines(text: str) -> str:
    return "\n".join(line for line in (flatten(part) for part in text.split(_BREAK)) if line)
