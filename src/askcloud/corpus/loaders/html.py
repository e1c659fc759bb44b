"""HTML: the text a reader sees, block by block (BeautifulSoup over lxml).

Paragraphs are joined across the source's line wraps, headings stand on their own line (and are recorded as
headings for the splitter), list items one per line, table rows as "cell | cell", <pre> kept verbatim, and page
furniture dropped: scripts and styles, <nav>, page headers and footers, and the navigation tables of generated
manuals (DocBook's navheader/navfooter, "Précédent / Suivant / Sommaire"). A page that declares its main content
(<main>, or role="main": HTML's own mark for the dominant content of the page) is read there only: what stands
around it — a site's menu bar, a help pop-up, a search box — is the site's, not the page's. The page's title is
the one it states in <title>, less the site's name.
"""

from __future__ import annotations

import warnings

from bs4 import BeautifulSoup, Comment, NavigableString, Tag, XMLParsedAsHTMLWarning
from bs4.dammit import EncodingDetector
from bs4.element import CData, Declaration, Doctype, ProcessingInstruction

from askcloud.corpus.loaders.base import TextBuilder, Unreadable, flatten
from askcloud.corpus.loaders.encoding import decode
from askcloud.corpus.models import Extracted

SUFFIXES = (".html", ".htm", ".xhtml")

_DROPPED_TAGS = {"script", "style", "noscript", "template", "head", "nav", "svg", "iframe", "button", "select",
                 "object", "embed", "canvas", "map", "input", "textarea", "title"}
_DROPPED_CLASSES = {"navheader", "navfooter", "breadcrumb", "breadcrumbs", "navigation", "navbar", "skip-link",
                    "toc", "sidebar", "menu", "footer"}
_DROPPED_ROLES = {"navigation", "banner", "contentinfo", "search"}
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_CAPTIONED = {"figure", "informalfigure", "table", "informaltable", "example", "informalexample"}
_CONTAINERS = {"p", "div", "section", "article", "main", "aside", "blockquote", "figure", "figcaption", "dd", "dl",
               "form", "fieldset", "address", "caption", "center", "details", "summary", "body", "html", "hr",
               "legend", "header", "footer"}
_LISTS = {"ul", "ol", "menu"}
_BLOCKISH = _CONTAINERS | _LISTS | {"li", "table", "pre", "dt"} | set(_HEADINGS)
_ADMONITIONS = {"note", "tip", "warning", "caution", "important"}
_SKIPPED_STRINGS = (Comment, CData, Declaration, Doctype, ProcessingInstruction)
_BREAK = "\x00"  # a <br>, while inline text is gathered (NUL never survives decoding: binary files are refused)


def extract(data: bytes) -> Extracted:
    decoded = decode(data, declared_charset)
    markup = decoded.text
    try:
        with warnings.catch_warnings():  # XHTML pages (DocBook's) are read as HTML on purpose
            warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
            soup = BeautifulSoup(markup, "lxml")
    except Exception as exc:  # lxml refuses a few pathological inputs
        raise Unreadable(f"is not readable HTML ({exc})") from exc
    walker = _Walker()
    regions = _content(soup)
    for region in regions:
        walker.walk(region)
        walker.flush()
    return walker.out.build(encoding=decoded.encoding, title=_title(soup, regions))


def _content(soup: BeautifulSoup) -> list[Tag]:
    """The regions the page declares as its main content (outermost first, none dropped), else the whole page."""
    mains = [tag for tag in soup.find_all(_is_main) if not _dropped(tag) and not tag.find_parent(_is_main)]
    return mains or [soup]


def _is_main(tag: Tag) -> bool:
    return tag.name == "main" or tag.get("role") == "main"


def _title(soup: BeautifulSoup, regions: list[Tag]) -> str | None:
    """The page's name: its <title> (not an SVG image's), spaces collapsed — less the site's name when the first
    heading of its content stands inside it ("Vectors - The Rust Book" → "Vectors"); None when it has none."""
    found = soup.find(lambda t: t.name == "title" and t.find_parent("svg") is None)
    title = flatten(found.get_text(" ")) if found else ""
    heading = next((h for region in regions for h in region.find_all(_HEADINGS) if not _dropped(h)), None)
    name = _text_of(heading) if heading is not None else ""
    if name and name != title and name.casefold() in title.casefold():
        return name
    return title or None


def declared_charset(data: bytes) -> str | None:
    """The charset a page states in its <meta charset>, <meta http-equiv="Content-Type"> or XML declaration."""
    return EncodingDetector.find_declared_encoding(data, is_html=True)


class _Walker:
    def __init__(self) -> None:
        self.out = TextBuilder()
        self.inline: list[str] = []
        self.kind = "paragraph"  # what flushed inline text becomes here: "item" inside a list item
        self.last = ""

    def walk(self, node: Tag) -> None:
        after_element = False
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, _SKIPPED_STRINGS):
                    self.inline.append(str(child))
                    after_element = False
            elif isinstance(child, Tag) and not _dropped(child):
                if after_element and self._touching(child):
                    self.inline.append(" ")
                self.element(child)
                after_element = True

    def _touching(self, tag: Tag) -> bool:
        """An inline element right after another with letters meeting across them: two words a page renders
        apart only by their style ("<span class=keycap>Shift</span><em>before</em>", a menu's "<span>Image</span>
        <span>Mode</span>" written with no space), which read together would be one word no one wrote."""
        if tag.name in _BLOCKISH or tag.name == "br" or not self.inline:
            return False
        before, after = self.inline[-1], tag.get_text()
        return bool(before and after and before[-1].isalpha() and after[0].isalpha())

    def element(self, tag: Tag) -> None:
        name = tag.name
        if name == "br":
            self.inline.append(_BREAK)
        elif name in _HEADINGS:
            self.block("heading", _text_of(tag), _HEADINGS[name])
        elif name == "pre":
            self.flush()
            self.add("code", tag.get_text())
        elif name in _LISTS:
            self.nested(tag, self.kind)
        elif name == "li":
            self.flush()
            self.nested(tag, "item")
        elif name == "dt":
            self.block("term", _text_of(tag))
        elif name == "table":
            self.flush()
            self.table(tag)
        elif _is_caption(tag):
            self.nested(tag, "caption")
        elif name in _CONTAINERS or "literallayout" in (tag.get("class") or ()):
            self.nested(tag, "paragraph" if name in ("dd", "blockquote") else self.kind)
        else:  # inline markup (span, a, em, code, …): its text flows into the current paragraph
            self.walk(tag)

    def nested(self, tag: Tag, kind: str) -> None:
        self.flush()
        outer, self.kind = self.kind, kind
        self.walk(tag)
        self.flush()
        self.kind = outer

    def block(self, kind: str, text: str, level: int = 0) -> None:
        self.flush()
        self.add(kind, text, level)

    def add(self, kind: str, text: str, level: int = 0) -> None:
        if not text.strip():
            return
        self.out.add(kind, text, level, tight=kind in ("item", "row") and self.last == kind)
        self.last = kind

    def flush(self) -> None:
        if self.inline:
            lines = "".join(self.inline).split(_BREAK)  # a <br> breaks the line, source wraps do not
            text = "\n".join(line for line in (flatten(part) for part in lines) if line)
            self.inline = []
            self.add(self.kind, text)

    def table(self, table: Tag) -> None:
        if _layout_table(table):
            self.nested(table, "paragraph")
            return
        if caption := table.find("caption"):
            self.add("caption", _text_of(caption))
        for row in _rows(table):
            cells = [_text_of(cell) for cell in row.find_all(("td", "th"), recursive=False)]
            if any(cells):
                self.add("row", " | ".join(cells))


def _text_of(tag: Tag) -> str:
    """A heading's, term's or cell's text on one line, read like a paragraph's: no space where the page puts none
    ("<code>Rc&lt;T&gt;</code>, the …" is "Rc<T>, the …"), one between pieces set apart only by their style,
    furniture inside left out; its blocks and line breaks become spaces."""
    walker = _Walker()
    walker.walk(tag)
    walker.flush()
    return flatten(walker.out.build().text)


def _is_caption(tag: Tag) -> bool:
    """The words under or over a figure, a table or an example: what the picture shows, not a statement of the
    text (HTML's <figcaption>, a "caption" block; DocBook's title paragraph of a figure, table or example)."""
    classes = set(tag.get("class") or ())
    if tag.name == "figcaption" or "caption" in classes:
        return True
    parent = set(tag.parent.get("class") or ()) if isinstance(tag.parent, Tag) else set()
    return tag.name == "p" and "title" in classes and bool(parent & _CAPTIONED)


def _dropped(tag: Tag) -> bool:
    if tag.name in _DROPPED_TAGS or tag.get("hidden") is not None or tag.get("aria-hidden") == "true":
        return True
    if tag.name == "a" and not tag.get_text(strip=True):
        return True
    classes = set(tag.get("class") or ())
    if classes & _DROPPED_CLASSES or (tag.get("role") or "") in _DROPPED_ROLES:
        return True
    if tag.name in ("header", "footer") and not tag.find(("article", "main", "h1")):
        return True  # a page's header or footer; an article's own header holding its title is kept
    return False


def _layout_table(table: Tag) -> bool:
    """A table used to lay out a note or a navigation bar, not to hold data: read its cells as blocks."""
    summary = (table.get("summary") or "").strip().lower()
    if summary in _ADMONITIONS or table.get("role") in ("presentation", "none"):
        return True
    if table.find("thead"):
        return False
    return any(cell.find(_BLOCKISH) for cell in table.find_all(("td", "th")))


def _rows(table: Tag) -> list[Tag]:
    """The rows of this table, not of the tables nested in its cells."""
    return [row for row in table.find_all("tr") if row.find_parent("table") is table]

