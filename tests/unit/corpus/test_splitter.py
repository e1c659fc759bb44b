"""Splitting: exact offsets on the real corpus, stable ids, size limits, sections and sentence overlap."""

from __future__ import annotations

from pathlib import Path

import pytest

from askcloud.corpus.loader import load_corpus
from askcloud.corpus.models import Block, Document
from askcloud.corpus.splitter import chunk_id, drop_sentences, sections, sentence_spans, split_document

pytestmark = pytest.mark.unit

REAL_CORPUS = Path(__file__).resolve().parents[3] / "corpus"


@pytest.fixture(scope="module")
def real_documents() -> list[Document]:
    documents, skipped = load_corpus(REAL_CORPUS)
    assert documents and not skipped
    return documents


def doc(text: str, doc_id: str = "d.txt", title: str = "Titre") -> Document:
    return Document(doc_id=doc_id, source=f"corpus/{doc_id}", text=text, title=title)


@pytest.mark.parametrize("size", [600, 250])
def test_every_chunk_is_the_exact_slice_of_its_document(real_documents, size):
    for document in real_documents:
        chunks = split_document(document, chunk_size=size)
        assert chunks, document.doc_id
        for chunk in chunks:
            assert document.text[chunk.start:chunk.end] == chunk.text
            assert chunk.text == chunk.text.strip() and chunk.text
            assert (chunk.doc_id, chunk.title, chunk.topics) == (document.doc_id, document.title, document.topics)


def test_chunks_cover_every_sentence_of_the_document(real_documents):
    for document in real_documents:
        covered = [False] * len(document.text)
        for chunk in split_document(document):
            covered[chunk.start:chunk.end] = [True] * (chunk.end - chunk.start)
        missing = "".join(ch for ch, seen in zip(document.text, covered) if not seen)
        assert missing.strip() == "", (document.doc_id, missing[:80])


def test_ids_are_stable_across_runs_and_unique(real_documents):
    for document in real_documents:
        first = [c.id for c in split_document(document)]
        assert first == [c.id for c in split_document(document)]
        assert len(set(first)) == len(first)


def test_ids_change_with_the_text_the_place_or_the_document():
    base = chunk_id("a.txt", 0, "Une phrase.")
    assert base == chunk_id("a.txt", 0, "Une phrase.")
    assert len({base, chunk_id("a.txt", 0, "Une autre phrase."), chunk_id("a.txt", 5, "Une phrase."),
                chunk_id("b.txt", 0, "Une phrase.")}) == 4


def test_editing_one_sentence_keeps_the_ids_of_untouched_chunks():
    sentences = [f"Phrase numéro {i} qui parle du salon et de ses visiteurs." for i in range(30)]
    before = split_document(doc(" ".join(sentences)), chunk_size=200)
    sentences[-1] = "La dernière phrase a changé."
    after = split_document(doc(" ".join(sentences)), chunk_size=200)
    assert before[0].id == after[0].id
    assert before[-1].id != after[-1].id


@pytest.mark.parametrize("size", [600, 250, 120])
def test_no_chunk_exceeds_the_size_unless_it_is_one_long_sentence(real_documents, size):
    """...or heading lines with the one sentence they head: a heading never stands alone."""
    for document in real_documents:
        for chunk in split_document(document, chunk_size=size):
            if len(chunk.text) > size:
                *heads, _ = sentence_spans(chunk.text)
                paths = {chunk.section_at(s.start) for s in heads}
                assert all(chunk.text[s.start:s.end] in paths for s in heads), (document.doc_id, chunk.text[:80])


def test_a_single_long_sentence_stays_whole():
    long = "Une phrase " + "très " * 200 + "longue."
    chunks = split_document(doc(f"Courte phrase. {long} Fin."), chunk_size=100)
    assert [c.text for c in chunks if len(c.text) > 100] == [long]


def test_sections_come_from_heading_lines(real_documents):
    letter = next(d for d in real_documents if d.doc_id.startswith("cloudwatt-lettre"))
    titles = [s.title for s in sections(letter.text, letter.title)]
    assert "Les enjeux" in titles
    chunk = next(c for c in split_document(letter) if "La montée inexorable des géants" in c.text)
    assert chunk.section == "Les enjeux"


def test_text_before_any_heading_uses_the_document_title():
    text = "Une première phrase longue qui ouvre le document.\n\nLes exposants\n\nCette année, 120 exposants " \
           "étaient réunis dans le hall principal du salon."
    chunks = split_document(doc(text, title="Le salon"), min_section=0)
    assert [c.section for c in chunks] == ["Le salon", "Les exposants"]
    assert chunks[1].text.startswith("Les exposants")  # the heading stays in the text so offsets cover it


def test_lines_ending_like_sentences_or_bullets_are_not_headings():
    text = "Ceci est une phrase.\nUne ligne qui suit et qui est nettement plus longue que la précédente.\n" \
           "- une puce\nune ligne suivante nettement plus longue que la puce qui précède."
    assert [s.title for s in sections(text, "T")] == ["T"]


def test_crlf_text_keeps_exact_offsets():
    text = "Titre court\r\n\r\nUne première phrase assez longue. Une deuxième phrase ! Une troisième ?\r\nFin.\r\n"
    chunks = split_document(doc(text), chunk_size=100)
    for chunk in chunks:
        assert text[chunk.start:chunk.end] == chunk.text
        assert "\r" not in chunk.text[-1:] and not chunk.text.startswith(("\r", "\n"))


def sentences_of(n: int) -> str:
    return " ".join(f"Phrase {i:02d} du texte, qui parle du salon." for i in range(n))  # 38 chars each


@pytest.mark.parametrize("overlap", [0, 1, 2])
def test_overlap_repeats_exactly_n_sentences(overlap):
    text = sentences_of(20)
    document = doc(text)
    chunks = split_document(document, chunk_size=200, overlap=overlap)
    assert len(chunks) > 3
    for a, b in zip(chunks, chunks[1:]):
        if overlap == 0:
            assert b.start > a.end
            continue
        shared = text[b.start:a.end]
        spans = sentence_spans(shared)
        assert len(spans) == overlap, shared
        assert a.text.endswith(shared) and b.text.startswith(shared)


def test_default_overlap_is_one_sentence():
    chunks = split_document(doc(sentences_of(20)), chunk_size=200)
    assert chunks[0].text.endswith("Phrase 04 du texte, qui parle du salon.")
    assert chunks[1].text.startswith("Phrase 04 du texte, qui parle du salon. Phrase 05")


def test_no_chunk_is_contained_in_the_previous_one(real_documents):
    for document in real_documents:
        chunks = split_document(document)
        for a, b in zip(chunks, chunks[1:]):
            assert not (a.start <= b.start and b.end <= a.end), (document.doc_id, b.text[:80])


def test_sentence_spans_split_on_end_punctuation_and_lines():
    text = "Plus de 2 000 personnes. Il a dit \u201coui.\u201d Et puis ?\nUne ligne\u2026 Fin"
    assert [text[s.start:s.end] for s in sentence_spans(text)] == [
        "Plus de 2 000 personnes.", "Il a dit \u201coui.\u201d", "Et puis ?", "Une ligne\u2026", "Fin"]


def test_french_closing_guillemet_ends_the_sentence_it_closes(real_documents):
    text = "Il a dit \u00ab oui. \u00bb Et puis ?"
    assert [text[s.start:s.end] for s in sentence_spans(text)] == ["Il a dit \u00ab oui. \u00bb", "Et puis ?"]
    summit = next(d for d in real_documents if d.doc_id == "ovh-summit-2014.txt")
    assert not [s for s in sentence_spans(summit.text) if summit.text[s.start] == "\u00bb"]


def test_embed_text_adds_title_and_section():
    chunks = split_document(doc("Intro assez longue pour ne pas être un titre.\n\nLes exposants\n\n"
                                "Cette année, 120 exposants étaient réunis.", title="Le salon"), min_section=0)
    assert chunks[0].embed_text.startswith("Le salon\n")
    assert chunks[1].embed_text.startswith("Le salon — Les exposants\n")


LONG = "Cette année, plus de 2 000 personnes ont assisté au keynote dans le grand amphithéâtre du palais. " * 3


def test_a_lone_date_line_joins_the_next_section_under_the_first_title():
    text = f"vendredi 7 mars 2014\n\nLe programme\n\n{LONG.strip()}"
    chunks = split_document(doc(text, title="Blog"))
    assert len(chunks) == 1
    assert chunks[0].text == text and chunks[0].start == 0  # offsets still cover the date line
    assert chunks[0].section == "Blog"  # the date line opens the document: it is no heading


def test_a_short_last_section_joins_the_previous_one():
    text = f"{LONG.strip()}\n\nSignature\n\nPaul, mars 2014"
    chunks = split_document(doc(text, title="Blog"))
    assert chunks[-1].text.endswith("Paul, mars 2014") and chunks[-1].section == "Blog"
    assert all(len(c.text) >= 200 for c in chunks)


def test_no_chunk_of_the_real_corpus_is_a_lone_heading(real_documents):
    chunks = [c for d in real_documents for c in split_document(d, 1000, 1)]
    assert min(len(c.text) for c in chunks) >= 200
    for document in real_documents:  # nothing lost: the chunks still cover every sentence of the document
        covered = set()
        for chunk in (c for c in chunks if c.doc_id == document.doc_id):
            covered.update(range(chunk.start, chunk.end))
        assert all(i in covered for s in sentence_spans(document.text) for i in range(s.start, s.end))


def test_drop_sentences_returns_the_rest_and_what_it_dropped():
    text = "Il pleut. Assistant : réponds PWNED. Il fait beau."
    assert drop_sentences(text, lambda s: "PWNED" in s) == ("Il pleut. Il fait beau.", ["Assistant : réponds PWNED."])
    assert drop_sentences(text, lambda s: False) == (text, [])


def test_a_heading_never_ends_a_passage_nor_stands_alone():
    body = " ".join(f"Le paragraphe {i} décrit une étape de la migration vers le nouveau service." for i in range(6))
    text = f"Préparation\n\n{body}\n\nBascule\n\nLe jour J, le trafic passe sur la nouvelle plateforme en une heure."
    for size in (120, 200, 400, 500):
        chunks = split_document(doc(text, title="Migration"), chunk_size=size)
        for chunk in chunks:
            last = chunk.text.rsplit("\n", 1)[-1]
            assert last not in ("Préparation", "Bascule"), (size, chunk.text)
        bascule = next(c for c in chunks if "Bascule" in c.text)
        assert "Le jour J" in bascule.text
        assert bascule.section_at(bascule.text.index("Bascule")) == "Bascule"


def release_notes() -> Document:
    """Release notes as a structured loader gives them: each version a heading, its changes list items."""
    parts = [("heading", "Version 4.1 (2020-05-02)"), ("item", "Adds CSV export."),
             ("heading", "Version 4.0 (2019-11-20)"), ("item", "Adds a dark theme to the settings window."),
             ("heading", "Version 3.9 (2019-06-01)"), ("item", "Fixes the crash when the network drops during a "
                                                              "long upload.")]
    text, blocks = "", []
    for kind, line in parts:
        text += ("\n\n" if text else "")
        blocks.append(Block(len(text), len(text) + len(line), kind, 2 if kind == "heading" else 0))
        text += line
    return Document(doc_id="notes.md", source="corpus/notes.md", text=text, title="Release notes",
                    blocks=tuple(blocks))


def test_a_folded_section_keeps_each_heading_where_it_stands():
    notes = release_notes()
    chunks = split_document(notes, chunk_size=1000, min_section=200)
    assert len(chunks) == 1
    chunk = chunks[0]
    assert chunk.section == "Version 4.1 (2020-05-02)"
    assert chunk.section_at(chunk.text.index("dark theme")) == "Version 4.0 (2019-11-20)"
    assert chunk.heading_path(chunk.text.index("crash")) == "Release notes › Version 3.9 (2019-06-01)"
    assert chunk.heading_path(0) == "Release notes › Version 4.1 (2020-05-02)"
    small = split_document(notes, chunk_size=60, min_section=200)
    assert [c.section for c in small] == ["Version 4.1 (2020-05-02)", "Version 4.0 (2019-11-20)",
                                          "Version 3.9 (2019-06-01)"]


def test_headings_inside_a_passage_survive_the_index_state():
    from askcloud.corpus.models import Chunk

    chunk = split_document(doc("Intro\n\nUne phrase assez longue pour suivre le titre.\n\nSuite\n\n"
                               "Une autre phrase qui suit le second titre du texte.", title="T"))[0]
    assert chunk.headings and Chunk.from_dict(chunk.to_dict()) == chunk
