"""A comparison answers only when what it shows speaks of every side compared and of what they are compared on: a
side the checked sentences leave out is completed by its evidence sentence, quoted; when no passage speaks of it,
the answer abstains and names it, and nothing is shown before it knows."""

from __future__ import annotations

import pytest

from corpus_support import add_document

pytestmark = pytest.mark.unit

BREADS = """Pains de la boulangerie

Le pain de seigle

Le pain de seigle lève pendant douze heures et se conserve une semaine.

Le pain de mie

Le pain de mie cuit dans un moule fermé et se conserve trois jours.
"""


@pytest.fixture
def corpus_dir(corpus_dir):
    return add_document(corpus_dir, "pains.txt", BREADS, "Pains de la boulangerie", "bakery", ("Boulangerie", "Bakery"))


def test_a_comparison_of_two_sides_the_passages_speak_of_is_answered(make_assistant):
    assistant, _ = make_assistant("Le pain de seigle se conserve une semaine [1]. "
                                  "Le pain de mie se conserve trois jours [1].")
    answer = assistant.ask("Compare la conservation du pain de seigle et du pain de mie.")
    assert answer.trace["contextualize"]["form"] == "comparison"
    assert not answer.abstained
    assert "une semaine" in answer.answer and "trois jours" in answer.answer


def test_a_comparison_with_one_side_unspoken_of_abstains_and_names_that_side(make_assistant):
    assistant, _ = make_assistant("Le pain de seigle se conserve une semaine [1].")
    shown = []
    final = None
    for kind, payload in assistant.stream("Compare la conservation du pain de seigle et de la fougasse."):
        if kind == "sentence":
            shown.append(payload)
        elif kind == "answer":
            final = payload
    assert final.abstained
    assert "« fougasse »" in final.answer and "comparaison" in final.answer
    assert "seigle" not in final.answer
    assert final.abstention["text"] == final.answer
    assert shown == []  # the one-sided sentence was never displayed



def test_a_side_the_draft_leaves_out_is_completed_by_its_evidence_quoted(make_assistant):
    assistant, _ = make_assistant("Le pain de seigle se conserve une semaine [1].")
    answer = assistant.ask("Compare la conservation du pain de seigle et du pain de mie.")
    assert not answer.abstained
    assert answer.answer.startswith("Le pain de seigle se conserve une semaine [1].")
    assert "D'après les documents" in answer.answer and "trois jours" in answer.answer
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    assert any("trois jours" in c.quote for c in answer.citations)


def test_sides_spoken_of_but_not_what_they_are_compared_on_compare_nothing(make_assistant):
    assistant, _ = make_assistant("Le pain de seigle lève pendant douze heures [1]. "
                                  "Le pain de mie cuit dans un moule fermé [1].")
    answer = assistant.ask("Compare le prix du pain de seigle et du pain de mie.")
    assert answer.abstained
    assert "« prix »" in answer.answer
