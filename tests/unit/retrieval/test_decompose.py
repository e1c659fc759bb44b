"""Comparisons and multi-part questions become sub-queries."""

from __future__ import annotations

import pytest

from askcloud.retrieval.decompose import decompose

pytestmark = pytest.mark.unit


def test_comparison_gives_the_question_and_one_sub_query_per_side():
    question = "Compare la fréquentation du Salon Nimbus et du Forum Edge Lyon"
    queries = decompose(question)
    assert len(queries) == 3
    assert queries[0] == question
    assert "Salon Nimbus" in queries[1] and "Forum Edge Lyon" not in queries[1]
    assert "Forum Edge Lyon" in queries[2] and "Salon Nimbus" not in queries[2]
    assert all("fréquentation" in q for q in queries[1:])


def test_english_comparison():
    queries = decompose("Compare the attendance of the Nimbus Fair and the Edge Forum?")
    assert len(queries) == 3
    assert "Nimbus Fair" in queries[1] and "Edge Forum" in queries[2]
    assert all("attendance" in q for q in queries[1:])


def test_simple_question_is_left_alone():
    assert decompose("  Combien de visiteurs au Salon du Cloud ?  ") == ["Combien de visiteurs au Salon du Cloud ?"]


def test_multi_part_question_is_split_on_question_marks_and_semicolons():
    queries = decompose("Quand a eu lieu le salon ? Combien de visiteurs étaient présents ?")
    assert queries == ["Quand a eu lieu le salon ? Combien de visiteurs étaient présents ?",
                       "Quand a eu lieu le salon", "Combien de visiteurs étaient présents ?"]
    assert len(decompose("Qui organisait le salon ; combien d'exposants étaient là")) == 3


def test_short_fragments_are_not_sub_queries_and_there_are_at_most_three():
    assert decompose("Où ? Quand ? Combien de visiteurs au salon ?") == ["Où ? Quand ? Combien de visiteurs au salon ?"]
    many = " ? ".join(f"Question numéro {i} sur le salon" for i in range(6))
    assert len(decompose(many)) == 4


@pytest.mark.parametrize("question, parts", [
    ("Dans quelle ville ont eu lieu l'Atelier Nimbus 2019 et le Forum Edge de Lyon ?",
     ["Dans quelle ville ont eu lieu l'Atelier Nimbus 2019 ?", "Dans quelle ville ont eu lieu Forum Edge de Lyon ?"]),
    ("Combien de visiteurs pour dev:Fest et pour la Kube Conférence de Nantes ?",
     ["Combien de visiteurs pour dev:Fest ?", "Combien de visiteurs pour Kube Conférence de Nantes ?"]),
    ("Combien Microsoft et Oracle auraient-ils payé pour acquérir Telegram ?",
     ["Combien Microsoft auraient-ils payé pour acquérir Telegram ?",
      "Combien Oracle auraient-ils payé pour acquérir Telegram ?"]),
    ("Quel est le premier fournisseur nommé par la brochure, et avec quel hébergeur voudrait-elle signer ?",
     ["Quel est le premier fournisseur nommé par la brochure ?", "avec quel hébergeur voudrait-elle signer ?"]),
    ("Who opened the Monday session at dev:Fest, and how many people attended that session?",
     ["Who opened the Monday session at dev:Fest ?", "how many people attended that session?"]),
])
def test_a_question_on_two_named_things_or_with_two_clauses_is_searched_part_by_part(question, parts):
    assert decompose(question) == [question] + parts


@pytest.mark.parametrize("question", [
    "Combien d'abonnés payants et de lecteurs gratuits le magazine annonce-t-il ?",  # no names joined
    "Combien de stands et ateliers le dimanche ?",
    "Quand et où s'est tenu le Salon du Cloud ?",
    "Qui, chez Mozilla, a invité les lecteurs à signaler les pages ?",  # a comma, no second question
])
def test_a_question_asking_one_thing_is_not_split(question):
    assert decompose(question) == [question]


@pytest.mark.parametrize(("request_text", "sides"), [
    ("Quelle est la différence entre un lac et un étang ?", ["un lac", "un étang"]),
    ("What is the difference between tea and coffee?", ["tea", "coffee"]),
    ("Le vélo versus la trottinette ?", ["Le vélo", "la trottinette"]),
])
def test_a_comparison_searches_each_side_on_its_own(request_text, sides):
    assert decompose(request_text)[1:] == sides


def test_a_span_between_two_years_in_a_fact_question_is_not_two_sides():
    assert "1990" not in decompose("Quel était le prix du pain entre 1990 et 2000 ?")[1:]


@pytest.mark.parametrize("question, parts", [
    ("Quel raccourci pour couper et pour coller ?", ["Quel raccourci pour couper ?", "Quel raccourci pour coller ?"]),
    ("Which flag for the kernel and for the drivers?", ["Which flag for the kernel?", "Which flag for the drivers?"]),
    ("Quel raccourci pour couper et coller ?", []),  # one ask: the preposition is not repeated
])
def test_a_preposition_repeated_before_two_complements_makes_two_asks(question, parts):
    from askcloud.retrieval.decompose import parts_of

    assert parts_of(question) == parts
