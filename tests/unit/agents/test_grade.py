"""Grading keeps the passages that bear on the question, and abstains early (no LLM call) when none do."""

from __future__ import annotations

import pytest

from askcloud.agents.deps import Deps
from askcloud.agents.grade import _ranked, after_grade, grade
from askcloud.corpus.models import Chunk
from askcloud.retrieval.hybrid import HybridRetriever, Passage
from askcloud.settings import Policy

MAX_KEPT = Policy().max_kept
COVERAGE_WEIGHT = Policy().coverage_weight

pytestmark = pytest.mark.unit

VISITORS = "Combien de visiteurs ont assisté à la conférence d'ouverture du Salon du Cloud ?"


@pytest.fixture
def deps(settings, indexed):
    embedder, store = indexed
    return Deps(settings, HybridRetriever(settings, embedder, store), None)


def graded(deps, question: str, attempt: int = 0, language: str = "fr") -> dict:
    found = {f"{attempt}:events": deps.retriever.search(question, k=5)}
    state = {"question": question, "search_query": question, "language": language, "attempt": attempt,
             "found": found, "history": []}
    return {**state, **grade(state, deps)}


def test_relevant_passage_is_kept_and_the_rest_traced(deps):
    out = graded(deps, VISITORS)
    assert out["kept"] and "1 500 visiteurs" in out["kept"][0].chunk.text
    trace = out["trace"]["grade_0"]
    assert trace["reason"] == "" and trace["attempt"] == 0
    assert [row["chunk_id"] for row in trace["kept"]] == [p.chunk.id for p in out["kept"]]
    assert all(row["coverage"] < 0.34 for row in trace["dropped"])
    assert after_grade(out) == "write"


def test_irrelevant_question_keeps_nothing_and_tries_one_rewrite(deps):
    out = graded(deps, "Va-t-il neiger sur Quimper cette nuit ?")
    assert out["kept"] == [] and out["abstain_reason"]
    assert after_grade(out) == "rewrite"
    assert after_grade({**out, "attempt": 1}) == "abstain"


@pytest.mark.parametrize("question, missing", [
    ("Combien de visiteurs ont assisté à la conférence d'ouverture du Salon du Cloud en 2019 ?", "2019"),
    ("Combien de visiteurs ont assisté à la conférence d'ouverture du Salon du Cloud de Bordeaux ?", "bordeaux"),
    ("Combien de visiteurs ont vu la version 3.2.1 au Salon du Cloud ?", "3.2.1"),  # the version, not its "2.1"
])
def test_a_number_or_name_absent_from_the_passages_abstains_without_rewrite(deps, question, missing):
    out = graded(deps, question)
    assert out["kept"] == []
    assert missing in out["abstain_reason"] and "never mention" in out["abstain_reason"]
    assert after_grade(out) == "abstain"


def test_numbers_are_matched_whatever_their_spacing(deps):
    out = graded(deps, "Est-ce que 1500 visiteurs ont assisté à la conférence d'ouverture du Salon du Cloud ?")
    assert out["kept"]


def test_only_passages_of_the_current_attempt_count(deps):
    state = {"question": VISITORS, "search_query": VISITORS, "language": "fr", "attempt": 1,
             "found": {"0:events": deps.retriever.search(VISITORS, k=5)}}
    assert grade(state, deps)["kept"] == []


def test_at_most_max_kept_passages(deps, settings):
    question = "Salon du Cloud neutralité visiteurs exposants opérateurs"
    state = {"question": question, "search_query": question, "language": "fr", "attempt": 0,
             "found": {"0:events": deps.retriever.search(question, k=10),
                       "0:net_neutrality": deps.retriever.search(question, k=10)}}
    kept = grade(state, deps)["kept"]
    assert len(kept) <= MAX_KEPT
    assert len({p.chunk.id for p in kept}) == len(kept)  # the same chunk found by two specialists counts once


def test_irrelevant_question_abstains_without_calling_the_llm(make_assistant):
    assistant, chat = make_assistant()
    answer = assistant.ask("Va-t-il neiger sur Quimper cette nuit ?")
    assert answer.abstained and answer.citations == []
    assert answer.answer == "Les documents ne permettent pas de répondre à cette question."
    assert len(chat.calls) == 0
    assert {"grade_0", "rewrite", "grade_1"} <= set(answer.trace)


def test_number_absent_from_the_corpus_abstains_without_calling_the_llm(make_assistant):
    assistant, chat = make_assistant()
    answer = assistant.ask("Combien de visiteurs ont assisté à la conférence d'ouverture du Salon du Cloud en 2019 ?")
    assert answer.abstained
    assert len(chat.calls) == 0
    assert "2019" in answer.trace["grade_0"]["reason"]
    assert "rewrite" not in answer.trace  # a missing fact is not a search problem


def test_short_follow_up_is_answered_from_the_passage_it_asks_about(make_assistant):
    assistant, chat = make_assistant("Il y avait 120 exposants [1].")
    history = [{"role": "user", "content": "Qui a animé la conférence d'ouverture du Salon du Cloud ?"},
               {"role": "assistant", "content": "Marie Durand l'a animée [1]."}]
    answer = assistant.ask("Et combien d'exposants ?", history)
    assert not answer.abstained
    assert "120" in answer.answer and "120 exposants" in answer.citations[0].quote


def _passage(doc_id: str, text: str, score: float):
    return Passage(Chunk(id=doc_id + text[:8], doc_id=doc_id, text=text, start=0, end=len(text), section="",
                         title=doc_id, source=doc_id), score)


def test_of_two_passages_retrieved_nearly_alike_the_one_holding_more_of_the_question_is_kept_first():
    a, b = _passage("a", "une lettre", 0.82), _passage("b", "née en 1975, auteur de la lettre", 0.80)
    assert [p.chunk.doc_id for p in _ranked([(a, 0.5), (b, 0.67)], COVERAGE_WEIGHT)] == ["b", "a"]
    # a clearly better retrieval score still wins over a little more coverage
    c = _passage("c", "une lettre", 0.80 + COVERAGE_WEIGHT * 0.17 + 0.05)
    assert [p.chunk.doc_id for p in _ranked([(b, 0.67), (c, 0.5)], COVERAGE_WEIGHT)] == ["c", "b"]


def test_relevant_passages_beyond_max_kept_are_spare(deps):
    question = "combien de visiteurs au salon ?"
    found = [_passage(f"doc{i}", f"Le salon a reçu {i} 000 visiteurs.", 1.0 - i / 10) for i in range(MAX_KEPT + 2)]
    found.append(_passage("meteo", "Il pleuvra demain.", 0.95))
    state = {"question": question, "search_query": question, "language": "fr", "attempt": 0,
             "found": {"0:events": found}}
    out = grade(state, deps)
    assert [p.chunk.doc_id for p in out["kept"]] == [f"doc{i}" for i in range(MAX_KEPT)]
    assert [p.chunk.doc_id for p in out["spare"]] == [f"doc{i}" for i in range(MAX_KEPT, MAX_KEPT + 2)]
    assert grade({**state, "found": {"0:events": found[-1:]}}, deps)["spare"] == []
