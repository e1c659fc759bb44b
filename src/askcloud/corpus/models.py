"""Typed data of the corpus."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field

ALL_TOPIC = "all"  # the one topic of a corpus whose catalog and folders name none
PASSAGE_TEXT_VERSION = 1  # bump when Chunk.embed_text changes: every passage is then embedded and tokenized again


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Block:
    """A unit of a document's structure, as its loader found it: offsets into the extracted text.

    kind: "heading" (level 1-6), "paragraph", "item" (a list item), "row" (a table row), "term" (a definition
    list's term), "code" (preformatted, kept verbatim), "caption" (a figure's or a table's, split like a paragraph).
    """

    start: int
    end: int
    kind: str
    level: int = 0


@dataclass(frozen=True)
class Extracted:
    """What a loader gives: the text a user would read, its blocks, and where each page starts (PDF only)."""

    text: str
    blocks: tuple[Block, ...] = ()
    pages: tuple[int, ...] = ()  # offset in `text` where page 1, 2, … starts
    encoding: str | None = None  # the encoding a text file was read in ("utf-8", "cp1252", …); None for PDF
    title: str | None = None  # a title the file states about itself (Markdown front matter), used without a catalog
    ocr_pages: tuple[int, ...] = ()  # the pages (1-based) whose text was recognised from a scanned image
    unread: tuple[str, ...] = ()  # one line per part left out of a file otherwise read (a scanned page, why)


@dataclass(frozen=True)
class Document:
    doc_id: str  # the file path relative to the corpus folder
    source: str  # path shown to users, e.g. "corpus/ovh-summit-2014.txt"
    text: str  # the text that offsets refer to (a .txt file's exact content; the extracted text of HTML and PDF)
    title: str
    date: str | None = None
    kind: str = "article"
    topics: tuple[str, ...] = ()
    original_file: str | None = None
    blocks: tuple[Block, ...] = ()  # empty for plain text: the splitter then reads headings from the lines
    pages: tuple[int, ...] = ()
    encoding: str | None = None  # what the file's bytes were read as (see Extracted)
    ocr_pages: tuple[int, ...] = ()  # pages whose text was recognised from a scanned image (OCR)

    @property
    def hash(self) -> str:
        return content_hash(self.text)

    def page_at(self, offset: int) -> int | None:
        """The 1-based page holding `offset` of the text, for a paginated document; None otherwise."""
        return page_at(self.pages, offset)

    def recognised(self, start: int, end: int) -> bool:
        """Whether some of text[start:end] was recognised by OCR (it stands on a scanned page)."""
        first, last = self.page_at(start), self.page_at(max(start, end - 1))
        return first is not None and any(first <= n <= last for n in self.ocr_pages)


def page_at(pages: tuple[int, ...] | list[int], offset: int) -> int | None:
    if not pages:
        return None
    import bisect

    return max(1, bisect.bisect_right(list(pages), offset))


@dataclass(frozen=True)
class Chunk:
    id: str
    doc_id: str
    text: str  # == document.text[start:end]
    start: int
    end: int
    section: str
    title: str
    source: str
    date: str | None = None
    topics: tuple[str, ...] = field(default=())
    page: int | None = None  # the PDF page where the passage starts
    ocr: bool = False  # that page's text was recognised from a scanned image
    # Headings standing inside the passage: (offset in `text` of the heading line, the heading path it opens).
    headings: tuple[tuple[int, str], ...] = field(default=())
    # Code standing inside the passage (the loader's code blocks): (start, end) offsets in `text`.
    code: tuple[tuple[int, int], ...] = field(default=())
    # Captions standing inside the passage (of a figure, a table): (start, end) offsets in `text`.
    captions: tuple[tuple[int, int], ...] = field(default=())

    @property
    def embed_text(self) -> str:
        """What the embedder and BM25 see (PASSAGE_TEXT_VERSION): the passage under its heading path, which makes
        short passages findable. The quoted text and its offsets stay `text`."""
        head = self.title if self.section in ("", self.title) else f"{self.title} — {self.section}"
        return f"{head}\n{self.text}"

    def section_at(self, offset: int) -> str:
        """The heading path (under the document's title) that the passage's text at `offset` stands under."""
        return next((path for at, path in reversed(self.headings) if at <= offset), self.section)

    def heading_path(self, offset: int = 0) -> str:
        """Where the text at `offset` stands in its document: "title › section › subsection"."""
        section = self.section_at(offset)
        return self.title if section in ("", self.title) else f"{self.title} › {section}"

    def to_dict(self) -> dict:
        data = asdict(self)
        data["topics"] = list(self.topics)
        data["headings"] = [list(h) for h in self.headings]
        data["code"] = [list(c) for c in self.code]
        data["captions"] = [list(c) for c in self.captions]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Chunk:
        return cls(**{**data, "topics": tuple(data.get("topics", ())),
                      "headings": tuple((int(at), str(path)) for at, path in data.get("headings", ())),
                      "code": tuple((int(a), int(b)) for a, b in data.get("code", ())),
                      "captions": tuple((int(a), int(b)) for a, b in data.get("captions", ()))})


@dataclass(frozen=True)
class Skipped:
    """A file that could not be read, with the reason shown to the user."""

    path: str
    reason: str
