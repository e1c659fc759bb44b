"""Build the .pptx test documents from HTML pages: one slide per section of each page.

    .venv/bin/python bench/make_pptx_fixtures.py evals/corpora/office-html evals/corpora/office-pptx
    # then, once, through LibreOffice Impress (what the committed files are):
    cd evals/corpora/office-pptx/<folder> && soffice --headless --convert-to pptx --outdir roundtrip *.pptx

Each page is read with askcloud's HTML loader; every heading opens a slide whose title is the heading (the page's
first heading on a title slide, the others on "Title and Content" slides). The section's paragraphs and definition
terms become paragraphs without bullets, its list items bulleted paragraphs, its table rows a table below the text.
On every slide with two paragraphs or more, the last paragraph is moved to the speaker notes. Text before the first
heading (a navigation bar) is dropped, as the HTML loader drops it.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from askcloud.corpus.loaders import html

_TITLE_SLIDE, _CONTENT_SLIDE = 0, 1


@dataclass
class Section:
    title: str
    body: list[tuple[str, str]] = field(default_factory=list)  # (kind, text): paragraph or item
    rows: list[list[str]] = field(default_factory=list)


def sections(path: Path) -> list[Section]:
    page = html.extract(path.read_bytes())
    found: list[Section] = []
    for block in page.blocks:
        text = page.text[block.start:block.end]
        if block.kind == "heading":
            found.append(Section(" ".join(text.split())))
        elif not found:
            continue
        elif block.kind == "row":
            found[-1].rows.append([cell.strip() for cell in text.split(" | ")])
        else:
            found[-1].body.append(("item" if block.kind == "item" else "paragraph", text))
    return found


def build(path: Path, out: Path) -> None:
    deck = Presentation()
    for number, section in enumerate(sections(path)):
        slide = deck.slides.add_slide(deck.slide_layouts[_TITLE_SLIDE if number == 0 else _CONTENT_SLIDE])
        slide.shapes.title.text = section.title
        body = list(section.body)
        paragraphs = [i for i, (kind, _) in enumerate(body) if kind == "paragraph"]
        if len(paragraphs) >= 2:
            _, note = body.pop(paragraphs[-1])
            slide.notes_slide.notes_text_frame.text = note
        frame = slide.placeholders[1].text_frame
        for i, (kind, text) in enumerate(body):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            paragraph.text = text.replace("\n", "\v")
            paragraph.font.size = Pt(12)
            if kind == "paragraph" and number > 0:
                paragraph._p.get_or_add_pPr().insert(0, paragraph._p.makeelement(qn("a:buNone"), {}))
        if section.rows:
            width = max(len(r) for r in section.rows)
            shape = slide.shapes.add_table(len(section.rows), width, Inches(0.5), Inches(6.5), Inches(9),
                                           Emu(Inches(0.3) * len(section.rows)))
            for r, row in enumerate(section.rows):
                for c, cell in enumerate(row):
                    shape.table.cell(r, c).text = cell
    out.parent.mkdir(parents=True, exist_ok=True)
    deck.save(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("html_dir", type=Path)
    parser.add_argument("out_dir", type=Path)
    args = parser.parse_args(argv)
    pages = sorted(args.html_dir.rglob("*.html"))
    for page in pages:
        out = args.out_dir / page.relative_to(args.html_dir).with_suffix(".pptx")
        build(page, out)
        print(out)
    return 0 if pages else 1


if __name__ == "__main__":
    sys.exit(main())
