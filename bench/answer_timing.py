"""What the answer-latency benchmarks share (backends.py, floor.py, cold_start.py): the fixed question sample, a
temporary index of the corpus, one timed turn, percentiles and process memory. Not a command.

A turn is timed as a user sees it: from the call to Assistant.stream to its first streamed token (TTFT) and to the
checked answer (total). The evaluation harness's `first_token` (timings_ms) starts later, when the writer node
starts, so it leaves out contextualize, routing, retrieval and grading.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import retrieval_compare as rc  # noqa: E402  (sets the offline environment first)

import os  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

ROOT = rc.ROOT
GGUF = ROOT / ".askcloud" / "models" / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
# 12 questions of evals/questions.json: 7 French answerable (facts, multi-fact, multi-document, a follow-up),
# 3 English answerable, 2 unanswerable (one French, one English).
SAMPLE_IDS = ("ev02", "ev09", "ev13", "ev16", "st09", "nn10", "fu01", "en01", "en06", "en12", "un01", "un12")
WARMUP_ID = "ev01"  # asked once before the timed questions (model load, caches); not in the sample
LOOPBACK_ENV = {"NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
os.environ.update(LOOPBACK_ENV)


def load_sample(path: Path, ids: str | tuple[str, ...] = SAMPLE_IDS) -> list:
    """The questions whose ids are given (in that order), or every question for ids == "all"."""
    from askcloud.evaluation.questions import load_questions

    questions = load_questions(path)
    if ids == "all":
        return questions
    by_id = {q.id: q for q in questions}
    missing = [i for i in ids if i not in by_id]
    if missing:
        raise SystemExit(f"no question with id {', '.join(missing)} in {path}")
    return [by_id[i] for i in ids]


def parse_ids(text: str) -> str | tuple[str, ...]:
    return "all" if text.strip() == "all" else tuple(i.strip() for i in text.split(",") if i.strip())


def bench_settings(corpus: Path, data_dir: Path, llm_backend: str, embedding_backend: str = "e5", **extra):
    """Settings of a benchmark run: its own data folder, the project's prompts, the packaged model file."""
    from askcloud.settings import Settings

    if llm_backend == "llamacpp" and "llm_model_path" not in extra:
        extra["llm_model_path"] = GGUF
    return Settings(corpus_dir=corpus, data_dir=data_dir, embedding_backend=embedding_backend,
                    llm_backend=llm_backend, prompts_dir=ROOT / "prompts", **extra)


def build_index(corpus: Path, data_dir: Path, embedding_backend: str = "e5", warm_cache: bool = True) -> dict:
    """Index the corpus into data_dir (the project's embedding cache copied in first, read-only); its report."""
    from askcloud.index.embeddings import make_embedder
    from askcloud.index.indexer import run_index
    from askcloud.index.store import ChromaStore

    data_dir.mkdir(parents=True, exist_ok=True)
    if warm_cache and rc.WARM_CACHE.exists() and not (data_dir / "embeddings.sqlite").exists():
        shutil.copy2(rc.WARM_CACHE, data_dir / "embeddings.sqlite")
    settings = bench_settings(corpus, data_dir, "extractive", embedding_backend)
    embedder = make_embedder(settings)
    started = time.perf_counter()
    report = run_index(settings, embedder, ChromaStore(settings, embedder.model_id))
    return {**report.to_dict(), "seconds": round(time.perf_counter() - started, 2)}


def timed_ask(assistant, question) -> dict:
    """One turn through Assistant.stream: time to the first checked sentence shown (ttft_s) and total from the call,
    and what the answer says about itself (timings_ms holds the draft's first token, from the writer's start)."""
    started = time.perf_counter()
    first, streamed, answer = None, 0, None
    for kind, payload in assistant.stream(question.question, question.history_list()):
        if kind == "sentence":  # the first checked sentence shown to the user (raw tokens are never shown)
            streamed += 1
            if first is None:
                first = time.perf_counter() - started
        elif kind == "answer":
            answer = payload
    total = time.perf_counter() - started
    write = answer.trace.get("write", {})
    return {"id": question.id, "lang": question.lang, "kind": question.kind, "answerable": question.answerable,
            "ttft_s": rnd(first), "total_s": rnd(total), "streamed_chunks": streamed,
            "write_mode": write.get("mode", "none (abstained before writing)"), "abstained": answer.abstained,
            "prompt_tokens": answer.usage.get("input_tokens"), "output_tokens": answer.usage.get("output_tokens"),
            "timings_ms": {k: round(v, 1) for k, v in answer.timings_ms.items()}, "answer": answer.answer,
            "started_at": started}


def spread(values: list[float | None], digits: int = 2) -> dict:
    """p50, p95, mean and count of the values that are there."""
    present = [v for v in values if v is not None]
    if not present:
        return {"p50": None, "p95": None, "mean": None, "n": 0}
    return {"p50": rnd(rc.percentile(present, 50), digits), "p95": rnd(rc.percentile(present, 95), digits),
            "mean": rnd(statistics.fmean(present), digits), "n": len(present)}


def rnd(value: float | None, digits: int = 3) -> float | None:
    return rc.rnd(value, digits)


def peak_rss_mib(pid: int | str = "self") -> float | None:
    """VmHWM (peak resident memory) of one process, in MiB; None when it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return round(int(match.group(1)) / 1024, 1) if match else None


def tree_peak_rss_mib(pid: int) -> float:
    """Sum of the VmHWM of a process and its live descendants, in MiB (an upper bound of the tree's peak)."""
    import scale

    return scale.memory_mib(pid)["peak_mib"]
