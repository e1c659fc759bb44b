"""verify/ with the real multilingual e5 embedder: an English claim over a French passage is judged by meaning."""

from __future__ import annotations

import pytest

from askcloud.corpus.models import Chunk
from askcloud.retrieval.passage import Passage
from askcloud.settings import Policy
from askcloud.verify import Aligner, Evidence, Outcome, Turn, verify

pytestmark = [pytest.mark.integration, pytest.mark.timeout(300)]

TEXT = ("La bibliothèque municipale de Morlaix rouvre ses portes après deux ans de travaux. "
        "Le nouveau bâtiment accueille une salle de lecture pour les enfants. "
        "La mairie a financé le chantier avec l'aide de la région.")


@pytest.fixture(scope="module")
def aligner():
    from askcloud.index.embeddings import E5Embedder

    return Aligner(Policy(), E5Embedder().embed_passages)


def evidence() -> Evidence:
    chunk = Chunk(id="b:0", doc_id="bibliotheque.txt", text=TEXT, start=0, end=len(TEXT), section="",
                  title="La bibliothèque de Morlaix", source="corpus/bibliotheque.txt")
    return Evidence([Passage(chunk, 0.9)], shown=1)


def test_an_english_claim_saying_what_the_french_sentence_says_is_kept(aligner):
    turn = Turn("What does the new building hold?", "What does the new building hold?", "en")
    verdict = verify("The new building has a reading room for children [1].", turn, evidence(), aligner)
    assert verdict.outcome is Outcome.ANSWERED
    assert "salle de lecture" in verdict.citations[0].quote


def test_an_english_claim_the_passage_does_not_make_is_removed(aligner):
    turn = Turn("What does the new building hold?", "What does the new building hold?", "en")
    verdict = verify("The new building houses a swimming pool and a cinema [1].", turn, evidence(), aligner)
    assert verdict.outcome is not Outcome.ANSWERED
    assert verdict.removed
