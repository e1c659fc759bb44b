"""Markdown rendered to the text a reader sees, block by block: headings of both kinds with their level, plain text
for emphasis, escapes and links, code and tables kept as units, front matter as metadata, MyST as its text."""

from __future__ import annotations

import pytest

from askcloud.corpus.loaders.markdown import extract
from askcloud.corpus.models import Document
from askcloud.corpus.splitter import split_document

pytestmark = pytest.mark.unit


def blocks(source: str) -> list[tuple[str, int, str]]:
    extracted = extract(source.encode("utf-8"))
    return [(b.kind, b.level, extracted.text[b.start:b.end]) for b in extracted.blocks]


def test_setext_and_atx_headings_are_headings_with_their_level():
    found = blocks("Garden diary\n============\n\nSpring sowing starts indoors.\n\nTomatoes\n--------\n\n"
                   "Sow in March.\n\n### Watering\n\nEvery other day.\n")
    assert found == [("heading", 1, "Garden diary"), ("paragraph", 0, "Spring sowing starts indoors."),
                     ("heading", 2, "Tomatoes"), ("paragraph", 0, "Sow in March."),
                     ("heading", 3, "Watering"), ("paragraph", 0, "Every other day.")]


def test_front_matter_is_metadata_and_never_a_setext_heading():
    extracted = extract(b"---\ntitle: Field notes\nauthor: Someone\n---\n\nThe pond froze twice this winter.\n")
    assert extracted.title == "Field notes"
    assert extracted.text == "The pond froze twice this winter."
    assert [b.kind for b in extracted.blocks] == ["paragraph"]


def test_front_matter_that_is_not_plain_yaml_is_dropped_without_a_title():
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\ntitle: *b\n---\n"
    assert extract((bomb + "Body text.\n").encode()).title is None
    assert extract(b"---\ntitle: [unclosed\n---\nBody text.\n").text == "Body text."


def test_a_horizontal_rule_after_text_is_not_front_matter():
    extracted = extract(b"Intro line.\n\n---\n\nAfter the rule.\n")
    assert extracted.title is None and extracted.text == "Intro line.\n\nAfter the rule."


def test_emphasis_escapes_entities_and_wrapped_lines_become_plain_text():
    found = blocks("Use **bold**, *em*, ~~old~~ and \\_under\\_scores \\*stars\\* &amp; `snake_case`\nacross a wrap.\n")
    assert found == [("paragraph", 0, "Use bold, em, old and _under_scores *stars* & snake_case across a wrap.")]


def test_links_keep_their_text_and_drop_their_target_and_images_become_alt_text():
    [(_, _, text)] = blocks('See [the manual](https://example.org/manual "Manual") or <https://example.org>, '
                            'then look at ![a wiring diagram](img/wiring.png).\n')
    assert text == "See the manual or https://example.org, then look at a wiring diagram."
    assert "](" not in text


def test_code_fences_and_indented_code_are_kept_whole_and_verbatim():
    source = "Run this:\n\n```sh\n# not a heading\nmake  install   **x**\n```\n\n    indented  = 1\n    second\n"
    found = blocks(source)
    assert found == [("paragraph", 0, "Run this:"), ("code", 0, "# not a heading\nmake  install   **x**"),
                     ("code", 0, "indented  = 1\nsecond")]


def test_table_rows_are_row_blocks_with_cells_joined():
    extracted = extract(b"| Flag | Effect |\n|------|--------|\n| `-q` | *quiet* |\n| `-v` | verbose |\n")
    assert extracted.text == "Flag | Effect\n-q | quiet\n-v | verbose"
    assert [b.kind for b in extracted.blocks] == ["row", "row", "row"]


def test_list_items_block_quotes_and_html_blocks():
    found = blocks("- first point\n- second *point*\n\n1. step one\n2. step two\n\n> Quoted advice\n> on two lines.\n\n"
                   '<div class="box"><b>Boxed</b> words<!-- hidden --><script>x()</script></div>\n')
    assert found == [("item", 0, "first point"), ("item", 0, "second point"), ("item", 0, "step one"),
                     ("item", 0, "step two"), ("paragraph", 0, "Quoted advice on two lines."),
                     ("paragraph", 0, "Boxed words")]


def test_myst_directives_and_roles_are_rendered_to_their_text():
    source = ("```{note}\n:class: dropdown\nBack up the *database* first.\n```\n\n"
              ":::{admonition} Before you start\nCheck the free disk space.\n:::\n\n"
              "```{code-block} python\nprint('kept as code')\n```\n\n"
              "```{toctree}\nchapter-one\nchapter-two\n```\n\n"
              "(upgrade-target)=\n% a comment nobody reads\n\n"
              "```{versionchanged} 4.2\nThe default port moved.\n```\n\n"
              "Read {ref}`the upgrade guide <upgrade-target>` and press {kbd}`Ctrl+S`.\n")
    assert blocks(source) == [("paragraph", 0, "Back up the database first."),
                              ("paragraph", 0, "Before you start"), ("paragraph", 0, "Check the free disk space."),
                              ("code", 0, "print('kept as code')"),
                              ("paragraph", 0, "Changed in version 4.2."), ("paragraph", 0, "The default port moved."),
                              ("paragraph", 0, "Read the upgrade guide and press Ctrl+S.")]


def test_a_role_resolves_its_backslash_escapes_as_sphinx_does_but_math_keeps_them():
    [(_, _, text)] = blocks("Edit {file}`D:\\\\Tools\\\\app.ini` where {math}`\\beta` is set.\n")
    assert text == "Edit D:\\Tools\\app.ini where \\beta is set."


def test_a_version_heading_and_the_line_under_it_make_one_passage_under_that_heading():
    extracted = extract(b"Version 7.1 (2019-11-05)\n========================\n\n* The scheduler learned to skip holidays.\n")
    doc = Document("CHANGES.md", "CHANGES.md", extracted.text, "Version 7.1 (2019-11-05)", blocks=extracted.blocks)
    [chunk] = split_document(doc, chunk_size=1000, overlap=1, min_section=200)
    assert chunk.text == "Version 7.1 (2019-11-05)\n\nThe scheduler learned to skip holidays."
    assert "Version 7.1 (2019-11-05)" in chunk.section


def test_offsets_point_into_the_rendered_text():
    extracted = extract("# Cafés\n\nLe **café** est servi à 8 h.\n".encode("cp1252"))
    assert extracted.encoding == "cp1252"
    for block in extracted.blocks:
        assert extracted.text[block.start:block.end] in ("Cafés", "Le café est servi à 8 h.")
