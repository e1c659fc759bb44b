"""PDF repairs on small hand-made PDFs: verbatim code kept beside dropped glyph soup, TeX T1 guillemets from a font
without a Unicode map, accents drawn over their letter in any order, a compound's hyphen kept at a line end."""

from __future__ import annotations

import pytest

from askcloud.corpus.loaders import pdf, pdf_layout
from askcloud.corpus.loaders.pdf_page import Box, Line

from pdf_support import pdf_file

pytestmark = pytest.mark.unit

# F1 Helvetica (body), F2 Courier (monospace: code), F3 a Type 3 font with two glyphs at codes 19 and 20 named
# /a19 /a20 and no ToUnicode (what dvips makes of a T1 bitmap font), F4 Helvetica-Bold, F5 Courier-Bold, F6 a
# Type 3 font with unnamed glyphs at codes 19 to 21.
_FONTS = (b"/F1 5 0 R /F2 6 0 R /F3 7 0 R /F4 9 0 R /F5 10 0 R /F6 11 0 R")
_TYPE3 = (b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 500 500] /FontMatrix [0.001 0 0 0.001 0 0] "
          b"/CharProcs << /a19 8 0 R /a20 8 0 R >> /Encoding << /Type /Encoding /Differences [19 /a19 /a20] >> "
          b"/FirstChar 19 /LastChar 20 /Widths [500 500] /Resources << >> >>")
_GLYPH = b"500 0 0 0 500 500 d1 50 50 400 400 re f"


def _pdf(lines: list[tuple[float, bytes]]) -> bytes:
    """One page; each line is (its height from the bottom, the text operators that draw it)."""
    content = b"\n".join(b"BT 1 0 0 1 72 %.1f Tm %s ET" % (y, ops) for y, ops in lines)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << "
        + _FONTS + b" >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>",
        _TYPE3,
        b"<< /Length %d >>\nstream\n" % len(_GLYPH) + _GLYPH + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier-Bold /Encoding /WinAnsiEncoding >>",
        _TYPE3.replace(b"/a20 8 0 R", b"/a20 8 0 R /a21 8 0 R").replace(b"/a19 /a20]", b"/a19 /a20 /a21]")
        .replace(b"/LastChar 20 /Widths [500 500]", b"/LastChar 21 /Widths [500 500 500]"),
    ]
    return pdf_file(objects)


def _body(text: str) -> bytes:
    return b"/F1 11 Tf (" + text.encode("cp1252") + b") Tj"


def _code(text: str) -> bytes:
    return b"/F2 11 Tf (" + text.encode("cp1252") + b") Tj"


def _text(lines: list[tuple[float, bytes]]) -> str:
    return pdf.extract(_pdf(lines)).text


def test_short_code_lines_and_options_are_kept_while_glyph_soup_is_dropped():
    text = _text([
        (720, _body("Les sorties possibles de l'outil de rendu sont les suivantes.")),
        (680, _code("--jpg")),  # monospace: verbatim whatever its letters
        (640, _code("}")),
        (600, _code("<<")),
        (560, _code("cat x | wc; done")),
        (520, _body("--tif")),  # an option in a text font
        (480, _body("h hh")),  # a figure's glyphs, no word
        (440, _body("PS")),
        (400, _body("Fin de la liste des sorties de l'outil de rendu.")),
    ])
    for kept in ("--jpg", "}", "<<", "cat x | wc; done", "--tif", "Les sorties possibles", "Fin de la liste"):
        assert kept in text
    assert "h hh" not in text and "PS" not in text


def test_t1_guillemets_of_a_font_without_unicode_map_are_named_but_an_accent_over_a_letter_is_not():
    text = _text([
        (720, _body("On dit ") + b" /F3 11 Tf <13> Tj " + _body(" bonjour ") + b" /F3 11 Tf <14> Tj " + _body(", puis")),
        # code 19 drawn over the next letter is OT1's acute accent, not a guillemet
        (700, _body("on part en caf") + b" /F3 11 Tf <13> Tj /F1 11 Tf [550 (e)] TJ " + _body(" le matin.")),
    ])
    assert "On dit « bonjour », puis" in text
    assert text.count("«") == 1 and "»" in text
    # a font with other unnamed glyphs (codes 19 to 21) is not T1's guillemets: its glyphs stay out
    other = _text([(720, _body("Un signe ") + b" /F6 11 Tf <13> Tj " + _body(" puis ") + b" /F6 11 Tf <15> Tj "
                         + _body(" puis ") + b" /F6 11 Tf <14> Tj " + _body(" et la fin de la phrase."))])
    assert "«" not in other and "»" not in other and "Un signe" in other


def test_an_accent_drawn_over_its_letter_is_put_on_it_whatever_the_order():
    text = _text([
        # a cedilla drawn after its "c" (Courier glyphs are 600 units wide: 600 moves back one glyph)
        (720, b"/F2 11 Tf [(Le mot franc) 600 (\xb8) (ais est un mot de la langue.)] TJ"),
        # the ASCII circumflex drawn before the letter it is over, and a caret standing on its own
        (700, b"/F2 11 Tf [(La fen) (^) 600 (e) (tre du haut; x^2 au carr\xe9.)] TJ"),
        # a small-caps acute over the E after a gap pdfminer reads as a space
        (680, b"/F1 11 Tf [(Le R) -150 (\xb4) 482 (EGLAGE du rendu est fait une fois.)] TJ"),
    ])
    assert "Le mot français est" in text
    assert "La fenêtre du haut; x^2 au carré." in text
    assert "RÉGLAGE du rendu" in text


def _hyphen_lines(words_elsewhere: str, first: str, second: str) -> list[tuple[float, bytes]]:
    return [(720, _body(words_elsewhere)), (680, _body(first)), (667, _body(second))]


@pytest.mark.parametrize("elsewhere, first, second, joined", [
    # the hyphenated form seen elsewhere in the document: a compound cut at its own hyphen
    ("Un demi-cercle est tracé au début de la page.", "On trace aussi un second demi-", "cercle plus bas.",
     "un second demi-cercle plus bas"),
    # its first part heads other compounds, the joined form is never seen: a compound
    ("Il fait contre-jour et une contre-offre arrive.", "Voici maintenant un contre-", "exemple bien connu.",
     "un contre-exemple bien"),
    # the joined form seen elsewhere: TeX's hyphenation, even before a capital letter
    ("Le langage JavaScript tourne dans la page.", "Le code en Java-", "Script tourne aussi.",
     "code en JavaScript tourne"),
    # nothing known: joined as before
    ("Une phrase sans rapport avec la suite du texte.", "Ce point est très impor-", "tant pour la suite.",
     "est très important pour"),
])
def test_a_hyphen_at_a_line_end_is_kept_when_the_document_tells_a_compound(elsewhere, first, second, joined):
    assert joined in _text(_hyphen_lines(elsewhere, first, second))


def _page_at(lines: list[tuple[float, float, bytes]]) -> str:
    """Lines placed at (x, y) on the page."""
    content = [(y, ops) for _, y, ops in lines]
    data = _pdf(content)
    for x, y, _ in lines:
        data = data.replace(b"1 0 0 1 72 %.1f Tm" % y, b"1 0 0 1 %.1f %.1f Tm" % (x, y), 1)
    return pdf.extract(_fixed_xref(data)).text


def _fixed_xref(data: bytes) -> bytes:
    """The same objects with their offsets counted again (the Tm operands changed the content's length)."""
    import re

    bodies = re.findall(rb"\d+ 0 obj\n(.*?)\nendobj\n", data, re.DOTALL)
    bodies = [re.sub(rb"<< /Length \d+ >>\nstream\n(.*)\nendstream",
                     lambda m: b"<< /Length %d >>\nstream\n" % len(m.group(1)) + m.group(1) + b"\nendstream",
                     body, flags=re.DOTALL) for body in bodies]
    return pdf_file(bodies)


def test_a_definition_list_s_terms_come_before_their_own_descriptions():
    # two short terms close together, their descriptions further right: pdfminer boxes the terms together first
    text = _page_at([
        (72, 734, _body("-v, --niveau=valeur")),
        (130, 710, _body("Fixe le niveau de détail du journal produit pendant le traitement. Les valeurs")),
        (130, 697, _body("possibles sont :")),
        (130, 677, _body("BREF")),
        (130, 657, _body("TOUT")),
        (195, 677, _body("Une ligne par fichier, rien de plus.")),
        (195, 657, _body("Chaque étape du traitement avec sa durée, les avertissements")),
        (195, 644, _body("et les erreurs.")),
        (130, 624, _body("MUET")),
        (195, 624, _body("Aucune sortie, pas même les erreurs graves du programme.")),
    ])
    assert text.index("BREF") < text.index("Une ligne par fichier") < text.index("TOUT") < text.index("Chaque étape")
    assert "MUET\n\nAucune sortie" in text


def test_a_justified_line_cut_by_wide_spaces_is_put_back_together():
    text = _page_at([
        (72, 720, _body("Cette phrase occupe toute la largeur de la ligne pour que le bloc soit un vrai")),
        (72, 707, _body("paragraphe. Pour")),
        (72 + 95.3, 707, _body("les")),
        (72 + 124.0, 707, _body("lire,")),
        (72 + 153.0, 707, _body("ouvrez le fichier de configuration principal du programme.")),
        (72, 694, _body("La suite du paragraphe continue ici sur une ligne normale.")),
    ])
    assert "paragraphe. Pour les lire, ouvrez le fichier de configuration" in text


def _box(text: str, top: float, left: float, right: float) -> Box:
    line = Line(text, 11.0, False, False, left * 595, right * 595, (1 - top) * 842 - 11)  # A4, in points
    return Box([line], top, top + 0.02, left, right)


def test_a_page_in_columns_keeps_pdfminer_s_order():
    # pdfminer's order, column by column; sorting these boxes by their tops would interleave the columns
    columns = [_box("gauche, haut", 0.10, 0.10, 0.48), _box("gauche, bas", 0.50, 0.10, 0.48),
               _box("droite, haut", 0.10, 0.52, 0.90), _box("droite, bas", 0.50, 0.52, 0.90)]
    assert pdf_layout._reading_order(columns) == columns
    # one column with a term beside its description: top to bottom, then left to right
    terms = [_box("TERME", 0.30, 0.20, 0.25), _box("AUTRE", 0.33, 0.20, 0.26),
             _box("sa description", 0.30, 0.31, 0.85), _box("l'autre", 0.33, 0.31, 0.80)]
    assert [box.text for box in pdf_layout._reading_order(terms)] == ["TERME", "sa description", "AUTRE", "l'autre"]


def test_a_dash_at_a_line_start_in_running_text_is_no_list_item():
    text = _text([
        (720, _body("Il vaut mieux limiter le temps de calcul du programme")),
        (707, _body("– avec ulimit par exemple – et sa mémoire.")),
        (667, _body("Les formats possibles sont :")),
        (654, _body("– le premier format,")),
        (641, _body("– le second format.")),
    ])
    assert "du programme – avec ulimit par exemple – et sa mémoire." in text
    assert "sont :\n– le premier format,\n– le second format." in text  # items, one a line


def _line_box(lines: list[tuple[float, float, float, str]], item: bool = False) -> Box:
    """A box of lines (x0, x1, baseline in points on an A4 page, text)."""
    made = [Line(text, 11.0, False, False, x0, x1, base) for x0, x1, base, text in lines]
    return Box(made, 1 - (lines[0][2] + 9) / 842, 1 - (lines[-1][2] - 2) / 842, min(x0 for x0, *_ in lines) / 595,
                    max(x1 for _, x1, *_ in lines) / 595)


def test_a_paragraph_cut_after_a_justified_line_is_put_back_together():
    boxes = [
        _line_box([(87, 523, 700, "Un premier paragraphe, sa première ligne en retrait et justifiée"),
                   (72, 523, 687, "jusqu'à la marge de droite comme sa deuxième ligne, puis une"),
                   (72, 300, 674, "dernière ligne courte.")]),
        _line_box([(87, 523, 650, "Un paragraphe de deux lignes dont la première va jusqu'à la")]),
        _line_box([(72, 250, 637, "marge, la seconde est courte.")]),
        _line_box([(87, 523, 613, "Un autre paragraphe commence, en retrait, et il va jusqu'à la marge.")]),
        _line_box([(87, 400, 600, "Puis un nouveau paragraphe, en retrait lui aussi.")]),
    ]
    assert [box.text for box in pdf_layout._reading_order(boxes)] == [
        boxes[0].text, "Un paragraphe de deux lignes dont la première va jusqu'à la marge, la seconde est courte.",
        boxes[3].text, boxes[4].text]


def test_a_heading_s_second_line_and_a_heading_naming_code_stay_headings():
    body = "Un paragraphe de texte ordinaire, assez long pour donner au document la taille de son corps."
    extracted = pdf.extract(_pdf([
        (720, b"/F4 14 Tf (R\xe9glages avanc\xe9s du programme de) Tj"),
        (703, b"/F4 14 Tf (l'interface) Tj"),
        (680, _body(body)),
        (640, b"/F4 14 Tf (Erreur ) Tj /F5 14 Tf (NO_SUCH_FILE_HERE) Tj"),
        (617, _body(body)),
    ]))
    headings = [extracted.text[b.start:b.end] for b in extracted.blocks if b.kind == "heading"]
    assert headings == ["Réglages avancés du programme de l'interface", "Erreur NO_SUCH_FILE_HERE"]


def test_words_in_code_s_font_inside_a_paragraph_stay_in_the_paragraph():
    text = _text([
        (720, _body("Le programme se trouve dans le menu principal, qui s'ouvre par le bouton")),
        (707, _code("Menu > Outils > Console") + _body(" ou par le raccourci du clavier.")),
        (694, _body("Il se lance ensuite avec l'option ") + _code("--debut=oui")),
        (681, _code("--fin=non") + _body(".")),
        (641, _code("programme --debut=oui --fin=non")),
    ])
    assert ("par le bouton Menu > Outils > Console ou par le raccourci du clavier. Il se lance ensuite avec l'option "
            "--debut=oui --fin=non.") in text
    assert "\n\nprogramme --debut=oui --fin=non" in text  # a code line on its own, wholly monospace, stays code


def _width(text: str, size: float) -> float:
    from pdfminer.fontmetrics import FONT_METRICS

    return sum(FONT_METRICS["Helvetica"][1][char] for char in text) * size / 1000


def test_a_superscript_and_a_lone_short_word_boxed_apart_find_their_line():
    first = "Le style de ce recueil date du XIX"
    text = _page_at([
        (72, 720, _body("Une phrase d'introduction assez longue pour faire une vraie ligne de texte ici.")),
        (72, 700, _body(first)),
        (72 + _width(first, 11), 706.5, b"/F1 8 Tf (e) Tj"),  # raised and smaller, against the line's end
        (72 + _width(first, 11) + 12, 700, _body("si\xe8cle, comme le dit la page d'accueil.")),
        (72, 680, _body("Cette option est \xe9quivalente")),
        (72 + _width("Cette option est \xe9quivalente", 11) + 14, 680, _body("\xe0")),  # one letter, no word
        (72, 667, _body("la pr\xe9c\xe9dente, sauf pour le dernier cas.")),
    ])
    assert "du XIXe siècle, comme" in text
    assert "Cette option est équivalente à" in text
