"""PDF: words spaced and accented as printed, paragraphs joined, headings found, page furniture dropped, pages kept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from askcloud.corpus.loaders import Unreadable, load
from askcloud.corpus.models import page_at

pytestmark = pytest.mark.unit

PDF = Path(__file__).resolve().parents[2] / "stub_data" / "formats" / "lilypond-essai-p7-9.pdf"


@pytest.fixture(scope="module")
def essay():
    return load(PDF)


def test_tex_accents_ligatures_and_hyphenation_are_repaired(essay):
    assert "Lorsque nous nous sommes décidés à écrire un programme" in essay.text
    assert "nous avons créé notre propre jeu de symboles musicaux à partir" in essay.text  # "musi-\ncaux"
    assert "afin d’obtenir" in essay.text  # the "ﬁ" ligature
    assert not re.search(r"[´`ˆ¨¸][A-Za-z]", essay.text)


def test_no_word_is_glued_to_the_next(essay):
    long_words = [w for w in re.findall(r"[^\W\d_]+", essay.text) if len(w) > 16]
    assert long_words == []


def test_running_header_and_page_numbers_are_dropped(essay):
    assert "Chapitre 1" not in essay.text
    assert not re.search(r"^\d+$", essay.text, re.MULTILINE)


def test_headings_are_found_and_pages_start_where_they_do(essay):
    headings = [essay.text[b.start:b.end] for b in essay.blocks if b.kind == "heading"]
    assert headings == ["1.2 La gravure en détails", "Fontes et polices", "Espacement", "Lignes supplémentaires",
                        "Tailles"]
    assert len(essay.pages) == 3 and essay.pages[0] == 0
    assert page_at(essay.pages, essay.text.index("Lorsque nous nous sommes décidés")) == 2
    assert page_at(essay.pages, essay.text.index("Tailles")) == 3


def test_a_broken_pdf_is_unreadable_with_a_reason(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(PDF.read_bytes()[:2000])
    with pytest.raises(Unreadable, match="PDF|empty"):
        load(path)
