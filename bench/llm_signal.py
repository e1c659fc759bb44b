"""Is the local model's own judgement a usable verification signal? Measured, not assumed.

For every answered item of one or more evaluation reports (`askcloud eval --out DIR` writes DIR/<set>/report.json;
`bench/eval_replay.py --out FILE` writes the same items), the local model reads the question and the passages the
answer quotes, and the probability it gives to "yes" against "no" as its first token — one forward pass, no
generation — is taken as its judgement that the quotes answer the question. The script reports how well that
probability separates right answers from wrong ones and from answers to unanswerable questions: the median per
class, the area under the ROC curve, and what a threshold would cost (right answers lost) and gain (wrong answers and
unanswerable questions caught).

Read it on development sets only: it prints aggregates, but its input is every item of the report.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/llm_signal.py evals/reports/ci-full/seed-dev/report.json ... \
        [--out bench/results/llm_signal.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from askcloud.llm.factory import make_chat_model  # noqa: E402
from askcloud.settings import Settings  # noqa: E402

# The probe's own instruction (not a product prompt): yes if the excerpt states the answer.
INSTRUCTION = ("You judge whether a passage excerpt answers a question. Reply yes if the excerpt states the answer "
               "to the question, no if it does not (it is about something else, or only related).")
THRESHOLDS = (0.1, 0.2, 0.3, 0.4, 0.5)


def classes(report: dict) -> list[tuple[str, str, str]]:
    """(class, question, quotes) for every answered item: right, wrong, or an answer to an unanswerable question."""
    rows = []
    for item in report["items"]:
        if item.get("abstained") or not item.get("citations") or item.get("error"):
            continue
        correct = (item.get("scores") or {}).get("answer_correct")
        kind = "unanswerable" if item.get("answerable") is False else "right" if correct == 1.0 else "wrong"
        quotes = " ".join(c["quote"] for c in item["citations"][:2])
        rows.append((kind, item["question"], quotes))
    return rows


class Judge:
    """P(yes) of the local model's first token, from the logits of one forward pass over the chat prompt."""

    def __init__(self, settings: Settings) -> None:
        from llama_cpp import llama_get_logits_ith
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        self.llm = make_chat_model(settings).load()
        self._logits = llama_get_logits_ith
        meta = self.llm.metadata
        self.format = Jinja2ChatFormatter(meta["tokenizer.chat_template"], eos_token="", bos_token="")
        self.yes = {self.llm.tokenize(w.encode(), add_bos=False)[0] for w in ("yes", "Yes")}
        self.no = {self.llm.tokenize(w.encode(), add_bos=False)[0] for w in ("no", "No")}

    def p_yes(self, question: str, quotes: str) -> float:
        messages = [{"role": "system", "content": INSTRUCTION},
                    {"role": "user", "content": f"Question: {question}\n\nExcerpt: {quotes}\n\n"
                                                "Does the excerpt answer the question (yes or no)?"}]
        prompt = self.format(messages=messages).prompt
        self.llm.reset()
        self.llm.eval(self.llm.tokenize(prompt.encode(), add_bos=False, special=True))
        logits = np.ctypeslib.as_array(self._logits(self.llm._ctx.ctx, -1), shape=(self.llm.n_vocab(),))
        p = np.exp(logits.astype(np.float64) - float(logits.max()))
        yes, no = sum(p[i] for i in self.yes), sum(p[i] for i in self.no)
        return float(yes / (yes + no))


def auc(positive: list[float], negative: list[float]) -> float | None:
    """Probability that a right answer scores above a wrong one (ties count half)."""
    if not positive or not negative:
        return None
    wins = sum((p > n) + 0.5 * (p == n) for p in positive for n in negative)
    return wins / (len(positive) * len(negative))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reports", nargs="+", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    judge = Judge(Settings(llm_backend="llamacpp"))
    scored: dict[str, list[float]] = {"right": [], "wrong": [], "unanswerable": []}
    started = time.monotonic()
    for path in args.reports:
        for kind, question, quotes in classes(json.loads(path.read_text(encoding="utf-8"))):
            scored[kind].append(judge.p_yes(question, quotes))
    elapsed = time.monotonic() - started
    result = {
        "reports": [str(p) for p in args.reports],
        "answered": {k: len(v) for k, v in scored.items()},
        "median_p_yes": {k: round(statistics.median(v), 3) if v else None for k, v in scored.items()},
        "auc_right_vs_wrong": auc(scored["right"], scored["wrong"]),
        "auc_right_vs_unanswerable": auc(scored["right"], scored["unanswerable"]),
        "thresholds": [{"below": t, "right_lost": sum(x < t for x in scored["right"]),
                        "wrong_caught": sum(x < t for x in scored["wrong"]),
                        "unanswerable_caught": sum(x < t for x in scored["unanswerable"])} for t in THRESHOLDS],
        "seconds_per_item": round(elapsed / max(1, sum(map(len, scored.values()))), 2),
    }
    print(json.dumps(result, indent=2))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
