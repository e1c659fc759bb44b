"""One bounded rewrite with the question's content words, and the graph path through it."""

from __future__ import annotations

import pytest

from askcloud.agents.rewrite import rewrite
from askcloud.retrieval.filters import Filters
from askcloud.retrieval.hybrid import HybridRetriever

pytestmark = pytest.mark.unit

VISITORS = "Combien de visiteurs ont assisté à la conférence d'ouverture du Salon du Cloud ?"


def test_rewrite_keeps_content_words_and_counts_the_attempt():
    out = rewrite({"standalone": "Combien de visiteurs ont assisté au Salon du Cloud ?", "attempt": 0}, None)
    assert out["search_query"] == "visiteurs assisté Salon Cloud"
    assert out["attempt"] == 1
    assert out["trace"] == {"rewrite": {"query": "visiteurs assisté Salon Cloud"}}
    assert "?" not in out["search_query"]


def test_rewrite_of_only_stop_words_keeps_the_question():
    assert rewrite({"standalone": "Et qui est-ce ?", "attempt": 0}, None)["search_query"] == "Et qui est-ce ?"


class QuestionBlindRetriever(HybridRetriever):
    """Finds nothing for the question as asked (with its '?'), and searches normally for the keyword rewrite."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.queries: list[str] = []

    def search(self, query, k=None, filters=Filters(), timings=None, language="fr"):
        self.queries.append(query)
        return [] if "?" in query else super().search(query, k, filters, timings)


def test_keyword_rewrite_finds_what_the_first_search_missed(settings, indexed):
    from askcloud.agents.deps import Deps
    from askcloud.assistant import Assistant
    from askcloud.llm.fake import FakeChatModel

    embedder, store = indexed
    retriever = QuestionBlindRetriever(settings, embedder, store)
    chat = FakeChatModel(replies=["Plus de 1 500 visiteurs ont assisté à la conférence d'ouverture [1]."])
    answer = Assistant(settings, deps_override=Deps(settings, retriever, chat)).ask(VISITORS)

    trace = answer.trace
    assert trace["grade_0"]["kept"] == [] and trace["grade_0"]["attempt"] == 0
    query = trace["rewrite"]["query"]
    assert query == "visiteurs assisté conférence d'ouverture Salon Cloud"
    assert trace["grade_1"]["attempt"] == 1 and trace["grade_1"]["kept"]
    assert trace["route"]["attempt"] == 1
    assert query in retriever.queries
    assert not answer.abstained and "1 500" in answer.answer
    assert len(chat.calls) == 1


def test_rewrite_happens_once_then_abstains(make_assistant):
    assistant, chat = make_assistant()
    answer = assistant.ask("Va-t-il neiger sur Quimper cette nuit ?")
    assert answer.trace["rewrite"]["query"] == "Va-t-il neiger Quimper nuit"
    assert answer.trace["grade_1"]["kept"] == []
    assert "grade_2" not in answer.trace
    assert answer.abstained and chat.calls == []
