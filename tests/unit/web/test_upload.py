import threading
from pathlib import Path

import pytest

from askcloud.errors import CorpusError
from askcloud.web.upload import MAX_BYTES, MAX_FILES, Rejected, add_documents, check, safe_name

pytestmark = pytest.mark.unit

NEW_TEXT = ("Le Forum Nuage 2021 à Nantes\n\nLe Forum Nuage a réuni 730 participants à Nantes. "
            "La keynote de clôture portait sur la sobriété numérique.\n")


@pytest.fixture
def retriever(settings, indexed):
    from askcloud.retrieval.hybrid import HybridRetriever

    embedder, store = indexed
    return HybridRetriever(settings, embedder, store)


def upload_file(tmp_path: Path, name: str, data: bytes) -> Path:
    """Where Gradio would have stored the browser's bytes (a folder of its own, the original base name)."""
    folder = tmp_path / "gradio-cache"
    folder.mkdir(exist_ok=True)
    path = folder / Path(name).name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name", ["../x.txt", "../../etc/passwd.txt", "a/b.txt", "..\\x.txt", "C:\\x.txt",
                                  ".hidden.txt", "", "   ", "x..txt", "<script>.txt", "a\x00.txt"])
def test_unsafe_names_are_rejected(name):
    with pytest.raises(Rejected) as caught:
        safe_name(name)
    assert caught.value.key == "bad_name"


@pytest.mark.parametrize("name", ["notes.txt", "Rapport 2024 (v2).md", "été-à-Lyon_1.html", "a.PDF"])
def test_plain_names_are_accepted(name):
    assert safe_name(name) == name


def test_unsupported_types_are_rejected(tmp_path, corpus_dir):
    path = upload_file(tmp_path, "setup.exe", b"MZ\x90\x00")
    with pytest.raises(Rejected) as caught:
        check(path, "setup.exe", corpus_dir)
    assert caught.value.key == "bad_type"
    assert ".exe" in caught.value.reason("fr") and ".txt" in caught.value.reason("fr")


def test_empty_and_too_big_files_are_rejected(tmp_path, corpus_dir):
    empty = upload_file(tmp_path, "vide.txt", b"")
    with pytest.raises(Rejected, match="empty"):
        check(empty, "vide.txt", corpus_dir)
    big = upload_file(tmp_path, "gros.txt", b"a" * (MAX_BYTES + 1))
    with pytest.raises(Rejected) as caught:
        check(big, "gros.txt", corpus_dir)
    assert caught.value.key == "too_big" and "5 Mo" in caught.value.reason("fr")


def test_a_document_of_the_corpus_is_never_overwritten(tmp_path, corpus_dir):
    path = upload_file(tmp_path, "salon-cloud-2020.txt", b"autre chose")
    with pytest.raises(Rejected) as caught:
        check(path, "salon-cloud-2020.txt", corpus_dir)
    assert caught.value.key == "exists"


def test_a_txt_file_is_copied_indexed_and_searchable(tmp_path, settings, retriever):
    path = upload_file(tmp_path, "forum-nuage.txt", NEW_TEXT.encode())
    outcome = add_documents([(path, "forum-nuage.txt")], settings, retriever, threading.Lock())
    assert outcome.added == ["forum-nuage.txt"] and not outcome.rejected
    assert (settings.corpus_dir / "forum-nuage.txt").read_text(encoding="utf-8") == NEW_TEXT
    assert outcome.documents == 3 and outcome.embedded >= 1
    assert "1 document(s) ajouté(s) : forum-nuage.txt" in outcome.message("fr")
    assert "Index : 3 documents" in outcome.message("fr")
    assert retriever.search("Forum Nuage participants Nantes")[0].chunk.doc_id == "forum-nuage.txt"


def test_a_mixed_batch_keeps_the_good_files_and_names_the_rejected_ones(tmp_path, settings, retriever):
    good = upload_file(tmp_path, "forum-nuage.txt", NEW_TEXT.encode())
    bad = upload_file(tmp_path, "binaire.txt", b"\x00\x01\x02 not text")
    outcome = add_documents([(good, "forum-nuage.txt"), (bad, "binaire.txt"), (good, "../evil.txt")],
                            settings, retriever, threading.Lock())
    assert outcome.added == ["forum-nuage.txt"]
    assert [(name, why.key) for name, why in outcome.rejected] == [("binaire.txt", "unreadable"),
                                                                  ("../evil.txt", "bad_name")]
    message = outcome.message("en")
    assert "Rejected: binaire.txt — unreadable: looks binary" in message
    assert not (settings.corpus_dir / "binaire.txt").exists()
    assert not list(settings.corpus_dir.glob(".upload-*"))  # no temporary file left behind
    assert not (settings.corpus_dir.parent / "evil.txt").exists()


def test_nothing_valid_means_no_indexing(tmp_path, settings, retriever, monkeypatch):
    import askcloud.index.indexer as indexer

    monkeypatch.setattr(indexer, "run_index", lambda *a, **k: pytest.fail("indexed for nothing"))
    path = upload_file(tmp_path, "virus.exe", b"MZ")
    outcome = add_documents([(path, "virus.exe")], settings, retriever, threading.Lock())
    assert not outcome.added and outcome.message("fr").startswith("Refusé : virus.exe")


def test_a_failed_index_removes_the_copied_files(tmp_path, settings, retriever, monkeypatch):
    import askcloud.index.indexer as indexer

    def broken(*args, **kwargs):
        raise CorpusError("disk full")

    monkeypatch.setattr(indexer, "run_index", broken)
    path = upload_file(tmp_path, "forum-nuage.txt", NEW_TEXT.encode())
    with pytest.raises(CorpusError):
        add_documents([(path, "forum-nuage.txt")], settings, retriever, threading.Lock())
    assert not (settings.corpus_dir / "forum-nuage.txt").exists()


def test_too_many_files_at_once_are_refused(tmp_path, settings, retriever):
    path = upload_file(tmp_path, "a.txt", b"texte")
    with pytest.raises(Rejected) as caught:
        add_documents([(path, f"a{i}.txt") for i in range(MAX_FILES + 1)], settings, retriever, threading.Lock())
    assert caught.value.key == "too_many"
