"""Abstentions in the user's language, and recognising a model's refusal."""

from __future__ import annotations

import pytest

from askcloud.agents.abstain import abstain, abstention_text, is_refusal

pytestmark = pytest.mark.unit


def test_abstention_text_follows_the_language():
    assert abstention_text("fr") == "Les documents ne permettent pas de répondre à cette question."
    assert abstention_text("en") == "The documents do not answer this question."


def test_abstain_node():
    assert abstain({"language": "en", "abstain_reason": "x"}, None) == {
        "answer": "The documents do not answer this question.", "abstained": True, "citations": []}
    assert abstain({}, None)["answer"].startswith("Les documents")


@pytest.mark.parametrize("text", [
    "Les documents ne le disent pas.",
    "LES DOCUMENTS NE LE DISENT PAS",
    "Désolé, les extraits ne contiennent pas cette information.",
    "The documents do not say.",
    "The documents don’t say.",  # typographic apostrophe
    "Ce point n'est pas mentionné.",
])
def test_refusals_are_recognised(text):
    assert is_refusal(text)


@pytest.mark.parametrize("text", ["Plus de 1 500 visiteurs [1].", "Le salon contenait 40 ateliers [1].", ""])
def test_answers_are_not_refusals(text):
    assert not is_refusal(text)
