"""How llama.cpp's OpenMP threads wait, and what it does to its speed on 2 cores: quiet, with a second thread team in
the process, with OMP_WAIT_POLICY=PASSIVE, and with one competing busy process.

Usage (from the repository root; the lock keeps other heavy runs off the 2 cores while it measures):
    flock /tmp/askcloud-cpu.lock .venv/bin/python bench/llama_threads.py [--repeat 4]
        [--out bench/results/llama_threads.json] [--from-json FILE]

This llama-cpp-python build uses OpenMP (libggml-cpu links libgomp): every decode step is one parallel region of
`n_threads` threads with a barrier between operations, and libgomp's idle threads spin before they sleep — unless
it manages more threads than there are CPUs, where it nearly stops spinning. Each mode runs in a fresh child
process (clean OpenMP state) with the local backend's settings (LlamaCppChat from the factory), and times the same
cold completion (a 700-character passage, a 60-token answer) --repeat times with llama.cpp's own counters:
  main              completions from the main thread: one team, spinning waits (`askcloud ask`, `serve`)
  two-teams         alternately from the main thread and from a worker thread: two teams of 2 threads on 2 CPUs
                    (what a second caller thread or a second Llama in the same process causes)
  passive           main thread, OMP_WAIT_POLICY=PASSIVE: threads sleep at once
  main+busy         `main` while one other process spins on a core (a concurrent request, another program)
  passive+busy      `passive` while that process spins
Prints a Markdown table; writes JSON (--out).
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
import subprocess  # noqa: E402
import time  # noqa: E402

ROOT = rc.ROOT
MODES = ("main", "two-teams", "passive", "main+busy", "passive+busy")
BUSY = "import time\nend = time.monotonic() + {seconds}\nwhile time.monotonic() < end:\n    pass\n"


def messages() -> list[dict]:
    text = (ROOT / "corpus" / "ovh-summit-2014.txt").read_text(encoding="utf-8")[:700]
    return [{"role": "system", "content": "Tu es askcloud. Réponds en français."},
            {"role": "user", "content": f"{text}\nRésume ce passage en détail, en dix phrases."}]


def worker(mode: str, repeat: int, max_tokens: int) -> list[dict]:
    """In the child: load the model, then time `repeat` cold completions from the threads the mode says; one JSON
    line per run on stdout as it ends (a run cut by the time limit keeps the ones before it)."""
    import concurrent.futures as cf

    import floor
    from askcloud.llm.factory import make_chat_model

    chat = make_chat_model(at.bench_settings(ROOT / "corpus", ROOT / ".askcloud", "llamacpp"))
    llama = chat.load()
    kwargs = chat.completion_kwargs(messages(), None, max_tokens=max_tokens)
    floor.model_alone(llama, kwargs)  # warm-up, main thread
    runs = []
    for i in range(repeat):
        in_thread = mode == "two-teams" and i % 2 == 1
        if in_thread:
            with cf.ThreadPoolExecutor(1) as pool:
                result = pool.submit(floor.model_alone, llama, kwargs).result()
        else:
            result = floor.model_alone(llama, kwargs)
        c = result["counters"]
        runs.append({"thread": "worker" if in_thread else "main",
                     "prompt_tok_s": round(c["prompt_tokens"] / c["prompt_ms"] * 1000, 2),
                     "decode_tok_s": round(c["decode_steps"] / c["decode_ms"] * 1000, 2), "counters": c,
                     "wall_s": result["total_s"]})
        print(json.dumps(runs[-1]), flush=True)
    return runs


def run_mode(mode: str, repeat: int, max_tokens: int, timeout_s: float) -> dict:
    env = dict(os.environ)
    if mode.startswith("passive"):
        env["OMP_WAIT_POLICY"] = "PASSIVE"
    busy = None
    if mode.endswith("+busy"):
        busy = subprocess.Popen([sys.executable, "-c", BUSY.format(seconds=timeout_s)])
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", mode, "--repeat", str(repeat),
           "--max-tokens", str(max_tokens)]
    timed_out = False
    try:
        out = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, timeout=timeout_s, env=env).stdout
    except subprocess.TimeoutExpired as exc:
        timed_out = True
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
    finally:
        if busy:
            busy.kill()
            busy.wait()
    runs = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    row = {"mode": mode, "runs": runs, "by_thread": summarise(runs), "timed_out": timed_out}
    if timed_out:
        row["note"] = f"{len(runs)} of {repeat} runs within {timeout_s:.0f} s"
    return row


def summarise(runs: list[dict]) -> dict:
    out = {}
    for thread in ("main", "worker"):
        mine = [r for r in runs if r["thread"] == thread]
        if mine:
            out[thread] = {key: at.spread([r[key] for r in mine], 1) for key in ("prompt_tok_s", "decode_tok_s")}
    return out


def markdown_table(rows: list[dict]) -> str:
    f = rc.fmt
    lines = ["| mode | thread | runs | prompt tokens/s (median, min–max) | decode tokens/s (median, min–max) |",
             "|---|---|---|---|---|"]
    for r in rows:
        if r.get("timed_out"):
            lines.append(f"| {r['mode']} | – | {r['note']} | | |")
        for thread, stats in r["by_thread"].items():
            cells = []
            for key in ("prompt_tok_s", "decode_tok_s"):
                values = [x[key] for x in r["runs"] if x["thread"] == thread]
                cells.append(f"{f(stats[key]['p50'], 1)} ({f(min(values), 1)}–{f(max(values), 1)})")
            lines.append(f"| {r['mode']} | {thread} | {stats['prompt_tok_s']['n']} | {cells[0]} | {cells[1]} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=4)
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--max-tokens", type=int, default=60)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "llama_threads.json"))
    parser.add_argument("--timeout-s", type=float, default=600, help="limit of one mode's child process")
    parser.add_argument("--from-json", help="re-print the table of a saved report; no run")
    parser.add_argument("--worker", choices=MODES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.from_json:
        print(markdown_table(json.loads(Path(args.from_json).read_text(encoding="utf-8"))["results"]))
        return 0
    if args.worker:
        worker(args.worker, args.repeat, args.max_tokens)
        return 0
    if not at.GGUF.is_file():
        raise SystemExit(f"the local model is not assembled at {at.GGUF}: run `make model`")
    meta = rc.machine_info()
    started = time.perf_counter()
    rows = []
    for mode in (m.strip() for m in args.modes.split(",") if m.strip()):
        rc.log(f"[{mode}] …")
        rows.append(run_mode(mode, args.repeat, args.max_tokens, args.timeout_s))
        rc.log(f"  {json.dumps(rows[-1]['by_thread'])}{' ' + rows[-1]['note'] if rows[-1]['timed_out'] else ''}")
    args.plot = None
    return rc.finish(meta, rows, args, started, "bench/llama_threads.py", argv, markdown_table(rows),
                     repeat=args.repeat, max_tokens=args.max_tokens)


if __name__ == "__main__":
    sys.exit(main())
