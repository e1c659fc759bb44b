"""A citation quotes its passage's text at exact offsets into the document."""

from __future__ import annotations

import pytest

from askcloud.citations import cite
from askcloud.corpus.models import Chunk
from askcloud.retrieval.passage import Passage

pytestmark = pytest.mark.unit


def test_offsets_point_into_the_document_text():
    document = "Titre\n\nLa halle date de 1890. Elle accueille un marché le mardi."
    start = document.index("La halle")
    chunk = Chunk(id="c1", doc_id="halle.txt", text=document[start:], start=start, end=len(document),
                  section="Titre", title="Titre", source="corpus/halle.txt")
    citation = cite(2, Passage(chunk, 0.71234), 0, len("La halle date de 1890."))
    assert citation.n == 2 and citation.quote == "La halle date de 1890."
    assert document[citation.start:citation.end] == citation.quote
    assert citation.score == 0.7123 and citation.passage == chunk.text


def test_a_citation_names_the_heading_path_its_quote_stands_under():
    text = "Installation\n\nCopy the binary to the server.\n\nUpgrading\n\nStop the service before replacing it."
    chunk = Chunk(id="c2", doc_id="guide.md", text=text, start=40, end=40 + len(text), section="Installation",
                  title="Admin guide", source="corpus/guide.md",
                  headings=((text.index("Upgrading"), "Upgrading"),))
    first = cite(1, Passage(chunk, 0.5), text.index("Copy"), text.index("server.") + 7)
    later = cite(2, Passage(chunk, 0.5), text.index("Stop"), len(text))
    assert (first.section, later.section) == ("Installation", "Upgrading")
    assert later.quote == "Stop the service before replacing it." and later.start == 40 + text.index("Stop")
    under_title = Chunk(id="c3", doc_id="n.txt", text="A note.", start=0, end=7, section="Note", title="Note",
                        source="corpus/n.txt")
    assert cite(3, Passage(under_title, 0.5), 0, 7).section is None


def test_contract_gives_the_section_only_when_there_is_one():
    from askcloud.answer import Answer

    chunk = Chunk(id="c4", doc_id="g.md", text="Stop the service.", start=0, end=17, section="Upgrading",
                  title="Admin guide", source="corpus/g.md")
    plain = Chunk(id="c5", doc_id="n.txt", text="A note.", start=0, end=7, section="", title="Note",
                  source="corpus/n.txt")
    answer = Answer("q", "q", "en", "a [1] [2]", False,
                    citations=[cite(1, Passage(chunk, 0.5), 0, 17), cite(2, Passage(plain, 0.5), 0, 7)])
    first, second = answer.to_contract()["citations"]
    assert first["section"] == "Upgrading" and "section" not in second


def test_the_trace_counts_the_copies_a_retrieved_passage_stands_for():
    from askcloud.answer import Answer, Retrieved

    answer = Answer("q", "q", "en", "a", False, retrieved=[Retrieved("c1", "d", "text", 0.5, duplicates=3),
                                                           Retrieved("c2", "d", "other", 0.4)])
    first, second = answer.to_dict()["retrieved"]
    assert first["duplicates"] == 3 and "duplicates" not in second
