"""askcloud index: counts as JSON or one line, warnings for skipped files, incremental on the second run."""

from __future__ import annotations

import json

import pytest

from askcloud.cli.main import OFFLINE, main

pytestmark = pytest.mark.unit


@pytest.fixture
def cli(tmp_path, monkeypatch, corpus_dir):
    monkeypatch.chdir(tmp_path)
    for key, value in OFFLINE.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("ASKCLOUD_EMBEDDING_BACKEND", "hash")
    monkeypatch.setenv("ASKCLOUD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("ASKCLOUD_RAISE_ERRORS")
    return lambda *args: main(["--corpus", str(corpus_dir), *args])


def test_index_json_counts_then_nothing_to_embed(cli, capsys, tmp_path):
    assert cli("index", "--json") == 0
    first = json.loads(capsys.readouterr().out)
    assert set(first) == {"added", "updated", "removed", "unchanged", "embedded", "chunks", "skipped"}
    assert (first["added"], first["unchanged"], first["skipped"]) == (2, 0, [])
    assert first["embedded"] == first["chunks"] > 0
    assert (tmp_path / "data" / "chroma").is_dir()

    assert cli("index", "--json") == 0
    second = json.loads(capsys.readouterr().out)
    assert (second["added"], second["updated"], second["unchanged"], second["embedded"]) == (0, 0, 2, 0)
    assert second["chunks"] == first["chunks"]


def test_index_rebuild(cli, capsys):
    assert cli("index", "--json") == 0
    capsys.readouterr()
    assert cli("index", "--rebuild", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["added"] == 2 and data["unchanged"] == 0


def test_index_prints_one_summary_line(cli, capsys):
    assert cli("index") == 0
    out = capsys.readouterr().out
    assert out.startswith("2 added, 0 updated, 0 removed, 0 unchanged; ") and out.count("\n") == 1
    assert "passages embedded" in out


def test_skipped_file_is_a_warning_with_its_name(cli, capsys, corpus_dir):
    (corpus_dir / "broken.txt").write_bytes(b"\x00\x00")
    assert cli("index", "--json") == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["skipped"][0]["path"].endswith("broken.txt")
    assert "askcloud: warning: skipped " in captured.err and "broken.txt: looks binary" in captured.err


def test_empty_corpus_is_an_error(cli, capsys, corpus_dir):
    for path in corpus_dir.glob("*.txt"):
        path.unlink()
    assert cli("index") == 2
    assert capsys.readouterr().err.startswith("askcloud: error: no readable document in ")


def test_missing_corpus_is_an_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for key, value in OFFLINE.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("ASKCLOUD_EMBEDDING_BACKEND", "hash")
    monkeypatch.delenv("ASKCLOUD_RAISE_ERRORS")
    assert main(["--corpus", str(tmp_path / "nope"), "--data-dir", str(tmp_path / "d"), "index"]) == 2
    assert "corpus folder not found" in capsys.readouterr().err


def test_a_corrupted_chroma_folder_is_a_clear_error_then_rebuild_sets_it_aside(cli, capsys, tmp_path):
    assert cli("index") == 0
    database = tmp_path / "data" / "chroma" / "chroma.sqlite3"
    garbage = bytes(range(256)) * 400
    database.write_bytes(garbage)
    capsys.readouterr()

    assert cli("--backend", "extractive", "ask", "Combien de visiteurs au Salon du Cloud ?") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot open the Chroma store" in err and "askcloud index --rebuild" in err
    assert cli("index") == 2  # an incremental run does not touch it either

    assert cli("index", "--rebuild", "--json") == 0
    out = capsys.readouterr()
    assert "moved to" in out.err and '"chunks"' in out.out
    kept = list((tmp_path / "data").glob("chroma.broken-*"))
    assert len(kept) == 1 and (kept[0] / "chroma.sqlite3").read_bytes() == garbage  # nothing lost
    assert cli("--backend", "extractive", "ask", "Combien de visiteurs au Salon du Cloud ?") == 0
