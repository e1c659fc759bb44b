"""Time to first token and total answer time per LLM backend, on a fixed sample of evaluation questions.

Usage (from the repository root; the lock keeps other heavy runs off the 2 cores while it measures):
    flock /tmp/askcloud-cpu.lock .venv/bin/python bench/backends.py [--backends extractive,llamacpp,openai,ollama]
        [--ids ev02,en01,…|all] [--out bench/results/backends.json] [--plot docs/backends.png] [--from-json FILE]

The corpus is indexed once with e5 into a temporary data folder (the project's embedding cache copied in). Each
backend then runs in its own child process (so that its peak memory is its own): one warm-up question (model
load, first prompt), then the sample questions (answer_timing.SAMPLE_IDS: French and English, answerable and
not), each timed from the call to Assistant.stream to its first streamed token (TTFT) and to the checked answer.
  extractive  no LLM: the answer is composed from the evidence and arrives whole (TTFT is its total)
  llamacpp    the local GGUF through llama-cpp-python in the process (the default backend)
  openai      the same GGUF behind llama-cpp-python's OpenAI-compatible server (`python -m llama_cpp.server`),
              started here on 127.0.0.1 with the local backend's settings (n_ctx, threads, batch of 512, no
              logits for every token) and stopped at the end; askcloud's openai backend (ChatOpenAI) talks to it
  ollama      measured only when an `ollama` command and a server on 127.0.0.1:11434 are there (--ollama-model);
              otherwise reported as not run, with the reason
Peak RSS is the child's VmHWM (and the server's, for openai). Prompt tokens are what the backend reports.
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
import os  # noqa: E402
import shutil  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402

ROOT = rc.ROOT
ALL_BACKENDS = ("extractive", "llamacpp", "openai", "ollama")
OLLAMA_URL = "http://127.0.0.1:11434"


# ---------------------------------------------------------------------------------------------- worker (child)

def worker(backend: str, corpus: Path, data_dir: Path, questions: list, warmup, base_url: str | None,
           model: str, embedding_backend: str = "e5") -> dict:
    """Runs in the child process: one Assistant, a warm-up turn, then every question, timed."""
    from askcloud.assistant import Assistant

    extra = {"llm_base_url": base_url, "llm_model": model} if base_url else {}
    assistant = Assistant(at.bench_settings(corpus, data_dir, backend, embedding_backend, **extra))
    started = time.perf_counter()
    warm = at.timed_ask(assistant, warmup)
    warmup_s = time.perf_counter() - started
    rows = []
    for question in questions:
        row = at.timed_ask(assistant, question)
        row.pop("started_at")
        rc.log(f"  [{backend}] {question.id}: TTFT {row['ttft_s']} s, total {row['total_s']} s ({row['write_mode']})")
        rows.append(row)
    return {"warmup_s": round(warmup_s, 2), "warmup_mode": warm["write_mode"], "rows": rows,
            "peak_rss_mib": at.peak_rss_mib()}


def run_worker(backend: str, args, data_dir: Path, base_url: str | None = None, model: str = "local") -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", backend, "--data-dir", str(data_dir),
           "--corpus", args.corpus, "--questions", args.questions, "--ids", args.ids, "--model", model,
           "--embedding-backend", args.embedding_backend]
    if base_url:
        cmd += ["--base-url", base_url]
    out = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, timeout=args.timeout_s)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode != 0 or not lines:
        return {"error": f"worker exited with {out.returncode}"}
    return json.loads(lines[-1])


# ---------------------------------------------------------------------------------------------- servers

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, proc: subprocess.Popen, limit_s: float) -> float:
    """Seconds until url answers 200; raises if the process dies or the limit passes."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit_s:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args[0]} exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return time.perf_counter() - started
        except OSError:
            time.sleep(0.25)
    raise RuntimeError(f"nothing answered at {url} within {limit_s:.0f} s")


def start_llama_server(log: Path, settings) -> tuple[subprocess.Popen, str]:
    """llama-cpp-python's OpenAI-compatible server on a free loopback port, with the local backend's settings."""
    port = free_port()
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(at.GGUF), "--host", "127.0.0.1", "--port",
           str(port), "--model_alias", "local", "--n_ctx", str(settings.llm_context), "--n_threads",
           str(settings.llm_threads), "--n_threads_batch", str(settings.llm_threads), "--n_batch", "512",
           "--logits_all", "false", "--seed", "0"]
    proc = subprocess.Popen(cmd, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}/v1"
    try:
        wait_http(f"{base}/models", proc, 180)
    except RuntimeError:
        stop(proc)
        raise
    return proc, base


def stop(proc: subprocess.Popen) -> None:
    import scale

    scale.stop_server(proc)


def ollama_missing() -> str | None:
    """Why Ollama cannot be measured here, or None when it can."""
    if not shutil.which("ollama"):
        return "not run: Ollama is not installed on this machine (no `ollama` command)"
    try:
        urllib.request.urlopen(f"{OLLAMA_URL}/api/tags", timeout=2)
    except OSError:
        return f"not run: no Ollama server answers at {OLLAMA_URL}"
    return None


# ---------------------------------------------------------------------------------------------- one backend

def measure(backend: str, args, data_dir: Path, work: Path) -> dict:
    settings = at.bench_settings(Path(args.corpus), data_dir, "llamacpp")
    if backend == "ollama":
        why = ollama_missing()
        if why:
            return {"backend": backend, "skipped": why}
        return {"backend": backend, **run_worker(backend, args, data_dir, OLLAMA_URL, args.ollama_model)}
    if backend != "openai":
        return {"backend": backend, **run_worker(backend, args, data_dir)}
    started = time.perf_counter()
    proc, base = start_llama_server(work / "llama-server.log", settings)
    up_s = time.perf_counter() - started
    try:
        result = run_worker("openai", args, data_dir, base)
        server_peak = at.tree_peak_rss_mib(proc.pid)
    finally:
        stop(proc)
    return {"backend": backend, "server": "python -m llama_cpp.server (llama-cpp-python), same GGUF",
            "server_up_s": round(up_s, 1), "server_peak_rss_mib": server_peak, **result}


def summarise(result: dict) -> dict:
    """p50/p95 of TTFT and total over the sample; prompt tokens; how many turns wrote with the model."""
    if "rows" not in result:
        return result
    rows = result["rows"]
    with_llm = [r for r in rows if r["write_mode"] == "llm"]
    return {**result, "ttft_s": at.spread([r["ttft_s"] if r["ttft_s"] is not None else r["total_s"] for r in rows]),
            "ttft_streamed_s": at.spread([r["ttft_s"] for r in rows]), "total_s": at.spread([r["total_s"] for r in rows]),
            "prompt_tokens": at.spread([r["prompt_tokens"] for r in with_llm], 1), "llm_turns": len(with_llm),
            "modes": sorted({r["write_mode"] for r in rows}), "abstained": sum(r["abstained"] for r in rows)}


# ---------------------------------------------------------------------------------------------- output

def markdown_table(results: list[dict]) -> str:
    f = rc.fmt
    lines = ["| backend | TTFT p50 s | TTFT p95 s | total p50 s | total p95 s | prompt tokens (mean) | LLM turns | "
             "abstained | warm-up s (load + 1st answer) | peak RSS MiB |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        if "skipped" in r or "error" in r:
            lines.append(f"| {r['backend']} | {r.get('skipped') or 'error: ' + r['error']} | | | | | | | | |")
            continue
        rss = f(r["peak_rss_mib"], 0)
        if r.get("server_peak_rss_mib"):
            rss += f" + server {f(r['server_peak_rss_mib'], 0)}"
        streamed = "" if r["ttft_streamed_s"]["n"] else " (whole answer)"
        lines.append(f"| {r['backend']} | {f(r['ttft_s']['p50'])}{streamed} | {f(r['ttft_s']['p95'])} | "
                     f"{f(r['total_s']['p50'])} | {f(r['total_s']['p95'])} | {f(r['prompt_tokens']['mean'], 0)} | "
                     f"{r['llm_turns']}/{len(r['rows'])} | {r['abstained']} | {f(r['warmup_s'], 1)} | {rss} |")
    return "\n".join(lines)


def plot(results: list[dict], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ran = [r for r in results if "rows" in r]
    if not ran:
        return
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2), gridspec_kw={"width_ratios": [2, 1]})
    xs = range(len(ran))
    w = 0.38
    for offset, key, label, color in ((-w / 2, "ttft_s", "time to first token", "tab:blue"),
                                      (w / 2, "total_s", "total", "tab:orange")):
        p50 = [r[key]["p50"] for r in ran]
        p95 = [r[key]["p95"] for r in ran]
        left.bar([x + offset for x in xs], p50, w, color=color, label=f"{label} p50")
        left.errorbar([x + offset for x in xs], p50, yerr=[[0] * len(ran), [b - a for a, b in zip(p50, p95)]],
                      fmt="none", ecolor="k" if offset < 0 else "tab:red", capsize=4, label=f"{label} p95")
    left.set_xticks(list(xs), [r["backend"] for r in ran])
    left.set_ylabel("seconds (from the question)")
    left.legend(fontsize=8)
    left.set_title("answer latency, sample of questions")
    rss = [r["peak_rss_mib"] for r in ran]
    server = [r.get("server_peak_rss_mib") or 0 for r in ran]
    right.bar(list(xs), rss, 0.6, color="tab:green", label="askcloud process")
    right.bar(list(xs), server, 0.6, bottom=rss, color="tab:olive", label="LLM server process")
    right.set_xticks(list(xs), [r["backend"] for r in ran])
    right.set_ylabel("peak RSS (MiB)")
    right.legend(fontsize=8)
    right.set_title("peak memory")
    rc.save_figure(fig, path, title)


def _title(meta: dict) -> str:
    return f"askcloud per backend, {rc.run_label(meta)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", default=",".join(ALL_BACKENDS))
    parser.add_argument("--questions", default=str(ROOT / "evals" / "questions.json"))
    parser.add_argument("--ids", default=",".join(at.SAMPLE_IDS), help="comma-separated question ids, or all")
    parser.add_argument("--corpus", default=str(ROOT / "corpus"))
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "backends.json"))
    parser.add_argument("--plot", default=str(ROOT / "docs" / "backends.png"))
    parser.add_argument("--ollama-model", default="qwen2.5-coder:1.5b", help="model name when Ollama is there")
    parser.add_argument("--timeout-s", type=float, default=1800, help="limit of one backend's run")
    parser.add_argument("--embedding-backend", default="e5", choices=("e5", "sentence-transformers", "hash"))
    parser.add_argument("--from-json", help="re-print the table and redraw the plot of a saved report; no run")
    parser.add_argument("--worker", choices=ALL_BACKENDS, help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", help=argparse.SUPPRESS)
    parser.add_argument("--base-url", help=argparse.SUPPRESS)
    parser.add_argument("--model", default="local", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.from_json:
        return rc.replay(args.from_json, args.plot, plot, markdown_table, _title)
    questions = at.load_sample(Path(args.questions), at.parse_ids(args.ids))
    warmup = at.load_sample(Path(args.questions), (at.WARMUP_ID,))[0]
    if args.worker:
        result = worker(args.worker, Path(args.corpus), Path(args.data_dir), questions, warmup, args.base_url,
                        args.model, args.embedding_backend)
        print(json.dumps(result, ensure_ascii=False))
        return 0

    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    unknown = [b for b in backends if b not in ALL_BACKENDS]
    if unknown:
        parser.error(f"unknown backend(s): {', '.join(unknown)}")
    if any(b in ("llamacpp", "openai") for b in backends) and not at.GGUF.is_file():
        raise SystemExit(f"the local model is not assembled at {at.GGUF}: run `make model`")
    meta = rc.machine_info()
    work = Path(tempfile.mkdtemp(prefix="askcloud-backends-"))
    rc.log(f"data folder: {work}")
    started = time.perf_counter()
    try:
        index = at.build_index(Path(args.corpus), work / "data", args.embedding_backend)
        rc.log(f"index: {index['chunks']} chunks in {index['seconds']} s")
        results = []
        for backend in backends:
            rc.log(f"[{backend}] …")
            results.append(summarise(measure(backend, args, work / "data", work)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return rc.finish(meta, results, args, started, "bench/backends.py", argv, markdown_table(results), plot,
                     _title, ids=[q.id for q in questions], warmup_id=warmup.id, index=index,
                     env={k: os.environ.get(k) for k in ("OMP_NUM_THREADS",) if os.environ.get(k)})


if __name__ == "__main__":
    sys.exit(main())
