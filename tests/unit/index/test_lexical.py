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


def test_scores_are_okapi_bm25_as_before():
    """tf·(k1+1)/(tf+k1·(1-b+b·len/avg)) · log(1+(N-df+0.5)/(df+0.5)), k1 = 1.2, b = 0.75."""
    import math

    index = BM25Index.build({"a": "salon salon nuagix", "b": "salon", "c": "orage"})
    lengths, avg, n = {"a": 3, "b": 1}, 5 / 3, 3

    def expected(cid: str, tf: int, df: int) -> float:
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        return idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * lengths[cid] / avg))

    scores = {h.chunk_id: h.score for h in index.search("salon", n=3)}
    assert scores == pytest.approx({"a": expected("a", 2, 2), "b": expected("b", 1, 2)}, rel=1e-5)


def test_rows_kept_from_a_previous_index_give_the_same_scores_as_a_fresh_build():
    first = BM25Index.build(TEXTS)
    later = {"docks": TEXTS["docks"], "vtt": TEXTS["vtt"], "neige": "Une tempête de neige sur les Docks."}
    updated = BM25Index.from_rows(first, ["docks", "vtt"], {"neige": BM25Index.build(later).tokens_of("neige")})
    fresh = BM25Index.build(later)
    for query in ("Docks de Paris", "personnes au Palais", "tempête de neige", "keynote"):
        assert updated.search(query, n=3) == pytest.approx(fresh.search(query, n=3))
    assert "keynot" not in updated.terms() and "neig" in updated.terms()


def test_add_then_search_builds_once():
    index = BM25Index()
    index.add("a", ["salon", "cloud"])
    index.add("b", ["cloud"])
    assert [h.chunk_id for h in index.search("salon cloud", n=2)] == ["a", "b"]
    assert set(index.terms()) == {"salon", "cloud"}


def test_save_and_load_round_trip(tmp_path, index):
    index.save(tmp_path / "lex")
    loaded = BM25Index.load(tmp_path / "lex")
    assert loaded.ids == index.ids and set(loaded.terms()) == set(index.terms())
    assert loaded.search("personnes au keynote", n=4) == index.search("personnes au keynote", n=4)
    assert sorted(loaded.tokens_of("docks")) == sorted(index.tokens_of("docks"))
