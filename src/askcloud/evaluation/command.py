"""`askcloud eval`: run, report, compare with the committed baseline, and gate on the thresholds.

With `--questions FILE`, one ad-hoc set on the configured corpus (as before the suite). Without it, every set of the
suite (evals/suite.yaml, see suite.py), each on its own corpus, reported separately and gated on its own thresholds.
"""

from __future__ import annotations

import sys

from askcloud.errors import ConfigError

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
    from askcloud.evaluation.report import (
        baseline_metrics, check_thresholds, load_thresholds, print_summary, select_thresholds, write_report,
    )
    from askcloud.evaluation.runner import run_eval

    questions = load_questions(args.questions)[: args.limit or None]
    thresholds = select_thresholds(load_thresholds(_given(args.thresholds, DEFAULT_THRESHOLDS)), args.retrieval_only)
    baseline = baseline_metrics(_given(args.baseline, DEFAULT_BASELINE), args.retrieval_only)
    report = run_eval(Assistant(settings), questions, retrieval_only=args.retrieval_only, progress=True)
    report["meta"].update(questions_file=str(args.questions), backend=settings.llm_backend,
                          embedding=settings.embedding_backend)
    if getattr(args, "judge", False) and not args.retrieval_only:
        from askcloud.evaluation.judge import run_judge

        run_judge(settings, report)
    paths = write_report(report, args.out, thresholds, baseline)
    print_summary(report["metrics"], baseline, paths)
    failures = check_thresholds(report["metrics"], thresholds)
    for failure in failures:
        print(f"askcloud: below threshold: {failure}", file=sys.stderr)
    return 1 if failures else 0


def _given(value: str | None, default: str) -> str:
    return default if value is None else value  # "" stays "": no baseline
