"""Read .txt, .md, .html and .pdf files into text. Unreadable files are reported, never fatal."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

SUPPORTED = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf")


class Unreadable(Exception):
    """The file cannot be turned into text; the message says why."""


def load_text(path: Path) -> str:
    """The document text of one file. Raises Unreadable with a reason a user understands."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise Unreadable(f"cannot be read ({exc.strerror or exc})") from exc
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        text = _pdf_text(data)
    else:
        text = _decode(data)
        if suffix in (".html", ".htm"):
            text = _html_text(text)
    if not text.strip():
        raise Unreadable("is empty")
    return text


def _decode(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise Unreadable("looks binary (NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Unreadable(f"is not valid UTF-8 (byte {exc.start})") from exc
    return text.removeprefix("\ufeff")


def _pdf_text(data: bytes) -> str:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise Unreadable(f"is not a readable PDF ({exc})") from exc
    return "\n\n".join(p.strip() for p in pages if p.strip())


class _TextExtractor(HTMLParser):
    _BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "title"}
    _SKIP = {"script", "style", "noscript", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def _html_text(markup: str) -> str:
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)  # the parser already decoded entities: decoding again would turn &amp;lt; into <
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
