"""Cold start and peak memory of the command line and of the web chat, each in a fresh process.

Usage (from the repository root; the lock keeps other heavy runs off the 2 cores while it measures):
    flock /tmp/askcloud-cpu.lock .venv/bin/python bench/cold_start.py [--repeat 3] [--backends extractive,llamacpp]
        [--out bench/results/cold_start.json] [--plot docs/cold_start.png] [--from-json FILE]

The corpus is indexed first into a temporary data folder (e5; the project's embedding cache copied in). Then each
measure starts a new process of the installed `askcloud` command (offline environment, that data folder, the
packaged model file through ASKCLOUD_LLM_MODEL_PATH, no ASKCLOUD_* setting inherited), --repeat times:
  help          `askcloud --help`: seconds to exit
  ask BACKEND   `askcloud --backend BACKEND ask QUESTION`: seconds to the first byte on stdout (the first streamed
                token with llamacpp; the whole answer with extractive) and to exit
  serve BACKEND `askcloud --backend BACKEND serve --port P`: seconds from the process start to HTTP 200 on /, and to
                the first answer through gradio_client (the /ask_json endpoint; gradio_client is imported before
                the clock starts, its Client is built inside it)
Peak RSS: for the CLI, the maximum resident set of the command as /usr/bin/time reports it; for the server, the VmHWM of its process tree just before
it is stopped. The OS file cache holds the model file (it was read before), as on any machine after a first run;
reading 1.1 GB from a cold disk comes on top.
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
import select  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

ROOT = rc.ROOT
ASKCLOUD = str(Path(sys.executable).parent / "askcloud")
TIME = "/usr/bin/time"
QUESTION = "Combien de personnes ont assisté au keynote de l'OVH Summit ?"
OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False",
           "HF_HUB_DISABLE_PROGRESS_BARS": "1", "ANONYMIZED_TELEMETRY": "False", **at.LOOPBACK_ENV}


def cli_env(corpus: Path, data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASKCLOUD_")}
    env.update(OFFLINE, ASKCLOUD_CORPUS_DIR=str(corpus), ASKCLOUD_DATA_DIR=str(data_dir),
               ASKCLOUD_LLM_MODEL_PATH=str(at.GGUF), ASKCLOUD_PROMPTS_DIR=str(ROOT / "prompts"))
    return env


# ---------------------------------------------------------------------------------------------- one process

def run_cli(args: list[str], env: dict, cwd: Path, timeout_s: float, command: str = ASKCLOUD) -> dict:
    """Start under /usr/bin/time (peak RSS of the command itself), read stdout as it comes (time of the first
    byte), reap. Without /usr/bin/time the peak comes from wait4, which also counts this process's memory at the
    fork (the child starts as a copy of it): an upper bound."""
    started = time.perf_counter()
    rss_file = cwd / "maxrss.txt"
    rss_file.unlink(missing_ok=True)
    prefix = [TIME, "-f", "%M", "-o", str(rss_file)] if Path(TIME).exists() else []
    with (cwd / "stderr.log").open("wb") as err:
        proc = subprocess.Popen([*prefix, command, *args], stdout=subprocess.PIPE, stderr=err, env=env, cwd=cwd)
    first, out = None, b""
    fd = proc.stdout.fileno()
    while True:
        remaining = timeout_s - (time.perf_counter() - started)
        ready, _, _ = select.select([fd], [], [], max(0.0, remaining))
        if not ready:
            proc.kill()
            break
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        first = first if first is not None else time.perf_counter() - started
        out += chunk
    _, status, usage = os.wait4(proc.pid, 0)
    done = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stdout.close()
    peak_kib = int(rss_file.read_text().split()[-1]) if prefix and rss_file.exists() else usage.ru_maxrss
    return {"first_output_s": rc.rnd(first), "exit_s": round(done, 3), "exit_code": proc.returncode,
            "peak_rss_mib": round(peak_kib / 1024, 1), "peak_rss_from": "/usr/bin/time" if prefix else "wait4",
            "stdout_head": out.decode("utf-8", "replace")[:160]}


def run_server(backend: str, env: dict, cwd: Path, port: int, timeout_s: float) -> dict:
    """`askcloud serve` from its start to HTTP 200 and to a first answer through gradio_client; tree peak RSS."""
    import backends
    from gradio_client import Client  # imported before the clock starts

    started = time.perf_counter()
    with (cwd / f"serve-{backend}.log").open("wb") as log:
        proc = subprocess.Popen([ASKCLOUD, "--backend", backend, "serve", "--port", str(port)], stdout=log,
                                stderr=subprocess.STDOUT, env=env, cwd=cwd, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/"
        up = backends.wait_http(url, proc, timeout_s)
        answer = Client(url, verbose=False).predict(QUESTION, "[]", api_name="/ask_json")
        answered = time.perf_counter() - started
        peak = at.tree_peak_rss_mib(proc.pid)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    return {"http_200_s": round(up, 3), "first_answer_s": round(answered, 3), "peak_rss_mib": peak,
            "answer": answer.get("answer", "")[:160], "citations": len(answer.get("citations", []))}


# ---------------------------------------------------------------------------------------------- measures

def measures(backends_: list[str]) -> list[tuple[str, str, list[str]]]:
    """(name, kind, arguments) of every measure, in the order they run."""
    out = [("help", "cli", ["--help"])]
    out += [(f"ask {b}", "cli", ["--backend", b, "ask", QUESTION]) for b in backends_]
    out += [(f"serve {b}", "server", [b]) for b in backends_]
    return out


def summarise(name: str, kind: str, runs: list[dict]) -> dict:
    ok = [r for r in runs if "error" not in r and r.get("exit_code", 0) == 0]
    keys = ("first_output_s", "exit_s") if kind == "cli" else ("http_200_s", "first_answer_s")
    row = {"measure": name, "kind": kind, "runs": runs, "ok": len(ok)}
    for key in (*keys, "peak_rss_mib"):
        values = [r[key] for r in ok if r.get(key) is not None]
        row[key] = {"p50": rc.rnd(rc.percentile(values, 50), 2), "min": min(values, default=None),
                    "max": max(values, default=None)}
    return row


def run_all(backends_: list[str], repeat: int, corpus: Path, work: Path, timeout_s: float) -> list[dict]:
    import backends

    data_dir = work / "data"
    index = at.build_index(corpus, data_dir)
    rc.log(f"index: {index['chunks']} chunks in {index['seconds']} s")
    env = cli_env(corpus, data_dir)
    rows = []
    for name, kind, args in measures(backends_):
        runs = []
        for i in range(repeat):
            try:
                if kind == "cli":
                    run = run_cli(args, env, work, timeout_s)
                else:
                    run = run_server(args[0], env, work, backends.free_port(), timeout_s)
            except Exception as exc:  # a run that fails is reported, the others go on
                run = {"error": f"{type(exc).__name__}: {exc}".splitlines()[0]}
            rc.log(f"  {name} #{i + 1}: {json.dumps(run, ensure_ascii=False)[:300]}")
            runs.append(run)
        rows.append(summarise(name, kind, runs))
    return rows


# ---------------------------------------------------------------------------------------------- output

def markdown_table(rows: list[dict]) -> str:
    f = rc.fmt
    lines = ["| measure | ready s (p50, min–max) | done s (p50, min–max) | peak RSS MiB (p50) | runs ok |",
             "|---|---|---|---|---|"]
    for r in rows:
        first, done = ("first_output_s", "exit_s") if r["kind"] == "cli" else ("http_200_s", "first_answer_s")
        cells = []
        for key in (first, done):
            v = r[key]
            cells.append(f"{f(v['p50'])} ({f(v['min'])}–{f(v['max'])})" if v["p50"] is not None else "–")
        what = {"cli": "first output / exit", "server": "HTTP 200 / first answer"}[r["kind"]]
        lines.append(f"| {r['measure']} ({what}) | {cells[0]} | {cells[1]} | {f(r['peak_rss_mib']['p50'], 0)} | "
                     f"{r['ok']}/{len(r['runs'])} |")
    return "\n".join(lines)


def plot(rows: list[dict], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.8), gridspec_kw={"width_ratios": [2, 1]})
    names = [r["measure"] for r in rows]
    ys = list(range(len(rows)))[::-1]
    ready = [(r.get("first_output_s") or r.get("http_200_s"))["p50"] or 0 for r in rows]
    done = [(r.get("exit_s") or r.get("first_answer_s"))["p50"] or 0 for r in rows]
    left.barh(ys, done, 0.6, color="tab:orange", label="done (exit / first answer in the web chat)")
    left.barh(ys, ready, 0.6, color="tab:blue", label="ready (first output / HTTP 200)")
    for y, value in zip(ys, done):
        left.annotate(f"{value:.1f} s", (value, y), xytext=(3, -3), textcoords="offset points", fontsize=7)
    left.set_yticks(ys, names)
    left.set_xlabel("seconds from the process start (p50)")
    left.set_xlim(0, max(done + [1.0]) * 1.18)
    left.legend(fontsize=8, loc="upper right")
    right.barh(ys, [r["peak_rss_mib"]["p50"] or 0 for r in rows], 0.6, color="tab:green")
    right.set_yticks(ys, names)
    right.set_xlabel("peak RSS (MiB)")
    rc.save_figure(fig, path, title)


def _title(meta: dict) -> str:
    return f"askcloud cold start, fresh processes, {rc.run_label(meta)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--backends", default="extractive,llamacpp")
    parser.add_argument("--corpus", default=str(ROOT / "corpus"))
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "cold_start.json"))
    parser.add_argument("--plot", default=str(ROOT / "docs" / "cold_start.png"))
    parser.add_argument("--timeout-s", type=float, default=600, help="limit of one run")
    parser.add_argument("--from-json", help="re-print the table and redraw the plot of a saved report; no run")
    args = parser.parse_args(argv)
    if args.from_json:
        return rc.replay(args.from_json, args.plot, plot, markdown_table, _title)
    backends_ = [b.strip() for b in args.backends.split(",") if b.strip()]
    if "llamacpp" in backends_ and not at.GGUF.is_file():
        raise SystemExit(f"the local model is not assembled at {at.GGUF}: run `make model`")
    meta = rc.machine_info()
    work = Path(tempfile.mkdtemp(prefix="askcloud-cold-"))
    rc.log(f"work folder: {work}")
    started = time.perf_counter()
    try:
        rows = run_all(backends_, args.repeat, Path(args.corpus), work, args.timeout_s)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return rc.finish(meta, rows, args, started, "bench/cold_start.py", argv, markdown_table(rows), plot, _title,
                     question=QUESTION, repeat=args.repeat)


if __name__ == "__main__":
    sys.exit(main())
