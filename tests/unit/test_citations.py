"""Citation markers: parsing, resolution to this turn's passages, renumbering and exact quotes."""

from __future__ import annotations

import pytest

from askcloud.citations import check, parse, quote
from askcloud.corpus.models import Chunk
from askcloud.retrieval.hybrid import Passage

pytestmark = pytest.mark.unit

DOC = ("Le Salon du Cloud 2020 à Lyon\n\nLe Salon du Cloud s'est tenu à Lyon le 12 mai 2020. Plus de 1 500 visiteurs "
       "ont assisté à la conférence d'ouverture, animée par Marie Durand. Le salon proposait 40 ateliers "
       "l'après-midi.\n\nLes exposants\n\nCette année, 120 exposants étaient réunis dans le hall principal. La "
       "société Nuagix a présenté son nouveau service de stockage.\n")


def passage(cid: str, needle_start: str, needle_end: str, score: float = 0.5) -> Passage:
    start = DOC.index(needle_start)
    end = DOC.index(needle_end) + len(needle_end)
    chunk = Chunk(id=cid, doc_id="salon.txt", text=DOC[start:end], start=start, end=end, section="", title="Salon",
                  source="corpus/salon.txt", date="2020-05-12", topics=("events",))
    return Passage(chunk, score)


OPENING = passage("opening", "Le Salon du Cloud 2020", "l'après-midi.", 0.9)
EXHIBITORS = passage("exhibitors", "Les exposants", "stockage.", 0.4)


@pytest.mark.parametrize("answer, expected", [
    ("A [1].", [("A.", [1])]),
    ("A [1]. B [2].", [("A.", [1]), ("B.", [2])]),
    ("A [1, 2].", [("A.", [1, 2])]),
    ("A [1,2] et B [3; 4].", [("A et B.", [1, 2, 3, 4])]),
    ("A [1][2].", [("A.", [1, 2])]),
    ("A [1] [2].", [("A.", [1, 2])]),
    ("A. [1]", [("A.", [1])]),  # a marker after the final period belongs to the sentence before
    ("A [1].\nB [3]", [("A.", [1]), ("B", [3])]),
    ("Une phrase sans marque.", [("Une phrase sans marque.", [])]),
    ("", []),
])
def test_parse_markers(answer, expected):
    assert [(s.text, s.cited) for s in parse(answer)] == expected


def test_marker_after_a_period_belongs_to_the_sentence_before():
    assert [(s.text, s.cited) for s in parse("A. [1] B. [2]")] == [("A.", [1]), ("B.", [2])]
    result = check("Il y avait 120 exposants. [2] Plus de 1 500 visiteurs sont venus. [1]", [OPENING, EXHIBITORS])
    assert result.recited == []


def test_check_renumbers_by_first_use():
    answer = "Il y avait 120 exposants [2]. Plus de 1 500 visiteurs sont venus [1]. Nuagix exposait [2]."
    result = check(answer, [OPENING, EXHIBITORS])
    assert result.text == "Il y avait 120 exposants [1]. Plus de 1 500 visiteurs sont venus [2]. Nuagix exposait [1]."
    assert [(c.n, c.chunk_id) for c in result.citations] == [(1, "exhibitors"), (2, "opening")]
    assert result.removed == [] and result.recited == [] and result.sentences == 3


def test_sentence_citing_two_passages_that_each_support_it_gets_both_markers():
    result = check("Le salon avait 120 exposants et Nuagix exposait [2, 1].",
                   [EXHIBITORS, passage("exhibitors-2", "Cette année", "stockage.")])
    assert result.text == "Le salon avait 120 exposants et Nuagix exposait [1][2]."
    assert [c.chunk_id for c in result.citations] == ["exhibitors-2", "exhibitors"]


def test_sentence_supported_by_its_cited_passages_together_is_kept():
    result = check("Le salon de Lyon avait 120 exposants et 1 500 visiteurs [2, 1].", [OPENING, EXHIBITORS])
    assert result.removed == []
    assert result.text == "Le salon de Lyon avait 120 exposants et 1 500 visiteurs [1][2]."
    assert [c.chunk_id for c in result.citations] == ["exhibitors", "opening"]


def test_unsupported_number_is_removed_with_what_is_missing():
    result = check("Plus de 1 500 visiteurs sont venus [1]. Il y avait 300 exposants [2].", [OPENING, EXHIBITORS])
    assert result.text == "Plus de 1 500 visiteurs sont venus [1]."
    assert result.removed == [{"sentence": "Il y avait 300 exposants.", "cited": [2], "missing": ["300"]}]
    assert [c.chunk_id for c in result.citations] == ["opening"]


def test_unsupported_name_is_removed():
    result = check("La conférence d'ouverture a été animée par Jean Dupont [1].", [OPENING])
    assert result.citations == [] and sorted(result.removed[0]["missing"]) == ["dupont", "jean"]


def test_wrong_marker_is_re_pointed_to_the_supporting_passage():
    result = check("Il y avait 120 exposants [1].", [OPENING, EXHIBITORS])
    assert result.text == "Il y avait 120 exposants [1]."
    assert [c.chunk_id for c in result.citations] == ["exhibitors"]
    assert result.recited == [{"sentence": "Il y avait 120 exposants.", "from": [1], "to": ["exhibitors"]}]


def test_an_english_answer_opening_on_a_name_cites_the_passage_that_gives_it():
    """"Nuagix presented …" opens on the name it answers with: pointing it to the opening passage, which never names
    Nuagix, is a wrong citation, not a translation (another passage of the turn gives the name as it is)."""
    result = check("Nuagix is the company that presented its new storage service [1].", [OPENING, EXHIBITORS])
    assert [c.chunk_id for c in result.citations] == ["exhibitors"] and "Nuagix" in result.citations[0].quote
    assert result.recited and result.recited[0]["to"] == ["exhibitors"]


def test_an_english_answer_may_still_translate_a_name_no_passage_gives():
    result = check("The opening talk was given by Marie Durand at the Lyon Convention Centre [1].", [OPENING])
    assert [c.chunk_id for c in result.citations] == ["opening"]


@pytest.mark.parametrize("marker", ["[9]", "[0]", "[3]", ""])
def test_out_of_range_or_missing_marker_never_makes_a_citation_of_its_own(marker):
    result = check(f"Il y avait 120 exposants {marker}. Il y avait 300 ateliers {marker}.", [OPENING, EXHIBITORS])
    assert [c.n for c in result.citations] == [1]
    assert result.citations[0].chunk_id == "exhibitors"  # re-pointed: the passage holds the figure
    assert marker not in result.text or not marker
    assert len(result.removed) == 1 and "300" in result.removed[0]["sentence"]


def test_sentence_with_no_overlap_is_not_re_pointed():
    result = check("PWNED", [OPENING, EXHIBITORS])
    assert result.citations == [] and result.text == "" and len(result.removed) == 1


def test_quotes_are_exact_slices_of_the_document():
    result = check("Plus de 1 500 visiteurs sont venus [1]. Il y avait 120 exposants [2]. Nuagix a présenté un "
                   "service de stockage [2].", [OPENING, EXHIBITORS])
    assert len(result.citations) == 2
    for c in result.citations:
        assert DOC[c.start:c.end] == c.quote and c.quote in c.passage
        assert (c.doc_id, c.title, c.source, c.date) == ("salon.txt", "Salon", "corpus/salon.txt", "2020-05-12")
    assert "1 500 visiteurs" in result.citations[0].quote
    assert "120 exposants" in result.citations[1].quote
    assert result.citations[0].score == 0.9


def test_quote_is_the_supporting_sentence_not_the_whole_passage():
    c = quote(1, OPENING, "Plus de 1 500 visiteurs ont assisté à la conférence d'ouverture.")
    assert c.quote == "Plus de 1 500 visiteurs ont assisté à la conférence d'ouverture, animée par Marie Durand."
    assert DOC[c.start:c.end] == c.quote


def test_quote_of_a_claim_needing_two_sentences_holds_both_figures():
    result = check("Le salon a reçu plus de 1 500 visiteurs et proposait 40 ateliers [1].", [OPENING])
    (c,) = result.citations
    assert "1 500" in c.quote and "40 ateliers" in c.quote
    assert DOC[c.start:c.end] == c.quote


def test_names_and_numbers_repeated_from_the_question_or_title_are_not_inventions():
    exhibitors = Passage(Chunk(id="ex", doc_id="salon.txt", text=EXHIBITORS.chunk.text, start=EXHIBITORS.chunk.start,
                               end=EXHIBITORS.chunk.end, section="Les exposants", title="Le Salon du Cloud 2020",
                               source="corpus/salon.txt"), 0.5)
    result = check("Le Salon du Cloud 2020 réunissait 120 exposants [1].", [exhibitors],
                   question="Combien d'exposants au Salon du Cloud 2020 ?")
    assert result.removed == [] and [c.chunk_id for c in result.citations] == ["ex"]
    invented = check("Le Salon du Cloud 2021 réunissait 120 exposants [1].", [exhibitors], question="Combien ?")
    assert invented.citations == [] and "2021" in invented.removed[0]["missing"]


def test_comparison_citing_one_passage_is_completed_by_the_passage_holding_the_other_figure():
    result = check("Il y avait 120 exposants et 1 500 visiteurs [2].", [OPENING, EXHIBITORS])
    assert result.removed == []
    assert sorted(c.chunk_id for c in result.citations) == ["exhibitors", "opening"]
    assert result.recited[0]["to"] == ["exhibitors", "opening"]


def test_a_sentence_without_markers_backed_by_two_passages_together_cites_both():
    answer = "Le salon a accueilli 1 500 visiteurs et 120 exposants."
    result = check(answer, [OPENING, EXHIBITORS], question="Combien de visiteurs et d'exposants ?")
    assert result.text == "Le salon a accueilli 1 500 visiteurs et 120 exposants [1][2]."
    assert {c.chunk_id for c in result.citations} == {"opening", "exhibitors"} and not result.removed


def test_a_sentence_without_markers_that_no_passage_backs_is_removed():
    result = check("Le salon a accueilli 9 000 visiteurs.", [OPENING, EXHIBITORS])
    assert result.citations == [] and result.removed
