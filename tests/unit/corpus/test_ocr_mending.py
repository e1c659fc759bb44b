"""Tesseract's usual slips on printed text, mended on recognised lines only: an "l" before an apostrophe read as
"|" or "1", a space after an elided word's apostrophe, the straight apostrophe where the document has the
typographic one, and the accents of capitalised words, restored from the document's own lower-case spelling."""

from __future__ import annotations

import pytest

from askcloud.corpus.loaders.ocr import OcrParagraph
from askcloud.corpus.loaders.pdf_page import Box, Line, Page
from askcloud.corpus.loaders.pdf_scans import _ocr_box, mend_recognised

pytestmark = pytest.mark.unit


def read(*lines: str) -> str:
    """The recognised lines as one paragraph of a scanned page, mended with the rest of the document."""
    box = _ocr_box(OcrParagraph(tuple(lines), 0.2, 0.3))
    if box is None:
        return ""
    pages = [Page([box], scanned=True, ocr=True)]
    mend_recognised(pages)
    return pages[0].boxes[0].text


def page(*texts: str, ocr: bool = True) -> Page:
    return Page([Box([Line(text, 1.0, False, False)], 0.1 * n, 0.1 * n + 0.05) for n, text in enumerate(texts)],
                scanned=ocr, ocr=ocr)


def test_an_l_before_an_apostrophe_read_as_a_bar_or_a_one_is_an_l():
    assert read("Ouvrez |’atelier puis 1’armoire du fond.") == "Ouvrez l’atelier puis l’armoire du fond."
    assert read("Posez |’ échelle contre le mur.") == "Posez l’échelle contre le mur."


def test_a_one_before_an_apostrophe_and_a_figure_stays_a_figure():
    assert read("Le tour prend 1’30 au plus rapide.") == "Le tour prend 1’30 au plus rapide."


def test_a_space_after_an_elided_word_s_apostrophe_goes():
    assert read("Il faut qu’ Antoine range d’ abord l’ établi.") == "Il faut qu’Antoine range d’abord l’établi."
    assert read("Lorsqu’ il pleut, jusqu’ au soir.") == "Lorsqu’il pleut, jusqu’au soir."


def test_a_closing_quote_after_a_longer_word_keeps_its_space():
    assert read("The label ‘draft’ stays on the copy.") == "The label ‘draft’ stays on the copy."


@pytest.mark.parametrize("line", ["Press ‘d’ then ‘w’ to draw a wall.", "The ‘s’ key saves, 'Ctrl+d' now copies.",
                                  "Cut a 1' x 2' board and take the 1’s complement."])
def test_english_text_keeps_its_quoted_letters_and_its_figures(line):
    assert read(line) == line


def test_a_quoted_letter_in_french_text_is_no_elision():
    assert read("Tapez ‘d’ puis ‘w’ pour dessiner un mur.") == "Tapez ‘d’ puis ‘w’ pour dessiner un mur."


def test_a_straight_apostrophe_becomes_the_one_the_recognised_text_mostly_has():
    pages = [page("L’atelier ouvre tôt ; l’équipe arrive.", "D'abord le café, puis l’inventaire.")]
    mend_recognised(pages)
    assert [box.text for box in pages[0].boxes] == ["L’atelier ouvre tôt ; l’équipe arrive.",
                                                     "D’abord le café, puis l’inventaire."]
    straight = [page("L'atelier ouvre tôt ; l'équipe arrive.", "D’abord le café.")]
    mend_recognised(straight)
    assert straight[0].boxes[0].text == "L'atelier ouvre tôt ; l'équipe arrive."  # the mostly straight text stays


def test_a_capitalised_word_takes_the_accents_the_document_writes_it_with():
    pages = [page("Etagère du fond", "Ranger chaque étagère et chaque fenêtre.", "Fenétre de la cuisine"),
             page("La première étape est facile.", ocr=False)]
    mend_recognised(pages)
    assert [box.text for box in pages[0].boxes] == ["Étagère du fond", "Ranger chaque étagère et chaque fenêtre.",
                                                     "Fenêtre de la cuisine"]


def test_an_accent_is_never_added_to_a_bare_letter_inside_a_word():
    pages = [page("Mais il faut attendre.", "Sale la viande.", "Taches du plan",
                  "Le maïs est salé ; les tâches sont faites.")]
    mend_recognised(pages)
    assert [box.text for box in pages[0].boxes][:3] == ["Mais il faut attendre.", "Sale la viande.", "Taches du plan"]


def test_a_capitalised_word_the_document_also_writes_unaccented_or_two_ways_is_left_alone():
    pages = [page("Marche arrière", "La marche et la marché se croisent.", "Cote du plan",
                  "la cote et la côte, puis la côté.")]
    mend_recognised(pages)
    assert [box.text for box in pages[0].boxes][0::2] == ["Marche arrière", "Cote du plan"]


def test_text_pages_are_not_mended():
    pages = [page("Etagère du haut, l'étagère du bas.", ocr=False), page("Une étagère neuve ; l’autre.")]
    mend_recognised(pages)
    assert pages[0].boxes[0].text == "Etagère du haut, l'étagère du bas."
