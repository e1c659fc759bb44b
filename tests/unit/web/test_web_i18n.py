import pytest

from askcloud.web.i18n import LABELS, TOPICS, TRACE, lang_of, t, topic_choices

pytestmark = pytest.mark.unit


def test_both_languages_have_every_text():
    for table in (LABELS, TOPICS, TRACE):
        assert set(table["fr"]) == set(table["en"])


def test_french_is_the_default_and_unknown_languages_fall_back_to_it():
    assert lang_of(None) == lang_of("de") == "fr"
    assert t(None, "clear") == "Effacer" and t("en", "clear") == "Clear"


def test_topic_choices_keep_their_values_and_translate_their_labels():
    assert topic_choices("fr") == [("Événements", "events"), ("Stratégie", "strategy"),
                                   ("Neutralité du Net", "net_neutrality")]
    assert [value for _, value in topic_choices("en")] == ["events", "strategy", "net_neutrality"]
