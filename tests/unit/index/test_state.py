"""The committed index state: round trip, atomic writes, unreadable files."""

from __future__ import annotations

import json

import pytest

from askcloud.corpus.models import Chunk
from askcloud.errors import IndexNotBuilt
from askcloud.index.state import IndexState, load_state, save_state, state_path

pytestmark = pytest.mark.unit


def make_state() -> IndexState:
    chunk = Chunk(id="c1", doc_id="a.txt", text="Bonjour.", start=0, end=8, section="S", title="T",
                  source="corpus/a.txt", date=None, topics=("events",))
    return IndexState({"model": "hash-256"}, {"a.txt": {"hash": "h"}}, {"c1": chunk}, {"c1": ["bonjour"]})


def test_round_trip(tmp_path):
    path = state_path(tmp_path, "askcloud-hash-256")
    assert path == tmp_path / "index" / "askcloud-hash-256.json"
    save_state(path, make_state())
    assert load_state(path) == make_state()
    assert load_state(path).chunks_of("a.txt") == ["c1"] and load_state(path).chunks_of("b.txt") == []


def test_missing_file_is_an_empty_state(tmp_path):
    assert load_state(tmp_path / "none.json") == IndexState()


@pytest.mark.parametrize("content", ["{not json", json.dumps({"format": 99}), json.dumps({"format": 1})])
def test_unreadable_state_asks_for_a_rebuild(tmp_path, content):
    path = tmp_path / "state.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(IndexNotBuilt, match="--rebuild"):
        load_state(path)


def test_save_replaces_atomically_and_leaves_no_temporary_file(tmp_path):
    path = state_path(tmp_path, "c")
    save_state(path, IndexState())
    save_state(path, make_state())
    assert [p.name for p in path.parent.iterdir()] == ["c.json"]
    assert load_state(path).chunks["c1"].topics == ("events",)
