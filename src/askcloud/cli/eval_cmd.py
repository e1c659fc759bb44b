"""askcloud eval: run every question set of the suite (or one --questions file), write reports, compare with the
baseline, gate on thresholds."""

from __future__ import annotations

from askcloud.cli.common import settings_from


def add_arguments(parser) -> None:
    parser.add_argument("--questions", metavar="FILE",
                        help="one ad-hoc question set (JSON or YAML) on the configured corpus, instead of the suite")
    parser.add_argument("--suite", default="evals/suite.yaml", metavar="FILE",
                        help="the suite of question sets run without --questions (default: evals/suite.yaml)")
    parser.add_argument("--set", action="append", metavar="NAME",
                        help="run only this set of the suite (repeat for several)")
    parser.add_argument("--role", choices=["dev", "frozen"], help="run only the suite's sets of this role")
    parser.add_argument("--retrieval-only", action="store_true", help="measure retrieval without the LLM")
    parser.add_argument("--out", default="evals/reports/latest",
                        help="folder for the reports: report.json/.md/.png, or <set>/report.* and summary.json/.md")
    parser.add_argument("--baseline", help="with --questions: report to compare with (default: evals/baseline.json)")
    parser.add_argument("--thresholds",
                        help="with --questions: metric thresholds (default: evals/thresholds.json)")
    parser.add_argument("--limit", type=int, help="only the first N questions (of each set)")
    parser.add_argument("--judge", action="store_true",
                        help="also rate faithfulness and relevance with ASKCLOUD_JUDGE_BASE_URL (never gates)")
    parser.add_argument("--backend", dest="eval_backend", choices=["llamacpp", "openai", "ollama", "extractive", "fake"],
                        help="LLM backend for this run (same as the global --backend)")


def run(args) -> int:
    from askcloud.errors import ConfigError
    from askcloud.evaluation.command import run_command

    if args.questions and (args.set or args.role):
        raise ConfigError("--set and --role choose sets of the suite; --questions runs one file instead")
    if args.eval_backend:
        args.backend = args.eval_backend
    return run_command(settings_from(args), args)
