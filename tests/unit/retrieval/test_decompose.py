"""Comparisons and multi-part questions become sub-queries."""

from __future__ import annotations

import pytest

from askcloud.retrieval.decompose import decompose

pytestmark = pytest.mark.unit


def test_comparison_gives_the_question_and_one_sub_query_per_side():
    question = "Compare la fréquentation de l'OVH Summit et du Very Tech Trip"
    queries = decompose(question)
    assert len(queries) == 3
    assert queries[0] == question
    assert "OVH Summit" in queries[1] and "Very Tech Trip" not in queries[1]
    assert "Very Tech Trip" in queries[2] and "OVH Summit" not in queries[2]
    assert all("fréquentation" in q for q in queries[1:])


def test_english_comparison():
    queries = decompose("Compare the attendance of the OVH Summit and the Very Tech Trip?")
    assert len(queries) == 3
    assert "OVH Summit" in queries[1] and "Very Tech Trip" in queries[2]
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
    ("Où se sont déroulés l'OVH Summit 2014 et le Very Tech Trip d'OVHcloud ?",
     ["Où se sont déroulés l'OVH Summit 2014 ?", "Où se sont déroulés Very Tech Trip d'OVHcloud ?"]),
    ("Combien de participants pour re:Invent et pour l'OpenStack Summit de Paris ?",
     ["Combien de participants pour re:Invent ?", "Combien de participants pour OpenStack Summit de Paris ?"]),
    ("Combien Facebook et Google auraient-ils offert pour racheter Snapchat ?",
     ["Combien Facebook auraient-ils offert pour racheter Snapchat ?",
      "Combien Google auraient-ils offert pour racheter Snapchat ?"]),
    ("Quel est le premier client d'Amazon selon la lettre, et avec quel opérateur voudrait-elle s'interconnecter ?",
     ["Quel est le premier client d'Amazon selon la lettre ?", "avec quel opérateur voudrait-elle s'interconnecter ?"]),
    ("Who gave the Tuesday keynote at re:Invent, and how long did the keynote last?",
     ["Who gave the Tuesday keynote at re:Invent ?", "how long did the keynote last?"]),
])
def test_a_question_on_two_named_things_or_with_two_clauses_is_searched_part_by_part(question, parts):
    assert decompose(question) == [question] + parts


@pytest.mark.parametrize("question", [
    "Combien de lecteurs quotidiens et d'exemplaires 20 minutes revendique-t-il ?",  # no names joined
    "Combien de conférences et labs l'après-midi ?",
    "Quand et où s'est tenu le Salon du Cloud ?",
    "Qui, chez Google, a demandé au public d'identifier les sites ?",  # a comma, no second question
])
def test_a_question_asking_one_thing_is_not_split(question):
    assert decompose(question) == [question]
