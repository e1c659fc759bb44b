"""The committed index state: round trip, atomic commits, unreadable files, older formats, carrying without reading."""

from __future__ import annotations

import json
import logging
import sqlite3

import pytest

from askcloud.corpus.models import Chunk
from askcloud.errors import IndexNotBuilt
from askcloud.index.state import IndexState, legacy_path, lexical_dir, load_state, save_state, state_path
from askcloud.index.stored import FORMAT

pytestmark = pytest.mark.unit


def chunk(cid: str, doc: str, text: str) -> Chunk:
    return Chunk(id=cid, doc_id=doc, text=text, start=0, end=len(text), section="S", title="T",
                 source=f"corpus/{doc}", date=None, topics=("events",))


def make_state() -> IndexState:
    return IndexState({"model": "hash-256"}, {"a.txt": {"hash": "h"}}, {"c1": chunk("c1", "a.txt", "Bonjour.")},
                      {"c1": ["bonjour"]})


def test_round_trip(tmp_path):
    path = state_path(tmp_path, "askcloud-hash-256")
    assert path == tmp_path / "index" / "askcloud-hash-256.sqlite3"
    save_state(path, make_state())
    assert load_state(path) == make_state()
    assert load_state(path).chunks_of("a.txt") == ["c1"] and load_state(path).chunks_of("b.txt") == []
    assert load_state(path).lexical.search("bonjour", n=3)[0].chunk_id == "c1"


def test_missing_file_is_an_empty_state(tmp_path):
    assert load_state(tmp_path / "none.sqlite3") == IndexState()


def test_unreadable_state_asks_for_a_rebuild(tmp_path):
    path = tmp_path / "state.sqlite3"
    path.write_text("{not a database", encoding="utf-8")
    with pytest.raises(IndexNotBuilt, match="--rebuild"):
        load_state(path)


def test_missing_lexical_index_asks_for_a_rebuild(tmp_path):
    path = state_path(tmp_path, "c")
    save_state(path, make_state())
    for folder in lexical_dir(path).iterdir():
        for f in folder.iterdir():
            f.unlink()
    with pytest.raises(IndexNotBuilt, match="--rebuild"):
        load_state(path)


def test_another_format_is_dropped_with_a_notice(tmp_path, caplog):
    path = state_path(tmp_path, "c")
    save_state(path, make_state())
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'format'", (str(FORMAT + 1),))
    with caplog.at_level(logging.WARNING):
        assert load_state(path) == IndexState()
    assert "rebuilt" in caplog.text


def test_a_json_state_of_the_previous_format_is_converted_once(tmp_path, caplog):
    path = state_path(tmp_path, "c")
    old = legacy_path(path)
    old.parent.mkdir(parents=True)
    old.write_text(json.dumps({"format": 1, "fingerprint": {"model": "m"}, "documents": {"a.txt": {"hash": "h"}},
                               "chunks": [chunk("c1", "a.txt", "Salon du cloud").to_dict()],
                               "tokens": {"c1": ["salon", "cloud"]}}), encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        state = load_state(path)
    assert caplog.text.count("converted") == 1
    assert not old.exists() and path.exists()
    assert state.fingerprint == {"model": "m"} and state.chunks["c1"].text == "Salon du cloud"
    assert sorted(state.tokens["c1"]) == ["cloud", "salon"]


@pytest.mark.parametrize("content", ["{not json", json.dumps({"format": 99})])
def test_an_unreadable_old_state_is_set_aside(tmp_path, content):
    path = state_path(tmp_path, "c")
    legacy_path(path).parent.mkdir(parents=True)
    legacy_path(path).write_text(content, encoding="utf-8")
    assert load_state(path) == IndexState()
    assert not legacy_path(path).exists()


def test_save_commits_whole_and_keeps_two_lexical_generations(tmp_path):
    path = state_path(tmp_path, "c")
    save_state(path, IndexState())
    for _ in range(3):
        save_state(path, make_state())
    assert sorted(p.name for p in path.parent.iterdir()) == ["c.bm25", "c.sqlite3"]
    assert len(list(lexical_dir(path).iterdir())) == 2
    assert load_state(path).chunks["c1"].topics == ("events",)


def test_carrying_a_document_links_its_chunks_without_reading_them(tmp_path):
    path = state_path(tmp_path, "c")
    first = IndexState({"v": 1}, {"a.txt": {}, "b.txt": {}},
                       {"a1": chunk("a1", "a.txt", "Le salon ouvre."), "b1": chunk("b1", "b.txt", "Les débits.")},
                       {"a1": ["salon", "ouvr"], "b1": ["debit"]})
    save_state(path, first)
    old = load_state(path)
    new = IndexState({"v": 1}, {"a.txt": {}, "c.txt": {}})
    new.carry(old, "a.txt")
    new.chunks["c1"] = chunk("c1", "c.txt", "La neutralité.")
    new.tokens["c1"] = ["neutralit"]
    assert old.chunks._source._cache == {}  # nothing read yet
    save_state(path, new)

    again = load_state(path)
    assert set(again.chunks) == {"a1", "c1"} and again.chunks_of("c.txt") == ["c1"]
    assert again.chunks["a1"].text == "Le salon ouvre."
    assert [h.chunk_id for h in again.lexical.search("salon neutralité débits", n=5)] in (["a1", "c1"], ["c1", "a1"])
    assert "debit" not in again.lexical.terms()  # the removed document's terms are gone


def test_an_unchanged_state_keeps_its_lexical_index(tmp_path):
    path = state_path(tmp_path, "c")
    save_state(path, make_state())
    old = load_state(path)
    new = IndexState(old.fingerprint, dict(old.documents))
    new.carry(old, "a.txt")
    save_state(path, new)
    assert [p.name for p in lexical_dir(path).iterdir()] == [old.lexical.folder.name]
    assert load_state(path) == make_state()
