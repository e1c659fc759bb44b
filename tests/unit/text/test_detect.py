"""French or English, from stop words and accents, ignoring quotes and markers."""

from __future__ import annotations

import pytest

from askcloud.text import detect_language

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("text, language", [
    ("Combien de marins ont quitté le port hier ?", "fr"),
    ("Qui a fondé OVH ?", "fr"),
    ("Où se tenait l'événement ?", "fr"),
    ("How many people attended the keynote?", "en"),
    ("Who founded OVH?", "en"),
    ("What did the author say about Netflix?", "en"),
])
def test_detects_french_and_english(text, language):
    assert detect_language(text) == language


def test_quoted_french_and_markers_do_not_make_an_english_text_french():
    assert detect_language('The author writes « la neutralité du Net est une fausse alerte » [1] in the post.') == "en"
    assert detect_language("Il a répondu \"the best is yet to come\" [2].") == "fr"


def test_undecided_text_gets_the_default():
    assert detect_language("OVH ?") == "fr"
    assert detect_language("OVH ?", default="en") == "en"
    assert detect_language("") == "fr"
