"""Hostile uploads, beyond test_upload.py: disguised binaries, double extensions, boundary sizes, names that play
tricks. Every refused file leaves the corpus untouched and triggers no indexing."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from askcloud.web.upload import MAX_BYTES, Rejected, add_documents, check, copy_in, safe_name

pytestmark = pytest.mark.unit

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56 + bytes(range(1, 256)) * 8
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 4
TEXT = "Le Forum Nuage 2021 à Nantes\n\nLe Forum Nuage a réuni 730 participants à Nantes.\n"


def stored(tmp_path: Path, name: str, data: bytes) -> Path:
    folder = tmp_path / "gradio-cache"
    folder.mkdir(exist_ok=True)
    path = folder / "upload.bin"  # Gradio's own file; the browser's name travels separately
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name, data", [
    ("photo.txt", PNG), ("programme.md", ELF), ("archive.html", ZIP), ("rapport.pdf", b"%PDF-1.7\n" + ELF),
    ("faux.pdf", TEXT.encode()),
    ("queue-binaire.txt", TEXT.encode() * 200 + b"\x00\x01\x02\x03" * 100),  # NUL bytes after the first 8 KiB
    ("controle.txt", bytes(range(1, 9)) * 2000),  # valid UTF-8, no NUL, yet nothing but control characters
    ("vide.md", b"   \n\t\n"), ("page-vide.html", b"<html><script>alert(1)</script></html>"),
], ids=lambda v: v if isinstance(v, str) else "")
def test_binary_or_unreadable_content_under_a_text_name_is_rejected(tmp_path, corpus_dir, name, data):
    path = stored(tmp_path, name, data)
    with pytest.raises(Rejected) as caught:
        copy_in(path, check(path, name, corpus_dir), corpus_dir)
    assert caught.value.key in ("unreadable", "empty")
    assert not (corpus_dir / name).exists() and not list(corpus_dir.glob(".upload-*"))


@pytest.mark.parametrize("name, data", [("latin1.txt", TEXT.encode("latin-1")), ("utf16.txt", TEXT.encode("utf-16"))])
def test_text_in_a_legacy_encoding_is_accepted_as_its_decoded_text(tmp_path, corpus_dir, name, data):
    from askcloud.corpus.loaders import load_text

    path = stored(tmp_path, name, data)
    target = copy_in(path, check(path, name, corpus_dir), corpus_dir)
    assert target == corpus_dir / name and target.read_bytes() == data  # the file as sent, read in its encoding
    assert load_text(target) == TEXT


@pytest.mark.parametrize("name", ["rapport.txt.exe", "page.html.sh", "notes.txt.", "script.py", "macro.docm",
                                  "image.svg", "noextension", "archive.tar.gz", "lien.txt.lnk"])
def test_only_the_last_extension_counts_and_it_must_be_supported(tmp_path, corpus_dir, name):
    path = stored(tmp_path, name, TEXT.encode())
    with pytest.raises(Rejected) as caught:
        check(path, name, corpus_dir)
    assert caught.value.key in ("bad_type", "bad_name")


@pytest.mark.parametrize("name", [
    "evil\u202etxt.exe",  # right-to-left override: shows as "evilexe.txt"
    "a\nb.txt", "a\rb.txt", "tab\t.txt", "nul\x00.txt", "bell\x07.txt", "zero\u200bwidth.txt",
    "x" * 121 + ".txt",  # longer than the 120 characters allowed
    "/etc/passwd", "~/notes.txt", "..", ".", "...txt", "C:notes.txt", "\\\\server\\share\\a.txt", "file:notes.txt",
    "%2e%2e%2fnotes.txt", "notes.txt/", "CON/notes.txt",
])
def test_names_that_play_tricks_are_rejected(name):
    with pytest.raises(Rejected) as caught:
        safe_name(name)
    assert caught.value.key == "bad_name"


def test_exactly_the_size_limit_is_accepted_one_byte_more_is_not(tmp_path, corpus_dir):
    line = b"Le Forum Nuage a reuni 730 participants a Nantes.\n"
    exact = line * (MAX_BYTES // len(line)) + b"x" * (MAX_BYTES % len(line))
    assert len(exact) == MAX_BYTES
    assert check(stored(tmp_path, "limite.txt", exact), "limite.txt", corpus_dir) == "limite.txt"
    with pytest.raises(Rejected) as caught:
        check(stored(tmp_path, "limite.txt", exact + b"x"), "limite.txt", corpus_dir)
    assert caught.value.key == "too_big"


def test_a_batch_of_hostile_files_adds_nothing_and_indexes_nothing(tmp_path, settings, corpus_dir, monkeypatch):
    import askcloud.index.indexer as indexer

    monkeypatch.setattr(indexer, "run_index", lambda *a, **k: pytest.fail("indexed for nothing"))
    before = sorted(p.name for p in corpus_dir.iterdir())
    hostile = [("photo.txt", PNG), ("../../x.txt", TEXT.encode()), ("y.txt.exe", ELF),
               ("salon-cloud-2020.txt", b"autre chose")]  # the last would overwrite a document
    files = []
    for i, (name, data) in enumerate(hostile):
        (tmp_path / str(i)).mkdir()
        files.append((stored(tmp_path / str(i), name, data), name))

    class NoRetriever:
        embedder = store = None

    outcome = add_documents(files, settings, NoRetriever(), threading.Lock())
    assert outcome.added == [] and [why.key for _, why in outcome.rejected] == ["unreadable", "bad_name", "bad_type",
                                                                                  "exists"]
    assert sorted(p.name for p in corpus_dir.iterdir()) == before
    assert (corpus_dir / "salon-cloud-2020.txt").read_text(encoding="utf-8").startswith("Le Salon du Cloud")
