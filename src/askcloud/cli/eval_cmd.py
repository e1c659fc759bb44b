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
    parser.add_argument("--judge", action="store_true",
                        help="also rate faithfulness and relevance with ASKCLOUD_JUDGE_BASE_URL (never gates)")
    parser.add_argument("--backend", dest="eval_backend", choices=["llamacpp", "openai", "ollama", "extractive", "fake"],
                        help="LLM backend for this run (same as the global --backend)")


def run(args) -> int:
    from askcloud.evaluation.command import run_command

    if args.eval_backend:
        args.backend = args.eval_backend
    return run_command(settings_from(args), args)
