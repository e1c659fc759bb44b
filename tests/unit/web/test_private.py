"""Uploads are private: one user's documents are searched for that user alone, and removable by that user."""

import pytest

from askcloud.web import chat
from askcloud.web.private import PRIVATE_TOPIC, owner_key
from askcloud.web.runtime import Runtime

pytestmark = pytest.mark.unit

FACT = "Le Festival Zorblax 2031 à Brest\n\nLe Festival Zorblax a réuni 4 321 participants à Brest.\n"
QUESTION = "Combien de participants le Festival Zorblax a-t-il réunis ?"


@pytest.fixture
def runtime(settings, make_assistant):
    assistant, _ = make_assistant(extractive=True)
    return Runtime(settings, lambda s: assistant)


def ask(runtime, owner, question=QUESTION, topics=None):
    messages, history, _ = list(chat.respond(runtime, question, [], [], topics, "fr", owner=owner))[-1]
    return chat.records(history)[-1]["contract"], messages[-1]["content"]


def upload(runtime, owner, tmp_path, name="zorblax.txt", text=FACT):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return runtime.collections.get(owner).add([(path, name)])


def test_an_upload_is_searched_for_its_owner_only_and_removed_by_them(runtime, tmp_path, settings):
    alice, bob = owner_key("alice", None), owner_key(None, "session-of-bob")
    outcome = upload(runtime, alice, tmp_path)
    assert outcome.added == ["zorblax.txt"] and not outcome.rejected
    assert not (settings.corpus_dir / "zorblax.txt").exists()  # the shared corpus is untouched
    shared_before = runtime.index_counts()

    answer, html = ask(runtime, alice)
    assert not answer["abstained"] and "4 321" in answer["answer"]
    assert any(c["source"].endswith("zorblax.txt") for c in answer["citations"])
    assert "zorblax.txt" in html

    answer, html = ask(runtime, bob)
    assert "4 321" not in answer["answer"] and "Zorblax a réuni" not in html
    assert all(not c["source"].endswith("zorblax.txt") for c in answer["citations"])
    assert runtime.index_counts() == shared_before

    assert runtime.collections.get(bob).remove(["zorblax.txt"]) == []  # not bob's to remove
    assert runtime.collections.get(alice).names() == ["zorblax.txt"]
    assert runtime.collections.get(alice).remove(["zorblax.txt"]) == ["zorblax.txt"]
    runtime.forget(alice)
    answer, _ = ask(runtime, alice)
    assert "4 321" not in answer["answer"]


def test_ticking_topics_narrows_the_shared_corpus_but_keeps_the_users_documents(runtime, tmp_path):
    alice = owner_key("alice", None)
    assert runtime.topics_for(alice, ["events"]) == ("events",)
    upload(runtime, alice, tmp_path)
    assert runtime.topics_for(alice, ["events"]) == ("events", PRIVATE_TOPIC)
    assert runtime.topics_for(alice, []) == ()
    answer, _ = ask(runtime, alice, topics=["events"])
    assert "4 321" in answer["answer"]


def test_uploads_go_through_the_usual_checks(runtime, tmp_path):
    alice = owner_key("alice", None)
    outcome = upload(runtime, alice, tmp_path, name="tool.exe", text="MZ")
    assert outcome.added == [] and outcome.rejected[0][1].key == "bad_type"
    upload(runtime, alice, tmp_path)
    again = upload(runtime, alice, tmp_path)
    assert again.rejected[0][1].key == "exists"


def test_a_session_collection_is_dropped_whole(runtime, tmp_path, settings):
    owner = owner_key(None, "tab-1")
    upload(runtime, owner, tmp_path)
    folder = runtime.collections.get(owner).folder
    assert folder.is_dir() and folder.is_relative_to(settings.data_dir)
    runtime.forget(owner)
    assert not folder.exists() and not runtime.collections.has_documents(owner)


def test_owner_keys_differ_between_logins_and_sessions_and_never_hold_the_name():
    keys = {owner_key("alice", None), owner_key("bob", None), owner_key(None, "alice"), owner_key("alice", "s")}
    assert len(keys) == 3 and all("alice" not in k for k in keys)
