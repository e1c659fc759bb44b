"""Scanned PDF pages: read by Tesseract when it is there, named and left out when it is not, never a crash; a
recognised passage keeps its page and says in its citation that it was recognised."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest

from askcloud.corpus.loader import load_corpus
from askcloud.corpus.loaders import Unreadable, load
from askcloud.corpus.loaders import ocr as ocr_module
from askcloud.corpus.loaders.ocr import Ocr
from askcloud.corpus.models import Block, Document
from askcloud.corpus.splitter import split_document

pytestmark = pytest.mark.unit

STUB = Path(__file__).resolve().parents[2] / "stub_data"
SCAN = STUB / "scanned" / "gimp-fr-tool-curves-scan.pdf"  # one page: a printed HTML page rasterised at 150 dpi
TEXT_PDF = STUB / "formats" / "lilypond-essai-p7-9.pdf"  # three pages with a text layer


@pytest.fixture
def no_tesseract(monkeypatch, tmp_path):
    """A machine where the program is not installed: nothing named tesseract on the PATH."""
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def text_then_scan(tmp_path: Path) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.append(str(TEXT_PDF))
    writer.append(str(SCAN))
    path = tmp_path / "mixed.pdf"
    with path.open("wb") as out:
        writer.write(out)
    return path


@pytest.mark.integration
def test_a_scanned_page_is_recognised_into_paragraphs_and_keeps_its_page():
    scanned = load(SCAN)
    assert scanned.ocr_pages == (1,) and scanned.pages == (0,) and scanned.unread == ()
    assert "L’outil Courbes est le plus sophistiqué pour modifier la couleur, la luminosité" in scanned.text
    paragraph = next(b for b in scanned.blocks if "sophistiqué" in scanned.text[b.start:b.end])
    assert "\n" not in scanned.text[paragraph.start:paragraph.end]  # the page's line break inside it is flattened
    items = [scanned.text[b.start:b.end] for b in scanned.blocks if b.kind == "item"]
    assert any(item.startswith("• Dans le menu") for item in items)  # a bullet Tesseract read as a letter


@pytest.mark.integration
def test_a_page_recognised_once_is_read_from_the_cache_the_next_time(tmp_path, monkeypatch):
    ocr = Ocr(cache_dir=tmp_path / "ocr")
    first = load(SCAN, ocr)
    calls = []
    real_run = subprocess.run

    def counting(command, *args, **kwargs):
        calls.append(command)
        return real_run(command, *args, **kwargs)

    monkeypatch.setattr(ocr_module.subprocess, "run", counting)
    again = load(SCAN, ocr)
    assert again.text == first.text and again.ocr_pages == (1,)
    assert not any("stdin" in command for command in calls)  # the check of the program, no recognition
    assert len(list((tmp_path / "ocr").glob("*.json"))) == 1


@pytest.mark.integration
def test_a_document_of_text_and_scanned_pages_marks_only_the_recognised_one(tmp_path):
    mixed = load(text_then_scan(tmp_path))
    assert len(mixed.pages) == 4 and mixed.ocr_pages == (4,)
    assert "Lorsque nous nous sommes décidés à écrire un programme" in mixed.text  # the text layer, unchanged
    assert mixed.text.index("sophistiqué") >= mixed.pages[3]


@pytest.mark.integration
def test_a_page_tesseract_does_not_finish_in_time_is_named_not_fatal(tmp_path):
    with pytest.raises(Unreadable, match=r"^is a scanned PDF and was not read: tesseract took more than 0.01 s$"):
        load(SCAN, Ocr(timeout=0.01))
    mixed = load(text_then_scan(tmp_path), Ocr(timeout=0.01))
    assert mixed.ocr_pages == () and mixed.unread == ("page 4 is scanned and not read: tesseract took more than 0.01 s",)


def test_without_tesseract_a_scanned_pdf_is_skipped_with_the_program_named(no_tesseract):
    with pytest.raises(Unreadable, match=r"^is a scanned PDF and was not read: tesseract is not installed"):
        load(SCAN)


def test_without_tesseract_the_text_pages_are_kept_and_the_scanned_one_is_named(no_tesseract, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text_then_scan(tmp_path).rename(corpus / "mixed.pdf")
    documents, skipped = load_corpus(corpus)
    assert [d.doc_id for d in documents] == ["mixed.pdf"] and documents[0].ocr_pages == ()
    assert "Lorsque nous nous sommes décidés" in documents[0].text
    assert [s.reason for s in skipped] == ["page 4 is scanned and not read: tesseract is not installed "
                                           "(Debian package tesseract-ocr)"]


def test_missing_language_data_is_named(monkeypatch):
    if ocr_module.shutil.which("tesseract") is None:
        pytest.skip("needs the tesseract program")
    reason = Ocr(languages="fra+xyz").unavailable()
    assert reason is not None and "xyz" in reason


def test_a_page_with_a_text_layer_is_not_taken_for_a_scan(no_tesseract):
    assert load(TEXT_PDF).ocr_pages == ()  # read as before, no OCR asked for


def recognised_document() -> Document:
    """Two pages: the first from a text layer, the second recognised by OCR."""
    first, second = "Le premier feuillet vient du texte du fichier.", "Le second feuillet vient d’une image lue."
    text = f"{first}\n\n{second}"
    blocks = (Block(0, len(first), "paragraph"), Block(len(first) + 2, len(text), "paragraph"))
    return Document(doc_id="memo.pdf", source="corpus/memo.pdf", text=text, title="Memo", blocks=blocks,
                    pages=(0, len(first) + 2), ocr_pages=(2,))


def test_a_recognised_passage_gives_its_page_and_the_ocr_mark_in_its_citation():
    from askcloud.answer import Answer
    from askcloud.citations import cite
    from askcloud.cli.ask_cmd import print_answer
    from askcloud.retrieval.passage import Passage
    from askcloud.web.render import source_html

    document = recognised_document()
    chunks = split_document(document, chunk_size=50, overlap=0, min_section=0)
    read = next(c for c in chunks if "image lue" in c.text)
    typed = next(c for c in chunks if "texte du fichier" in c.text)
    assert (read.page, read.ocr) == (2, True) and (typed.page, typed.ocr) == (1, False)

    at = read.text.index("Le second")
    citation = cite(1, Passage(read, 0.9), at, at + len("Le second feuillet"))
    plain = cite(2, Passage(typed, 0.8), 0, len("Le premier"))
    assert document.text[citation.start:citation.end] == "Le second feuillet"
    answer = Answer("q", "q", "fr", "Ceci [1] et cela [2].", False, citations=[citation, plain])
    shown, other = answer.to_contract()["citations"]
    assert (shown["page"], shown["ocr"]) == (2, True) and other["page"] == 1 and "ocr" not in other

    out = io.StringIO()
    print_answer(answer, out=out)
    assert "p. 2 (OCR)" in out.getvalue() and "p. 1 (OCR)" not in out.getvalue()
    assert "p. 2 (OCR)" in source_html(citation, 1) and "(OCR)" not in source_html(plain, 1)


@pytest.mark.integration
def test_a_scanned_pdf_indexed_and_asked_gives_a_cited_page_marked_ocr_and_is_recognised_once(tmp_path, monkeypatch,
                                                                                              capsys):
    import json

    from askcloud.cli.main import OFFLINE, main

    monkeypatch.chdir(tmp_path)
    for key, value in OFFLINE.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("ASKCLOUD_EMBEDDING_BACKEND", "hash")
    monkeypatch.setenv("ASKCLOUD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("ASKCLOUD_RAISE_ERRORS", raising=False)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "courbes.pdf").write_bytes(SCAN.read_bytes())
    cli = lambda *args: main(["--corpus", str(corpus), *args])  # noqa: E731

    assert cli("index") == 0
    capsys.readouterr()
    assert cli("index", "--json") == 0
    second = json.loads(capsys.readouterr().out)
    assert second["unchanged"] == 1 and len(list((tmp_path / "data" / "ocr").glob("*.json"))) == 1

    assert cli("show", "courbes.pdf", "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["ocr_pages"] == [1] and "sophistiqué" in shown["text"]

    assert cli("--backend", "extractive", "ask", "--json", "Que modifie l'outil Courbes ?") == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["citations"], answer
    assert all(c["page"] == 1 and c["ocr"] is True for c in answer["citations"])
