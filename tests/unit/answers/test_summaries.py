"""A summary of one document reads the document in turn (one model call per group of passages) and keeps only the
checked sentences of every call, in the document's order, passages numbered alike across calls."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.unit

JOURNAL = """Journal du refuge

Lundi

Le refuge a accueilli douze randonneurs venus de Grenoble.

Mardi

Une tempête a coupé la route du col pendant six heures.

Mercredi

Le gardien a réparé la citerne avec une pompe neuve.

Jeudi

Un hélicoptère a livré quarante sacs de farine au refuge.
"""


@pytest.fixture
def corpus_dir(corpus_dir):
    (corpus_dir / "journal.txt").write_text(JOURNAL, encoding="utf-8")
    catalog = corpus_dir / "catalog.yaml"
    text = catalog.read_text(encoding="utf-8").replace("topics:\n", 'topics:\n  mountain: {fr: "Montagne", en: "Mountain"}\n', 1)
    catalog.write_text(text + 'journal.txt:\n  title: "Journal du refuge"\n  topics: [mountain]\n', encoding="utf-8")
    return corpus_dir


@pytest.fixture
def settings(settings):
    policy = settings.policy.model_copy(update={"kept_long": 2, "summary_passages": 4})
    return settings.model_copy(update={"policy": policy})


def test_a_long_document_is_summarised_group_by_group_and_only_checked_sentences_stay(make_assistant):
    assistant, chat = make_assistant(
        "Le refuge a accueilli douze randonneurs [1]. Une tempête a coupé la route du col [2].",
        "Le gardien a réparé la citerne [3]. Des touristes ont pêché des truites [4].")
    answer = assistant.ask("Résume le journal du refuge.")
    assert len(chat.calls) == 2  # four passages, two per call
    first_user, second_user = chat.calls[0][1].content, chat.calls[1][1].content
    assert "[1]" in first_user and "[3]" in second_user and "[1]" not in second_user
    assert "douze randonneurs" in answer.answer and "citerne" in answer.answer
    assert "truites" not in answer.answer  # no passage says it
    assert answer.answer.index("randonneurs") < answer.answer.index("citerne")
    assert answer.kind == "summary" and len(answer.citations) == 3
