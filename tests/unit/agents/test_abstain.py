"""The abstain node: nothing bears on the question; it says so in the question's language, with what was searched."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from askcloud.agents.abstain import abstain
from askcloud.settings import Policy

pytestmark = pytest.mark.unit

DEPS = SimpleNamespace(settings=SimpleNamespace(policy=Policy()))


def test_abstention_follows_the_language_and_keeps_what_was_searched():
    out = abstain({"question": "What does parking cost?", "language": "en", "search_query": "parking cost",
                   "topics": ["events"], "abstain_reason": "nothing bears on it"}, DEPS)
    assert out["answer"] == "The documents do not answer this question." and out["abstained"] is True
    assert out["citations"] == []
    assert out["abstention"]["searched"] == "parking cost" and out["abstention"]["topics"] == ["events"]
    assert abstain({"question": "Quel tarif ?"}, DEPS)["answer"].startswith("Les documents")
