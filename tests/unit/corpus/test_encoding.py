"""Text files in the encodings people have: a byte-order mark, UTF-8, a page's declared charset, then a detector.
Offsets and quotes count in the decoded text, and the encoding found is kept with the document."""

from __future__ import annotations

from pathlib import Path

import pytest

from askcloud.corpus.loader import load_corpus
from askcloud.corpus.loaders import Unreadable, load
from askcloud.corpus.loaders.encoding import decode
from askcloud.corpus.splitter import split_document

pytestmark = pytest.mark.unit

NOTE = ("Réunion du comité\r\n\r\n"
        "Le café du matin sera servi à 8 h 30 dans la salle du rez-de-chaussée. "
        "Les délégués présenteront ensuite le bilan de l'année écoulée et les projets de l'été.\r\n")


def write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    return folder / name


def test_a_windows_1252_note_is_read_with_its_accents():
    data = NOTE.encode("cp1252")
    assert b"caf\xe9" in data  # "café" as the single byte E9
    decoded = decode(data)
    assert decoded.text == NOTE and decoded.encoding == "cp1252"


def test_latin_1_and_windows_1252_are_read_even_in_a_few_words():
    assert decode("déjà vu".encode("latin-1")).text == "déjà vu"
    assert decode("Prix : 5 € « réduit »".encode("cp1252")).text == "Prix : 5 € « réduit »"


@pytest.mark.parametrize("codec, name", [("utf-16", "utf-16-le"), ("utf-16-be", "utf-16-be"),
                                         ("utf-32", "utf-32-le"), ("utf-8-sig", "utf-8")])
def test_a_byte_order_mark_decides_before_any_binary_test(codec, name):
    data = NOTE.encode(codec) if codec != "utf-16-be" else b"\xfe\xff" + NOTE.encode(codec)
    assert b"\x00" in data or codec == "utf-8-sig"
    decoded = decode(data)
    assert decoded.text == NOTE and decoded.encoding == name


def test_utf_8_stays_first_and_a_few_stray_bytes_do_not_make_it_another_encoding():
    assert decode(NOTE.encode("utf-8")).encoding == "utf-8"
    mixed = decode(NOTE.encode("utf-8") + b"Sign\xe9 : la direction.\n")
    assert mixed.text.startswith(NOTE) and "\ufffd" in mixed.text
    assert mixed.encoding == "utf-8 (1 invalid byte replaced)"


def test_what_no_detector_can_read_is_refused_with_its_reason():
    with pytest.raises(Unreadable, match="not valid UTF-8 .*no encoding could be detected"):
        decode(bytes(range(1, 32)) * 10 + b"\xff")
    with pytest.raises(Unreadable, match="looks binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(Unreadable, match="not valid UTF-16-LE despite its byte-order mark"):
        decode(b"\xff\xfeA\x00\x00\xd8")


def test_an_html_page_is_read_in_the_charset_it_declares(tmp_path):
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-15"></head>'
            '<body><p>Le prix est de 5 €, payé à l\'accueil.</p></body></html>')
    extracted = load(write(tmp_path, "page.html", page.encode("iso-8859-15")))
    assert extracted.text == "Le prix est de 5 €, payé à l'accueil." and extracted.encoding == "iso8859-15"


def test_an_html_page_declaring_latin_1_is_read_as_windows_1252_as_browsers_do(tmp_path):
    page = "<meta charset=iso-8859-1><p>L\x92été « chaud »</p>".encode("latin-1")
    extracted = load(write(tmp_path, "page.html", page))
    assert extracted.text == "L’été « chaud »" and extracted.encoding == "cp1252"


def test_a_wrong_declaration_falls_back_to_detection(tmp_path):
    page = "<meta charset=utf-8><p>" + NOTE.replace("\r\n", " ") + "</p>"
    extracted = load(write(tmp_path, "page.html", page.encode("cp1252")))
    assert "Le café du matin" in extracted.text and extracted.encoding == "cp1252"


@pytest.mark.parametrize("name, codec", [("note-windows.txt", "cp1252"), ("note-utf16.txt", "utf-16")])
def test_a_legacy_text_file_is_indexed_with_exact_quotes_in_its_decoded_text(tmp_path, name, codec):
    corpus = tmp_path / "corpus"
    write(corpus, name, NOTE.encode(codec))
    documents, skipped = load_corpus(corpus)
    assert skipped == []
    [doc] = documents
    assert doc.text == NOTE and doc.encoding == {"cp1252": "cp1252", "utf-16": "utf-16-le"}[codec]
    chunks = split_document(doc, chunk_size=120, overlap=0, min_section=0)
    assert chunks
    for chunk in chunks:
        assert doc.text[chunk.start:chunk.end] == chunk.text
    assert any("Le café du matin sera servi à 8 h 30" in chunk.text for chunk in chunks)
