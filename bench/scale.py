"""How the stores scale: a synthetic corpus of 1k, 10k and 100k chunks on one machine.

Usage (from the repository root):
    .venv/bin/python bench/scale.py [--sizes 1000,10000,100000]
        [--backends embedded,server,bm25,indexer,indexer-chroma] [--queries 200] [--out bench/results/scale.json]
        [--plot docs/scale.png] [--max-insert-s 900] [--keep-from bench/results/scale.json]

Chunks are short synthetic texts (20–60 words drawn with a Zipf law from the corpus vocabulary plus 20,000
made-up words, as many stop words as real French) with random unit vectors of 384 dimensions (e5's size):
nothing is embedded, so the figures are those of the stores alone. Each (backend, size) runs in a child process so
that its memory is its own:
  embedded  chromadb.PersistentClient in a temporary folder: insert in batches of 1000 (as askcloud's ChromaStore
            does, with the same kind of metadata and the text as document), then ~200 random queries with
            n_results=20 (askcloud's candidates), distances only; RSS and peak RSS of the process; size on disk.
  server    the same through chromadb.HttpClient against `chroma run --host 127.0.0.1 --port <free> --path <tmp>`
            started here and stopped at the end; RSS of the client and of the server process (from /proc).
  bm25      askcloud's lexical index (BM25Index on bm25s): build time (French analyzer: tokenize, then the
            scores), query latency (the evaluation questions and random word queries, n=20; also with a filter
            keeping a third of the chunks), RSS; and the committed state askcloud writes (index/<c>.sqlite3 and
            index/<c>.bm25/): its size, the time to save it, and the first query after it (load_state, which is
            what HybridRetriever.snapshot() reads, then one search and the texts of its hits).
  indexer   run_index (`askcloud index`) with the hash embedder behind askcloud's embedding cache, on synthetic
            .txt documents of about 40 passages (DOC_CHUNKS; --sizes counts passages: 100,000 = 2,500 documents):
            the first run, an unchanged re-run, then one changed document; an in-memory store stands for Chroma,
            so the figures are the indexer's own. indexer-chroma: the same with the embedded ChromaStore (up to
            --indexer-chroma-max passages).
Prints a Markdown table and progress on stderr; writes a JSON report (--out) and a log-x plot (--plot).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import retrieval_compare as rc  # noqa: E402  (sets the offline environment first)

import argparse  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
from functools import lru_cache  # noqa: E402

ROOT = rc.ROOT
DIM = 384
BATCH = 1000
N_RESULTS = 20
SEED = 20240607
SYNTHETIC_WORDS = 20_000
DOC_CHUNKS = 40  # passages per synthetic document for the indexer runs (2,500 documents = 100k passages)
DOC_SENTENCES = 100  # sentences per synthetic document: about DOC_CHUNKS passages of 1000 characters


# ---------------------------------------------------------------------------------------------- synthetic data

@lru_cache(maxsize=4)
def vocabulary(corpus: Path) -> list[str]:
    """The corpus words by frequency (stop words first, as in real text), then a tail of made-up words."""
    import numpy as np
    from collections import Counter

    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt")))
    counts = Counter(re.findall(r"[^\W\d_]+", text.lower()))
    words = [w for w, _ in counts.most_common()]
    syllables = [c + v for c in "bcdfglmnprstv" for v in "aeiou"]
    rng = np.random.default_rng(SEED)
    seen = set(words)
    while len(words) < len(counts) + SYNTHETIC_WORDS:
        picks = rng.integers(0, len(syllables), size=(SYNTHETIC_WORDS, 4))
        lengths = rng.integers(2, 5, size=SYNTHETIC_WORDS)
        for row, length in zip(picks, lengths):
            word = "".join(syllables[i] for i in row[:length])
            if word not in seen and len(words) < len(counts) + SYNTHETIC_WORDS:
                seen.add(word)
                words.append(word)
    return words


def zipf_weights(n: int):
    import numpy as np

    weights = 1.0 / (np.arange(n) + 2.7)
    return weights / weights.sum()


def synthetic_texts(size: int, words: list[str], seed: int = SEED) -> list[str]:
    import numpy as np

    rng = np.random.default_rng(seed)
    lengths = rng.integers(20, 61, size=size)
    draws = rng.choice(len(words), size=int(lengths.sum()), p=zipf_weights(len(words)))
    texts, pos = [], 0
    for length in lengths:
        texts.append(" ".join(words[i] for i in draws[pos:pos + length]) + ".")
        pos += length
    return texts


def unit_vectors(n: int, rng):
    import numpy as np

    vectors = rng.standard_normal((n, DIM)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def metadata(i: int) -> dict:
    """The kind of metadata askcloud's ChromaStore writes for a chunk."""
    doc = i // 40
    return {"doc_id": f"doc-{doc:05d}.txt", "start": (i % 40) * 700, "end": (i % 40) * 700 + 650,
            "section": f"Section {i % 7}", "title": f"Document synthétique {doc}", "source": f"corpus/doc-{doc:05d}.txt",
            "date": "2014-03-07", "topic_events": True}


# ---------------------------------------------------------------------------------------------- measures

def memory_mib(pid: int | str = "self") -> dict:
    """VmRSS and VmHWM (peak) of a process and its descendants, in MiB."""
    total = {"rss_mib": 0.0, "peak_mib": 0.0}
    for p in [pid, *_descendants(pid)]:
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        for key, name in (("VmRSS", "rss_mib"), ("VmHWM", "peak_mib")):
            match = re.search(rf"^{key}:\s+(\d+) kB", status, re.M)
            if match:
                total[name] += int(match.group(1)) / 1024
    return {k: round(v, 1) for k, v in total.items()}


def _descendants(pid) -> list[int]:
    if pid == "self":
        return []
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                found += [int(child), *_descendants(int(child))]
    except OSError:
        pass
    return found


def disk_mib(path: Path) -> float:
    total = 0
    for p in path.rglob("*"):
        try:
            if p.is_file():
                total += p.stat().st_blocks * 512
        except OSError:
            pass
    return round(total / 2**20, 1)


def latency(values: list[float]) -> dict:
    return {"p50_ms": rc.rnd(rc.percentile(values, 50), 2), "p95_ms": rc.rnd(rc.percentile(values, 95), 2),
            "n": len(values)}


# ---------------------------------------------------------------------------------------------- workers

def chroma_run(collection, size: int, queries: int, max_insert_s: float, label: str) -> dict:
    """Insert `size` synthetic chunks in batches, then time random queries."""
    import numpy as np

    words = vocabulary(ROOT / "corpus")
    texts = synthetic_texts(size, words)
    rng = np.random.default_rng(SEED + 1)
    started = time.perf_counter()
    inserted, last_report = 0, started
    for lo in range(0, size, BATCH):
        hi = min(size, lo + BATCH)
        collection.add(ids=[f"c{i:07d}" for i in range(lo, hi)], embeddings=unit_vectors(hi - lo, rng),
                       documents=texts[lo:hi], metadatas=[metadata(i) for i in range(lo, hi)])
        inserted = hi
        now = time.perf_counter()
        if now - last_report > 15 or hi == size:
            rc.log(f"  [{label} {size}] inserted {hi} in {now - started:.0f} s")
            last_report = now
        if now - started > max_insert_s and hi < size:
            rc.log(f"  [{label} {size}] stopping inserts after {max_insert_s:.0f} s at {hi} chunks")
            break
    insert_s = time.perf_counter() - started
    count = collection.count()
    probes = unit_vectors(queries + 5, np.random.default_rng(SEED + 2))
    for vector in probes[:5]:  # warm-up
        collection.query(query_embeddings=[vector], n_results=N_RESULTS, include=["distances"])
    times = []
    for vector in probes[5:]:
        t0 = time.perf_counter()
        collection.query(query_embeddings=[vector], n_results=N_RESULTS, include=["distances"])
        times.append((time.perf_counter() - t0) * 1000)
    return {"inserted": inserted, "count": count, "insert_s": round(insert_s, 2),
            "insert_per_s": round(inserted / insert_s, 1), "query": latency(times)}


def worker_embedded(size: int, work: Path, queries: int, max_insert_s: float) -> dict:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    before = memory_mib()
    client = chromadb.PersistentClient(path=str(work / "chroma"), settings=ChromaSettings(anonymized_telemetry=False))
    collection = client.get_or_create_collection("bench", embedding_function=None, metadata={"hnsw:space": "cosine"})
    result = chroma_run(collection, size, queries, max_insert_s, "embedded")
    return {**result, "process_before": before, "process": memory_mib(), "disk_mib": disk_mib(work / "chroma")}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(work: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    binary = Path(sys.executable).parent / "chroma"
    log = (work / "server.log").open("wb")
    proc = subprocess.Popen([str(binary), "run", "--host", "127.0.0.1", "--port", str(port), "--path",
                             str(work / "chroma")], stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                            env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
    (work / "server.pid").write_text(str(proc.pid))
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"chroma run exited with {proc.returncode}; see {work / 'server.log'}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2)
            return proc, port
        except OSError:
            time.sleep(0.5)
    stop_server(proc)
    raise RuntimeError("chroma run did not answer within 90 s")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)  # its own session: only the server and its children
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def worker_server(size: int, work: Path, queries: int, max_insert_s: float) -> dict:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    proc, port = start_server(work)
    try:
        server_idle = memory_mib(proc.pid)
        client = chromadb.HttpClient(host="127.0.0.1", port=port,
                                     settings=ChromaSettings(anonymized_telemetry=False))
        collection = client.get_or_create_collection("bench", embedding_function=None,
                                                     metadata={"hnsw:space": "cosine"})
        result = chroma_run(collection, size, queries, max_insert_s, "server")
        return {**result, "process": memory_mib(), "server_idle": server_idle, "server": memory_mib(proc.pid),
                "disk_mib": disk_mib(work / "chroma")}
    finally:
        stop_server(proc)


def probes_for(words: list[str], queries: int) -> list[str]:
    """The evaluation questions, then random 6-word queries drawn like the texts."""
    import numpy as np

    from askcloud.evaluation.questions import load_questions

    questions = [q.question for q in load_questions(ROOT / "evals" / "questions.json")]
    rng = np.random.default_rng(SEED + 3)
    draws = rng.choice(len(words), size=(max(0, queries - len(questions)), 6), p=zipf_weights(len(words)))
    return (questions + [" ".join(words[i] for i in row) for row in draws])[:queries]


def worker_bm25(size: int, work: Path, queries: int, max_insert_s: float) -> dict:
    """askcloud's lexical index (bm25s) on `size` synthetic chunks; then the committed state and its first query."""
    from askcloud.corpus.models import Chunk
    from askcloud.index.analyzer import tokenize
    from askcloud.index.lexical import BM25Index
    from askcloud.index.state import IndexState, load_state, save_state

    words = vocabulary(ROOT / "corpus")
    texts = synthetic_texts(size, words)
    before = memory_mib()
    started = time.perf_counter()
    tokens = {}
    for i, text in enumerate(texts):
        tokens[f"c{i:07d}"] = tokenize(text)
        if (i + 1) % 20000 == 0:
            rc.log(f"  [bm25 {size}] tokenized {i + 1} in {time.perf_counter() - started:.0f} s")
    tokenize_s = time.perf_counter() - started
    index = BM25Index.from_rows(tokens=tokens)
    build_s = time.perf_counter() - started
    built = memory_mib()

    probes = probes_for(words, queries)
    for probe in probes[:5]:
        index.search(probe, N_RESULTS)
    times = []
    for probe in probes:
        t0 = time.perf_counter()
        index.search(probe, N_RESULTS)
        times.append((time.perf_counter() - t0) * 1000)
    allowed = {f"c{i:07d}" for i in range(0, size, 3)}  # a filter keeping a third of the chunks
    filtered = []
    for probe in probes[:50]:
        t0 = time.perf_counter()
        index.search(probe, N_RESULTS, allowed)
        filtered.append((time.perf_counter() - t0) * 1000)

    # The committed state askcloud writes beside the vectors, and what the first query after it costs.
    state = IndexState(fingerprint={"bench": True})
    for i, text in enumerate(texts):
        meta = metadata(i)
        cid = f"c{i:07d}"
        state.chunks[cid] = Chunk(id=cid, doc_id=meta["doc_id"], text=text, start=meta["start"], end=meta["end"],
                                  section=meta["section"], title=meta["title"], source=meta["source"],
                                  date=meta["date"], topics=("events",))
        state.tokens[cid] = tokens[cid]
    path = work / "index" / "state.sqlite3"
    t0 = time.perf_counter()
    save_state(path, state)
    save_s = time.perf_counter() - t0
    del state
    t0 = time.perf_counter()
    loaded = load_state(path)  # what HybridRetriever.snapshot() reads
    load_s = time.perf_counter() - t0
    hits = loaded.lexical.search(probes[0], N_RESULTS)
    texts_found = [loaded.chunks[h.chunk_id].text for h in hits]
    first_query_s = time.perf_counter() - t0
    return {"inserted": size, "tokenize_s": round(tokenize_s, 2), "build_s": round(build_s, 2),
            "terms": len(index.terms()), "query": latency(times), "query_filtered": latency(filtered),
            "process_before": before, "process_built": built, "process": memory_mib(),
            "state_file_mib": disk_mib(path.parent), "state_save_s": round(save_s, 2),
            "state_load_s": round(load_s, 3), "first_query_s": round(first_query_s, 3),
            "first_query_hits": len(texts_found)}


class MemoryStore:
    """The part of ChromaStore the indexer uses, in memory: the indexer's own cost, without Chroma's."""

    name = "bench-memory"

    def __init__(self) -> None:
        self._ids: set[str] = set()

    def ids(self) -> set[str]:
        return set(self._ids)

    def upsert(self, chunks, vectors) -> None:
        self._ids.update(c.id for c in chunks)

    def delete(self, ids) -> None:
        self._ids.difference_update(ids)


def synthetic_corpus(folder: Path, documents: int, sentences: int) -> None:
    """`documents` text files of `sentences` synthetic sentences each, in paragraphs of five."""
    words = vocabulary(ROOT / "corpus")
    texts = synthetic_texts(documents * sentences, words, seed=SEED + 4)
    folder.mkdir(parents=True, exist_ok=True)
    for d in range(documents):
        own = [t[0].upper() + t[1:] for t in texts[d * sentences:(d + 1) * sentences]]
        body = "\n\n".join(" ".join(own[i:i + 5]) for i in range(0, len(own), 5))
        (folder / f"doc-{d:05d}.txt").write_text(f"Document synthétique {d}\n\n{body}\n", encoding="utf-8")


def worker_indexer(size: int, work: Path, queries: int, max_insert_s: float, store_kind: str = "memory") -> dict:
    """`askcloud index` (run_index, hash embedder) on DOC_CHUNKS-passage documents: first run, an unchanged
    re-run, then one changed document. The hash embedder makes embedding nearly free: what is left is the indexer
    (reading and hashing the corpus, splitting and tokenizing what changed, the state and lexical index, the store)."""
    from askcloud.corpus.loader import load_corpus
    from askcloud.index.embeddings import make_embedder
    from askcloud.index.indexer import run_index
    from askcloud.settings import Settings

    documents = max(1, size // DOC_CHUNKS)
    corpus = work / "corpus"
    synthetic_corpus(corpus, documents, DOC_SENTENCES)
    settings = Settings(corpus_dir=corpus, data_dir=work / "data", embedding_backend="hash", llm_backend="fake")
    embedder = make_embedder(settings)  # the hash backend behind askcloud's embedding cache, as `askcloud index`
    if store_kind == "chroma":
        from askcloud.index.store import ChromaStore

        store = ChromaStore(settings, embedder.model_id)
    else:
        store = MemoryStore()
    t0 = time.perf_counter()
    first = run_index(settings, embedder, store)
    first_s = time.perf_counter() - t0
    rc.log(f"  [indexer {store_kind} {size}] first run: {first.chunks} chunks in {first_s:.1f} s")
    t0 = time.perf_counter()
    load_corpus(corpus)
    load_corpus_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    same = run_index(settings, embedder, store)
    unchanged_s = time.perf_counter() - t0
    changed = corpus / "doc-00000.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nUne phrase ajoutée au document.\n", encoding="utf-8")
    t0 = time.perf_counter()
    one = run_index(settings, embedder, store)
    one_changed_s = time.perf_counter() - t0
    return {"inserted": first.chunks, "documents": documents, "store": store_kind, "first_run_s": round(first_s, 2),
            "load_corpus_s": round(load_corpus_s, 2), "unchanged_s": round(unchanged_s, 2),
            "unchanged_report": same.to_dict(), "one_changed_s": round(one_changed_s, 2),
            "one_changed_report": one.to_dict(), "process": memory_mib()}


def worker_indexer_chroma(size: int, work: Path, queries: int, max_insert_s: float) -> dict:
    return worker_indexer(size, work, queries, max_insert_s, store_kind="chroma")


WORKERS = {"embedded": worker_embedded, "server": worker_server, "bm25": worker_bm25, "indexer": worker_indexer,
           "indexer-chroma": worker_indexer_chroma}


# ---------------------------------------------------------------------------------------------- orchestration

def run_worker(backend: str, size: int, work: Path, queries: int, max_insert_s: float, timeout_s: float) -> dict:
    """One (backend, size) in a child process: its memory figures are its own."""
    work.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", backend, "--size", str(size), "--workdir",
           str(work), "--queries", str(queries), "--max-insert-s", str(max_insert_s)]
    started = time.perf_counter()
    try:
        out = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, timeout=timeout_s)
        lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
        if out.returncode != 0 or not lines:
            return {"backend": backend, "size": size, "error": f"worker exited with {out.returncode}"}
        result = json.loads(lines[-1])
    except subprocess.TimeoutExpired:
        result = {"error": f"timed out after {timeout_s:.0f} s"}
    finally:
        pid_file = work / "server.pid"  # a server the worker could not stop (it was killed): stop it here
        if pid_file.exists():
            try:
                os.killpg(int(pid_file.read_text()), signal.SIGKILL)
            except (ProcessLookupError, PermissionError, ValueError):
                pass
    return {"backend": backend, "size": size, "wall_s": round(time.perf_counter() - started, 1), **result}


def markdown_table(rows: list[dict]) -> str:
    f = rc.fmt
    lines = ["| backend | chunks | insert / build s | chunks/s | query p50 ms | query p95 ms | RSS MiB (peak) | "
             "server RSS MiB (peak) | disk MiB |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        if r["backend"].startswith("indexer"):
            continue
        if "error" in r:
            lines.append(f"| {r['backend']} | {r['size']} | error: {r['error']} | | | | | | |")
            continue
        built = r.get("insert_s", r.get("build_s"))
        rate = r.get("insert_per_s") or (round(r["inserted"] / r["build_s"], 1) if r.get("build_s") else None)
        proc = r["process"]
        server = r.get("server")
        disk = r.get("disk_mib", r.get("state_file_mib"))
        lines.append(
            f"| {r['backend']} | {r['inserted']} | {f(built, 1)} | {f(rate, 0)} | {f(r['query']['p50_ms'], 2)} | "
            f"{f(r['query']['p95_ms'], 2)} | {f(proc['rss_mib'], 0)} ({f(proc['peak_mib'], 0)}) | "
            f"{(f(server['rss_mib'], 0) + ' (' + f(server['peak_mib'], 0) + ')') if server else '–'} | {f(disk, 1)} |")
    bm25 = [r for r in rows if r["backend"] == "bm25" and "error" not in r]
    if bm25:
        lines += ["", "The lexical index (bm25s) and the committed index state (what `askcloud index` writes and the "
                  "retriever reads):", "",
                  "| chunks | tokenize s | build s (tokenize + scores) | terms | RSS after build MiB | filtered query "
                  "p95 ms | state on disk MiB | state save s | state load s | first query after index s |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
        for r in bm25:
            first = r.get("first_query_s", r.get("state_load_and_rebuild_s"))
            lines.append(f"| {r['inserted']} | {f(r['tokenize_s'], 1)} | {f(r['build_s'], 1)} | {r['terms']} | "
                         f"{f(r['process_built']['rss_mib'], 0)} | {f(r.get('query_filtered', {}).get('p95_ms'), 2)} | "
                         f"{f(r['state_file_mib'], 1)} | {f(r['state_save_s'], 2)} | "
                         f"{f(r.get('state_load_s'), 3)} | {f(first, 3)} |")
    indexer = [r for r in rows if r["backend"].startswith("indexer") and "error" not in r]
    if indexer:
        lines += ["", "`askcloud index` (run_index, hash embedder) on documents of about 40 passages:", "",
                  "| store | documents | passages | first run s | reading the corpus s | unchanged re-run s | "
                  "one document changed s |", "|---|---|---|---|---|---|---|"]
        for r in indexer:
            lines.append(f"| {r['store']} | {r['documents']} | {r['inserted']} | {f(r['first_run_s'], 1)} | "
                         f"{f(r['load_corpus_s'], 2)} | {f(r['unchanged_s'], 2)} | {f(r['one_changed_s'], 2)} |")
    return "\n".join(lines)


def _title(meta: dict) -> str:
    return f"askcloud stores at scale, {rc.run_label(meta)}"


def plot(rows: list[dict], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    styles = {"embedded": ("tab:blue", "Chroma embedded"), "server": ("tab:orange", "Chroma server (HTTP)"),
              "bm25": ("tab:green", "BM25 (askcloud on bm25s)")}
    for backend, (color, label) in styles.items():
        ok = sorted((r for r in rows if r["backend"] == backend and "error" not in r), key=lambda r: r["inserted"])
        if not ok:
            continue
        sizes = [r["inserted"] for r in ok]
        left.plot(sizes, [r["query"]["p50_ms"] for r in ok], "o-", color=color, label=f"{label} p50")
        left.plot(sizes, [r["query"]["p95_ms"] for r in ok], "o--", color=color, alpha=0.6, label=f"{label} p95")
        if backend == "bm25":  # the index itself (texts + tokens + postings), before the state file round trip
            mem, what = [r["process_built"]["rss_mib"] for r in ok], "RSS after build"
        else:
            mem, what = [(r.get("server") or r["process"])["peak_mib"] for r in ok], "peak RSS"
        right.plot(sizes, mem, "s-", color=color, label=f"{label}: {what}" + (" (server process)"
                                                                                if backend == "server" else ""))
    left.axhline(50, color="red", lw=0.8, ls=":", label="askcloud's 50 ms query budget")
    for axis in (left, right):
        axis.set_xscale("log")
        axis.set_xlabel("chunks (synthetic, 384-d vectors)")
    left.set_yscale("log")
    left.set_ylabel("query latency (ms, n_results=20)")
    left.legend(fontsize=7)
    left.set_title("query latency")
    right.set_yscale("log")
    right.set_ylabel("RSS (MiB)")
    right.legend(fontsize=7)
    right.set_title("memory")
    rc.save_figure(fig, path, title)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--backends", default="embedded,server,bm25,indexer,indexer-chroma")
    parser.add_argument("--indexer-chroma-max", type=int, default=10_000,
                        help="run indexer-chroma only up to this many passages (Chroma takes ~4 min per 100k)")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "scale.json"))
    parser.add_argument("--plot", default=str(ROOT / "docs" / "scale.png"))
    parser.add_argument("--max-insert-s", type=float, default=900, help="stop inserting after this many seconds")
    parser.add_argument("--timeout-s", type=float, default=1800, help="limit of one (backend, size) run")
    parser.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    parser.add_argument("--from-json", help="re-print the tables and redraw the plot of a saved report; no run")
    parser.add_argument("--keep-from", help="a saved report whose rows for backends not run now are kept (marked)")
    args = parser.parse_args(argv)

    if args.from_json:
        return rc.replay(args.from_json, args.plot, plot, markdown_table, _title)
    if args.worker:
        result = WORKERS[args.worker](args.size, Path(args.workdir), args.queries, args.max_insert_s)
        print(json.dumps(result))
        return 0

    meta = rc.machine_info()
    sizes = [int(s) for s in args.sizes.split(",")]
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    work = Path(tempfile.mkdtemp(prefix="askcloud-scale-"))
    rc.log(f"data folder: {work}")
    rows = []
    started = time.perf_counter()
    try:
        for size in sizes:
            for backend in backends:
                if backend == "indexer-chroma" and size > args.indexer_chroma_max:
                    continue
                rc.log(f"[{backend} {size}] …")
                row = run_worker(backend, size, work / f"{backend}-{size}", args.queries, args.max_insert_s,
                                 args.timeout_s)
                rc.log(f"  {json.dumps(row)}")
                rows.append(row)
                shutil.rmtree(work / f"{backend}-{size}", ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.keep_from:
        kept = json.loads(Path(args.keep_from).read_text(encoding="utf-8"))
        rows = [{**r, "kept_from": kept["meta"].get("git_commit") or args.keep_from}
                for r in kept["results"] if r["backend"] not in backends] + rows
    return rc.finish(meta, rows, args, started, "bench/scale.py", argv, markdown_table(rows), plot, _title,
                     queries=args.queries, n_results=N_RESULTS, batch=BATCH, dim=DIM)


if __name__ == "__main__":
    sys.exit(main())
