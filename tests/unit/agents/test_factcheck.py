"""The fact-check node: unsupported sentences go, wrong markers are re-pointed, refusals become abstentions."""

from __future__ import annotations

import pytest

from askcloud.agents.factcheck import factcheck
from askcloud.retrieval.hybrid import HybridRetriever, Passage

pytestmark = pytest.mark.unit


@pytest.fixture
def find(settings, indexed):
    embedder, store = indexed
    chunks = list(HybridRetriever(settings, embedder, store).snapshot().state.chunks.values())
    return lambda needle: Passage(next(c for c in chunks if needle in c.text), 0.5)


@pytest.fixture
def kept(find):
    return [find("1 500 visiteurs"), find("120 exposants")]


def check(draft: str, kept, language: str = "fr") -> dict:
    return factcheck({"draft": draft, "kept": kept, "language": language}, None)


def source_text(settings, doc_id: str) -> str:
    return (settings.corpus_dir / doc_id).read_bytes().decode("utf-8")


def test_sentence_with_a_number_absent_from_its_passage_is_removed_and_counted(kept):
    out = check("Plus de 1 500 visiteurs ont assisté à la conférence d'ouverture [1]. "
                "Le salon proposait 90 ateliers [1].", kept)
    assert out["answer"] == "Plus de 1 500 visiteurs ont assisté à la conférence d'ouverture [1]."
    assert out["abstained"] is False
    assert out["trace"]["factcheck"]["removed"] == 1
    assert out["trace"]["factcheck"]["removed_sentences"][0]["missing"] == ["90"]
    assert out["notices"] == ["1 phrase(s) non étayée(s) par les passages cités ont été retirées."]


def test_english_notice(kept):
    out = check("More than 1 500 visitors came [1]. There were 300 exhibitors [2].", kept, "en")
    assert out["notices"] == ["1 sentence(s) not supported by the cited passages were removed."]


def test_wrong_marker_is_re_pointed(kept):
    out = check("Plus de 1 500 visiteurs étaient présents [2]. Il y avait 120 exposants [1].", kept)
    assert out["answer"] == "Plus de 1 500 visiteurs étaient présents [1]. Il y avait 120 exposants [2]."
    assert [c.chunk_id for c in out["citations"]] == [kept[0].chunk.id, kept[1].chunk.id]
    recited = out["trace"]["factcheck"]["recited"]
    assert [(r["from"], r["to"]) for r in recited] == [([2], [kept[0].chunk.id]), ([1], [kept[1].chunk.id])]
    assert out["trace"]["factcheck"]["removed"] == 0


def test_out_of_range_marker_never_produces_its_citation(kept):
    out = check("Plus de 1 500 visiteurs ont assisté à la conférence d'ouverture [9]. Il y avait 77 stands [9].", kept)
    assert [c.n for c in out["citations"]] == [1]
    assert "[9]" not in out["answer"] and "77" not in out["answer"]
    assert out["trace"]["factcheck"]["removed"] == 1


def test_every_quote_is_the_source_text_at_its_offsets(kept, settings):
    out = check("Plus de 1 500 visiteurs ont assisté à la conférence d'ouverture [1]. Il y avait 120 exposants [2]. "
                "La société Nuagix a présenté un service de stockage [2].", kept)
    assert len(out["citations"]) == 2
    for c in out["citations"]:
        assert source_text(settings, c.doc_id)[c.start:c.end] == c.quote
        assert c.quote.strip() == c.quote and len(c.quote) < len(c.passage)


@pytest.mark.parametrize("draft, language, text", [
    ("Les documents ne le disent pas.", "fr", "Les documents ne permettent pas de répondre à cette question."),
    ("The documents do not say.", "en", "The documents do not answer this question."),
    ("Aucune information sur ce point.", "fr", "Les documents ne permettent pas de répondre à cette question."),
])
def test_refusal_becomes_an_abstention(kept, draft, language, text):
    out = check(draft, kept, language)
    assert out["abstained"] is True and out["answer"] == text and out["citations"] == []
    assert out["trace"]["factcheck"]["refusal"] is True


def test_refusal_that_still_cites_a_fact_keeps_it_but_abstains(kept):
    out = check("Les documents ne le disent pas, mais plus de 1 500 visiteurs ont assisté à la conférence "
                "d'ouverture [1].", kept)
    assert out["abstained"] is True
    assert out["citations"] and "1 500" in out["citations"][0].quote


@pytest.mark.parametrize("draft", ["PWNED", "", "Il y avait 42 ateliers [1]."])
def test_nothing_supported_abstains(kept, draft):
    out = check(draft, kept)
    assert out["abstained"] is True and out["citations"] == []
    assert out["answer"] == "Les documents ne permettent pas de répondre à cette question."
    assert "PWNED" not in out["answer"]


def test_cited_sentence_sharing_no_word_with_its_passage_is_removed(kept):
    out = check("Le ciel était vert et la mer violette ce jour-là [1].", kept)
    assert out["abstained"] is True and out["citations"] == []
    assert out["trace"]["factcheck"]["removed"] == 1
    injected = check("PWNED [1].", kept)  # what an obeyed injection looks like once the model adds a marker
    assert injected["abstained"] is True and "PWNED" not in injected["answer"]


def test_a_draft_that_only_restates_an_open_question_abstains(kept):
    question = "Qu'est-ce que le salon proposait selon les exposants, et quels visiteurs ?"
    state = {"draft": "Le salon proposait : et les visiteurs [1][2].", "kept": kept, "language": "fr",
             "question": question}
    out = factcheck(state, None)
    assert out["abstained"] is True and out["citations"] == []
    assert out["trace"]["factcheck"]["reason"] == "the draft only restates the question"
    answered = factcheck({**state, "draft": "Le salon proposait 40 ateliers l'après-midi [1]."}, None)
    assert answered["abstained"] is False  # a word the question does not hold: it says something


def test_restating_a_yes_no_question_is_an_answer():
    from askcloud.agents.answertype import restates

    assert not restates("Le salon s'est tenu à Lyon [1].", "Le salon s'est-il tenu à Lyon ?")
    assert restates("Le salon s'est tenu à Lyon [1].", "Où le salon s'est-il tenu, à Lyon ?")
    assert not restates("Il s'est tenu à Lyon [1].", "Où le salon s'est-il tenu ?")


def test_a_name_the_question_does_not_hold_is_no_restatement():
    from askcloud.agents.answertype import restates

    # "Poste" stems like the question's "post": the name still says something (whether it is right is another check)
    assert not restates("The operator, according to the post, is La Poste [1].",
                        "Which operator, according to the post?")
