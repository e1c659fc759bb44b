"""bench/load.py without a server: the conversations are distinct follow-up chains, the crossing checks catch a
foreign history, a foreign understood question and foreign citations, and the report adds up."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def load():
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        yield importlib.import_module("load"), importlib.import_module("load_sessions")
    finally:
        sys.path.remove(str(ROOT / "bench"))


def test_twenty_distinct_conversations_on_real_documents(load):
    _, sessions = load
    conversations = sessions.CONVERSATIONS
    assert len(conversations) >= 20
    firsts = [c.questions[0] for c in conversations]
    assert len(set(firsts)) == len(firsts) and len({c.name for c in conversations}) == len(conversations)
    assert all(len(c.questions) == 3 for c in conversations)
    corpus = {p.name for p in (ROOT / "corpus").glob("*.txt")}
    assert all(set(c.topic_docs) <= corpus for c in conversations)
    assert len({c.topic_docs for c in conversations[:4]}) == 3  # the LLM phase's four cover every topic


def message(role: str, text: str) -> dict:
    return {"role": role, "content": [{"type": "text", "text": text}]}


def answer_html(standalone: str = "", docs: tuple[str, ...] = ("ovh-summit-2014.txt",), extra: str = "") -> str:
    parts = [f'<p class="askcloud-standalone"><em>Question comprise : {standalone}</em></p>'] if standalone else []
    parts.append('<div class="askcloud-answer">Plus de 2 000 personnes [1].</div>' + extra)
    parts += [f'<div class="askcloud-source" id="src-1-{i}"><p><strong>[{i}] Titre</strong> '
              f"<small>2014-10-07 · corpus/{d}:10-50</small></p><blockquote>…</blockquote></div>"
              for i, d in enumerate(docs, 1)]
    return "".join(parts)


def test_a_clean_follow_up_passes(load):
    _, sessions = load
    own = sessions.CONVERSATIONS[0]
    turn = sessions.Turn(own.name, 2, own.questions[1])
    conversation = [message("user", own.questions[0]), message("assistant", answer_html()),
                    message("user", own.questions[1].replace("'", "&#x27;")),
                    message("assistant", answer_html(f"{own.questions[1]} (à propos de : {own.questions[0]})"))]
    sessions.inspect(turn, conversation, own, [c.questions[0] for c in sessions.CONVERSATIONS[1:]])
    assert turn.crossing == [] and not turn.error and turn.docs == ["ovh-summit-2014.txt"]
    assert own.questions[0] in turn.standalone


def test_crossings_are_caught(load):
    _, sessions = load
    own, other = sessions.CONVERSATIONS[0], sessions.CONVERSATIONS[1]
    turn = sessions.Turn(own.name, 2, own.questions[1])
    conversation = [message("user", other.questions[0]), message("assistant", answer_html()),
                    message("user", own.questions[1]),
                    message("assistant", answer_html(f"{own.questions[1]} (à propos de : {other.questions[0]})",
                                                     docs=(other.topic_docs[0],)))]
    sessions.inspect(turn, conversation, own, [other.questions[0]])
    reasons = " | ".join(turn.crossing)
    assert "history holds other questions" in reasons
    assert "without this session's first question" in reasons and "another session's question" in reasons
    assert "outside the session's topic" in reasons


def test_errors_abstentions_and_fallbacks_are_read_from_the_chat(load):
    _, sessions = load
    own = sessions.CONVERSATIONS[0]
    turn = sessions.Turn(own.name, 1, own.questions[0])
    failed = '<p class="askcloud-error">Erreur : l&#x27;index est introuvable</p>'
    sessions.inspect(turn, [message("user", own.questions[0]), message("assistant", failed)], own, [])
    assert "index est introuvable" in turn.error
    turn = sessions.Turn(own.name, 1, own.questions[0])
    notice = ('<p class="askcloud-notice">Note : Le modèle n&#x27;a pas répondu à temps (…) : voici les passages.</p>')
    sessions.inspect(turn, [message("user", own.questions[0]), message("assistant", answer_html(extra=notice))],
                     own, [])
    assert turn.fallback and not turn.error and turn.crossing == []


def test_the_summary_and_table(load):
    bench, sessions = load
    turns = [sessions.Turn("a", 1, "q", latency_s=0.5), sessions.Turn("a", 2, "q", latency_s=1.5, standalone="x"),
             sessions.Turn("b", 1, "q", latency_s=1.0, abstained=True),
             sessions.Turn("b", 2, "q", latency_s=3.0, error="TimeoutError")]
    summary = bench.summarise("extractive", 2, 2, turns, wall_s=2.0, startup_s=5.0, warm_up_s=1.0, rss=300.0)
    assert (summary["questions"], summary["answered"], summary["errors"], summary["crossings"]) == (4, 3, 1, 0)
    assert summary["latency_s"] == {"p50": 1.0, "p95": 1.5, "max": 1.5, "mean": 1.0}
    assert summary["throughput_qps"] == 1.5 and summary["abstained"] == 1 and summary["follow_ups_with_context"] == 1
    table = bench.markdown({"phases": [summary]})
    assert "| extractive | 2 × 2 | 1 | 0 | 1.0 | 1.5 | 1.5 | 1.5 |" in table and "- extractive b #2: TimeoutError" in table
    assert bench.pct([], 50) is None and bench.pct([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95) == 10
