import pytest

from askcloud.text import pack
from askcloud.text.packs import asking

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("language, question, kind", [
    ("fr", "Combien de chaises faut-il ?", "figure"),
    ("fr", "Quand la halle a-t-elle ouvert ?", "date"),
    ("fr", "Qui a construit le pont ?", "name"),
    ("fr", "Quel outil sert à tailler la haie ?", None),
    ("en", "How many chairs are needed?", "figure"),
    ("en", "In which year did the bridge open?", "date"),
    ("en", "Who built the bridge?", "name"),
    ("en", "Which package provides the command?", None),
    # Only the sentence that asks says what is asked: the scene set before it asks for nothing.
    ("en", "My oven beeps when the door opens. Which setting silences it?", None),
    ("fr", "Le four sonne quand la porte s'ouvre. Quel réglage le fait taire ?", None),
    ("en", "the kettle whistles when the water boils. which lid stops that?", None),
    ("en", "I read the guide twice. Who wrote it?", "name"),
    ("en", "The oven (see fig. 3) beeps. When was it built?", "date"),
])
def test_the_question_word_says_what_kind_of_addition_answers(language, question, kind):
    assert pack(language).asked_kind(question) == kind


@pytest.mark.parametrize("request_, asked", [
    ("My oven beeps when the door opens. Which setting silences it?", "Which setting silences it?"),
    ("Dr. Martin built it. When?", "When?"),
    ("Tell me when the bridge opened.", "Tell me when the bridge opened."),
    ("What is it? And who built it?", "What is it? And who built it?"),
])
def test_the_asking_sentences_of_a_request(request_, asked):
    assert asking(request_) == asked


@pytest.mark.parametrize("language, sentence", [
    ("en", "The price is not provided in the passages."),
    ("en", "The documents do not say when it opened."),
    ("fr", "Les extraits ne précisent pas la date."),
    ("fr", "Aucune information sur le prix."),
])
def test_refusals_in_disguise_are_recognised(language, sentence):
    assert pack(language).refuses(sentence)


@pytest.mark.parametrize("language, sentence", [
    ("en", "The bridge opened in 1890."),
    ("fr", "Le pont a ouvert en 1890 et ne ferme pas la nuit."),
])
def test_statements_are_not_refusals(language, sentence):
    assert not pack(language).refuses(sentence)


@pytest.mark.parametrize("question, leans", [
    ("Et le lendemain ?", True),
    ("Combien a-t-elle coûté ?", True),
    ("Pourquoi Quintel a-t-il fermé son usine ?", False),
    ("Où se trouve la gare de Brest ?", False),
])
def test_follow_ups_are_told_from_inverted_subjects(question, leans):
    assert pack("fr").leans_on_context(question) is leans


def test_messages_exist_in_both_languages():
    assert set(pack("fr").messages) == set(pack("en").messages)


@pytest.mark.parametrize("language, question, expected", [
    ("fr", "Peut-on cuire le pain sans levure ?", True),
    ("fr", "Est-ce que la pâte doit reposer une nuit ?", True),
    ("fr", "Quand la pâte a levé, le four doit-il être chaud ?", True),
    ("fr", "Le noyau Linux gère-t-il ce périphérique ?", True),
    ("fr", "Comment peut-on cuire le pain sans levure ?", False),
    ("fr", "À quoi sert-il ?", False),
    ("fr", "Combien de temps la pâte doit-elle reposer ?", False),
    ("fr", "Quel four convient au pain ?", False),
    ("en", "Can the kernel load this module at boot?", True),
    ("en", "When the dough has risen, is the oven already hot?", True),
    ("en", "Doesn't the recipe need yeast?", True),
    ("en", "How can I load this module at boot?", False),
    ("en", "What does the module do?", False),
    ("fr", "N'est-il pas possible d'exporter en PDF ?", True),
    ("fr", "C'est gratuit, n'est-ce pas ?", True),
    ("fr", "Le calque que j'ai masqué est-il exporté ?", True),  # a relative "que" asks nothing
    ("fr", "J'ai un fichier PNG. Peut-on l'ouvrir ?", True),
    ("fr", "D'où vient-il ?", False),
    ("fr", "Jusqu'où peut-on zoomer ?", False),
    ("fr", "Auquel des deux faut-il s'adresser ?", False),
    ("fr", "Le rendez-vous est à quelle heure ?", False),
    ("fr", "Quand, selon le guide, la ville a-t-elle été fondée ?", False),
    ("fr", "Qu'est-ce que le levain ?", False),
    ("en", "Shouldn't I save the file first?", True),
    ("en", "Am I allowed to copy it?", True),
    ("en", "I have a PNG file. Can I open it?", True),
    ("en", "Is the file which I saved exported?", True),
    ("en", "When, according to the guide, was the city founded?", False),
    ("en", "How many layers, roughly, can the editor hold?", False),
    ("en", "May 2020 release: what changed?", False),
])
def test_a_yes_no_question_is_told_by_its_grammar(language, question, expected):
    assert pack(language).asks_yes_no(question) is expected


@pytest.mark.parametrize("language, sentence, denies", [
    ("fr", "On ne peut pas cuire ce pain sans levain.", True),
    ("fr", "Le four n'atteint jamais 300 degrés.", True),
    ("fr", "Il n'y a plus de farine.", True),
    ("fr", "Aucune recette ne le demande.", True),
    ("fr", "Le moulin ne tourne plus que le dimanche.", False),  # "ne … que" restricts: it turns, on Sundays only
    ("fr", "La recette n'utilise que deux œufs.", False),
    ("fr", "Sortez le pain avant qu'il ne brûle.", False),  # a "ne" that denies nothing
    ("fr", "Plus de 2 000 visiteurs sont venus.", False),
    ("en", "The oven cannot reach 300 degrees.", True),
    ("en", "The mill doesn't turn any more.", True),
    ("en", "It is not only cheap but fast.", False),
])
def test_a_denial_is_told_by_the_whole_negation_not_by_one_particle(language, sentence, denies):
    assert pack(language).denies(sentence) is denies
