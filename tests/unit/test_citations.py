"""A citation quotes its passage's text at exact offsets into the document."""

from __future__ import annotations

import pytest

from askcloud.citations import cite
from askcloud.corpus.models import Chunk
from askcloud.retrieval.hybrid import Passage

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
