"""BM25 over the French-aware tokens."""

from __future__ import annotations

import pytest

from askcloud.index.lexical import BM25Index

pytestmark = pytest.mark.unit

TEXTS = {
    "keynote": "Plus de 2 000 personnes ont assisté au keynote de la matinée.",
    "docks": "OVH organisait aux Docks de Paris la seconde édition de son summit.",
    "vtt": "Le Very Tech Trip a réuni des milliers de personnes au Palais des Congrès.",
    "netflix": "La fausse alerte Netflix et l'avenir de la neutralité du Net.",
}


@pytest.fixture
def index() -> BM25Index:
    return BM25Index.build(TEXTS)


@pytest.mark.parametrize("query, best", [
    ("Combien de personnes au keynote ?", "keynote"),
    ("Où étaient les Docks ?", "docks"),
    ("Very Tech Trip", "vtt"),
    ("neutralité", "netflix"),
    ("2000 personnes", "keynote"),  # "2 000" in the text
    ("conférences du Palais des Congrès", "vtt"),
])
def test_exact_term_query_ranks_the_right_chunk_first(index, query, best):
    hits = index.search(query, n=4)
    assert hits[0].chunk_id == best
    assert all(a.score >= b.score for a, b in zip(hits, hits[1:]))


def test_no_shared_term_gives_no_hit(index):
    assert index.search("météo à Roubaix", n=4) == []
    assert BM25Index().search("keynote", n=4) == []


def test_allowed_restricts_the_results(index):
    hits = index.search("personnes", n=4, allowed={"vtt"})
    assert [h.chunk_id for h in hits] == ["vtt"]


def test_n_limits_the_results(index):
    assert len(index.search("personnes de la", n=1)) == 1


def test_rare_terms_weigh_more_than_common_ones():
    index = BM25Index.build({"a": "salon salon salon", "b": "salon nuagix", "c": "salon", "d": "salon"})
    assert index.search("salon nuagix", n=4)[0].chunk_id == "b"
