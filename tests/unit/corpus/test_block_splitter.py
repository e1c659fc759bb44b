"""Passages of structured documents: sections from the loader's headings, whole items, rows and code, exact slices."""

from __future__ import annotations

from pathlib import Path

import pytest

from askcloud.corpus.loader import load_corpus
from askcloud.corpus.models import Block, Document
from askcloud.corpus.sentences import sentences
from askcloud.corpus.splitter import split_document

pytestmark = pytest.mark.unit

FORMATS = Path(__file__).resolve().parents[2] / "stub_data" / "formats"


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    found, skipped = load_corpus(FORMATS)
    assert not skipped
    return [d for d in found if d.doc_id.endswith((".html", ".pdf"))]


def test_chunks_are_exact_slices_and_cover_every_block(documents):
    for doc in documents:
        chunks = split_document(doc, 600, 1, 200)
        covered = set()
        for chunk in chunks:
            assert doc.text[chunk.start:chunk.end] == chunk.text
            covered.update(range(chunk.start, chunk.end))
        assert all(i in covered for b in doc.blocks for i in range(b.start, b.end) if not doc.text[i].isspace())


def test_no_sentence_is_cut_across_two_chunks(documents):
    for doc in documents:
        chunks = split_document(doc, 600, 1, 200)
        bounds = {(c.start, c.end) for c in chunks}
        for block in (b for b in doc.blocks if b.kind == "paragraph"):
            for s in sentences(doc.text, block.start, block.end):
                if s.end - s.start <= 600:
                    assert any(a <= s.start and s.end <= b for a, b in bounds), doc.text[s.start:s.end]


def test_sections_carry_the_heading_path(documents):
    curves = next(d for d in documents if "curves" in d.doc_id)
    sections = {c.section.replace("\u00a0", " ") for c in split_document(curves, 600, 1, 200)}
    assert "8.11.2. Options de l’outil « Courbes » › Canal" in sections  # under the title, which is the page's h1


def test_pdf_chunks_give_their_page(documents):
    essay = next(d for d in documents if d.doc_id.endswith(".pdf"))
    chunks = split_document(essay, 600, 1, 200)
    assert chunks[0].page == 1 and chunks[-1].page == 3
    assert all(essay.page_at(c.start) == c.page for c in chunks)


def test_list_items_table_rows_and_code_stay_whole():
    text = "Outils\n\nLe crayon trace.\nLa gomme efface.\n\nA | B\n\nline one\nline two"
    blocks = (Block(0, 6, "heading", 1), Block(8, 24, "item"), Block(25, 41, "item"), Block(43, 48, "row"),
              Block(50, 67, "code"))
    doc = Document(doc_id="o.html", source="o.html", text=text, title="Outils", blocks=blocks)
    chunks = split_document(doc, 30, 0, 0)
    assert [c.text for c in chunks] == ["Outils\n\nLe crayon trace.", "La gomme efface.\n\nA | B", "line one\nline two"]


@pytest.mark.parametrize("kind, field, inner", [("code", "code", "let v = vec![1, 2];\nv.push(3);"),
                                                 ("caption", "captions", "La bouilloire sur son socle")])
def test_a_passage_records_where_code_and_captions_stand_in_it_and_keeps_them_through_the_index(kind, field, inner):
    from askcloud.index.stored import _chunk, dump_chunk

    text = f"Titre\n\nUne phrase d'abord.\n\n{inner}\n\nUne phrase après."
    at = text.index(inner)
    blocks = (Block(0, 5, "heading", 1), Block(7, 26, "paragraph"), Block(at, at + len(inner), kind),
              Block(at + len(inner) + 2, len(text), "paragraph"))
    doc = Document(doc_id="t.html", source="t.html", text=text, title="Titre", blocks=blocks)
    [chunk] = split_document(doc, 1000, 0, 0)
    [(a, b)] = getattr(chunk, field)
    assert chunk.text[a:b] == inner
    assert _chunk(dump_chunk(chunk)) == chunk
