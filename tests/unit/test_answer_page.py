"""Contract 1: a citation of a PDF passage gives its page; other citations have no page key."""

from __future__ import annotations

import pytest

from askcloud.answer import Answer, Citation

pytestmark = pytest.mark.unit


def test_page_is_in_the_contract_only_for_a_paginated_source():
    common = dict(chunk_id="c", doc_id="d", title="T", source="s", quote="q", start=0, end=1, score=0.5)
    answer = Answer("Q", "Q", "fr", "R [1] [2]", False,
                    citations=[Citation(n=1, page=3, **common), Citation(n=2, **common)])
    pdf, text = answer.to_contract()["citations"]
    assert pdf["page"] == 3 and "page" not in text and "passage" not in pdf
