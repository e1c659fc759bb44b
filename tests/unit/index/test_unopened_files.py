"""An unchanged file is not opened again by `askcloud index`; any doubt reads it as before (hash embedder, no model)."""

from __future__ import annotations

import os
from dataclasses import replace

import pytest

from askcloud.corpus import loader
from askcloud.corpus.kept import kept_text, read_kept
from askcloud.corpus.loader import FileRecord
from askcloud.index.embeddings import CachedEmbedder, HashEmbedder
from askcloud.index.indexer import run_index
from askcloud.index.state import load_state, state_path
from askcloud.index.store import ChromaStore
from askcloud.retrieval.hybrid import HybridRetriever

pytestmark = pytest.mark.unit

SALON = "salon-cloud-2020.txt"
BILLET = "neutralite-billet.txt"


@pytest.fixture
def reads(monkeypatch):
    """The names of the files the loaders read, in order; files count as settled as soon as they are written."""
    seen: list[str] = []
    real = loader.load

    def counting(path, ocr=None):
        seen.append(path.name)
        return real(path, ocr)

    monkeypatch.setattr(loader, "load", counting)
    monkeypatch.setattr(loader, "SETTLE_NS", 0)
    monkeypatch.setattr(loader, "SETTLE_COARSE_NS", 0)
    return seen


@pytest.fixture
def index(settings):
    embedder = CachedEmbedder(HashEmbedder(), settings.data_dir / "embeddings.sqlite")
    store = ChromaStore(settings, embedder.model_id)
    return lambda rebuild=False, s=settings: run_index(s, embedder, store, rebuild=rebuild)


def state_of(settings):
    return load_state(state_path(settings.data_dir, ChromaStore(settings, "hash-256").name))


def search(settings, text: str) -> str:
    embedder = CachedEmbedder(HashEmbedder(), settings.data_dir / "embeddings.sqlite")
    return HybridRetriever(settings, embedder, ChromaStore(settings, embedder.model_id)).search(text, k=1)[0].chunk.text


def rewrite(path, old: str, new: str, keep_times: bool = True) -> None:
    """Rewrite the file in place; with keep_times, with the same size and modification time as before."""
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text and len(old) == len(new)
    path.write_text(text.replace(old, new), encoding="utf-8")
    if keep_times:
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns


def test_an_unchanged_file_is_not_read_again(settings, index, reads):
    first = index()
    assert sorted(reads) == [BILLET, SALON] and first.added == 2
    reads.clear()

    again = index()

    assert reads == []
    assert (again.added, again.updated, again.removed, again.unchanged, again.embedded) == (0, 0, 0, 2, 0)
    assert again.chunks == first.chunks
    state = state_of(settings)
    assert all(FileRecord.from_dict(info["file"]) for info in state.documents.values())
    assert "120 exposants" in search(settings, "exposants hall principal")
    kept = read_kept(settings.data_dir)  # the kept texts still answer `askcloud show` and the web chat's originals
    assert "120 exposants" in kept_text(settings.data_dir, kept.documents[SALON])
    assert [t.name for t in kept.topics] == ["events", "net_neutrality"]


def test_a_file_rewritten_with_the_same_size_and_time_is_read_again(settings, index, reads, corpus_dir):
    index()
    reads.clear()
    rewrite(corpus_dir / SALON, "120 exposants", "130 exposants")  # its change time tells

    report = index()

    assert reads == [SALON]
    assert (report.updated, report.unchanged) == (1, 1)
    assert "130 exposants" in search(settings, "exposants hall principal")
    assert "130 exposants" in kept_text(settings.data_dir, read_kept(settings.data_dir).documents[SALON])


def test_a_file_replaced_by_another_is_read_again(settings, index, reads, corpus_dir):
    index()
    reads.clear()
    target = corpus_dir / SALON
    before = target.stat()
    other = corpus_dir.parent / "other.txt"
    other.write_text(target.read_text(encoding="utf-8").replace("120 exposants", "140 exposants"), encoding="utf-8")
    os.utime(other, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(other, target)  # what an editor's atomic save or a copy keeping times does

    report = index()

    assert reads == [SALON] and report.updated == 1
    assert "140 exposants" in search(settings, "exposants hall principal")


def test_a_touched_file_is_read_and_its_unchanged_document_kept(settings, index, reads, corpus_dir):
    index()
    reads.clear()
    os.utime(corpus_dir / BILLET)

    report = index()

    assert reads == [BILLET]
    assert (report.updated, report.unchanged, report.embedded) == (0, 2, 0)
    reads.clear()
    assert index().unchanged == 2 and reads == []  # its new times were recorded


def test_a_catalog_change_is_applied_though_the_file_is_unchanged(settings, index, reads, corpus_dir):
    index()
    reads.clear()
    catalog = corpus_dir / "catalog.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("La neutralité des tuyaux", "Les tuyaux")
                       .replace('"2015-04-03"', '"2015-04-04"'), encoding="utf-8")

    report = index()

    assert reads == [BILLET]  # read again: its passages carry the title
    assert (report.updated, report.unchanged) == (1, 1)
    state = state_of(settings)
    assert (state.documents[BILLET]["title"], state.documents[BILLET]["date"]) == ("Les tuyaux", "2015-04-04")
    assert {c.title for c in state.chunks.values() if c.doc_id == BILLET} == {"Les tuyaux"}
    assert read_kept(settings.data_dir).documents[BILLET]["title"] == "Les tuyaux"


def test_a_file_the_catalog_stops_listing_takes_the_title_it_gives_itself(settings, index, reads, corpus_dir):
    index()
    catalog = corpus_dir / "catalog.yaml"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text[:text.index(f"{BILLET}:")], encoding="utf-8")
    reads.clear()

    index()

    first_line = (corpus_dir / BILLET).read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()
    assert reads == [BILLET]
    assert state_of(settings).documents[BILLET]["title"] == first_line


def test_rebuild_reads_every_file(settings, index, reads):
    index()
    reads.clear()
    report = index(rebuild=True)
    assert sorted(reads) == [BILLET, SALON] and report.added == 2


def test_other_chunk_settings_read_every_file(settings, index, reads):
    index()
    reads.clear()
    report = index(s=settings.model_copy(update={"chunk_size": 100}))
    assert sorted(reads) == [BILLET, SALON] and report.updated == 2


def test_other_loading_code_reads_every_file(settings, index, reads, monkeypatch):
    index()
    reads.clear()
    monkeypatch.setattr(loader, "reader_key", lambda ocr=None: "another loader")
    assert index().unchanged == 2 and sorted(reads) == [BILLET, SALON]
    reads.clear()
    assert index().unchanged == 2 and reads == []


def test_a_file_modified_just_before_it_was_read_is_read_again(settings, index, reads, monkeypatch):
    """Its times could stay the same through a write in the same tick of the file system's clock."""
    monkeypatch.setattr(loader, "SETTLE_NS", 10**9)
    monkeypatch.setattr(loader, "SETTLE_COARSE_NS", 10**9)
    index()  # the stub corpus was copied just now
    reads.clear()
    index()
    assert sorted(reads) == [BILLET, SALON]
    reads.clear()
    now = loader.time.time_ns()
    monkeypatch.setattr(loader.time, "time_ns", lambda: now + 5 * 10**9)
    index()  # read again, now settled: recorded
    reads.clear()
    index()
    assert reads == []


def test_a_file_read_in_part_is_read_on_every_run(settings, index, reads, monkeypatch):
    real = loader.load

    def scanned_page(path, ocr=None):
        extracted = real(path, ocr)
        return replace(extracted, unread=("page 2 was not read: tesseract is not installed",)) \
            if path.name == SALON else extracted

    monkeypatch.setattr(loader, "load", scanned_page)
    index()
    reads.clear()
    report = index()
    assert reads == [SALON]  # what was left out may be read now (tesseract installed since)
    assert [s.reason for s in report.skipped] == ["page 2 was not read: tesseract is not installed"]
    assert report.unchanged == 2


def test_a_lost_kept_text_reads_its_file_again(settings, index, reads):
    index()
    kept = read_kept(settings.data_dir)
    (settings.data_dir / "texts" / f"{kept.documents[SALON]['text']}.txt").unlink()
    reads.clear()
    assert index().unchanged == 2 and reads == [SALON]
    assert "120 exposants" in kept_text(settings.data_dir, read_kept(settings.data_dir).documents[SALON])


def test_a_record_of_another_shape_is_no_record():
    assert FileRecord.from_dict(None) is None
    assert FileRecord.from_dict({"stamp": [1, 2]}) is None
    record = FileRecord((1, 2, 3, 4), "key", "abc", (0, 10), "utf-8", (2,), ("Titre", None))
    assert FileRecord.from_dict(record.to_dict()) == record
