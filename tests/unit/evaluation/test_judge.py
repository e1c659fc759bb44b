"""The optional judge: scores parsed from its reply, added to the report, failures never fatal."""

from __future__ import annotations

from pathlib import Path

import pytest

from askcloud.evaluation.judge import judge_report, make_judge, parse_scores
from askcloud.llm.fake import FakeChatModel

pytestmark = pytest.mark.unit

PROMPTS = Path(__file__).resolve().parents[3] / "prompts"


def item(i: str, abstained: bool = False) -> dict:
    return {"id": i, "question": "Combien ?", "answer": "1 500 visiteurs [1].", "abstained": abstained,
            "citations": [{"n": 1, "quote": "Plus de 1 500 visiteurs"}]}


def test_scores_are_parsed_from_the_two_lines():
    assert parse_scores("faithfulness: 1\nRelevance: 0.5") == {"faithfulness": 1.0, "relevance": 0.5}
    assert parse_scores("no idea") == {}


def test_judge_rates_answered_items_and_survives_a_failure():
    model = FakeChatModel(replies=["faithfulness: 1\nrelevance: 0.5"])  # the second call finds an empty queue
    report = {"metrics": {}, "items": [item("a"), item("b"), item("c", abstained=True)]}
    notices = judge_report(model, PROMPTS, report)
    assert report["metrics"] == {"judge_faithfulness": 1.0, "judge_relevance": 0.5}
    assert len(model.calls) == 2 and len(notices) == 1 and "b" in notices[0]
    assert "Plus de 1 500 visiteurs" in model.calls[0][1].content


def test_no_judge_without_an_endpoint(settings):
    assert make_judge(settings) is None
