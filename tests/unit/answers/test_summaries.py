"""A summary of one document reads the document in turn (one model call per group of passages) and keeps only the
checked sentences of every call, in the document's order, passages numbered alike across calls."""

from __future__ import annotations

import pytest

from corpus_support import add_document

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
    return add_document(corpus_dir, "journal.txt", JOURNAL, "Journal du refuge", "mountain", ("Montagne", "Mountain"))


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


def test_a_model_stopping_between_two_groups_keeps_the_checked_sentences_already_shown(settings, indexed):
    from askcloud.agents.deps import Deps
    from askcloud.assistant import Assistant
    from askcloud.llm.fake import FakeChatModel
    from askcloud.retrieval.hybrid import HybridRetriever

    class StopsAfterOneCall(FakeChatModel):
        def _stream(self, messages, stop=None, run_manager=None, **kwargs):
            if self.calls:
                raise TimeoutError("the model took too long")
            yield from super()._stream(messages, stop, run_manager, **kwargs)

    embedder, store = indexed
    chat = StopsAfterOneCall(replies=["Le refuge a accueilli douze randonneurs [1]."])
    assistant = Assistant(settings, deps_override=Deps(settings, HybridRetriever(settings, embedder, store), chat))
    shown, final = [], None
    for kind, payload in assistant.stream("Résume le journal du refuge."):
        shown += [payload] if kind == "sentence" else []
        final = payload if kind == "answer" else final
    assert shown and final.answer.startswith(" ".join(shown)) and "douze randonneurs" in final.answer
    assert any("avant la fin" in n for n in final.notices)
