"""HTML: block-structured text from real manual pages — wraps joined, headings, lists, tables, code, no furniture."""

from __future__ import annotations

from pathlib import Path

import pytest

from askcloud.corpus.loaders import Unreadable, load

pytestmark = pytest.mark.unit

FORMATS = Path(__file__).resolve().parents[2] / "stub_data" / "formats"


def extract(tmp_path: Path, markup: str):
    path = tmp_path / "page.html"
    path.write_text(markup, encoding="utf-8")
    return load(path)


def blocks(extracted, kind: str) -> list[str]:
    return [extracted.text[b.start:b.end] for b in extracted.blocks if b.kind == kind]


def test_gimp_page_drops_navigation_and_joins_wrapped_lines():
    page = load(FORMATS / "gimp-fr-tool-curves.html")
    for furniture in ("Précédent", "Suivant", "Sommaire", "Niveau supérieur", "<", "[Note]"):
        assert furniture not in page.text
    assert page.text.startswith("8.11.\u00a0Courbes\n\n")
    # the source wraps this paragraph over several lines: it is one line here
    assert "It, too, ranges from 0 (black) to 255 (white), from Shadows to Highlights." in page.text


def test_gimp_headings_and_terms_are_blocks_the_splitter_can_use():
    page = load(FORMATS / "gimp-fr-tool-curves.html")
    headings = [h.replace("\u00a0", " ") for h in blocks(page, "heading")]
    assert headings[:3] == ["8.11. Courbes", "8.11.1. Activation de l’outil", "8.11.2. Options de l’outil « Courbes »"]
    levels = [b.level for b in page.blocks if b.kind == "heading"]
    assert levels[0] < levels[1] == levels[2]
    assert "Canal" in blocks(page, "term")
    assert "Dans le menu d’image en suivant Couleurs → Courbes…" in blocks(page, "item")


def test_every_block_is_an_exact_stripped_slice():
    for name in ("gimp-fr-tool-curves.html", "gimp-en-layer-groups.html"):
        page = load(FORMATS / name)
        for block in page.blocks:
            piece = page.text[block.start:block.end]
            assert piece and (block.kind == "code" or piece == piece.strip()), (name, piece)
        assert [b.start for b in page.blocks] == sorted(b.start for b in page.blocks)


def test_admonition_layout_table_is_read_as_paragraphs_not_rows():
    page = load(FORMATS / "gimp-en-layer-groups.html")
    assert not blocks(page, "row")
    assert any(p.startswith("A thin horizontal line marks where the layer will be inserted") for p in
               blocks(page, "paragraph"))


def test_lists_tables_and_pre_keep_their_shape(tmp_path):
    page = extract(tmp_path, """<html><body><nav><a href="/">Accueil</a></nav>
      <h1>Les pinceaux</h1>
      <p>Un pinceau
         peint des traits<br/>doux.</p>
      <ul><li>Le crayon</li><li>L'aérographe
          à jets</li></ul>
      <table><thead><tr><th>Outil</th><th>Touche</th></tr></thead>
        <tr><td>Crayon</td><td>N</td></tr><tr><td>Gomme</td><td>Maj+E</td></tr></table>
      <pre>gimp --batch
  "(script 1 2)"</pre>
      <footer>© 2024 Mentions légales</footer></body></html>""")
    assert page.text == ("Les pinceaux\n\nUn pinceau peint des traits\ndoux.\n\nLe crayon\nL'aérographe à jets"
                         "\n\nOutil | Touche\nCrayon | N\nGomme | Maj+E\n\ngimp --batch\n  \"(script 1 2)\"")
    assert [b.kind for b in page.blocks] == ["heading", "paragraph", "item", "item", "row", "row", "row", "code"]


def test_a_page_of_furniture_only_is_empty(tmp_path):
    with pytest.raises(Unreadable, match="is empty"):
        extract(tmp_path, "<html><body><div class='navheader'><a href='x'>Suivant</a></div></body></html>")


def test_two_inline_elements_meeting_without_a_space_are_two_words(tmp_path):
    page = extract(tmp_path, "<p>Hold <span class='keycap'><b>Alt</b></span><span class='emphasis'><em>while</em>"
                             "</span> you drag, then open <span class='gui'>Layer</span><span class='gui'>Stack</span>."
                             " A <b>bold</b> word and un<em>usual</em> styling stay as written.</p>")
    assert "Hold Alt while you drag, then open Layer Stack." in page.text
    assert "A bold word and unusual styling stay as written." in page.text


def test_a_page_declaring_its_main_content_is_read_there_only(tmp_path):
    page = extract(tmp_path, """<html><head><title>Working with Lists - The Example Handbook</title></head><body>
      <div id="help-container"><div id="help-popup"><h2>Keyboard shortcuts</h2><p>Press S to search</p></div></div>
      <div id="menu-bar"><h1 class="menu-title">The Example Handbook</h1></div>
      <main><h1>Working with Lists</h1><p>A list keeps its items in order.</p></main>
      <div class="copyright">Printed from the web</div></body></html>""")
    assert page.text == "Working with Lists\n\nA list keeps its items in order."
    assert page.title == "Working with Lists"  # the page's name, without its site's


def test_without_a_main_region_the_whole_page_is_read_and_an_svg_title_is_no_title(tmp_path):
    page = extract(tmp_path, """<html><body><svg><title>An icon</title></svg><div role="main"><p>First part.</p></div>
      <main hidden><p>Not shown.</p></main><p>Second part.</p></body></html>""")
    assert page.text == "First part."  # role="main" declares the region; a hidden <main> is no content
    page = extract(tmp_path, "<html><body><svg><title>An icon</title></svg><p>Only text.</p></body></html>")
    assert (page.text, page.title) == ("Only text.", None)
    page = extract(tmp_path, "<html><head><title>Release notes | Example</title></head><body><h1>Version 2</h1>"
                             "<p>Faster.</p></body></html>")
    assert page.title == "Release notes | Example"  # a heading the title does not hold is no name of the page


def test_headings_terms_and_cells_are_read_like_paragraphs(tmp_path):
    page = extract(tmp_path, """<html><body><h2><code>Box&lt;T&gt;</code>, the Owning Pointer</h2>
      <dl><dt>“<span class="gui">Sharpen</span>” option</dt><dd><p>Makes edges crisper.</p></dd></dl>
      <table><thead><tr><th>Keys</th><th>Effect</th></tr></thead>
        <tr><td><span class="key">Ctrl</span>+<span class="key">Z</span></td><td><p>Undoes</p><p>the last step</p></td></tr>
      </table></body></html>""")
    assert blocks(page, "heading") == ["Box<T>, the Owning Pointer"]
    assert blocks(page, "term") == ["“Sharpen” option"]
    assert blocks(page, "row") == ["Keys | Effect", "Ctrl+Z | Undoes the last step"]


def test_captions_of_figures_and_tables_are_blocks_of_their_own(tmp_path):
    page = extract(tmp_path, """<html><body><main>
      <p>The kettle boils water in two minutes.</p>
      <figure><img src="k.png" alt="kettle"><figcaption>The kettle on its base</figcaption></figure>
      <div class="figure"><p class="title"><strong>Figure 3.1. The lid, open</strong></p>
        <div class="mediaobject"><img src="lid.png"><div class="caption"><p>A lid with its hinge</p></div></div></div>
      <table><caption>Boiling times</caption><tr><td>1 l</td><td>2 min</td></tr></table>
      <p class="title">A title paragraph outside any figure</p>
    </main></body></html>""")
    assert blocks(page, "caption") == ["The kettle on its base", "Figure 3.1. The lid, open", "A lid with its hinge",
                                       "Boiling times"]
    assert "The kettle boils water in two minutes." in blocks(page, "paragraph")
    assert "A title paragraph outside any figure" in blocks(page, "paragraph")
