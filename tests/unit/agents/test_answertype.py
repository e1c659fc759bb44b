"""What a question asks for, and whether a sentence gives it."""

from __future__ import annotations

import pytest

from askcloud.agents.answertype import answers, expected_kind, focus, gives_kind

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("question, kind", [
    ("Combien de personnes ont assisté au keynote ?", "number"),
    ("En quelle année est né l'auteur ?", "number"),
    ("How many people attended re:Invent?", "number"),
    ("Qui a présenté le keynote ?", "name"),
    ("Where was the OpenStack Summit held?", "name"),
    ("Quel est le nom de l'auteur de la lettre ?", "name"),
    ("Dans quelle ville s'est-il installé en 2005 ?", "name"),
    ("Quelle plateforme de financement neutre le billet oppose-t-il aux banques ?", "name"),
    ("Quelle amende la FCC a-t-elle infligée à Comcast ?", "number"),  # a fine is a sum
    ("What fine-grained permissions does the platform offer?", None),
    ("Which platform does the post set against the banks?", "name"),
    ("Pourquoi OVH a-t-il annulé son Summit 2014 ?", None),
    ("Que dit l'auteur de la neutralité du Net ?", None),
])
def test_expected_kind(question, kind):
    assert expected_kind(question) == kind


@pytest.mark.parametrize("sentence, question, ok", [
    ("Cette année [1].", "En quelle année s'est déroulé le re:Invent ?", False),  # the marker is no figure
    ("Netflix paie à Comcast chaque année [1][2][3].", "Combien Netflix paie-t-il chaque année à Comcast ?", False),
    ("Le re:Invent 2019 a réuni 65 000 personnes [1].", "Combien de personnes au re:Invent 2019 ?", True),
    ("Le re:Invent 2019 a eu lieu [1].", "Combien de personnes au re:Invent 2019 ?", False),  # 2019 was asked
    ("The OpenStack Summit 2014 was held in Paris [1].", "Where was the OpenStack Summit 2014 in Paris held?", False),
    ("It was held at the Palais des Congrès [1].", "Where was the OpenStack Summit 2014 in Paris held?", True),
    ("Le nom est Cloudwatt [1].", "Quel est le nom de l'auteur de la lettre à Cloudwatt ?", False),
    # a year is asked: a head count is no answer, a year is
    ("Cette année, 65.000 personnes ont déambulé [1].", "En quelle année s'est déroulé le re:Invent ?", False),
    ("Il s'est déroulé en 2019 [1].", "En quelle année s'est déroulé le re:Invent ?", True),
    ("65,000 people attended [1].", "In which year did re:Invent take place?", False),
    ("Je suis né en 1975 [1].", "En quelle année est né l'auteur ?", True),
])
def test_gives_kind(sentence, question, ok):
    assert gives_kind(sentence, question, expected_kind(question)) is ok


def test_a_figure_must_be_about_what_combien_asks_for():
    question = "Combien d'utilisateurs actifs Snapchat compte-t-il ?"
    assert focus(question) is not None
    passages = ["Snapchat échange 400 millions de photos par jour. Ses utilisateurs sont jeunes."]
    assert not answers("400 millions de photos par jour [1].", question, "fr", passages)
    passages = ["Snapchat compte 30 millions d'utilisateurs actifs."]
    assert answers("Snapchat compte 30 millions d'utilisateurs [1].", question, "fr", passages)
    # English questions are not held to it: the passages are French ("people" is no "personnes").
    assert answers("400 million photos a day [1].", "How many active users does Snapchat have?", "en", passages)


def test_a_head_count_answers_combien_de_participants_in_other_words():
    passages = ["Un peu de 4000 personnes étaient attendues porte Maillot. Les 380 sponsors étaient réunis au Venitian."]
    question = "Combien de participants pour l'OpenStack Summit de Paris ?"
    assert answers("Un peu de 4000 personnes étaient attendues [1].", question, "fr", passages)
    assert not answers("Les 380 sponsors étaient réunis [1].", question, "fr", passages)  # sponsors are not people
    # a count of another group is no head count of visitors
    assert not answers("300 développeurs [1].", "Combien de visiteurs ?", "fr", ["300 développeurs étaient là."])


def test_questions_of_no_plain_kind_are_not_checked():
    assert answers("Le billet parle de Netflix [1].", "Que dit le billet ?", "fr", [])


def test_digits_inside_a_name_are_no_figure():
    from askcloud.agents.relevance import numbers

    assert numbers("offerte par D2SI cette année, sur EC2") == set()
    assert numbers("$4mds, 65 000 personnes, 75%") == {"4000000000", "65000", "75"}


@pytest.mark.parametrize("text, value", [
    ("2 000", "2000"), ("2000", "2000"), ("2.000", "2000"), ("65,000", "65000"), ("65.000", "65000"),
    ("1,5 million", "1500000"), ("3 mds", "3000000000"), ("3 milliards", "3000000000"), ("4 billion", "4000000000"),
    ("3 millions", "3000000"), ("3,25", "3.25"), ("0,5", "0.5"), ("80 %", "80"),
])
def test_figures_are_compared_by_value_and_magnitude(text, value):
    from askcloud.agents.relevance import numbers, supported

    assert numbers(text) == {value}
    assert supported("Google aurait offert 4 milliards.", "des offres de $4mds de la part de Google")[0]
    assert not supported("Google aurait offert 4 millions.", "des offres de $4mds de la part de Google")[0]


def test_a_quoted_fallback_must_bear_on_the_question():
    from askcloud.agents.factcheck import bears_on

    question = "En quelle année son auteur est-il né ?"
    assert not bears_on("lundi 24 mars 2014", question, question)
    question = "Combien de partenaires exposants étaient présents ?"
    assert bears_on("Des visiteurs s'invitent sur les stands des 18 partenaires exposants.", question, question)


@pytest.mark.parametrize("question", [
    "Quel exposant avait installé une fontaine à chocolat ?", "Sur quel morceau est-il entré en scène ?",
    "Quelle nouveauté AWS permet de composer de la musique ?", "Which US operator might Netflix want?",
    "What new tagline did OVH unveil?", "Which French regulators are watching the platforms?",
])
def test_questions_about_a_person_work_or_organisation_ask_for_a_name(question):
    assert expected_kind(question) == "name"


def test_a_duration_has_no_noun_its_figure_must_be_said_of():
    assert focus("Combien de temps duraient les sessions ?") is None
    assert focus("Combien de participants au salon ?") == "particip"  # the noun, as the index stems it


def test_an_english_question_anchors_a_french_sentence_by_its_figures_or_two_names():
    from askcloud.agents.factcheck import bears_on

    question = "In which city did the author of the Cloudwatt letter settle in 2005?"
    sentence = "En 2005, je suis parti m'installer à Saigon pour doter le Vietnam du capital intellectuel."
    assert bears_on(sentence, question, question, "en")
    assert not bears_on(sentence, question, question, "fr")  # French questions are held to shared words
    question = "How much money was Google reportedly ready to pay to buy Snapchat back then?"
    sentence = "On parlait de $3mds de la part de Facebook et de $4mds de Google pour Snapchat."
    assert bears_on(sentence, question, question, "en")
    assert not bears_on(sentence, question, question, "en", titles="Snapchat : compter les utilisateurs")


def test_a_follow_ups_context_alone_does_not_make_a_sentence_bear_on_it():
    from askcloud.agents.factcheck import bears_on

    asked = "Et combien Google aurait-il proposé pour racheter l'entreprise ?"
    standalone = f"{asked} (à propos de : Combien de photos Snapchat échange-t-il par jour ?)"
    assert not bears_on("Snapchat échange 400 millions de photos par jour.", asked, standalone)
    assert bears_on("Google aurait proposé 4 milliards pour racheter Snapchat.", asked, standalone)
