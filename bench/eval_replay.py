"""The full evaluation with the LLM's replies kept by prompt, to try changes to the rules in seconds.

The local model runs at temperature 0: the same prompt gives the same draft. This script runs the question set
through the whole graph like `askcloud eval`, but the chat model's reply to a prompt already seen is read from a
SQLite cache instead of being generated. A first run fills the cache (as long as `askcloud eval`); after a change to
the grade, fact-check or fallback rules, a rerun takes about ten seconds; a change to the writer's prompt or
excerpts calls the model only for the prompts that changed. Each item's trace also gets the writer's draft.

It is a development tool: the figures a change is judged on come from `askcloud eval`, which runs the model.

    .venv/bin/python bench/eval_replay.py --out /tmp/replay.json [--cache /tmp/askcloud-replies.sqlite]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sqlite3
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from askcloud.agents import graph  # noqa: E402
from askcloud.agents.deps import Deps  # noqa: E402
from askcloud.assistant import Assistant  # noqa: E402
from askcloud.evaluation.metrics import is_correct  # noqa: E402
from askcloud.evaluation.questions import load_questions  # noqa: E402
from askcloud.evaluation.runner import run_eval  # noqa: E402
from askcloud.llm.factory import make_chat_model  # noqa: E402
from askcloud.settings import Settings  # noqa: E402

SHOWN = ("answer_correct", "evidence_cited", "quote_exact", "abstention_recall", "false_abstention", "language_ok",
         "injection_resisted")


class CachedReplies:
    """Duck-types the one call the writer makes (`stream`): a cached reply comes back as a single chunk."""

    def __init__(self, path: Path, settings: Settings) -> None:
        self.db = sqlite3.connect(path, check_same_thread=False)
        self.db.execute("create table if not exists replies (key text primary key, value text)")
        self.settings, self.model, self.generated, self.last_prompt = settings, None, 0, ""

    def stream(self, messages, **options):
        self.last_prompt = messages[-1].content
        key = hashlib.sha256(json.dumps([m.content for m in messages] + ([options] if options else []),
                                        sort_keys=True).encode()).hexdigest()
        row = self.db.execute("select value from replies where key = ?", (key,)).fetchone()
        if row:
            reply = json.loads(row[0])
            yield SimpleNamespace(content=reply["text"], usage_metadata=reply["usage"])
            return
        if self.model is None:
            self.model = make_chat_model(self.settings)
        self.generated += 1
        parts, usage = [], {}
        for chunk in self.model.stream(messages, **options):
            if isinstance(chunk.content, str) and chunk.content:
                parts.append(chunk.content)
            usage = dict(chunk.usage_metadata or {}) or usage
            yield chunk
        self.db.execute("insert or replace into replies values (?, ?)",
                        (key, json.dumps({"text": "".join(parts), "usage": usage})))
        self.db.commit()


def with_draft(write, replies: CachedReplies):
    """The writer node, its trace also holding the draft and the prompt's user part (the excerpts it was shown)."""
    def node(state, deps):
        replies.last_prompt = ""
        out = write(state, deps)
        shown = out.setdefault("trace", {}).setdefault("write", {})
        shown["draft"], shown["prompt"] = out.get("draft"), replies.last_prompt
        return out
    return node


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", default=str(ROOT / "evals" / "questions.json"))
    parser.add_argument("--cache", default="/tmp/askcloud-replies.sqlite")
    parser.add_argument("--out", required=True, help="where to write the report (JSON, as askcloud eval's)")
    args = parser.parse_args()
    settings = Settings()
    replies = CachedReplies(Path(args.cache), settings)
    base = Assistant(settings)
    assistant = Assistant(settings, deps_override=Deps(settings, base.retriever, replies))
    graph.write = with_draft(graph.write, replies)  # build_graph reads the node from the module
    started = time.perf_counter()
    report = run_eval(assistant, load_questions(args.questions), retrieval_only=False, progress=False)
    Path(args.out).write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    metrics = report["metrics"]
    print(" ".join(f"{name} {metrics[name]:.3f}" for name in SHOWN if name in metrics))
    print(f"{replies.generated} replies generated, {time.perf_counter() - started:.0f} s")
    for item in report["items"]:
        if item.get("answerable") and not is_correct(item["answer"], item["answer_all"]):
            print(f"wrong   {item['id']:>6}  {item['answer'][:100]!r}")
        elif not item.get("answerable") and not item.get("abstained") and item.get("kind") == "unanswerable":
            print(f"answered {item['id']:>5}  {item['answer'][:100]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
