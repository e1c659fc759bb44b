"""The quoted fallback: which passage sentence gives what the question asks for, read with its antecedent."""

from __future__ import annotations

from functools import partial

import pytest

from askcloud.agents.answertype import answers
from askcloud.agents.factcheck import factcheck
from askcloud.agents.fallback import candidates, render, source_coverage, units
from askcloud.corpus.models import Chunk
from askcloud.retrieval.hybrid import Passage

pytestmark = pytest.mark.unit

KEYNOTE = ("Octave Klaba monte sur scène pour le keynote. Il présente les annonces de l'année. "
           "Au sein du salon, VMware avait installé une fontaine à chocolat près de son stand.")
CLIENTS = ("OVH communique peu sur ses clients. Ils sont pourtant nombreux (700 000 dans le monde). "
           "La salle est pleine.")


def passage(text: str, doc_id: str = "summit.txt", start: int = 100) -> Passage:
    return Passage(Chunk(id=doc_id + str(len(text)), doc_id=doc_id, text=text, start=start, end=start + len(text),
                         section="9 h 45", title="Summit", source=doc_id), 0.9)


def test_a_sentence_opening_on_a_pronoun_is_read_with_the_one_before():
    spans = units(CLIENTS)
    texts = [CLIENTS[s.start:s.end] for s in spans]
    assert texts[1] == "OVH communique peu sur ses clients. Ils sont pourtant nombreux (700 000 dans le monde)."
    assert texts[0] == "OVH communique peu sur ses clients." and texts[2] == "La salle est pleine."


def test_the_quote_that_gives_the_figure_covers_the_question_through_its_antecedent():
    question = "Combien de clients OVH compte-t-il dans le monde ?"
    kept = [passage(CLIENTS)]
    found = candidates(kept, (question,), accept=lambda s: answers(s, question, "fr", [CLIENTS]))
    assert found and "700 000" in found[0].text and "clients" in found[0].text


def test_render_quotes_the_exact_source_text_with_offsets():
    kept = [passage(CLIENTS, start=100)]
    quote = candidates(kept, ("clients dans le monde",), accept=lambda s: "700 000" in s)[0]
    text, citations = render(quote, kept, "fr")
    assert text.startswith("D'après les documents : « OVH communique") and text.endswith("» [1].")
    source = " " * 100 + CLIENTS
    assert source[citations[0].start:citations[0].end] == citations[0].quote == quote.text


def test_source_coverage_is_that_of_the_best_sentence_holding_the_drafts_answer():
    question = "Quel exposant avait installé une fontaine à chocolat au salon ?"
    kept = [passage(KEYNOTE)]
    held = source_coverage("Octave Klaba avait installé une fontaine à chocolat [1].", "name", kept, (question,))
    right = source_coverage("VMware [1].", "name", kept, (question,))
    assert held is not None and right is not None and right - held >= 0.25
    assert source_coverage("Le salon [1].", "name", kept, (question,)) is None  # no new name: nothing to place


def test_a_drafts_name_from_a_sentence_about_something_else_gives_way_to_the_sentence_the_question_is_about():
    question = "Quel exposant avait installé une fontaine à chocolat au salon ?"
    kept = [passage(KEYNOTE)]
    out = factcheck({"draft": "Octave Klaba avait installé une fontaine à chocolat au salon [1].", "kept": kept,
                     "language": "fr", "question": question, "asked": question, "standalone": question}, None)
    assert out["abstained"] is False
    assert "VMware" in out["answer"] and out["trace"]["factcheck"]["fallback"] == "extractive"
    assert out["citations"][0].quote.startswith("Au sein du salon, VMware")


def test_a_draft_whose_answer_stands_in_the_sentence_the_question_is_about_is_kept():
    question = "Quel exposant avait installé une fontaine à chocolat au salon ?"
    kept = [passage(KEYNOTE)]
    out = factcheck({"draft": "VMware avait installé une fontaine à chocolat [1].", "kept": kept, "language": "fr",
                     "question": question, "asked": question, "standalone": question}, None)
    assert out["answer"] == "VMware avait installé une fontaine à chocolat [1]."
    assert "fallback" not in out["trace"]["factcheck"]


def test_impersonal_il_and_line_breaks_do_not_join_sentences():
    text = "Le salon a ouvert. Il y a 40 ateliers. Ils sont pleins.\n\nIls reviendront."
    joined = [text[u.start:u.end] for u in units(text)]
    assert joined == ["Le salon a ouvert.", "Il y a 40 ateliers.", "Il y a 40 ateliers. Ils sont pleins.",
                      "Ils reviendront."]


def test_title_and_heading_lines_are_never_quoted_as_the_answer():
    text = "Direction Générale de Cloudwatt : Votez pour moi !\nChers membres du Conseil, je vous écris."
    kept = [Passage(Chunk(id="c1", doc_id="lettre.txt", text=text, start=0, end=len(text), section="",
                          title="Direction Générale de Cloudwatt : Votez pour moi ! (lettre au Conseil)",
                          source="lettre.txt"), 0.9)]
    found = candidates(kept, ("À qui est adressée la lettre sur la direction de Cloudwatt ?",), accept=lambda s: True)
    assert [q.text for q in found] == ["Chers membres du Conseil, je vous écris."]


def test_a_name_opening_the_answer_counts_when_the_passages_name_it():
    question = "Quelle société la lettre présente-t-elle comme une société sœur de Cloudwatt ?"
    passages = ["La société sœur de Cloudwatt, Numergy, a levé des fonds."]
    assert answers("Numergy [2].", question, "fr", passages)
    assert not answers("Selon la lettre [2].", question, "fr", passages)


def test_an_excerpt_announcing_a_list_brings_its_items():
    from askcloud.agents.relevance import excerpt

    text = ("Le plan est ambitieux. Les marchés naturels sont :\n  1. Les plates-formes de demain, issues de la "
            "FrenchTech. Elles grandiront vite.\n  2. Les collectivités locales, dépositaires de la confiance.\n"
            "La suite du plan parle d'autre chose.")
    shown = excerpt("Quels sont les marchés naturels ?", text, 60)
    assert "Les marchés naturels sont :" in shown
    assert "Les plates-formes de demain" in shown and "Les collectivités locales" in shown
    assert "Elles grandiront" not in shown  # an item's first sentence only


def test_an_excerpt_puts_first_the_sentence_that_gives_what_is_asked():
    from askcloud.agents.answertype import expected_kind, gives_kind
    from askcloud.agents.relevance import excerpt

    question = "Combien de tweets ont été publiés pendant la matinée de l'OVH Summit ?"
    text = ("Le public a publié des tweets toute la matinée. Il tweete beaucoup. "
            "Avec plus de 1 500 tweets dans la matinée, le hashtag se hisse à la troisième place.")
    gives = partial(gives_kind, question=question, kind=expected_kind(question))
    assert "1 500" not in excerpt(question, text, 80)  # the restating sentence shares more of the question's words
    assert "1 500" in excerpt(question, text, 80, gives)


def test_a_hashtag_counts_its_words_in_a_coverage():
    from askcloud.agents.relevance import coverage

    question = "Combien de tweets pendant l'OVH Summit ?"
    assert coverage(question, "Plus de 1 500 tweets, le hashtag #OVHSummit se hisse.") == 1.0
    assert coverage(question, "Plus de 1 500 tweets, le hashtag #Cloud se hisse.") == 1 / 3


def test_a_name_counts_under_its_initials_and_initials_under_the_name():
    from askcloud.agents.relevance import coverage, excerpt

    question = "Où s'est tenu le Very Tech Trip ?"
    assert coverage(question, "Avant ce VTT, qui s'est tenu à la Villette, nous avons parlé.") == 1.0
    assert coverage(question, "Avant ce VTC, qui s'est tenu à la Villette, nous avons parlé.") == 1 / 4
    assert coverage("Quand AWS a-t-il été créé ?", "Amazon Web Services est né en 2006.") == 1 / 2
    assert coverage("Quand AWS a-t-il été créé ?", "Amazon et ses services sont nés en 2006.") == 0.0
    text = "Le Trip fut long. Le Very Tech Trip réunit des développeurs. Ce VTT s'est tenu à la Villette."
    assert excerpt(question, text, 40) == "Ce VTT s'est tenu à la Villette."


LETTER = "Chers membres du Conseil, je vous écris. En 2005, je suis parti m'installer à Saigon."
BIRTH = "Français d'origine vietnamienne, né en 1975, je suis sensible à la souveraineté."


def test_a_failed_draft_gives_way_to_a_relevant_passage_the_writer_was_not_shown():
    question = "En quelle année son auteur est-il né ?"
    state = {"draft": "Le directeur général est né en 1974 [1].", "kept": [passage(LETTER)], "language": "fr",
             "question": question, "asked": question, "standalone": question}
    assert factcheck(state, None)["abstained"] is True  # 1974 is in no passage, and "En 2005" is no birth year
    out = factcheck({**state, "spare": [passage(BIRTH, doc_id="lettre.txt")]}, None)
    assert out["abstained"] is False and "1975" in out["answer"]
    assert out["citations"][0].doc_id == "lettre.txt" and out["citations"][0].quote == BIRTH


def test_the_words_asking_for_a_year_or_a_kind_of_name_are_answered_by_one():
    from askcloud.agents.answertype import without_kind_words

    assert without_kind_words("En quelle année son auteur est-il né ?").split() == ["son", "auteur", "est-il", "né", "?"]
    assert without_kind_words("In which year was it founded?").split() == ["was", "it", "founded?"]
    assert without_kind_words("Combien de personnes ?") == "Combien de personnes ?"
    assert without_kind_words("Avec quel opérateur Netflix veut-il s'interconnecter ?").split() == [
        "Avec", "Netflix", "veut-il", "s'interconnecter", "?"]
    assert without_kind_words("Which US operator does Netflix want?").split() == ["does", "Netflix", "want?"]
    assert "nom" in without_kind_words("Quel est le nom de l'auteur de la lettre ?")


def test_a_bare_name_draft_gives_way_to_the_sentence_naming_the_operator():
    question = "Avec quel opérateur Netflix pourrait-il vouloir s'interconnecter directement ?"
    text = ("Netflix veut offrir la meilleure expérience. Si cela nécessite de s'interconnecter directement avec "
            "Comcast, leur interdire revient à sous-optimiser l'usage des infrastructures.")
    out = factcheck({"draft": "Netflix [1].", "kept": [passage(text)], "language": "fr", "question": question,
                     "asked": question, "standalone": question}, None)
    assert out["abstained"] is False and "Comcast" in out["answer"]
