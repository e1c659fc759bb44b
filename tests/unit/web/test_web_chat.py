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


def test_tokens_stream_then_the_checked_answer_and_its_sources_replace_them(settings, make_assistant):
    assistant, _ = make_assistant(REPLY)
    steps = run(Runtime(settings, lambda s: assistant), QUESTION)
    shown = [messages[-1]["content"] for messages, _, _ in steps]
    assert shown[0] == "…"  # the question shows before any token
    partial = [s for s in shown[1:-1] if "askcloud-sources" not in s]
    assert len(partial) >= 5 and "Plus de 1 500" in partial[-1]  # word by word from the fake model
    final_messages, history, details = steps[-1]
    assert [m["role"] for m in final_messages] == ["user", "assistant"]
    assert "<mark>" in final_messages[-1]["content"] and 'href="#src-1-1"' in final_messages[-1]["content"]
    assert history == [{"role": "user", "content": QUESTION}, {"role": "assistant", "content": history[1]["content"]}]
    assert "1 500" in history[1]["content"] and "<" not in history[1]["content"]
    assert "Question comprise" in details


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
    messages, _, _ = run(runtime, QUESTION, lang="en")[-1]
    assert "internal error" in messages[-1]["content"] and "ZeroDivision" not in messages[-1]["content"]


def test_ask_json_returns_contract_1_and_checks_its_history(settings, make_assistant):
    assistant, _ = make_assistant(extractive=True)
    runtime = Runtime(settings, lambda s: assistant)
    result = chat.ask_json(runtime, QUESTION, "[]")
    assert set(result) == {"question", "standalone_question", "language", "answer", "abstained", "topics",
                           "citations", "timings_ms"}
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
