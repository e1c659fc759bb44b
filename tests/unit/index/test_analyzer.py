"""French-aware BM25 tokens: folding, elisions, stop words, stemming and whole numbers."""

from __future__ import annotations

import pytest

from askcloud.index.analyzer import STOP_WORDS, tokenize

pytestmark = pytest.mark.unit


def test_case_and_accents_are_folded():
    assert tokenize("ÉVÉNEMENT") == tokenize("événement") == tokenize("evenement")
    assert tokenize("Très Légère") == tokenize("tres legere")


@pytest.mark.parametrize("text, expected", [
    ("l'OVH", ["ovh"]),
    ("d'OVH", ["ovh"]),
    ("qu'OVH", ["ovh"]),
    ("l’OVH", ["ovh"]),  # typographic apostrophe
    ("jusqu'aux Docks", tokenize("Docks")),
])
def test_elisions_are_removed(text, expected):
    assert tokenize(text) == expected


def test_words_ending_in_elision_letters_are_not_cut():
    assert tokenize("aujourd'hui")[0].startswith("aujourd")


def test_stop_words_are_dropped():
    assert tokenize("le la les de des du et pour dans sur the of and") == []
    assert tokenize("Combien de visiteurs au salon ?") == tokenize("visiteurs salon")
    assert all(word == word.lower() and "é" not in word for word in STOP_WORDS)


@pytest.mark.parametrize("a, b", [
    ("conférences", "conférence"),
    ("visiteurs", "visiteur"),
    ("exposants", "exposant"),
    ("annoncé", "annonces"),
    ("installée", "installé"),  # the folded "ée" leaves an "e" Snowball would have taken
    ("données", "donnée"),
])
def test_stemming_makes_inflections_equal(a, b):
    assert tokenize(a) == tokenize(b)
    assert len(tokenize(a)) == 1


@pytest.mark.parametrize("text", ["2 000", "2000", "2.000", "2\u00a0000", "2\u202f000", "2,000"])
def test_thousands_become_one_number(text):
    assert tokenize(text) == ["2000"]


def test_other_numbers():
    assert tokenize("65.000") == ["65000"]
    assert tokenize("1 500 000 visiteurs")[0] == "1500000"
    assert tokenize("3,5 millions")[0] == "3,5"
    assert tokenize("en 2014") == ["2014"]
    assert "2014" in tokenize("OVH Summit 2014") and "2" not in tokenize("OVH Summit 2014")


def test_names_with_colons_and_hyphens_stay_one_token():
    assert tokenize("re:Invent") == ["re:invent"]
    assert tokenize("Very-Tech") == ["very-tech"]


def test_single_letters_are_dropped_but_single_digits_kept():
    assert tokenize("x y 7") == ["7"]


def test_inverted_subjects_are_not_part_of_the_verb():
    assert tokenize("compte-t-il") == tokenize("compte")
    assert tokenize("Qu'appelle-t-on") == tokenize("appelle")
    assert "re:invent" in tokenize("re:Invent") and "etats-un" in tokenize("États-Unis")


def test_threads_stemming_at_once_get_the_same_terms():
    from concurrent.futures import ThreadPoolExecutor

    from askcloud.index.analyzer import _stem

    words = [f"installations{i} communiquées{i} développeurs{i}" for i in range(400)]
    _stem.cache_clear()
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(tokenize, words))
    _stem.cache_clear()
    assert together == [tokenize(w) for w in words]


def test_english_text_takes_english_stop_words_and_stems():
    """Run through the French analyzer, English keeps its common words ("just", "can") as rare, telling terms and
    its endings as they are; the English analyzer drops the first and folds the second."""
    terms = tokenize("Can it just crop the cropped layers?", "en")
    assert terms == ["crop", "crop", "layer"]
    assert tokenize("The layer", "en") == tokenize("layers", "en")
    assert "just" in tokenize("Can it just crop the cropped layers?")  # French by default: as before
    assert tokenize("re:Invent 2 000 x-ray", "en") == ["re:invent", "2000", "x-ray"]  # names and numbers whole
    assert tokenize("Les calques", "de") == tokenize("Les calques")  # any other language: French
