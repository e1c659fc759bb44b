"""The fake chat model: a queue of replies, a record of calls, streamed word by word."""

from __future__ import annotations

import pytest
from langchain_core.messages import HumanMessage, SystemMessage

from askcloud.llm.fake import FakeChatModel

pytestmark = pytest.mark.unit


def test_replies_come_in_order_and_calls_are_recorded():
    chat = FakeChatModel(replies=["un", "deux"])
    assert chat.invoke("première").content == "un"
    assert chat.invoke([SystemMessage("règles"), HumanMessage("seconde")]).content == "deux"
    assert len(chat.calls) == 2
    assert chat.calls[0][0].content == "première"
    assert [m.content for m in chat.calls[1]] == ["règles", "seconde"]


def test_empty_queue_is_an_error_unless_there_is_a_default():
    with pytest.raises(AssertionError, match="no reply queued"):
        FakeChatModel().invoke("x")
    chat = FakeChatModel(default="Les documents ne le disent pas.")
    assert chat.invoke("x").content == chat.invoke("y").content == "Les documents ne le disent pas."


def test_enqueue_adds_replies():
    chat = FakeChatModel()
    chat.enqueue("a", "b")
    assert [chat.invoke("q").content for _ in range(2)] == ["a", "b"]


def test_stream_gives_word_pieces_then_usage():
    chat = FakeChatModel(replies=["Plus de 1 500 visiteurs [1]."])
    pieces = list(chat.stream("question en quatre mots"))
    texts = [p.content for p in pieces]
    assert "".join(texts) == "Plus de 1 500 visiteurs [1]."
    assert texts[:3] == ["Plus", " de", " 1"]
    usages = [p.usage_metadata for p in pieces if p.usage_metadata]
    assert usages == [{"input_tokens": 4, "output_tokens": 6, "total_tokens": 10}]
    assert len(chat.calls) == 1


def test_invoke_reports_usage():
    message = FakeChatModel(replies=["deux mots"]).invoke("trois mots ici")
    assert message.usage_metadata["output_tokens"] == 2 and message.usage_metadata["input_tokens"] == 3


def test_instances_do_not_share_queues_or_calls():
    a, b = FakeChatModel(replies=["a"]), FakeChatModel()
    a.invoke("x")
    assert b.replies == [] and b.calls == [] and a.replies == []
