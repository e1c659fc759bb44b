"""Filters by topic, document and date."""

from __future__ import annotations

import pytest

from askcloud.corpus.models import Chunk
from askcloud.retrieval.filters import Filters

pytestmark = pytest.mark.unit


def chunk(doc_id: str = "a.txt", date: str | None = "2014-03-07", topics=("events",)) -> Chunk:
    return Chunk(id="c", doc_id=doc_id, text="t", start=0, end=1, section="", title="T", source="s", date=date,
                 topics=topics)


def test_empty_filters_accept_everything():
    assert Filters().empty
    assert Filters().accepts(chunk(date=None, topics=()))


def test_topics():
    f = Filters(topics=("strategy", "events"))
    assert not f.empty
    assert f.accepts(chunk(topics=("events",)))
    assert f.accepts(chunk(topics=("net_neutrality", "strategy")))
    assert not f.accepts(chunk(topics=("net_neutrality",)))
    assert not f.accepts(chunk(topics=()))


def test_documents():
    f = Filters(doc_ids=("a.txt", "b.txt"))
    assert f.accepts(chunk("b.txt")) and not f.accepts(chunk("c.txt"))


@pytest.mark.parametrize("date_from, date_to, date, ok", [
    ("2014", None, "2014-03-07", True),
    ("2014-03-08", None, "2014-03-07", False),
    (None, "2014", "2014-12-31", True),
    (None, "2014-03", "2014-03-24", True),
    (None, "2014-02", "2014-03-01", False),
    ("2014-01-01", "2014-12-31", "2015-01-01", False),
    ("2014", "2014", "2014-10-07", True),
    ("2014", None, None, False),  # an undated document does not match a date filter
    (None, "2030", None, False),
])
def test_dates(date_from, date_to, date, ok):
    assert Filters(date_from=date_from, date_to=date_to).accepts(chunk(date=date)) is ok


def test_all_conditions_must_hold():
    f = Filters(topics=("events",), doc_ids=("a.txt",), date_from="2014")
    assert f.accepts(chunk())
    assert not f.accepts(chunk("b.txt"))
    assert not f.accepts(chunk(topics=("strategy",)))
    assert not f.accepts(chunk(date="2013-12-31"))
