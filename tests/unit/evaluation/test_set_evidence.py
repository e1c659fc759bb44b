"""Every set of the suite is grounded in its own corpus: each `evidence` string occurs in one of its documents.

A .txt file, or a Markdown, office (.docx, .odt, .pptx) or PDF file's text as its loader gives it (what askcloud indexes
and quotes), is compared after Contract 2 normalisation (case, accents, typographic quotes, spaces and separators
inside numbers); an HTML page by its visible text (scripts and styles left out), normalised the same way.
(tests/unit/evaluation/test_questions.py checks more of evals/questions.json: verbatim evidence, answers in it.)
A frozen set's failures name the item ids only, never its wording.
"""

from __future__ import annotations

import json
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import pytest

from askcloud.evaluation.suite import load_suite
from askcloud.textnorm import normalize

pytestmark = pytest.mark.unit

ROOT = Path(__file__).parents[3]
SETS = load_suite(ROOT / "evals" / "suite.yaml")
TEXT_SUFFIXES = {".txt"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
OFFICE_SUFFIXES = {".docx", ".odt", ".pptx"}  # read as askcloud indexes them
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
PDF_SUFFIXES = {".pdf"}  # read as askcloud indexes them (a scanned page through Tesseract)


class _Visible(HTMLParser):
    """The text a browser shows, without bs4: everything outside script, style, head and template."""

    HIDDEN = {"script", "style", "head", "template", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in self.HIDDEN

    def handle_endtag(self, tag):
        self.hidden -= tag in self.HIDDEN and self.hidden > 0

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_texts(html: str) -> list[str]:
    """The page's visible text, joined without and with a space between elements (inline tags split no word)."""
    try:
        from bs4 import BeautifulSoup
    except ImportError:
        parser = _Visible()
        parser.feed(html)
        return ["".join(parser.parts), " ".join(parser.parts)]
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "head", "template", "noscript"]):
        tag.decompose()
    return [soup.get_text(), soup.get_text(" ")]


@lru_cache(maxsize=None)
def corpus_texts(folder: str) -> tuple[str, ...]:
    """Normalised texts of every document of a corpus folder (an HTML page counts twice, see visible_texts)."""
    texts = []
    for path in sorted(Path(folder).rglob("*")):
        suffix = path.suffix.lower()
        if not path.is_file() or any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        if suffix in TEXT_SUFFIXES:
            texts.append(normalize(path.read_text(encoding="utf-8")))
        elif suffix in MARKDOWN_SUFFIXES | OFFICE_SUFFIXES | PDF_SUFFIXES:
            from askcloud.corpus.loaders import load_text

            texts.append(normalize(load_text(path)))
        elif suffix in HTML_SUFFIXES:
            texts += [normalize(t) for t in visible_texts(path.read_text(encoding="utf-8", errors="replace"))]
    return tuple(texts)


def test_visible_text_leaves_out_scripts_and_joins_inline_tags():
    page = ("<html><head><title>T</title><style>p{}</style></head><body><p>Choisissez <span>Calques</span> puis "
            "<b>G</b>IMP</p><script>var x = 'caché';</script></body></html>")
    joined = normalize(visible_texts(page)[0])
    assert "choisissez calques puis gimp" in joined and "cache" not in joined and "p{}" not in joined


def _with_pdf(eval_set):
    """A set whose corpus holds PDFs runs with the integration tests (OCR of a page takes seconds)."""
    pdfs = any(p.suffix.lower() in PDF_SUFFIXES for p in (ROOT / eval_set.corpus).rglob("*"))
    return pytest.param(eval_set, marks=pytest.mark.integration) if pdfs else eval_set


@pytest.mark.parametrize("eval_set", [_with_pdf(s) for s in SETS], ids=lambda s: s.name)
def test_every_evidence_string_is_in_the_set_s_corpus(eval_set):
    questions, corpus = ROOT / eval_set.questions, ROOT / eval_set.corpus
    if not questions.is_file():
        pytest.skip(f"{eval_set.questions} is not written yet")
    texts = corpus_texts(str(corpus))
    assert texts, f"no readable document in {eval_set.corpus}"
    missing = []
    for item in json.loads(questions.read_text(encoding="utf-8")):
        for evidence in item.get("evidence", []):
            needle = normalize(evidence)
            if not needle or not any(needle in text for text in texts):
                missing.append(item.get("id") if eval_set.frozen else f"{item.get('id')}: {evidence!r}")
    assert not missing, f"{eval_set.name}: evidence not in {eval_set.corpus}: {missing}"
