"""The extractive composer: the best evidence sentence, quoted with its marker."""

from __future__ import annotations

import pytest

from askcloud.agents.extractive import compose
from askcloud.text import pack
from askcloud.corpus.models import Chunk
from askcloud.retrieval.passage import Passage

pytestmark = pytest.mark.unit


def passage(doc_id: str, text: str) -> Passage:
    return Passage(Chunk(id=doc_id + text[:5], doc_id=doc_id, text=text, start=0, end=len(text), section="",
                         title="T", source=doc_id), 0.5)


SALON = passage("salon.txt", "Le salon a eu lieu à Lyon. Plus de 1 500 visiteurs sont venus. Il y avait 40 ateliers.")
BILLET = passage("billet.txt", "La neutralité du Net. Les visiteurs du site sont venus de loin.")


def test_best_sentence_is_quoted_with_its_marker():
    text = compose("Combien de visiteurs sont venus ?", [SALON], "fr")
    assert text == "D'après les documents : « Plus de 1 500 visiteurs sont venus » [1]."


def test_english_lead():
    assert compose("visiteurs", [SALON], "en").startswith(pack("en").message("quoted"))


def test_a_second_sentence_only_from_another_document_covering_as_much():
    same_doc = passage("salon.txt", "Les visiteurs sont venus nombreux.")
    assert compose("visiteurs venus", [SALON, same_doc], "fr").count("«") == 1
    both = compose("visiteurs venus", [SALON, BILLET], "fr")
    assert both.count("«") == 2 and "[1]." in both and "[2]." in both
    assert compose("ateliers Lyon", [SALON, BILLET], "fr").count("«") == 1  # the billet covers less


def test_nothing_kept_gives_nothing():
    assert compose("visiteurs", [], "fr") == ""
