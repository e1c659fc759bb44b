"""Load test of the web chat: concurrent users, each in their own Gradio session, through the per-session chat.

Usage (from the repository root, with the project's venv; heavy, so behind the shared CPU lock):
    flock /tmp/askcloud-cpu.lock .venv/bin/python bench/load.py [--sessions 20] [--llm-sessions 4] [--turns 3]

It indexes a copy of the corpus in a temporary data dir (the project's embedding cache is copied, so nothing is
embedded twice), then for each backend starts `askcloud --backend B serve` on 127.0.0.1 (a free port), asks one
warm-up question (model load included, not counted), and runs every session at once: each is its own
gradio_client.Client asking a distinct conversation whose 2nd and 3rd questions are follow-ups of its own history.
Every answer is checked for errors and for crossing sessions (history, understood question, cited documents).
Prints a Markdown table, writes JSON (default bench/results/load.json), exits 1 on any error or crossing.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_sessions import CONVERSATIONS, Turn, run_session  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ASKCLOUD = str(Path(sys.executable).parent / "askcloud")
GGUF = ROOT / ".askcloud" / "models" / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False",
           "HF_HUB_DISABLE_PROGRESS_BARS": "1", "ANONYMIZED_TELEMETRY": "False", "TOKENIZERS_PARALLELISM": "false",
           "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
WARM_UP = "Combien de personnes ont assisté au keynote de l'OVH Summit ?"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ.update(OFFLINE)  # for gradio_client in this process too
    work = Path(tempfile.mkdtemp(prefix="askcloud-load-"))
    try:
        env = prepare(work, args.embedding)
        index_s = index(env, work)
        phases = []
        for backend, sessions in (("extractive", args.sessions), ("llamacpp", args.llm_sessions)):
            if sessions > 0:
                phases.append(run_phase(backend, sessions, args.turns, env, work, args.timeout))
        report = {"meta": meta(args, index_s), "phases": phases}
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(markdown(report))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten: {out}")
    bad = sum(p["errors"] + p["crossings"] for p in phases)
    return 1 if bad else 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=20, help="concurrent sessions on the extractive backend")
    parser.add_argument("--llm-sessions", type=int, default=4, help="concurrent sessions on the local LLM (llamacpp)")
    parser.add_argument("--turns", type=int, default=3, choices=[1, 2, 3], help="questions per session")
    parser.add_argument("--embedding", default="e5", choices=["e5", "hash"], help="embedding backend of the index")
    parser.add_argument("--timeout", type=float, default=900, help="seconds one question may take before it fails")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "load.json"), help="JSON report")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (server logs)")
    args = parser.parse_args(argv)
    if max(args.sessions, args.llm_sessions) > len(CONVERSATIONS):
        parser.error(f"at most {len(CONVERSATIONS)} sessions: each asks its own conversation")
    if args.llm_sessions and not GGUF.is_file():
        parser.error(f"the local model is missing ({GGUF}): run `make model`, or --llm-sessions 0")
    return args


# ------------------------------------------------------------------ set-up

def prepare(work: Path, embedding: str) -> dict[str, str]:
    """A copy of the corpus and of the embedding cache in `work`; the environment of every askcloud command."""
    shutil.copytree(ROOT / "corpus", work / "corpus")
    (work / "data").mkdir()
    cache = ROOT / ".askcloud" / "embeddings.sqlite"
    if cache.is_file():
        shutil.copy2(cache, work / "data" / "embeddings.sqlite")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASKCLOUD_")}
    env.update(OFFLINE)
    env.update(ASKCLOUD_CORPUS_DIR=str(work / "corpus"), ASKCLOUD_DATA_DIR=str(work / "data"),
               ASKCLOUD_EMBEDDING_BACKEND=embedding, ASKCLOUD_PROMPTS_DIR=str(ROOT / "prompts"),
               ASKCLOUD_LLM_MODEL_PATH=str(GGUF))
    return env


def index(env: dict[str, str], work: Path) -> float:
    started = time.perf_counter()
    proc = subprocess.run([ASKCLOUD, "index", "--json"], env=env, cwd=work, capture_output=True, text=True,
                          timeout=1800, stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        sys.exit(f"askcloud index failed: {proc.stderr.strip()[-500:]}")
    return time.perf_counter() - started


class Served:
    """`askcloud --backend B serve` on a free port of 127.0.0.1, in its own process group."""

    def __init__(self, backend: str, env: dict[str, str], work: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = work / f"serve-{backend}.log"
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen([ASKCLOUD, "--backend", backend, "serve", "--port", str(self.port)],
                                         env=env, cwd=work, stdout=log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, start_new_session=True)

    def wait_ready(self, limit_s: float = 180) -> float:
        started = time.perf_counter()
        while time.perf_counter() - started < limit_s:
            if self.proc.poll() is not None:
                sys.exit(f"the server exited ({self.proc.returncode}): {self.log.read_text()[-1500:]}")
            try:
                with urllib.request.urlopen(self.url, timeout=2) as response:
                    if response.status == 200:
                        return time.perf_counter() - started
            except OSError:
                time.sleep(0.3)
        self.stop()
        sys.exit(f"no web chat at {self.url} after {limit_s:.0f} s")

    def peak_rss_mb(self) -> float | None:
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
        except OSError:
            pass
        return None

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ------------------------------------------------------------------ one phase

def run_phase(backend: str, sessions: int, turns: int, env: dict[str, str], work: Path, timeout: float) -> dict:
    server = Served(backend, env, work)
    try:
        startup_s = server.wait_ready()
        warm_up_s = warm_up(server.url, timeout)
        conversations = [c.__class__(c.name, c.topic_docs, c.questions[:turns]) for c in CONVERSATIONS[:sessions]]
        firsts = [c.questions[0] for c in conversations]
        start = threading.Barrier(sessions + 1)
        with ThreadPoolExecutor(sessions) as pool:
            futures = [pool.submit(run_session, server.url, c, [f for f in firsts if f != c.questions[0]], start,
                                   timeout) for c in conversations]
            start.wait(timeout=300)
            began = time.perf_counter()
            results = [turn for future in futures for turn in future.result()]
        wall_s = time.perf_counter() - began
        rss = server.peak_rss_mb()
    finally:
        server.stop()
    return summarise(backend, sessions, turns, results, wall_s, startup_s, warm_up_s, rss)


def warm_up(url: str, timeout: float) -> float:
    """One question before the measured run (the first builds the assistant and loads the model)."""
    from gradio_client import Client

    started = time.perf_counter()
    client = Client(url, verbose=False, download_files=False, analytics_enabled=False)
    client.submit(WARM_UP, "[]", api_name="/ask_json").result(timeout=timeout)
    client.close()
    return time.perf_counter() - started


def summarise(backend: str, sessions: int, turns: int, results: list[Turn], wall_s: float, startup_s: float,
              warm_up_s: float, rss: float | None) -> dict:
    answered = [t for t in results if not t.error]
    latencies = sorted(t.latency_s for t in answered)
    follow_ups = [t for t in answered if t.turn > 1]
    return {
        "backend": backend, "sessions": sessions, "turns": turns, "questions": len(results),
        "answered": len(answered), "errors": len(results) - len(answered),
        "crossings": sum(1 for t in results if t.crossing),
        "abstained": sum(t.abstained for t in answered), "llm_fallbacks": sum(t.fallback for t in answered),
        "follow_ups_with_context": sum(1 for t in follow_ups if t.standalone), "follow_ups": len(follow_ups),
        "latency_s": {"p50": pct(latencies, 50), "p95": pct(latencies, 95), "max": round(max(latencies), 2)
                      if latencies else None, "mean": round(statistics.fmean(latencies), 2) if latencies else None},
        "throughput_qps": round(len(answered) / wall_s, 3) if wall_s else None,
        "wall_s": round(wall_s, 1), "server_start_s": round(startup_s, 1), "warm_up_s": round(warm_up_s, 1),
        "server_peak_rss_mb": rss,
        "problems": [t.to_dict() for t in results if t.error or t.crossing][:20],
        "turns_detail": [{k: v for k, v in t.to_dict().items() if k != "question"} for t in results],
    }


def pct(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile."""
    if not values:
        return None
    return round(values[max(0, math.ceil(q / 100 * len(values)) - 1)], 2)


# ------------------------------------------------------------------ report

def meta(args: argparse.Namespace, index_s: float) -> dict:
    import gradio

    from askcloud.web.app import CONCURRENCY

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "commit": commit.stdout.strip(),
            "cpus": os.cpu_count(), "python": platform.python_version(), "gradio": gradio.__version__,
            "gradio_concurrency_limit": CONCURRENCY, "embedding": args.embedding, "turns": args.turns,
            "index_s": round(index_s, 1), "percentiles": "nearest rank, over every answered question"}


def markdown(report: dict) -> str:
    head = ("| backend | sessions × questions | errors | crossings | p50 (s) | p95 (s) | max (s) | throughput (q/s) "
            "| wall (s) | abstained | LLM fallbacks | server RSS (MB) |")
    lines = [head, "|---" * (head.count("|") - 1) + "|"]
    for p in report["phases"]:
        lat = p["latency_s"]
        lines.append(f"| {p['backend']} | {p['sessions']} × {p['turns']} | {p['errors']} | {p['crossings']} | "
                     f"{lat['p50']} | {lat['p95']} | {lat['max']} | {p['throughput_qps']} | {p['wall_s']} | "
                     f"{p['abstained']} | {p['llm_fallbacks']} | {p['server_peak_rss_mb']} |")
    for p in report["phases"]:
        for problem in p["problems"]:
            lines.append(f"- {p['backend']} {problem['session']} #{problem['turn']}: "
                         f"{problem['error'] or '; '.join(problem['crossing'])}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
