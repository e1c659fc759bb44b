import pytest

from askcloud.corpus.topics import Topic
from askcloud.web.i18n import LABELS, TRACE, lang_of, t, topic_choices

pytestmark = pytest.mark.unit


def test_both_languages_have_every_text():
    for table in (LABELS, TRACE):
        assert set(table["fr"]) == set(table["en"])


def test_french_is_the_default_and_unknown_languages_fall_back_to_it():
    assert lang_of(None) == lang_of("de") == "fr"
    assert t(None, "clear") == "Effacer" and t("en", "clear") == "Clear"


def test_topic_choices_come_from_the_index_and_translate_their_labels():
    topics = [Topic("meteo", {"fr": "Météo", "en": "Weather"}), Topic("grand_air"), Topic("x", {"": "Partout"})]
    assert topic_choices("fr", topics) == [("Météo", "meteo"), ("Grand air", "grand_air"), ("Partout", "x")]
    assert topic_choices("en", topics)[0] == ("Weather", "meteo")
    assert topic_choices("fr") == []
