"""askcloud eval: run a question set, write reports, compare with the baseline, gate on thresholds."""

from __future__ import annotations

from askcloud.cli.common import settings_from


def add_arguments(parser) -> None:
    parser.add_argument("--questions", default="evals/questions.json", help="question set (JSON or YAML)")
    parser.add_argument("--retrieval-only", action="store_true", help="measure retrieval without the LLM")
    parser.add_argument("--out", default="evals/reports/latest", help="folder for report.json/.md/.png")
    parser.add_argument("--baseline", default="evals/baseline.json", help="report to compare with")
    parser.add_argument("--thresholds", default="evals/thresholds.json", help="metric thresholds")
    parser.add_argument("--limit", type=int, help="only the first N questions")


def run(args) -> int:
    from askcloud.evaluation.command import run_command

    return run_command(settings_from(args), args)
