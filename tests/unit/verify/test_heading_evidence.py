"""A version or a date that stands only in the heading above a sentence is evidence for that sentence's claims."""

from __future__ import annotations

import pytest

from askcloud.corpus.models import Block, Document
from askcloud.corpus.splitter import split_document
from askcloud.retrieval.passage import Passage
from askcloud.verify.claims import Claim
from askcloud.verify.support import check

from verify_support import evidence

pytestmark = pytest.mark.unit

CHANGES = [("Version 4.1 (2020-05-02)", ["Adds CSV export.", "Speeds up the start on large projects."]),
           ("Version 4.0 (2019-11-20)", ["Adds a dark theme to the settings window."]),
           ("Version 3.9 (2019-06-01)", ["Fixes the crash when the network drops during a long upload."])]


def changelog() -> Passage:
    """The notes as a structured loader gives them (each version a heading, each change a list item), cut by the
    real splitter: short sections fold into one passage, each heading kept where it stands."""
    text, blocks = "", []
    for heading, items in CHANGES:
        for kind, line in [("heading", heading), *(("item", f"- {item}") for item in items)]:
            text += "\n\n" if text else ""
            blocks.append(Block(len(text), len(text) + len(line), kind, 2 if kind == "heading" else 0))
            text += line
    doc = Document(doc_id="CHANGES.md", source="corpus/CHANGES.md", text=text, title="Changes", blocks=tuple(blocks))
    (chunk,) = split_document(doc, chunk_size=1000, min_section=200)
    assert chunk.section == "Version 4.1 (2020-05-02)" and len(chunk.headings) == 2
    return Passage(chunk, 0.9)


@pytest.mark.parametrize("claim, question, ok", [
    ("CSV export came in version 4.1.", "Since which version can it export CSV?", True),
    ("CSV export came in version 4.2.", "Since which version can it export CSV?", False),
    ("Large projects start faster since version 4.1.", "Since when do large projects start faster?", True),
    ("Large projects start faster since version 4.0.", "Since when do large projects start faster?", False),
    ("The dark theme came in version 4.0.", "Which version brought the dark theme?", True),
    ("The dark theme came in version 4.1.", "Which version brought the dark theme?", False),
    ("The upload crash was fixed in 2019.", "When was the upload crash fixed?", True),
    ("The upload crash was fixed in 2020.", "When was the upload crash fixed?", False),
])
def test_the_heading_path_above_the_sentence_counts_and_no_other(aligner, claim, question, ok):
    support = check(Claim(claim, (1,)), evidence(changelog()), question, aligner)
    assert support.ok is ok, support.missing


def test_a_passage_with_headings_inside_stands_under_what_they_share(aligner):
    found = evidence(changelog())
    assert found.heading(0) == "Changes"
    dark = next(s for s in found.sentences[0] if "dark theme" in s.text)
    assert found.heading_of(dark) == "Changes › Version 4.0 (2019-11-20)"
    assert [s.text for s in found.sentences[0] if found.is_heading(s)] == [h for h, _ in CHANGES]
