"""The optional judge tier: a stronger OpenAI-compatible model rates faithfulness and relevance of each answer.

Never required offline and never part of the gate: when no judge is configured, or it fails, the run goes on
without these two metrics and says why.
"""

from __future__ import annotations

import re
import statistics
import sys

from langchain_core.messages import HumanMessage, SystemMessage

from askcloud.prompts import load_prompt

_SCORE = re.compile(r"^\s*(faithfulness|relevance)\s*:\s*([01](?:\.\d+)?)", re.IGNORECASE | re.MULTILINE)


def make_judge(settings):
    """A chat model for the judge, or None when ASKCLOUD_JUDGE_BASE_URL is not set."""
    if not settings.judge_base_url:
        return None
    from langchain_openai import ChatOpenAI

    from askcloud.settings import reveal

    return ChatOpenAI(base_url=settings.judge_base_url, api_key=reveal(settings.judge_api_key) or "not-needed",
                      model=settings.judge_model, temperature=0, max_tokens=20, timeout=settings.llm_timeout_s,
                      max_retries=0)


def parse_scores(text: str) -> dict[str, float]:
    return {name.lower(): float(value) for name, value in _SCORE.findall(text)}


def judge_item(model, prompts_dir, item: dict) -> dict[str, float]:
    quotes = "\n".join(f"[{c['n']}] {c['quote']}" for c in item.get("citations", [])) or "(none)"
    system, user = load_prompt(prompts_dir, "judge").render(question=item["question"], answer=item["answer"],
                                                           quotes=quotes)
    return parse_scores(str(model.invoke([SystemMessage(system), HumanMessage(user)]).content))


def judge_report(model, prompts_dir, report: dict) -> list[str]:
    """Adds judge_faithfulness and judge_relevance to the report's metrics (answered items only); returns notices."""
    scores: dict[str, list[float]] = {"faithfulness": [], "relevance": []}
    notices = []
    for item in report["items"]:
        if item.get("abstained", True) or item.get("error"):
            continue
        try:
            got = judge_item(model, prompts_dir, item)
        except Exception as exc:  # the judge is an extra: its failures are reported, never fatal
            notices.append(f"judge failed on {item['id']}: {exc}")
            continue
        item.setdefault("scores", {}).update({f"judge_{k}": v for k, v in got.items()})
        for name, value in got.items():
            scores[name].append(value)
    for name, values in scores.items():
        if values:
            report["metrics"][f"judge_{name}"] = statistics.fmean(values)
    return notices


def run_judge(settings, report: dict) -> None:
    """The judge tier on a finished report, when one is configured; its notices go to stderr."""
    model = make_judge(settings)
    if model is None:
        print("askcloud: note: --judge needs ASKCLOUD_JUDGE_BASE_URL; no judge metrics", file=sys.stderr)
        return
    for notice in judge_report(model, settings.resolved_prompts_dir, report):
        print(f"askcloud: note: {notice}", file=sys.stderr)
