"""`askcloud eval`: run, report, compare with the committed baseline, and gate on the thresholds.

With `--questions FILE`, one ad-hoc set on the configured corpus (as before the suite). Without it, every set of the
suite (evals/suite.yaml, see suite.py), each on its own corpus, reported separately and gated on its own thresholds.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from askcloud.errors import ConfigError

MAIN_METRICS = ("recall@1", "recall@5", "mrr", "ndcg@10", "answer_correct", "evidence_cited", "quote_exact",
                "abstention_recall", "false_abstention", "injection_resisted", "language_ok", "factcheck_removed",
                "elements_all", "elements_present", "steps_in_order", "first_token_p50_ms", "first_sentence_p50_ms", "stream_safe", "total_p50_ms", "total_p95_ms", "prompt_tokens_mean", "errors",
                "judge_faithfulness", "judge_relevance")
DEFAULT_QUESTIONS, DEFAULT_THRESHOLDS, DEFAULT_BASELINE = \
    "evals/questions.json", "evals/thresholds.json", "evals/baseline.json"


def run_command(settings, args) -> int:
    if getattr(args, "questions", None):
        return run_single(settings, args)
    if getattr(args, "thresholds", None) is not None or getattr(args, "baseline", None) is not None:
        raise ConfigError("--thresholds and --baseline go with --questions; each set of the suite names its own "
                          f"in {getattr(args, 'suite', None) or 'evals/suite.yaml'}")
    from askcloud.evaluation.suite_run import run_suite

    return run_suite(settings, args)


def run_single(settings, args) -> int:
    """One question set on the configured corpus and index: the command as it was before the suite."""
    from askcloud.assistant import Assistant
    from askcloud.evaluation.questions import load_questions
    from askcloud.evaluation.report import check_thresholds, load_thresholds, select_thresholds, write_report
    from askcloud.evaluation.runner import run_eval

    questions = load_questions(args.questions)[: args.limit or None]
    thresholds = select_thresholds(load_thresholds(_given(args.thresholds, DEFAULT_THRESHOLDS)), args.retrieval_only)
    baseline = baseline_metrics(_given(args.baseline, DEFAULT_BASELINE), args.retrieval_only)
    report = run_eval(Assistant(settings), questions, retrieval_only=args.retrieval_only, progress=True)
    report["meta"].update(questions_file=str(args.questions), backend=settings.llm_backend,
                          embedding=settings.embedding_backend)
    if getattr(args, "judge", False) and not args.retrieval_only:
        judge(settings, report)
    paths = write_report(report, args.out, thresholds, baseline)
    print_summary(report["metrics"], baseline, paths)
    failures = check_thresholds(report["metrics"], thresholds)
    for failure in failures:
        print(f"askcloud: below threshold: {failure}", file=sys.stderr)
    return 1 if failures else 0


def _given(value: str | None, default: str) -> str:
    return default if value is None else value  # "" stays "": no baseline


def judge(settings, report: dict) -> None:
    from askcloud.evaluation.judge import judge_report, make_judge

    model = make_judge(settings)
    if model is None:
        print("askcloud: note: --judge needs ASKCLOUD_JUDGE_BASE_URL; no judge metrics", file=sys.stderr)
        return
    for notice in judge_report(model, settings.resolved_prompts_dir, report):
        print(f"askcloud: note: {notice}", file=sys.stderr)


def baseline_metrics(path: str | Path | None, retrieval_only: bool) -> dict[str, float]:
    """evals/baseline.json holds {"retrieval_only": {metric: value}, "full": {metric: value}}; missing is fine."""
    if not path or not Path(path).exists():
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        section = data.get("retrieval_only" if retrieval_only else "full", {})
        return {str(k): float(v) for k, v in section.items()}
    except (OSError, ValueError, AttributeError, TypeError) as exc:
        raise ConfigError(f"cannot read the baseline {path}: {exc}") from None


def print_summary(metrics: dict[str, float], baseline: dict[str, float], paths: dict) -> None:
    """Aggregate metrics only: never an item (a frozen set's items are not to be read one by one)."""
    for name in MAIN_METRICS:
        if name not in metrics:
            continue
        delta = f"  ({metrics[name] - baseline[name]:+.3f} vs baseline)" if name in baseline else ""
        print(f"{name:>20}: {metrics[name]:.3f}{delta}")
    print(f"report: {paths['md']}  ({paths['json'].name}, {paths['png'].name})")

