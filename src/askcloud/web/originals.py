"""Links from a citation to the document it quotes, opened where the quote is, and who may open them.

    PDF            the file itself, at the quote's page:      …/doc.pdf#page=N   (browsers' PDF viewers)
    HTML           the page itself, at the quote:              …/page.html#:~:text=start,end   (a text fragment)
    other formats  the text as indexed (what offsets count in), the quote marked, the raw file a click away

A PDF's or an HTML page's source also links to that text view: the text the quote is exact in.

A link carries the document id, never a path. A link to a user's private document also carries the owner's key and
an HMAC of (owner, document id, browser) under a secret of this server process: it opens for that owner only —
with a login, for that login; without one (a session's uploads), in the browser that asked, known by the
BROWSER_COOKIE that web/original_route.py sets on the chat's responses. Served by web/original_route.py.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote as percent, urlencode

from askcloud.answer import Citation
from askcloud.corpus.kept import KeptCorpus, read_kept
from askcloud.corpus.models import page_at
from askcloud.errors import AskcloudError

ROUTE = "askcloud/original"  # relative to the chat's root, so a proxy's path prefix is kept
BROWSER_COOKIE = "askcloud-browser"  # a random id per browser: binds a session's private links to their browser
FRAGMENT_WORDS = 4  # words of a long quote's start and of its end that a text fragment names
_OWNER = re.compile(r"[0-9a-f]{32}")  # web.private.owner_key's form
_RUNS = re.compile(r"\n| \| ")  # block boundaries of the extracted text: lines, table cells



@dataclass(frozen=True)
class Links:
    original: str  # the original where the quote is
    text: str  # the text as indexed, the quote marked (the same link as `original` for a text format)


Link = Callable[[Citation], "Links | None"]


class Refused(Exception):
    """A request for an original that is not served: `status` is the HTTP status, `reason` one line."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


@dataclass(frozen=True)
class Original:
    doc_id: str
    path: Path  # the file, resolved, inside its corpus folder
    entry: dict  # its kept entry: text digest, source, title, pages, encoding
    data_dir: Path  # where its kept text is

    @property
    def kind(self) -> str:
        return kind_of(self.doc_id)


def kind_of(doc_id: str) -> str:
    """How the original opens: "pdf" (at a page), "html" (at a text fragment) or "text" (the text as indexed)."""
    suffix = Path(doc_id).suffix.lower()
    return "pdf" if suffix == ".pdf" else "html" if suffix in (".html", ".htm", ".xhtml") else "text"


def text_fragment(quote: str, words: int = FRAGMENT_WORDS) -> str:
    """The URL fragment that makes a browser scroll to and highlight `quote` in an HTML page (WICG "URL Fragment
    Text Directives": `#:~:text=[prefix-,]start[,end][,-suffix]`).

    A browser matches each term inside one block of the page, so a quote spanning blocks (lines of the extracted
    text, table cells) or longer than 2 × `words` words is named by its first and its last words; a short one
    whole. Terms are percent-encoded as the spec asks: every character outside the URL-safe set, and "-", ","
    and "&", which the directive's own syntax uses."""
    runs = [r for r in (" ".join(part.split()) for part in _RUNS.split(quote)) if r]
    if not runs:
        return ""
    first, last = runs[0].split(" "), runs[-1].split(" ")
    if len(runs) == 1 and len(first) <= 2 * words:
        return "#:~:text=" + _term(runs[0])
    return f"#:~:text={_term(' '.join(first[:words]))},{_term(' '.join(last[-words:]))}"


def _term(text: str) -> str:
    return percent(text, safe="").replace("-", "%2D")  # quote() keeps "-", the directive's prefix/suffix mark


class Originals:
    """The documents a user may open: the shared corpus's (indexed, inside the corpus folder) and the user's own
    private uploads (inside their folder), found through the index's kept manifest, never through a path."""

    def __init__(self, settings, collections, secret: bytes | None = None) -> None:
        self.settings = settings
        self.collections = collections  # web.private.Collections
        self._secret = secret or secrets.token_bytes(32)

    def sign(self, owner: str, doc_id: str, browser: str | None = None) -> str:
        message = f"{owner}\x00{doc_id}\x00{browser or ''}".encode("utf-8")
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()[:32]

    def links(self, owner: str | None, lang: str = "fr", browser: str | None = None) -> Link:
        """For one answer to `owner` (in `lang`, the text view's language): each citation's link, None for a
        document no longer indexed. `browser`: the asking browser's BROWSER_COOKIE when the owner is a session
        (no login), which its private links then need. The manifests are read once, here; a private document is
        looked up first, as the user's searches do."""
        shared = _kept(Path(self.settings.data_dir))
        own = None
        if owner and self.collections.has_documents(owner):
            own = _kept(self.collections.get(owner).folder)

        def link(c: Citation) -> Links | None:
            if own is not None and c.doc_id in own.documents:
                return self.urls(c, own.documents[c.doc_id], owner, lang, browser)
            if shared is not None and c.doc_id in shared.documents:
                return self.urls(c, shared.documents[c.doc_id], None, lang)
            return None

        return link

    def urls(self, c: Citation, entry: dict, owner: str | None, lang: str = "fr", browser: str | None = None
             ) -> Links:
        """The links of `c`, relative to the chat's root, with their fragments: its original and its text view."""
        base = f"{ROUTE}/{percent(c.doc_id, safe='/')}"
        signed = {"o": owner, "k": self.sign(owner, c.doc_id, browser)} if owner else {}
        kind = kind_of(c.doc_id)
        text = base + "?" + urlencode({**signed, "start": c.start, "end": c.end, "lang": lang,
                                       **({"view": "text"} if kind != "text" else {})}) + "#askcloud-quote"
        if kind == "pdf":
            page = page_at(entry.get("pages") or (), c.start) or c.page
            fragment = f"#page={page}" if page else ""
        elif kind == "html":
            fragment = text_fragment(c.quote)
        else:
            return Links(text, text)
        return Links(base + (f"?{urlencode(signed)}" if signed else "") + fragment, text)

    def open(self, doc_id: str, owner: str | None = None, signature: str | None = None,
             login: str | None = None, browser: str | None = None) -> Original:
        """The original a request may open, or Refused. `owner`/`signature`: from a private document's link;
        `login`: the owner key of the request's login when the chat has one (then the link must be that login's);
        `browser`: the request's BROWSER_COOKIE when there is no login (then the link must be that browser's)."""
        if owner is None:
            if signature:
                raise Refused(403, "this link is not valid")
            return self._find(doc_id, Path(self.settings.corpus_dir), Path(self.settings.data_dir))
        if not _OWNER.fullmatch(owner) or not signature \
                or not hmac.compare_digest(self.sign(owner, doc_id, None if login else browser), signature):
            raise Refused(403, "this link is not valid")
        if login is not None and login != owner:
            raise Refused(403, "this document belongs to another user")
        if not self.collections.has_documents(owner):
            raise Refused(404, "this document was removed")
        collection = self.collections.get(owner)
        return self._find(doc_id, collection.corpus, collection.folder)

    @staticmethod
    def _find(doc_id: str, corpus: Path, data_dir: Path) -> Original:
        kept = _kept(data_dir)
        entry = kept.documents.get(doc_id) if kept else None
        if entry is None:
            raise Refused(404, "no such indexed document")
        root = corpus.resolve()
        path = (root / doc_id).resolve()
        if not path.is_relative_to(root) or path == root:  # "..", an absolute id, a link leading out
            raise Refused(404, "no such indexed document")
        if not path.is_file():
            raise Refused(404, "this document is no longer in the corpus folder")
        return Original(doc_id, path, entry, data_dir)


def _kept(data_dir: Path) -> KeptCorpus | None:
    try:
        return read_kept(data_dir)
    except AskcloudError:
        return None
