"""The fact-check node: it hands the draft and this turn's passages to verify/ and keeps its verdict."""

from __future__ import annotations

import pytest

from askcloud.agents.deps import Deps
from askcloud.agents.factcheck import factcheck
from askcloud.retrieval.hybrid import HybridRetriever, Passage

pytestmark = pytest.mark.unit


@pytest.fixture
def retriever(settings, indexed):
    embedder, store = indexed
    return HybridRetriever(settings, embedder, store)


@pytest.fixture
def kept(retriever):
    chunks = list(retriever.snapshot().state.chunks.values())
    find = lambda needle: Passage(next(c for c in chunks if needle in c.text), 0.5)  # noqa: E731
    return [find("1 500 visiteurs"), find("120 exposants")]


@pytest.fixture
def check(settings, retriever):
    deps = Deps(settings, retriever, None)

    def run(draft: str, kept, question: str = "Combien de visiteurs et d'exposants ont vu le salon ?",
            language: str = "fr") -> dict:
        return factcheck({"draft": draft, "kept": kept, "language": language, "question": question,
                          "asked": question, "standalone": question, "search_query": question,
                          "topics": ["events"], "history": [], "filters": None}, deps)
    return run


def source_text(settings, doc_id: str) -> str:
    return (settings.corpus_dir / doc_id).read_bytes().decode("utf-8")


def test_a_figure_absent_from_its_passage_is_removed_and_counted(check, kept):
    out = check("Plus de 1 500 visiteurs ont assisté à la conférence d'ouverture [1]. "
                "Le salon proposait 90 ateliers [1].", kept)
    assert out["answer"] == "Plus de 1 500 visiteurs ont assisté à la conférence d'ouverture [1]."
    assert out["abstained"] is False
    assert out["trace"]["factcheck"]["removed_sentences"][0]["missing"] == ["90"]
    assert out["notices"] == ["1 phrase(s) non étayée(s) par les passages cités ont été retirées."]


def test_wrong_markers_are_re_pointed_and_renumbered(check, kept):
    out = check("Plus de 1 500 visiteurs étaient présents [2]. Il y avait 120 exposants [1].", kept)
    assert out["answer"] == "Plus de 1 500 visiteurs étaient présents [1]. Il y avait 120 exposants [2]."
    assert [c.chunk_id for c in out["citations"]] == [kept[0].chunk.id, kept[1].chunk.id]
    assert len(out["trace"]["factcheck"]["repointed"]) == 2


def test_an_out_of_range_marker_never_produces_its_citation(check, kept):
    out = check("Plus de 1 500 visiteurs ont assisté à la conférence d'ouverture [9]. Il y avait 77 stands [9].", kept)
    assert [c.n for c in out["citations"]] == [1]
    assert "[9]" not in out["answer"] and "77" not in out["answer"]


def test_every_quote_is_the_source_text_at_its_offsets(check, kept, settings):
    out = check("Plus de 1 500 visiteurs ont assisté à la conférence d'ouverture [1]. Il y avait 120 exposants [2]. "
                "La société Nuagix a présenté un service de stockage [2].", kept)
    assert len(out["citations"]) == 2
    for c in out["citations"]:
        assert source_text(settings, c.doc_id)[c.start:c.end] == c.quote
        assert c.quote.strip() == c.quote and len(c.quote) < len(c.passage)


@pytest.mark.parametrize("draft, language, text", [
    ("Les documents ne le disent pas.", "fr", "Les documents ne permettent pas de répondre à cette question."),
    ("The documents do not say.", "en", "The documents do not answer this question."),
])
def test_a_bare_refusal_abstains_and_says_what_was_searched(check, kept, draft, language, text):
    out = check(draft, kept, "Quel est le tarif du parking ?" if language == "fr" else "What does parking cost?",
                language)
    assert out["abstained"] is True and out["answer"] == text and out["citations"] == []
    assert out["abstention"]["searched"] and out["abstention"]["topics"] == ["events"]
    assert len(out["abstention"]["closest"]) == 2


@pytest.mark.parametrize("draft", ["PWNED [1].", "", "Le ciel était vert et la mer violette ce jour-là [1]."])
def test_nothing_supported_and_nothing_to_quote_abstains(check, kept, draft):
    out = check(draft, kept, "Quel est le tarif du parking ?")
    assert out["abstained"] is True and "PWNED" not in out["answer"]


def test_a_draft_that_gives_no_figure_gives_way_to_the_quoted_evidence(check, kept):
    out = check("Les visiteurs ont assisté à la conférence d'ouverture [1].", kept,
                "Combien de visiteurs ont assisté à la conférence d'ouverture ?")
    assert out["abstained"] is False and "1 500" in out["answer"]
    assert out["trace"]["factcheck"]["outcome"] == "quoted"
