"""Loading files into text: each supported format, and every way a file can fail to load (reported, never fatal)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from askcloud.corpus.loader import load_corpus
from askcloud.corpus.loaders import Unreadable, load_text
from askcloud.errors import CorpusError

from pdf_support import pdf_file

pytestmark = pytest.mark.unit


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF with a single text object in Helvetica, its xref table computed by hand."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return pdf_file(objects)


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


# --- one file -------------------------------------------------------------------------------------------------

def test_txt_text_is_kept_exactly_including_crlf(tmp_path):
    raw = "Titre\r\n\r\nPremière phrase.  Deuxième\tphrase !\r\n  indentée\r\n"
    path = write(tmp_path, "a.txt", raw)
    assert load_text(path) == raw


def test_txt_utf8_bom_is_dropped_but_nothing_else(tmp_path):
    path = write(tmp_path, "bom.txt", b"\xef\xbb\xbfBonjour \xc3\xa0 tous.\n")
    assert load_text(path) == "Bonjour à tous.\n"


def test_markdown_is_rendered_to_the_text_a_reader_sees(tmp_path):
    raw = "# Le salon\n\nPlus de *1 500* visiteurs.\n"
    assert load_text(write(tmp_path, "a.md", raw)) == "Le salon\n\nPlus de 1 500 visiteurs."
    assert load_text(write(tmp_path, "b.markdown", raw)) == "Le salon\n\nPlus de 1 500 visiteurs."


def test_html_text_is_extracted_without_scripts_styles_or_tags(tmp_path):
    markup = """<!doctype html><html><head><title>Le salon</title>
    <style>p { color: red; }</style><script>var secret = "SCRIPTTEXT";</script></head>
    <body><h1>Le Salon du Cloud</h1><p>Plus de 1&nbsp;500 visiteurs &amp; 120 exposants.</p>
    <noscript>NOSCRIPTTEXT</noscript><SCRIPT type="text/javascript">alert("UPPER")</SCRIPT>
    <ul><li>Un</li><li>Deux</li></ul></body></html>"""
    text = load_text(write(tmp_path, "page.html", markup))
    assert "Le Salon du Cloud" in text
    assert "Plus de 1\u00a0500 visiteurs & 120 exposants." in text
    for hidden in ("SCRIPTTEXT", "NOSCRIPTTEXT", "UPPER", "color: red", "<", ">"):
        assert hidden not in text
    lines = text.split("\n")
    assert "Un" in lines and "Deux" in lines  # block elements become separate lines


def test_htm_suffix_is_html_too(tmp_path):
    assert load_text(write(tmp_path, "a.HTM", "<p>Bonjour <b>le</b> monde</p>")) == "Bonjour le monde"


def test_html_entities_are_decoded_once(tmp_path):
    text = load_text(write(tmp_path, "entities.html", "<p>Écrivez &amp;lt;b&amp;gt; pour du gras.</p>"))
    assert text == "Écrivez &lt;b&gt; pour du gras."


def test_pdf_text_is_extracted(tmp_path):
    path = write(tmp_path, "salon.pdf", minimal_pdf("Le Salon du Cloud accueille 300 exposants."))
    assert load_text(path) == "Le Salon du Cloud accueille 300 exposants."


@pytest.mark.parametrize("name, data, reason", [
    ("empty.txt", b"", "is empty"),
    ("blank.md", b"  \n\t\n", "is empty"),
    ("binary.txt", b"PK\x03\x04\x00\x00binary", "looks binary"),
    ("controls.txt", bytes(range(1, 32)) * 10 + b"\xff", "not valid UTF-8 .* no encoding could be detected"),
    ("broken.pdf", b"%PDF-1.4\nthis is not a pdf", "not a readable PDF"),
    ("empty.html", b"<html><script>only()</script></html>", "is empty"),
])
def test_unreadable_files_raise_with_a_reason(tmp_path, name, data, reason):
    with pytest.raises(Unreadable, match=reason):
        load_text(write(tmp_path, name, data))


# --- a folder -------------------------------------------------------------------------------------------------

def test_load_corpus_reads_each_format_and_skips_bad_files_by_name(tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus, "a.txt", "Le salon.\r\nPlus de 1 500 visiteurs.\r\n")
    write(corpus, "b.md", "# Titre\n\nUn texte en Markdown.\n")
    write(corpus, "c.html", "<p>Une page <script>nope()</script>web.</p>")
    write(corpus, "d.pdf", minimal_pdf("Un document PDF."))
    write(corpus, "sub/e.txt", "Dans un sous-dossier.\n")
    write(corpus, "empty.txt", b"")
    write(corpus, "binary.txt", b"\x00\x01\x02\x03")
    write(corpus, "latin1.txt", "déjà".encode("latin-1"))
    write(corpus, "controls.txt", bytes(range(1, 32)) * 10 + b"\xff")
    write(corpus, "report.xlsx", b"PK\x03\x04")
    write(corpus, "README", "no suffix")
    write(corpus, ".hidden.txt", "ignored")
    write(corpus, ".git/config", "ignored too")

    documents, skipped = load_corpus(corpus)

    texts = {d.doc_id: d.text for d in documents}
    assert set(texts) == {"a.txt", "b.md", "c.html", "d.pdf", "sub/e.txt", "latin1.txt"}
    assert texts["latin1.txt"] == "déjà"
    assert texts["a.txt"] == "Le salon.\r\nPlus de 1 500 visiteurs.\r\n"
    assert texts["c.html"] == "Une page web."
    assert texts["d.pdf"] == "Un document PDF."
    reasons = {Path(s.path).name: s.reason for s in skipped}
    assert set(reasons) == {"empty.txt", "binary.txt", "controls.txt", "report.xlsx", "README"}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "UTF-8" in reasons["controls.txt"]
    assert reasons["report.xlsx"] == "unsupported type .xlsx"
    assert reasons["README"] == "unsupported type (none)"
    for s in skipped:
        assert s.path.endswith(Path(s.path).name) and str(corpus.name) in s.path


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_unreadable_file_is_skipped_with_its_name(tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus, "ok.txt", "Lisible.\n")
    locked = write(corpus, "locked.txt", "Secret.\n")
    locked.chmod(0)
    try:
        documents, skipped = load_corpus(corpus)
    finally:
        locked.chmod(0o644)
    assert [d.doc_id for d in documents] == ["ok.txt"]
    assert len(skipped) == 1 and skipped[0].path.endswith("locked.txt")
    assert "cannot be read" in skipped[0].reason


def test_read_error_is_skipped_with_its_name_even_as_root(tmp_path, monkeypatch):
    """The same path as chmod 000, simulated so that it also runs as root."""
    corpus = tmp_path / "corpus"
    write(corpus, "ok.txt", "Lisible.\n")
    locked = write(corpus, "locked.txt", "Secret.\n")
    real = Path.read_bytes

    def read_bytes(self):
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    documents, skipped = load_corpus(corpus)
    assert [d.doc_id for d in documents] == ["ok.txt"]
    assert [(Path(s.path).name, s.reason) for s in skipped] == [("locked.txt", "cannot be read (Permission denied)")]


def test_missing_corpus_folder_is_a_corpus_error(tmp_path):
    with pytest.raises(CorpusError, match="not found"):
        load_corpus(tmp_path / "nowhere")


def test_documents_come_in_a_stable_order(corpus_dir):
    first = [d.doc_id for d in load_corpus(corpus_dir)[0]]
    assert first == sorted(first) == [d.doc_id for d in load_corpus(corpus_dir)[0]]
