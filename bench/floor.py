"""The pipeline's answer time against the floor the local model itself sets on this machine (issue #5).

Usage (from the repository root; the lock keeps other heavy runs off the 2 cores while it measures):
    flock /tmp/askcloud-cpu.lock .venv/bin/python bench/floor.py [--ids ev02,en01,…|all] [--rounds 3]
        [--out bench/results/floor.json] [--plot docs/floor.png] [--from-json FILE]

A temporary e5 + Chroma index of corpus/, the default settings and the local GGUF. After one warm-up question
(model loads, caches), --rounds passes over the questions; for each question in turn:
  1. the pipeline: Assistant.stream, timed from the call to the first streamed token (TTFT) and to the checked
     answer (total). Its chat model is the factory's LlamaCppChat with a recorder around `_stream`: the exact
     messages the writer sent, when the call entered, gave its first token and ended, and llama.cpp's own counters
     for that call (prompt tokens evaluated and their ms, decode steps and their ms). Every graph node is timed
     (a wrapper around each node function: two clock reads).
  2. the model alone: a child process holding its own Llama, built by the same factory from the same settings
     (n_ctx, threads, batch, seed), runs the same create_chat_completion (the arguments LlamaCppChat would pass:
     same messages, same sampling) after llama.reset(): a cold cache, every prompt token evaluated. Its time to
     the first token is the prompt time, the rest the generation time. (A child process, not a second Llama in
     this one: see AloneProcess.)
Speeds of the run (model alone, all turns): prompt speed = Σ prompt tokens / Σ prompt time; generation speed =
Σ decode steps / Σ generation time. Two floors per turn, both with those speeds:
  cold floor = prompt tokens / prompt speed + decode steps / generation speed: the issue's definition, every prompt
      token evaluated.
  warm floor = the same, less the prompt prefix the pipeline's llama.cpp reused from its previous call (the fixed
      system prompt, sometimes a first passage): the model's time for the work the pipeline really asked of it.
      Stricter; it is the one that shows what the pipeline itself adds.
overhead = pipeline total / floor − 1, per turn, per question (median over the rounds) and over the run (Σ totals
/ Σ floors − 1). Target ≤ 15 %. Turns the graph abstains on before writing make no LLM call: listed, no floor.
Prints Markdown tables; writes JSON (--out) and a plot (--plot).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import answer_timing as at  # noqa: E402  (sets the offline environment first)
import retrieval_compare as rc  # noqa: E402

import argparse  # noqa: E402
import functools  # noqa: E402
import json  # noqa: E402
import select  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

ROOT = rc.ROOT
TARGET = 0.15
NODES = ("contextualize", "route", "specialist", "grade", "rewrite", "write", "factcheck", "abstain")


# ---------------------------------------------------------------------------------------------- llama.cpp counters

def perf_reset(llama) -> None:
    import llama_cpp

    llama_cpp.llama_perf_context_reset(llama._ctx.ctx)


def perf_read(llama) -> dict:
    """llama.cpp's counters since the last reset: batches of more than one token count as prompt evaluation."""
    import llama_cpp

    data = llama_cpp.llama_perf_context(llama._ctx.ctx)
    return {"prompt_tokens": int(data.n_p_eval), "prompt_ms": round(data.t_p_eval_ms, 1),
            "decode_steps": int(data.n_eval), "decode_ms": round(data.t_eval_ms, 1)}


# ---------------------------------------------------------------------------------------------- the pipeline's model

def recording_chat(settings):
    """The factory's LlamaCppChat, as a subclass that records every call (messages, times, llama.cpp counters)."""
    from langchain_core.messages import BaseMessage
    from pydantic import PrivateAttr

    from askcloud.llm.factory import make_chat_model
    from askcloud.llm.llamacpp import LlamaCppChat, chat_payload

    class RecordingLlamaCppChat(LlamaCppChat):
        _calls: list = PrivateAttr(default_factory=list)

        def _stream(self, messages: list[BaseMessage], stop=None, run_manager=None, **kwargs):
            llama = self.load()
            call = {"messages": chat_payload(messages), "stop": stop, "kwargs": dict(kwargs),
                    "entered": time.perf_counter(), "first": None, "ended": None, "text": ""}
            self._calls.append(call)
            perf_reset(llama)
            for chunk in super()._stream(messages, stop, run_manager, **kwargs):
                if chunk.message.content:
                    call["first"] = call["first"] or time.perf_counter()
                    call["text"] += chunk.message.content
                yield chunk
            call["ended"] = time.perf_counter()
            call["perf"] = perf_read(llama)

    plain = make_chat_model(settings)
    return RecordingLlamaCppChat(**plain.model_dump())


def timed_node(name: str, fn, log: list):
    @functools.wraps(fn)
    def node(state, deps):
        started = time.perf_counter()
        try:
            return fn(state, deps=deps)
        finally:
            log.append((name, started, time.perf_counter()))
    return node


def instrument_nodes(log: list) -> None:
    """Time every node function the graph wires (before the graph is built; this process only)."""
    import askcloud.agents.graph as graph

    for name in NODES:
        fn = getattr(graph, name)
        if not hasattr(fn, "__wrapped__"):
            setattr(graph, name, timed_node(name, fn, log))


# ---------------------------------------------------------------------------------------------- the model alone

def model_alone(llama, kwargs: dict) -> dict:
    """One completion on a cleared cache: prompt time (to the first token) and generation time (the rest)."""
    llama.reset()
    perf_reset(llama)
    started = time.perf_counter()
    first, parts, finish = None, [], None
    for part in llama.create_chat_completion(**kwargs):
        choice = part["choices"][0]
        delta = choice.get("delta", {}).get("content")
        if delta:
            first = first if first is not None else time.perf_counter()
            parts.append(delta)
        finish = choice.get("finish_reason") or finish
    ended = time.perf_counter()
    first = first if first is not None else ended
    return {"prompt_s": round(first - started, 4), "generation_s": round(ended - first, 4),
            "total_s": round(ended - started, 4), "text": "".join(parts).strip(), "finish": finish,
            "counters": perf_read(llama)}


class AloneInProcess:
    """The model alone in this process (tests). Not for measuring: a second OpenMP team in the pipeline's process
    changes how llama.cpp's threads wait (see AloneProcess)."""

    def __init__(self, llama) -> None:
        self.llama = llama

    def run(self, kwargs: dict) -> dict:
        return model_alone(self.llama, kwargs)

    def close(self) -> None:
        pass


class AloneProcess:
    """The model alone in a child process with its own Llama (same settings, built by the same factory), fed the
    completion arguments one JSON line at a time. Nothing of the pipeline's process touches it: when the same
    process ran both, libgomp saw two thread teams on 2 CPUs, cut its spin-waiting short at every barrier, and
    the pipeline decoded slower than it does alone in `askcloud ask` (bench/llama_threads.py, two-teams)."""

    def __init__(self, corpus: Path, data_dir: Path, embedding_backend: str, timeout_s: float = 900) -> None:
        cmd = [sys.executable, str(Path(__file__).resolve()), "--alone-worker", "--corpus", str(corpus),
               "--data-dir", str(data_dir), "--embedding-backend", embedding_backend]
        self.timeout_s = timeout_s
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.ready = self._read()

    def _read(self) -> dict:
        ready, _, _ = select.select([self.proc.stdout], [], [], self.timeout_s)
        line = self.proc.stdout.readline() if ready else ""
        if not line:
            self.close()
            raise RuntimeError("the model-alone process did not answer")
        return json.loads(line)

    def run(self, kwargs: dict) -> dict:
        self.proc.stdin.write(json.dumps(kwargs, ensure_ascii=False) + "\n")
        self.proc.stdin.flush()
        return self._read()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def alone_worker(settings) -> None:
    """The child's loop: load the model, say so, then one completion per JSON line of stdin."""
    from askcloud.llm.factory import make_chat_model

    chat = make_chat_model(settings)
    llama = chat.load()
    print(json.dumps({"ready": True, "n_ctx": llama.n_ctx(), "n_batch": llama.n_batch,
                      "n_threads": chat.n_threads}), flush=True)
    for line in sys.stdin:
        if line.strip():
            print(json.dumps(model_alone(llama, json.loads(line)), ensure_ascii=False), flush=True)


# ---------------------------------------------------------------------------------------------- one question

def union_s(intervals: list[tuple[float, float]]) -> float:
    """Length of the union of (start, end) intervals: time during which at least one node ran."""
    total, reach = 0.0, None
    for start, end in sorted(intervals):
        if reach is None or start > reach:
            total += end - start
            reach = end
        elif end > reach:
            total += end - reach
            reach = end
    return total


def breakdown(turn: dict, nodes: list[tuple[str, float, float]], call: dict | None) -> dict:
    """Where the pipeline's total went: node times, the LLM call, llama.cpp's compute inside it, the rest."""
    started, total = turn["started_at"], turn["total_s"]
    per_node: dict[str, float] = {}
    for name, start, end in nodes:
        per_node[name] = per_node.get(name, 0.0) + end - start
    out = {"nodes_s": {k: round(v, 4) for k, v in per_node.items()},
           "graph_other_s": round(total - union_s([(s, e) for _, s, e in nodes]), 4)}
    if call is None:
        return out
    llm = call["ended"] - call["entered"]
    compute = (call["perf"]["prompt_ms"] + call["perf"]["decode_ms"]) / 1000
    before = call["entered"] - started
    out.update(before_llm_s=round(before, 4), llm_call_s=round(llm, 4), after_llm_s=round(total - before - llm, 4),
               llm_compute_s=round(compute, 4), llm_runtime_s=round(llm - compute, 4),
               writer_outside_llm_s=round(per_node.get("write", 0.0) - llm, 4))
    return out


def run_question(assistant, chat, alone, question, nodes: list) -> dict:
    """The pipeline on one question, then the model alone on the exact completion the writer asked for."""
    nodes.clear()
    chat._calls.clear()
    turn = at.timed_ask(assistant, question)
    call = chat._calls[-1] if chat._calls else None
    row = {k: v for k, v in turn.items() if k != "started_at"}
    row["llm_calls"] = len(chat._calls)
    row["breakdown"] = breakdown(turn, list(nodes), call)
    if call is None:
        return row
    result = alone.run(chat.completion_kwargs(call["messages"], call["stop"], **call["kwargs"]))
    pipeline = call["perf"]
    prompt_tokens = result["counters"]["prompt_tokens"]
    row["pipeline_llm"] = {**pipeline, "ttft_in_call_s": round(call["first"] - call["entered"], 4)
                           if call["first"] else None}
    row["prompt_tokens"] = prompt_tokens
    row["reused_prefix_tokens"] = max(0, prompt_tokens - pipeline["prompt_tokens"])
    row["decode_steps"] = pipeline["decode_steps"]
    row["alone"] = {k: v for k, v in result.items() if k != "text"}
    row["same_output"] = result["text"] == call["text"].strip()
    return row


# ---------------------------------------------------------------------------------------------- floors

def speeds(rows: list[dict]) -> dict:
    """Prompt and generation speeds of the model alone over the whole run (tokens per second)."""
    measured = [r for r in rows if "alone" in r]
    prompt_tokens = sum(r["alone"]["counters"]["prompt_tokens"] for r in measured)
    prompt_s = sum(r["alone"]["prompt_s"] for r in measured)
    steps = sum(r["alone"]["counters"]["decode_steps"] for r in measured)
    gen_s = sum(r["alone"]["generation_s"] for r in measured)
    compute_p = sum(r["alone"]["counters"]["prompt_ms"] for r in measured) / 1000
    compute_g = sum(r["alone"]["counters"]["decode_ms"] for r in measured) / 1000
    pipe_p = sum(r["pipeline_llm"]["prompt_tokens"] for r in measured)
    pipe_p_s = sum(r["pipeline_llm"]["prompt_ms"] for r in measured) / 1000
    pipe_g = sum(r["pipeline_llm"]["decode_steps"] for r in measured)
    pipe_g_s = sum(r["pipeline_llm"]["decode_ms"] for r in measured) / 1000
    return {"prompt_tok_s": rc.rnd(prompt_tokens / prompt_s if prompt_s else None, 2),
            "generation_tok_s": rc.rnd(steps / gen_s if gen_s else None, 2),
            "llamacpp_compute_prompt_tok_s": rc.rnd(prompt_tokens / compute_p if compute_p else None, 2),
            "llamacpp_compute_generation_tok_s": rc.rnd(steps / compute_g if compute_g else None, 2),
            "pipeline_llamacpp_compute_prompt_tok_s": rc.rnd(pipe_p / pipe_p_s if pipe_p_s else None, 2),
            "pipeline_llamacpp_compute_generation_tok_s": rc.rnd(pipe_g / pipe_g_s if pipe_g_s else None, 2),
            "turns": len(measured)}


def add_floors(rows: list[dict], speed: dict) -> None:
    ps, gs = speed["prompt_tok_s"], speed["generation_tok_s"]
    for r in rows:
        if "alone" not in r or not ps or not gs:
            continue
        generation = r["decode_steps"] / gs
        cold_ttft = r["prompt_tokens"] / ps
        warm_ttft = (r["prompt_tokens"] - r["reused_prefix_tokens"]) / ps
        r["floor"] = {"cold_ttft_s": round(cold_ttft, 3), "warm_ttft_s": round(warm_ttft, 3),
                      "cold_s": round(cold_ttft + generation, 3), "warm_s": round(warm_ttft + generation, 3)}
        r["overhead"] = {"cold": round(r["total_s"] / r["floor"]["cold_s"] - 1, 4),
                         "warm": round(r["total_s"] / r["floor"]["warm_s"] - 1, 4),
                         "direct": round(r["total_s"] / r["alone"]["total_s"] - 1, 4)}


def overall(rows: list[dict]) -> dict:
    measured = [r for r in rows if "floor" in r]
    if not measured:
        return {}
    total = sum(r["total_s"] for r in measured)
    out = {"turns": len(measured), "pipeline_total_s": round(total, 2)}
    for kind in ("cold", "warm"):
        floor = sum(r["floor"][f"{kind}_s"] for r in measured)
        out[f"{kind}_floor_s"] = round(floor, 2)
        out[f"{kind}_overhead"] = round(total / floor - 1, 4)
        out[f"{kind}_overhead_p50"] = at.spread([r["overhead"][kind] for r in measured], 4)["p50"]
        out[f"{kind}_target_met"] = total / floor - 1 <= TARGET
    direct = sum(r["alone"]["total_s"] for r in measured)
    out["direct_model_alone_s"] = round(direct, 2)
    out["direct_overhead"] = round(total / direct - 1, 4)
    parts = ("before_llm_s", "llm_call_s", "after_llm_s", "llm_compute_s", "llm_runtime_s", "writer_outside_llm_s",
             "graph_other_s")
    out["breakdown_s"] = {p: round(sum(r["breakdown"][p] for r in measured), 3) for p in parts}
    nodes: dict[str, float] = {}
    for r in measured:
        for name, value in r["breakdown"]["nodes_s"].items():
            nodes[name] = nodes.get(name, 0.0) + value
    out["nodes_s"] = {k: round(v, 3) for k, v in nodes.items()}
    out["ttft"] = {"pipeline": at.spread([r["ttft_s"] for r in measured]),
                   "cold_floor": at.spread([r["floor"]["cold_ttft_s"] for r in measured]),
                   "warm_floor": at.spread([r["floor"]["warm_ttft_s"] for r in measured])}
    return out


def per_question(rows: list[dict]) -> list[dict]:
    """Medians over the rounds, one line per question, in the order asked."""
    out: dict[str, dict] = {}
    for r in rows:
        out.setdefault(r["id"], {"id": r["id"], "lang": r["lang"], "rows": []})["rows"].append(r)

    def med(values) -> float | None:
        return at.spread(list(values), 4)["p50"]

    for q in out.values():
        rs = q.pop("rows")
        measured = [r for r in rs if "floor" in r]
        q.update(rounds=len(rs), llm_turns=len(measured), write_mode=rs[-1]["write_mode"],
                 total_s=med(r["total_s"] for r in rs), ttft_s=med(r["ttft_s"] for r in rs))
        if measured:
            q.update(prompt_tokens=med(r["prompt_tokens"] for r in measured),
                     reused_prefix_tokens=med(r["reused_prefix_tokens"] for r in measured),
                     decode_steps=med(r["decode_steps"] for r in measured),
                     alone_s=med(r["alone"]["total_s"] for r in measured),
                     before_llm_s=med(r["breakdown"]["before_llm_s"] for r in measured),
                     llm_call_s=med(r["breakdown"]["llm_call_s"] for r in measured),
                     llm_first_token_s=med(r["pipeline_llm"]["ttft_in_call_s"] or r["breakdown"]["llm_call_s"]
                                           for r in measured),
                     after_llm_s=med(r["breakdown"]["after_llm_s"] for r in measured),
                     floor={k: med(r["floor"][k] for r in measured) for k in measured[0]["floor"]},
                     overhead={k: med(r["overhead"][k] for r in measured) for k in measured[0]["overhead"]})
    return list(out.values())


# ---------------------------------------------------------------------------------------------- run

def run(questions, corpus: Path, work: Path, warmup, embedding_backend: str = "e5", rounds: int = 1,
        alone=None) -> dict:
    """Index, warm up, then `rounds` passes over the questions: the pipeline, then the model alone, each time."""
    from askcloud.agents.deps import Deps
    from askcloud.assistant import Assistant

    index = at.build_index(corpus, work / "data", embedding_backend)
    rc.log(f"index: {index['chunks']} chunks ({index['embedded']} embedded) in {index['seconds']} s")
    settings = at.bench_settings(corpus, work / "data", "llamacpp", embedding_backend)
    nodes: list = []
    instrument_nodes(nodes)
    chat = recording_chat(settings)
    bare = Assistant(settings)
    assistant = Assistant(settings, deps_override=Deps(settings, bare.retriever, chat))
    started = time.perf_counter()
    alone = alone or AloneProcess(corpus, work / "data", embedding_backend)
    try:
        warm = run_question(assistant, chat, alone, warmup, nodes)
        rc.log(f"warm-up {warmup.id}: {warm['total_s']} s (models loaded in {time.perf_counter() - started:.1f} s)")
        rows = []
        for round_ in range(1, rounds + 1):
            for question in questions:
                row = {"round": round_, **run_question(assistant, chat, alone, question, nodes)}
                rc.log(f"  [{round_}] {question.id}: TTFT {row['ttft_s']} s, total {row['total_s']} s, model alone "
                       f"{row.get('alone', {}).get('total_s', '–')} s, prompt {row.get('prompt_tokens', '–')} "
                       f"tokens ({row.get('reused_prefix_tokens', '–')} reused)")
                rows.append(row)
    finally:
        alone.close()
    speed = speeds(rows)
    add_floors(rows, speed)
    settings_used = {"n_ctx": chat.n_ctx, "n_threads": chat.n_threads, "max_tokens": chat.max_tokens,
                     "temperature": chat.temperature, "n_batch": chat.load().n_batch,
                     "model": Path(chat.model_path).name}
    return {"rows": rows, "speeds": speed, "overall": overall(rows), "per_question": per_question(rows),
            "warmup": warm, "index": index, "llama": settings_used, "rounds": rounds}


# ---------------------------------------------------------------------------------------------- output

def pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:+.0f} %"


def markdown(report: dict) -> str:
    f = rc.fmt
    speed, total = report["speeds"], report["overall"]
    lines = [f"Model alone (its own process, llama-cpp-python, cold cache): prompt {f(speed['prompt_tok_s'], 1)} "
             f"tokens/s, generation {f(speed['generation_tok_s'], 1)} tokens/s (llama.cpp's own counters: "
             f"{f(speed['llamacpp_compute_prompt_tok_s'], 1)} / {f(speed['llamacpp_compute_generation_tok_s'], 1)}; "
             f"the same counters inside the pipeline: {f(speed['pipeline_llamacpp_compute_prompt_tok_s'], 1)} / "
             f"{f(speed['pipeline_llamacpp_compute_generation_tok_s'], 1)}). Medians over {report['rounds']} "
             "round(s):", "",
             "| question | prompt tokens (reused) | decode steps | TTFT s | floor TTFT s cold / warm | total s | "
             "floor s cold / warm | model alone s | overhead cold | overhead warm |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for q in report["per_question"]:
        if not q["llm_turns"]:
            lines.append(f"| {q['id']} ({q['lang']}) | no LLM call ({q['write_mode']}) | | – | | "
                         f"{f(q['total_s'])} | | | | |")
            continue
        fl = q["floor"]
        lines.append(f"| {q['id']} ({q['lang']}) | {f(q['prompt_tokens'], 0)} ({f(q['reused_prefix_tokens'], 0)}) | "
                     f"{f(q['decode_steps'], 0)} | {f(q['ttft_s'])} | {f(fl['cold_ttft_s'])} / {f(fl['warm_ttft_s'])} | "
                     f"{f(q['total_s'])} | {f(fl['cold_s'])} / {f(fl['warm_s'])} | {f(q['alone_s'])} | "
                     f"{pct(q['overhead']['cold'])} | {pct(q['overhead']['warm'])} |")
    if total:
        lines += ["", f"Over {total['turns']} turns with an LLM call: pipeline {f(total['pipeline_total_s'])} s; cold "
                  f"floor {f(total['cold_floor_s'])} s, overhead {pct(total['cold_overhead'])} (median per turn "
                  f"{pct(total['cold_overhead_p50'])}; target ≤ {TARGET * 100:.0f} %: "
                  f"{'met' if total['cold_target_met'] else 'NOT met'}); warm floor {f(total['warm_floor_s'])} s, "
                  f"overhead {pct(total['warm_overhead'])} (median {pct(total['warm_overhead_p50'])}: "
                  f"{'met' if total['warm_target_met'] else 'NOT met'}); model alone measured directly "
                  f"{f(total['direct_model_alone_s'])} s ({pct(total['direct_overhead'])}).", "",
                  "Where the pipeline's time went (seconds, summed over those turns):", "",
                  "| before the LLM call | LLM call | of which llama.cpp compute | of which runtime (template, "
                  "sampling, streaming) | after the LLM call | graph outside nodes |",
                  "|---|---|---|---|---|---|"]
        b = total["breakdown_s"]
        lines.append(f"| {f(b['before_llm_s'])} | {f(b['llm_call_s'])} | {f(b['llm_compute_s'])} | "
                     f"{f(b['llm_runtime_s'])} | {f(b['after_llm_s'])} | {f(b['graph_other_s'])} |")
        lines += ["", "| node | " + " | ".join(total["nodes_s"]) + " |",
                  "|---|" + "---|" * len(total["nodes_s"]),
                  "| seconds | " + " | ".join(f(v, 3) for v in total["nodes_s"].values()) + " |"]
    return "\n".join(lines)


def plot(questions: list[dict], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    measured = [q for q in questions if q["llm_turns"]]
    if not measured:
        return
    fig, ax = plt.subplots(figsize=(11, 4.6))
    xs = range(len(measured))
    w = 0.38
    before = [q["before_llm_s"] for q in measured]
    first = [q["llm_first_token_s"] for q in measured]
    rest = [q["llm_call_s"] - q["llm_first_token_s"] for q in measured]
    after = [q["after_llm_s"] for q in measured]
    left = [x - w / 2 for x in xs]
    ax.bar(left, before, w, color="tab:orange", label="pipeline: before the LLM call")
    ax.bar(left, first, w, bottom=before, color="tab:blue", label="pipeline: LLM call to its first token")
    ax.bar(left, rest, w, bottom=[a + b for a, b in zip(before, first)], color="tab:cyan",
           label="pipeline: LLM generation")
    ax.bar(left, after, w, bottom=[a + b + c for a, b, c in zip(before, first, rest)], color="tab:red",
           label="pipeline: after (fact-check)")
    right = [x + w / 2 for x in xs]
    prompt = [q["floor"]["cold_ttft_s"] for q in measured]
    gen = [q["floor"]["cold_s"] - q["floor"]["cold_ttft_s"] for q in measured]
    ax.bar(right, prompt, w, color="tab:gray", alpha=0.6, label="cold floor: prompt")
    ax.bar(right, gen, w, bottom=prompt, color="tab:green", alpha=0.6, label="cold floor: generation")
    ax.scatter(right, [q["floor"]["warm_s"] for q in measured], marker="_", s=300, color="k", zorder=3,
               label="warm floor (prefix reused)")
    ax.scatter(left, [q["ttft_s"] for q in measured], marker="v", color="k", s=18, zorder=3, label="pipeline TTFT")
    ax.set_xticks(list(xs), [q["id"] for q in measured])
    ax.set_ylabel("seconds (medians over the rounds)")
    ax.legend(fontsize=7, ncol=2, loc="upper left")
    ax.set_ylim(0, max(q["total_s"] for q in measured) * 1.35)
    ax.set_title(title, fontsize=9)
    rc.save_figure(fig, path)


def _title(meta: dict) -> str:
    return (f"askcloud pipeline vs the model's floor (Qwen2.5-1.5B Q4_K_M, llama.cpp, {meta['cores']} cores), "
            f"{meta['date'][:10]}, load {meta['loadavg_start'][0]:.1f}–{meta['loadavg_end'][0]:.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", default=str(ROOT / "evals" / "questions.json"))
    parser.add_argument("--ids", default=",".join(at.SAMPLE_IDS), help="comma-separated question ids, or all")
    parser.add_argument("--rounds", type=int, default=3, help="passes over the questions (medians reported)")
    parser.add_argument("--corpus", default=str(ROOT / "corpus"))
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "floor.json"))
    parser.add_argument("--plot", default=str(ROOT / "docs" / "floor.png"))
    parser.add_argument("--from-json", help="re-print the tables and redraw the plot of a saved report; no run")
    parser.add_argument("--alone-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", help=argparse.SUPPRESS)
    parser.add_argument("--embedding-backend", default="e5", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.alone_worker:
        alone_worker(at.bench_settings(Path(args.corpus), Path(args.data_dir), "llamacpp", args.embedding_backend))
        return 0
    if args.from_json:
        saved = json.loads(Path(args.from_json).read_text(encoding="utf-8"))
        report = {**saved["meta"]["summary"], "rows": saved["results"], "per_question": per_question(saved["results"])}
        if args.plot:
            plot(report["per_question"], Path(args.plot), _title(saved["meta"]))
        print(markdown(report))
        return 0
    if not at.GGUF.is_file():
        raise SystemExit(f"the local model is not assembled at {at.GGUF}: run `make model`")
    questions = at.load_sample(Path(args.questions), at.parse_ids(args.ids))
    warmup = at.load_sample(Path(args.questions), (at.WARMUP_ID,))[0]
    meta = rc.machine_info()
    work = Path(tempfile.mkdtemp(prefix="askcloud-floor-"))
    rc.log(f"data folder: {work}")
    started = time.perf_counter()
    try:
        report = run(questions, Path(args.corpus), work, warmup, args.embedding_backend, args.rounds)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    summary = {k: report[k] for k in ("speeds", "overall", "per_question", "llama", "index", "rounds")}
    summary["warmup"] = {k: v for k, v in report["warmup"].items() if k in ("id", "total_s", "ttft_s")}
    return rc.finish(meta, report["rows"], args, started, "bench/floor.py", argv, markdown(report),
                     lambda rows, path, title: plot(report["per_question"], path, title), _title,
                     summary=summary, target=TARGET, ids=[q.id for q in questions])


if __name__ == "__main__":
    sys.exit(main())
