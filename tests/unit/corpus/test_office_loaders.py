""".docx, .odt and .pptx: structure from real LibreOffice files and from documents built here, and every way an
office file can fail to open (skipped with a one-line reason, the rest of the folder still read)."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

from askcloud.corpus.loader import load_corpus
from askcloud.corpus.loaders import SUPPORTED, Unreadable, load
from askcloud.corpus.loaders.archive import Limits, open_archive
from askcloud.corpus.loaders.pptx import NOTES_MARKER

pytestmark = pytest.mark.unit

FORMATS = Path(__file__).resolve().parents[2] / "stub_data" / "formats"
BROKEN = FORMATS.parent / "broken-formats"
PAGE = "gimp-fr-tool-curves"


def blocks(extracted, kind: str) -> list[str]:
    return [extracted.text[b.start:b.end] for b in extracted.blocks if b.kind == kind]


def headings(extracted) -> list[tuple[int, str]]:
    return [(b.level, " ".join(extracted.text[b.start:b.end].split())) for b in extracted.blocks
            if b.kind == "heading"]


def exact_slices(extracted) -> None:
    for block in extracted.blocks:
        piece = extracted.text[block.start:block.end]
        assert piece and piece == piece.strip()
    assert [b.start for b in extracted.blocks] == sorted(b.start for b in extracted.blocks)


# --- real files written by LibreOffice ------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", [".docx", ".odt"])
def test_word_processor_headings_keep_their_outline_levels(suffix):
    page = load(FORMATS / f"{PAGE}{suffix}")
    found = headings(page)
    assert found[:3] == [(3, "8.11. Courbes"), (4, "8.11.1. Activation de l’outil"),
                         (4, "8.11.2. Options de l’outil « Courbes »")]
    assert (5, "8.11.3.1. Résumé et formes de base") in found
    assert (6, "Inverser les couleurs") in found
    exact_slices(page)


@pytest.mark.parametrize("suffix", [".docx", ".odt"])
def test_word_processor_lists_are_items_and_tables_are_rows(suffix):
    page = load(FORMATS / f"{PAGE}{suffix}")
    assert "Dans le menu d’image en suivant Couleurs → Courbes…" in blocks(page, "item")
    assert "Cliquez-glissez le point." in blocks(page, "item")
    # the page's navigation bar is a three-cell table in the converted file: one row, cells joined
    assert "8.10.\u00a0Niveaux |  | 8.12.\u00a0Inverser" in blocks(page, "row")
    # consecutive items stand on consecutive lines
    first, second = [b for b in page.blocks if b.kind == "item"][:2]
    assert page.text[first.end:second.start] == "\n"


def test_slides_give_titles_as_headings_in_order_and_keep_speaker_notes():
    deck = load(FORMATS / f"{PAGE}.pptx")
    found = headings(deck)
    assert found[0] == (1, "8.11. Courbes")  # the title slide
    assert found[1:3] == [(2, "8.11.1. Activation de l’outil"), (2, "8.11.2. Options de l’outil « Courbes »")]
    assert [name for _, name in found].index("8.11.3.2. Cas pratiques") > \
        [name for _, name in found].index("8.11.3.1. Résumé et formes de base")
    assert "Dans le menu d’image en suivant Couleurs → Courbes…" in blocks(deck, "item")
    paragraphs = blocks(deck, "paragraph")
    assert NOTES_MARKER in paragraphs
    # the notes come after the body of their slide, before the next slide's title
    marker = next(b for b in deck.blocks if deck.text[b.start:b.end] == NOTES_MARKER)
    following = deck.blocks[deck.blocks.index(marker) + 1]
    assert following.kind == "paragraph" and following.end - following.start > 20
    exact_slices(deck)


# --- structure rules, on documents built here --------------------------------------------------------------------

def _docx_bytes() -> bytes:
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Pt

    document = Document()
    localised = document.styles.add_style("Titre 1", WD_STYLE_TYPE.PARAGRAPH)  # a display name, no outline level
    chapter = document.styles.add_style("Chapitre", WD_STYLE_TYPE.PARAGRAPH)
    chapter.element.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="1"/>'))
    derived = document.styles.add_style("Chapitre bis", WD_STYLE_TYPE.PARAGRAPH)
    derived.base_style = chapter
    document.add_paragraph("Only looks like a heading", style=localised)
    document.add_heading("Built-in heading", level=1)
    document.add_paragraph("Outline level from the style", style=chapter)
    document.add_paragraph("Outline level inherited", style=derived)
    direct = document.add_paragraph("Outline level on the paragraph")
    direct._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="2"/>'))
    document.add_paragraph("First bullet", style="List Bullet")
    document.add_paragraph("Second bullet", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([("Key", "Effect"), ("Ctrl", "Constrains")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    box = document.add_table(rows=1, cols=1).cell(0, 0)
    box.text = "A note laid out in a box."
    box.add_paragraph("Its second paragraph.")
    line = document.add_paragraph("One line")
    line.add_run().add_break()
    line.add_run("and the next")
    document.add_paragraph("Feather edges")
    document.add_paragraph("Softens the border of the shape.").paragraph_format.left_indent = Pt(28)
    document.add_paragraph("Short line at the margin")
    document.add_paragraph("Followed by text at the same margin.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_headings_come_from_outline_levels_and_builtin_styles_never_from_display_names(tmp_path):
    path = tmp_path / "built.docx"
    path.write_bytes(_docx_bytes())
    doc = load(path)
    assert headings(doc) == [(1, "Built-in heading"), (2, "Outline level from the style"),
                             (2, "Outline level inherited"), (3, "Outline level on the paragraph")]
    assert "Only looks like a heading" in blocks(doc, "paragraph")
    assert blocks(doc, "item") == ["First bullet", "Second bullet"]
    assert blocks(doc, "row") == ["Key | Effect", "Ctrl | Constrains"]
    assert "A note laid out in a box." in blocks(doc, "paragraph")
    assert "One line\nand the next" in blocks(doc, "paragraph")
    # a short line above a deeper-indented paragraph names it, as a definition list's term
    assert blocks(doc, "term") == ["Feather edges"]
    assert "Short line at the margin" in blocks(doc, "paragraph")


def _odt_bytes(body: str, mimetype: str = "application/vnd.oasis.opendocument.text", head: str = "",
               styles: str = "") -> bytes:
    content = (f'<?xml version="1.0" encoding="UTF-8"?>{head}<office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
               'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0">'
               f'<office:automatic-styles>{styles}</office:automatic-styles>'
               f'<office:body><office:text>{body}</office:text></office:body></office:document-content>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content)
    return out.getvalue()


def test_odt_headings_lists_tables_and_inline_spacing(tmp_path):
    body = ('<text:p text:style-name="Titre_20_1">Display name only</text:p>'
            '<text:h text:outline-level="2">Second level<text:note><text:note-body><text:p>foot</text:p>'
            '</text:note-body></text:note></text:h>'
            '<text:section><text:p>Two<text:s text:c="2"/>spaces,<text:tab/>a tab<text:line-break/>a new line'
            '</text:p></text:section>'
            '<text:list><text:list-item><text:p>Outer item</text:p><text:list><text:list-item><text:p>Inner item'
            '</text:p></text:list-item></text:list></text:list-item></text:list>'
            '<table:table><table:table-header-rows><table:table-row><table:table-cell><text:p>Name</text:p>'
            '</table:table-cell><table:table-cell><text:p>Value</text:p></table:table-cell></table:table-row>'
            '</table:table-header-rows><table:table-row><table:table-cell><text:p>Radius</text:p>'
            '</table:table-cell><table:covered-table-cell/><table:table-cell><text:p>3</text:p></table:table-cell>'
            '</table:table-row></table:table>'
            '<text:table-of-content><text:index-body><text:p>Second level 1</text:p></text:index-body>'
            '</text:table-of-content>')
    path = tmp_path / "built.odt"
    path.write_bytes(_odt_bytes(body))
    doc = load(path)
    assert headings(doc) == [(2, "Second level")]
    assert blocks(doc, "paragraph") == ["Display name only", "Two spaces, a tab\na new line"]
    assert blocks(doc, "item") == ["Outer item", "Inner item"]
    assert blocks(doc, "row") == ["Name | Value", "Radius | 3"]
    assert "foot" not in doc.text and "Second level 1" not in doc.text


def test_odt_short_line_above_an_indented_paragraph_is_a_term(tmp_path):
    styles = ('<style:style style:name="Inner" style:family="paragraph"><style:paragraph-properties '
              'fo:margin-left="1cm"/></style:style><style:style style:name="P2" style:family="paragraph" '
              'style:parent-style-name="Inner"/>')
    body = ('<text:p>Feather edges</text:p><text:p text:style-name="P2">Softens the border of the shape.</text:p>'
            '<text:p>Short line at the margin</text:p><text:p>Followed by text at the same margin.</text:p>')
    path = tmp_path / "terms.odt"
    path.write_bytes(_odt_bytes(body, styles=styles))
    doc = load(path)
    assert blocks(doc, "term") == ["Feather edges"]
    assert blocks(doc, "paragraph") == ["Softens the border of the shape.", "Short line at the margin",
                                        "Followed by text at the same margin."]


def test_pptx_tables_text_boxes_and_notes(tmp_path):
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[5])  # title only
    slide.shapes.title.text = "Figures"
    box = slide.shapes.add_textbox(Inches(1), Inches(2), Inches(6), Inches(1)).text_frame
    box.text = "Plain text in a box."
    table = slide.shapes.add_table(2, 2, Inches(1), Inches(4), Inches(6), Inches(1)).table
    for r, row in enumerate([("Year", "Visitors"), ("2020", "1500")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    slide.notes_slide.notes_text_frame.text = "Said aloud, not shown."
    second = deck.slides.add_slide(deck.slide_layouts[1])
    second.shapes.title.text = "Next"
    second.placeholders[1].text_frame.text = "A bullet point"
    path = tmp_path / "built.pptx"
    deck.save(path)
    doc = load(path)
    assert headings(doc) == [(2, "Figures"), (2, "Next")]
    assert blocks(doc, "paragraph") == ["Plain text in a box.", NOTES_MARKER, "Said aloud, not shown."]
    assert blocks(doc, "row") == ["Year | Visitors", "2020 | 1500"]
    assert blocks(doc, "item") == ["A bullet point"]
    assert doc.text.index("Said aloud") < doc.text.index("Next")


# --- files that do not open ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, reason", [
    (f"{PAGE}.truncated.docx", "not a valid zip archive"),
    (f"{PAGE}.password.docx", "password-protected"),
    (f"{PAGE}.password.odt", "password-protected"),
])
def test_broken_and_password_protected_files_are_unreadable_with_one_line(name, reason):
    with pytest.raises(Unreadable, match=reason) as caught:
        load(BROKEN / name)
    assert "\n" not in str(caught.value)


def test_a_folder_with_broken_office_files_is_still_indexed(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in (f"{PAGE}.docx", f"{PAGE}.odt", f"{PAGE}.pptx"):
        shutil.copy(FORMATS / name, corpus / name)
    for name in (f"{PAGE}.truncated.docx", f"{PAGE}.password.docx", f"{PAGE}.password.odt"):
        shutil.copy(BROKEN / name, corpus / name)
    (corpus / "sheet.xlsx").write_bytes(b"PK\x03\x04")
    (corpus / "sheet.ods").write_bytes(b"PK\x03\x04")
    (corpus / "notes.odt").write_bytes(b"not a zip at all")
    documents, skipped = load_corpus(corpus)
    assert sorted(d.doc_id for d in documents) == [f"{PAGE}.docx", f"{PAGE}.odt", f"{PAGE}.pptx"]
    reasons = {Path(s.path).name: s.reason for s in skipped}
    assert set(reasons) == {f"{PAGE}.truncated.docx", f"{PAGE}.password.docx", f"{PAGE}.password.odt",
                            "sheet.xlsx", "sheet.ods", "notes.odt"}
    assert reasons["sheet.xlsx"].startswith("unsupported") and reasons["sheet.ods"].startswith("unsupported")
    assert all("\n" not in r for r in reasons.values())


def test_spreadsheets_and_legacy_binary_formats_are_not_supported():
    for suffix in (".xlsx", ".ods", ".xls", ".ppt", ".doc"):
        assert suffix not in SUPPORTED
    for suffix in (".docx", ".odt", ".pptx"):
        assert suffix in SUPPORTED


def test_a_spreadsheet_renamed_odt_is_refused_by_its_type(tmp_path):
    path = tmp_path / "sheet.odt"
    path.write_bytes(_odt_bytes("", mimetype="application/vnd.oasis.opendocument.spreadsheet"))
    with pytest.raises(Unreadable, match="not an OpenDocument text"):
        load(path)


def test_an_old_binary_document_renamed_docx_is_named_as_such(tmp_path):
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(Unreadable, match="OLE compound file"):
        load(path)


def test_xml_declaring_entities_is_refused_before_any_parser_sees_it(tmp_path):
    head = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    path = tmp_path / "laughs.odt"
    path.write_bytes(_odt_bytes("<text:p>&b;</text:p>", head=head))
    with pytest.raises(Unreadable, match="declares a DTD"):
        load(path)


def test_a_bomb_like_archive_is_refused_by_its_expansion_ratio(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\x20" * (20 * 1024 * 1024))  # 20 MB of spaces, ~20 kB packed
    path = tmp_path / "bomb.docx"
    path.write_bytes(out.getvalue())
    with pytest.raises(Unreadable, match="would expand .* over the limit"):
        load(path)


def test_an_archive_past_the_total_size_limit_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("content.xml", b"x" * 4096)
    with pytest.raises(Unreadable, match="would expand to .* over the limit"):
        open_archive(out.getvalue(), "content.xml", Limits(total_bytes=1024))
