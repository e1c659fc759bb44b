"""A "why" question's premise that no passage holds is never asserted: the sentence repeating it goes, and the answer
says what the documents do not say."""

from __future__ import annotations

import pytest

from askcloud.agents.premise import drop_premise, premise_refusal, unsupported_premise

pytestmark = pytest.mark.unit

PASSAGE = "Mardi 7 octobre, OVH organisait aux Docks de Paris la seconde édition de l’OVH Summit 2014."
WHY = "Pourquoi OVH a-t-il annulé son Summit 2014 ?"


def test_the_premise_is_the_question_words_no_passage_and_no_document_holds():
    assert unsupported_premise(WHY, "fr", [PASSAGE]) == {"annul"}
    assert unsupported_premise("Pourquoi OVH a-t-il organisé son Summit aux Docks ?", "fr", [PASSAGE]) == set()
    # "choisi" stands elsewhere in the corpus: the passages may say it in other words ("a misé sur")
    assert unsupported_premise("Pourquoi OVH a-t-il choisi les Docks ?", "fr", [PASSAGE], lambda: {"chois"}) == set()
    # words naming the document or its author are no fact to hold
    assert unsupported_premise("Pourquoi l'auteur du billet parle-t-il des Docks ?", "fr", [PASSAGE]) == {"parl"}


@pytest.mark.parametrize("question, language", [
    ("Combien de personnes ont annulé leur venue ?", "fr"),  # not a "why" question: no premise check
    ("Why did OVH cancel its 2014 Summit?", "en"),  # English words never stand in the French passages
])
def test_only_french_why_questions_are_checked(question, language):
    assert unsupported_premise(question, language, [PASSAGE]) == set()


def test_the_sentences_asserting_the_premise_are_dropped_the_rest_kept():
    draft = "OVH a annulé son Summit 2014 car il était hors d'Europe [1]. Il s'est tenu aux Docks de Paris [1]."
    kept, dropped = drop_premise(draft, {"annul"})
    assert kept == "Il s'est tenu aux Docks de Paris [1]."
    assert dropped == ["OVH a annulé son Summit 2014 car il était hors d'Europe [1]."]
    assert drop_premise(draft, set()) == (draft, [])


def test_the_refusal_names_the_premise_in_the_question_words():
    assert premise_refusal(WHY, {"annul"}) == ("Les documents ne disent pas ce que suppose la question : aucun "
                                               "passage ne contient « annulé ».")


def test_another_form_of_a_word_the_corpus_holds_is_held():
    # "interdit" (interd) stands in the corpus as "interdire" (interdir): the premise may be true, said otherwise
    assert unsupported_premise("Pourquoi OVH a-t-il interdit son Summit ?", "fr", [PASSAGE], lambda: {"interdir"}) == set()
    assert unsupported_premise(WHY, "fr", [PASSAGE], lambda: {"annonc", "annuair"}) == {"annul"}  # not another word


def test_the_refusal_always_names_something():
    assert premise_refusal("Pourquoi re:Invent a-t-il fermé ?", {"ferm"}).endswith("« fermé ».")
    assert premise_refusal("Pourquoi ?", {"xyz"}).endswith("« xyz ».")  # no word of the question gives the term
