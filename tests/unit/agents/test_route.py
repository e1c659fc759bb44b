"""The supervisor picks topic specialists from a quick search, or takes the user's topic filter as given."""

from __future__ import annotations

import pytest

from askcloud.agents.deps import Deps
from askcloud.agents.route import fan_out, route, topic_shares
from askcloud.corpus.models import Chunk
from askcloud.retrieval.filters import Filters
from askcloud.retrieval.hybrid import HybridRetriever, Passage

pytestmark = pytest.mark.unit


class SpyRetriever(HybridRetriever):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.searches: list[tuple[str, Filters]] = []

    def search(self, query, k=None, filters=Filters(), timings=None, language="fr"):
        self.searches.append((query, filters))
        return super().search(query, k, filters, timings)


@pytest.fixture
def deps(settings, indexed):
    embedder, store = indexed
    return Deps(settings, SpyRetriever(settings, embedder, store), None)


def state(query: str, filters: Filters = Filters()) -> dict:
    return {"question": query, "history": [], "filters": filters, "search_query": query, "attempt": 0, "language": "fr"}


@pytest.mark.parametrize("question, topics", [
    ("Combien de visiteurs ont assisté à la conférence d'ouverture du Salon du Cloud ?", ["events"]),
    ("Que dit l'auteur de la neutralité du Net, de Netflix et de Comcast ?", ["net_neutrality"]),
])
def test_topics_are_chosen_from_the_passages_found(deps, question, topics):
    out = route(state(question), deps)
    assert out["topics"] == topics
    trace = out["trace"]["route"]
    assert trace["topics"] == topics and trace["shares"][topics[0]] >= 0.3
    assert sum(trace["shares"].values()) == pytest.approx(1.0, abs=0.02)
    assert len(deps.retriever.searches) == 1


def test_user_topic_filter_is_respected_without_a_scout_search(deps):
    filters = Filters(topics=("net_neutrality",))
    out = route(state("Combien de visiteurs au Salon du Cloud ?", filters), deps)
    assert out["topics"] == ["net_neutrality"]
    assert deps.retriever.searches == []


def test_no_clear_topic_consults_every_specialist(deps, monkeypatch):
    monkeypatch.setattr(deps.retriever, "search", lambda *a, **k: [])
    assert sorted(route(state("xyz"), deps)["topics"]) == ["events", "net_neutrality"]  # the stub corpus's, from its index


def chunk(topics) -> Chunk:
    return Chunk(id=str(topics), doc_id="d", text="t", start=0, end=1, section="", title="T", source="s", topics=topics)


def test_topic_shares_weigh_by_rank():
    shares = topic_shares([Passage(chunk(("events",)), 1.0), Passage(chunk(("strategy",)), 0.5),
                           Passage(chunk(()), 0.1)])
    total = 1 + 1 / 2 + 1 / 3
    assert shares == pytest.approx({"events": 1 / total, "strategy": 0.5 / total, "other": (1 / 3) / total})
    assert topic_shares([]) == {}


def test_fan_out_sends_one_specialist_per_topic():
    sends = fan_out({**state("q"), "topics": ["events", "strategy"]})
    assert [s.node for s in sends] == ["specialist", "specialist"]
    assert [s.arg["topic"] for s in sends] == ["events", "strategy"]
    assert all(s.arg["search_query"] == "q" for s in sends)


def test_assistant_answers_only_from_the_filtered_topic(make_assistant):
    assistant, chat = make_assistant("L'auteur cite Netflix et Comcast [1].")
    answer = assistant.ask("Que dit l'auteur sur Netflix et Comcast ?", filters=Filters(topics=("net_neutrality",)))
    assert answer.topics == ["net_neutrality"]
    assert {r.doc_id for r in answer.retrieved} == {"neutralite-billet.txt"}
    assert not answer.abstained and answer.citations[0].doc_id == "neutralite-billet.txt"


def test_filter_on_the_wrong_topic_abstains_without_calling_the_model(make_assistant):
    assistant, chat = make_assistant()
    answer = assistant.ask("Que dit l'auteur sur Netflix et Comcast ?", filters=Filters(topics=("events",)))
    assert answer.abstained and answer.topics == ["events"]
    assert chat.calls == []
