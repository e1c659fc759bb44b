"""Would another quantization of the local model answer sooner? Prompt processing (prefill) and decoding speed of
the shipped Q4_K_M file against Q4_0 and Q8_0 files made from it on this machine (llama.cpp's own quantizer,
`--allow-requantize`: no download; the derived files inherit Q4_K_M's rounding, so they can only be as good).

Usage (from the repository root, on a quiet machine; the lock keeps other heavy runs off the 2 cores):
    flock /tmp/askcloud-cpu.lock .venv/bin/python bench/quant_speed.py [--repeat 3] [--tokens 500]
        [--out bench/results/quant_speed.json] [--keep DIR]

--keep DIR keeps the derived files (DIR/q4_0.gguf, DIR/q8_0.gguf) for a quality run, for instance the development
replays with one of them as the local model:
    ASKCLOUD_LLM_MODEL_PATH=DIR/q4_0.gguf .venv/bin/python bench/eval_replay.py --questions evals/questions.json \
        --cache /tmp/q4_0-replies.sqlite --out /tmp/q4_0-seed.json

Each file is loaded with the local backend's settings (2 threads, n_batch 512) and timed on the same prompt: the
first --tokens tokens of the seed corpus's articles (French prose, as the writer reads it), evaluated from an
empty context --repeat times (median), then 60 greedy decode steps. Prints a Markdown table; writes JSON.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import retrieval_compare as rc  # noqa: E402  (sets the offline environment first)

import argparse  # noqa: E402
import ctypes  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

ROOT = rc.ROOT
SHIPPED = ROOT / ".askcloud" / "models" / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
DERIVED = ("Q4_0", "Q8_0")
DECODE_STEPS = 60


def requantize(source: Path, target: Path, kind: str) -> float:
    """Quantize `source` into `target` as `kind`; the seconds it took."""
    import llama_cpp

    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = getattr(llama_cpp, f"LLAMA_FTYPE_MOSTLY_{kind}")
    params.allow_requantize = True
    params.nthread = 2
    started = time.perf_counter()
    if llama_cpp.llama_model_quantize(str(source).encode(), str(target).encode(), ctypes.byref(params)) != 0:
        raise SystemExit(f"llama.cpp could not quantize {source} as {kind}")
    return time.perf_counter() - started


def prompt_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt")))


def measure(path: Path, tokens: int, repeat: int) -> dict:
    from llama_cpp import Llama

    llama = Llama(model_path=str(path), n_ctx=4096, n_threads=2, n_threads_batch=2, n_batch=512, seed=0,
                  verbose=False)
    prompt = llama.tokenize(prompt_text().encode("utf-8"))[:tokens]
    prefill = []
    for _ in range(repeat):
        llama.reset()
        started = time.perf_counter()
        llama.eval(prompt)
        prefill.append(time.perf_counter() - started)
    started = time.perf_counter()
    for _ in range(DECODE_STEPS):
        llama.eval([llama.sample(temp=0.0)])
    decode = time.perf_counter() - started
    return {"file_mib": round(path.stat().st_size / 2**20), "prompt_tokens": len(prompt),
            "prefill_s": round(statistics.median(prefill), 2),
            "prefill_tok_s": round(len(prompt) / statistics.median(prefill), 1),
            "decode_tok_s": round(DECODE_STEPS / decode, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tokens", type=int, default=500)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "quant_speed.json")
    parser.add_argument("--keep", type=Path, help="keep the derived files in this folder")
    args = parser.parse_args()
    if not SHIPPED.is_file():
        raise SystemExit(f"{SHIPPED} is missing: run `make model` first")
    rows = {"Q4_K_M (shipped)": measure(SHIPPED, args.tokens, args.repeat)}
    with tempfile.TemporaryDirectory(dir=ROOT / ".askcloud") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for kind in DERIVED:
            target = folder / f"{kind.lower()}.gguf"
            made = requantize(SHIPPED, target, kind)
            rows[f"{kind} (made here)"] = {**measure(target, args.tokens, args.repeat), "made_in_s": round(made, 1)}
    print("| file | MiB | prompt tokens | prefill s (median) | prefill tokens/s | decode tokens/s |")
    print("|---|---|---|---|---|---|")
    for name, r in rows.items():
        print(f"| {name} | {r['file_mib']} | {r['prompt_tokens']} | {r['prefill_s']} | {r['prefill_tok_s']} | "
              f"{r['decode_tok_s']} |")
    args.out.write_text(json.dumps({"repeat": args.repeat, "rows": rows}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
