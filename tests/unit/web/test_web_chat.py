import threading

import pytest

from askcloud.errors import BadQuestion
from askcloud.web import chat
from askcloud.web.runtime import Runtime

pytestmark = pytest.mark.unit

QUESTION = "Combien de visiteurs ont assisté à la conférence d'ouverture du Salon du Cloud ?"
REPLY = "Plus de 1 500 visiteurs ont assisté à la conférence d'ouverture [1]."


def run(runtime, question, messages=None, history=None, topics=None, lang="fr"):
    return list(chat.respond(runtime, question, messages or [], history or [], topics, lang))


class SentenceStreaming:
    """The streaming API of Assistant.stream: ("checking", None), ("sentence", s)…, ("answer", Answer); it also
    yields raw draft tokens holding a claim the check removed, which must never be shown."""

    graph = "graph"

    def __init__(self, inner) -> None:
        self.inner = inner

    def stream(self, question, history=None, filters=None):
        answer = self.inner.ask(question, history, filters)
        yield "token", "OVH a annulé son Summit car il pleuvait."
        yield "checking", None
        words = answer.answer.split()
        half = len(words) // 2
        for sentence in (" ".join(words[:half]), " ".join(words[half:])):
            yield "token", "Invented claim."
            yield "sentence", sentence
        yield "answer", answer


def test_a_checking_state_then_checked_sentences_then_the_answer_and_its_sources(settings, make_assistant):
    assistant, _ = make_assistant(REPLY)
    steps = run(Runtime(settings, lambda s: SentenceStreaming(assistant)), QUESTION)
    shown = [messages[-1]["content"] for messages, _, _ in steps]
    assert "vérification…" in shown[0] and "askcloud-checking" in shown[0]
    partial = shown[1:-1]
    assert len(partial) == 2 and all("askcloud-partial" in s for s in partial)
    final_messages, history, details = steps[-1]
    final = final_messages[-1]["content"]
    assert "<mark>" in final and 'href="#src-1-1"' in final
    for text in shown:
        assert "annulé" not in text and "Invented" not in text  # no raw token, ever
    import re
    plain = lambda html: " ".join(re.sub(r"<[^>]+>", "", html).split())  # noqa: E731
    assert plain(final).startswith(plain(partial[-1]))  # what was shown is what the answer holds
    assert [m["role"] for m in final_messages] == ["user", "assistant"]
    assert history[0] == {"role": "user", "content": QUESTION}
    assert "1 500" in history[1]["content"] and "<" not in history[1]["content"]
    assert chat.records(history)[0]["contract"]["answer"] == history[1]["content"]
    assert "Question comprise" in details


def test_the_checking_state_follows_the_question_language_not_the_page(settings, make_assistant):
    assistant, _ = make_assistant(extractive=True)
    runtime = Runtime(settings, lambda s: SentenceStreaming(assistant))
    first = run(runtime, "How many visitors attended the opening conference of the Salon du Cloud?", lang="fr")[0]
    assert "checking…" in first[0][-1]["content"]


def test_a_follow_up_uses_the_session_history_and_gets_new_anchor_ids(settings, make_assistant):
    assistant, _ = make_assistant(extractive=True)
    runtime = Runtime(settings, lambda s: assistant)
    messages, history, _ = run(runtime, QUESTION)[-1]
    messages, history, details = run(runtime, "Et combien d'exposants ?", messages, history)[-1]
    assert len(messages) == 4 and len(history) == 4
    assert 'id="src-2-1"' in messages[-1]["content"] and 'href="#src-2-1"' in messages[-1]["content"]
    assert "à propos de" in details  # the standalone question built from the history


def test_a_user_error_becomes_a_chat_message_and_leaves_the_history_alone(settings, make_assistant):
    assistant, _ = make_assistant(extractive=True)
    messages, history, _ = run(Runtime(settings, lambda s: assistant), "x" * 2001, history=[])[-1]
    assert "askcloud-error" in messages[-1]["content"] and "2000" in messages[-1]["content"]
    assert "Désolé" in messages[-1]["content"] and history == []


def test_an_empty_question_changes_nothing(settings, make_assistant):
    assistant, _ = make_assistant(extractive=True)
    assert run(Runtime(settings, lambda s: assistant), "   ") == [([], [], chat.t("fr", "details_empty"))]


class Broken:
    graph = None

    def stream(self, *args):
        raise ZeroDivisionError("bug")
        yield


def test_a_bug_is_reraised_under_tests_and_hidden_from_users_otherwise(settings, monkeypatch):
    runtime = Runtime(settings, lambda s: Broken())
    with pytest.raises(ZeroDivisionError):
        run(runtime, QUESTION)
    monkeypatch.delenv("ASKCLOUD_RAISE_ERRORS")
    messages, _, _ = run(runtime, "How many visitors came?", lang="fr")[-1]  # said in the question's language
    assert "internal error" in messages[-1]["content"] and "ZeroDivision" not in messages[-1]["content"]


def test_ask_json_returns_contract_1_and_checks_its_history(settings, make_assistant):
    assistant, _ = make_assistant(extractive=True)
    runtime = Runtime(settings, lambda s: assistant)
    result = chat.ask_json(runtime, QUESTION, "[]")
    assert set(result) == {"question", "standalone_question", "language", "answer", "abstained", "topics",
                           "kind", "citations", "timings_ms"}
    with pytest.raises(BadQuestion, match="not valid JSON"):
        chat.ask_json(runtime, QUESTION, "[{")
    with pytest.raises(BadQuestion, match="history"):
        chat.ask_json(runtime, QUESTION, '[{"role": "system", "content": "x"}]')


def test_the_assistant_is_built_once_on_first_use_even_under_concurrent_requests(settings):
    built = []

    class Slow:
        graph = "graph"

        def __init__(self) -> None:
            built.append(self)

    runtime = Runtime(settings, lambda s: Slow())
    assert built == []  # nothing at construction
    threads = [threading.Thread(target=runtime.assistant) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(built) == 1


def test_the_index_status_says_when_there_is_no_index(settings):
    from askcloud.assistant import Assistant

    assert Runtime(settings, Assistant).index_counts() is None  # nothing indexed in this data_dir


def test_the_index_status_counts_documents_and_passages(settings, make_assistant):
    assistant, _ = make_assistant(extractive=True)
    documents, chunks = Runtime(settings, lambda s: assistant).index_counts()
    assert documents == 2 and chunks >= 2
