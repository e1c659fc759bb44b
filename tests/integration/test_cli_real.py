"""The installed `askcloud` command as a user runs it: start-up time, incremental indexing of the real corpus with
e5, and an indexing run killed with SIGKILL half-way, which must leave the previous index usable."""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from it_support import (ASKCLOUD, OVH_Q, REAL_CORPUS, ROOT, SALON_Q, STUB_CORPUS, assert_exact_quotes, cli_env,
                        cli_json, project_index)

pytestmark = [pytest.mark.integration, pytest.mark.timeout(600)]


def test_help_is_quick_and_lists_the_commands():
    started = time.monotonic()
    proc = subprocess.run([ASKCLOUD, "--help"], capture_output=True, text=True, timeout=60, env=cli_env(), cwd=ROOT)
    elapsed = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr
    assert elapsed < 5, f"askcloud --help took {elapsed:.1f} s (heavy imports at start-up?)"
    for command in ("index", "ask", "chat", "eval", "serve"):
        assert f"    {command} " in proc.stdout, (command, proc.stdout)


def test_index_the_real_corpus_twice_with_e5(tmp_path):
    """A copy of the real corpus, a temporary data dir, the e5 embedder. The embedding cache is keyed by model and
    text, so the project's cache (copied) spares embedding the corpus again; the second run embeds nothing."""
    cache = ROOT / ".askcloud" / "embeddings.sqlite"
    if not cache.exists():
        project_index()  # embeds the real corpus once per session, shared with test_local_llm
    shutil.copytree(REAL_CORPUS, tmp_path / "corpus")
    (tmp_path / "data").mkdir()
    shutil.copy2(cache, tmp_path / "data" / "embeddings.sqlite")
    env = cli_env(ASKCLOUD_DATA_DIR=str(tmp_path / "data"), ASKCLOUD_CORPUS_DIR=str(tmp_path / "corpus"),
                  ASKCLOUD_EMBEDDING_BACKEND="e5")

    first = cli_json("index", "--json", cwd=tmp_path, env=env, timeout=900)
    assert (first["added"], first["updated"], first["removed"], first["skipped"]) == (8, 0, 0, [])
    assert first["chunks"] > 50 and first["embedded"] <= first["chunks"]
    second = cli_json("index", "--json", cwd=tmp_path, env=env, timeout=300)
    assert second == {"added": 0, "updated": 0, "removed": 0, "unchanged": 8, "embedded": 0,
                      "chunks": first["chunks"], "skipped": []}
    assert (tmp_path / "data" / "index" / "askcloud-multilingual-e5-small-q4.sqlite3").is_file()

    answer = cli_json("--backend", "extractive", "ask", OVH_Q, "--json", cwd=tmp_path, env=env, timeout=300)
    assert not answer["abstained"] and "2 000" in answer["answer"]
    assert answer["citations"][0]["doc_id"] == "ovh-summit-2014.txt"
    assert_exact_quotes(answer["citations"], lambda c: tmp_path / c["source"])


# --- SIGKILL in the middle of `askcloud index` --------------------------------------------------------------------

GENERATED = 1200  # short notes of three sentences; with ASKCLOUD_CHUNK_SIZE=100 each sentence is a passage:
CHUNK_SIZE = "100"  # ~3,600 passages, so Chroma receives them in several batches of 1,000 (seconds of writing)
DELETED = 100  # notes removed before the run that follows the crash
MASCOT = "La mascotte choisie par l'équipe s'appelle Grignotin.\n"  # only in the last note: one clear answer
CITIES = ["Brest", "Nantes", "Lille", "Grenoble", "Rouen", "Dijon", "Nancy", "Tours"]


def generate_notes(folder: Path, count: int) -> None:
    folder.mkdir()
    for i in range(count):
        (folder / f"note-{i:04d}.txt").write_text(
            f"Note {i}\n\nLe projet Zéphyr-{i} a réuni {1000 + (i * 7919) % 8000} participants à "
            f"{CITIES[i % len(CITIES)]}. "
            f"L'atelier {i} portait sur la sauvegarde des données et la latence des réseaux. "
            f"Un compte rendu de la note {i} a été publié le lendemain.\n"
            + (MASCOT if i == count - 1 else ""), encoding="utf-8")


def split_corpus(corpus: Path) -> list:
    """The chunks of the corpus, split as the indexer will split it."""
    from askcloud.corpus.loader import load_corpus
    from askcloud.corpus.splitter import split_document

    documents, _ = load_corpus(corpus)
    return [c for d in documents for c in split_document(d, int(CHUNK_SIZE), 1)]


def passages(corpus: Path) -> tuple[int, int]:
    """(chunks, distinct texts to embed) of the corpus."""
    chunks = split_corpus(corpus)
    return len(chunks), len({c.embed_text for c in chunks})


def in_chroma(chroma_db: Path, ids: list[str]) -> int:
    """How many of these chunk ids Chroma's SQLite holds (internals: table `embeddings`, column `embedding_id`)."""
    db = sqlite3.connect(f"file:{chroma_db}?mode=ro", uri=True, timeout=5)
    try:
        marks = ",".join("?" * len(ids))
        return db.execute(f"SELECT count(DISTINCT embedding_id) FROM embeddings WHERE embedding_id IN ({marks})",
                          ids).fetchone()[0]
    finally:
        db.close()


def count_rows(path: Path, table: str) -> int:
    """Rows of an SQLite table another process is writing (0 while it does not exist); read-only, brief."""
    if not path.exists():
        return 0
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.5)
    except sqlite3.OperationalError:
        return 0
    try:
        return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet, or the writer holds the lock
        return 0
    finally:
        db.close()


@pytest.mark.parametrize("kill_when", ["embedding", "storing"])
def test_sigkill_during_index_keeps_the_previous_index(tmp_path, kill_when):
    """`embedding`: killed when half the new passages are in the embedding cache. `storing`: killed once all are
    embedded and Chroma has received a first batch of them, before the index state is committed, so Chroma holds
    passages the index does not (some of notes deleted before the next run). Either way the previous index
    answers; the next run embeds only what the cache lacks, and Chroma ends up holding exactly the index."""
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    shutil.copytree(STUB_CORPUS, corpus)
    env = cli_env(ASKCLOUD_DATA_DIR=str(data), ASKCLOUD_CORPUS_DIR=str(corpus), ASKCLOUD_EMBEDDING_BACKEND="hash",
                  ASKCLOUD_CHUNK_SIZE=CHUNK_SIZE)
    before = cli_json("index", "--json", cwd=tmp_path, env=env)
    assert before["added"] == 2
    state = data / "index" / "askcloud-hash-256.sqlite3"
    committed = committed_index(state)
    cache, chroma_db = data / "embeddings.sqlite", data / "chroma" / "chroma.sqlite3"
    # Chroma's own SQLite: its `embeddings` table gains 1,000 rows per batch written (internals, read only to time
    # the kill and to check what the killed run left behind).
    old_rows, old_vectors = count_rows(cache, "vectors"), count_rows(chroma_db, "embeddings")
    assert old_vectors >= before["chunks"]

    generate_notes(corpus / "notes", GENERATED)
    _, to_embed = passages(corpus)
    if kill_when == "embedding":
        ready = lambda: count_rows(cache, "vectors") >= old_rows + (to_embed - old_rows) // 2  # noqa: E731
    else:
        ready = lambda: (count_rows(cache, "vectors") >= to_embed  # noqa: E731
                         and count_rows(chroma_db, "embeddings") > old_vectors)

    log_path = tmp_path / "killed-index.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen([ASKCLOUD, "index"], cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            deadline = time.monotonic() + 300
            while proc.poll() is None and not ready() and time.monotonic() < deadline:
                time.sleep(0.01)
            ended_first = proc.poll() is not None
            proc.send_signal(signal.SIGKILL)
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait(30)
    assert not ended_first, f"indexing ended before it could be killed:\n{log_path.read_text()[-3000:]}"
    assert proc.returncode == -signal.SIGKILL
    assert committed_index(state) == committed, "the killed run changed the committed index"
    rows_after_kill = count_rows(cache, "vectors")
    if kill_when == "storing":
        assert rows_after_kill == to_embed and count_rows(chroma_db, "embeddings") >= old_vectors + 1000

    # The previous index still answers; what the killed run left in Chroma is not part of it.
    answer = cli_json("--backend", "extractive", "ask", SALON_Q, "--json", cwd=tmp_path, env=env)
    assert not answer["abstained"] and "1 500" in answer["answer"]
    assert {c["doc_id"] for c in answer["citations"]} == {"salon-cloud-2020.txt"}
    assert_exact_quotes(answer["citations"], lambda c: tmp_path / c["source"])

    # The next run completes: new notes added, only what the cache lacked embedded.
    kept = GENERATED
    if kill_when == "storing":  # the first notes went to Chroma in the first batch: delete some of them
        doomed = [f"notes/note-{i:04d}.txt" for i in range(DELETED)]
        leftovers = [c.id for c in split_corpus(corpus) if c.doc_id in doomed]
        assert in_chroma(chroma_db, leftovers) == len(leftovers) > 0  # in Chroma, not in the index
        for doc_id in doomed:
            (corpus / doc_id).unlink()
        kept -= DELETED
    total_chunks, to_embed = passages(corpus)
    resumed = cli_json("index", "--json", cwd=tmp_path, env=env)
    embedded = 0 if kill_when == "storing" else to_embed - rows_after_kill
    assert resumed == {"added": kept, "updated": 0, "removed": 0, "unchanged": 2, "embedded": embedded,
                       "chunks": total_chunks, "skipped": []}
    last = GENERATED - 1
    answer = cli_json("--backend", "extractive", "ask", "Comment s'appelle la mascotte choisie par l'équipe ?",
                      "--json", cwd=tmp_path, env=env)
    assert not answer["abstained"] and "Grignotin" in answer["answer"], answer["answer"]
    assert answer["citations"][0]["doc_id"] == f"notes/note-{last:04d}.txt"
    assert_exact_quotes(answer["citations"], lambda c: tmp_path / c["source"])

    again = cli_json("index", "--json", cwd=tmp_path, env=env)
    assert again == {"added": 0, "updated": 0, "removed": 0, "unchanged": kept + 2, "embedded": 0,
                     "chunks": total_chunks, "skipped": []}

    # Chroma holds exactly the committed passages: the leftovers of deleted notes were collected.
    from askcloud.index.state import load_state
    from askcloud.index.store import ChromaStore
    from askcloud.settings import Settings

    settings = Settings(corpus_dir=corpus, data_dir=data, embedding_backend="hash", chunk_size=int(CHUNK_SIZE))
    assert ChromaStore(settings, "hash-256").ids() == set(load_state(state).chunks)


def committed_index(path):
    """What the committed index holds: its documents' hashes and its chunks' ids and texts."""
    from askcloud.index.state import load_state

    state = load_state(path)
    return ({doc_id: dict(doc) for doc_id, doc in state.documents.items()},
            {cid: chunk.text for cid, chunk in state.chunks.items()})
