"""`askcloud eval` without --questions: every set of the suite, each on its own index, reported and gated apart.

Writes OUT/<set>/report.json|.md|.png for each set and OUT/summary.json|.md (one row per set, the main metrics as
columns). Exits 1 when a set is below one of its thresholds, cannot run (file missing, corpus unreadable) or fails.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from askcloud.errors import AskcloudError
from askcloud.evaluation.suite import DEFAULT_SUITE, EvalSet, load_suite, select_sets, set_settings

RETRIEVAL_COLUMNS = ("recall@1", "recall@5", "recall@10", "mrr", "ndcg@10", "errors")
FULL_COLUMNS = ("answer_correct", "elements_all", "evidence_cited", "abstention_recall", "false_abstention", "quote_exact",
                "language_ok", "injection_resisted", "recall@5", "total_p50_ms", "errors")
FROZEN_LOG = "frozen-runs.jsonl"  # in data_dir: when each frozen set was scored, so a second scoring is noticed
SESSION_HOURS = 12


def run_suite(settings, args) -> int:
    suite_path = getattr(args, "suite", None) or DEFAULT_SUITE
    retrieval_only = bool(args.retrieval_only)
    sets = select_sets(load_suite(suite_path), getattr(args, "set", None), getattr(args, "role", None),
                       "retrieval" if retrieval_only else "full")
    settings = _with_local_model(settings, retrieval_only)
    out = Path(args.out)
    started = datetime.now(timezone.utc)
    indexed: set[Path] = set()
    rows = []
    for eval_set in sets:
        print(f"== {eval_set.name} ({eval_set.role}) ==", flush=True)
        rows.append(_run_set(settings, eval_set, args, out, indexed))
    summary = {"suite": str(suite_path), "mode": "retrieval_only" if retrieval_only else "full",
               "backend": None if retrieval_only else settings.llm_backend, "started": started.isoformat(),
               "sets": rows}
    paths = write_summary(summary, out)
    print(render_table(summary))
    print(f"summary: {paths['md']}  ({paths['json'].name})")
    failed = [row for row in rows if row["status"] != "ok"]
    for row in failed:
        for problem in row["failures"]:
            print(f"askcloud: set {row['name']}: {problem}", file=sys.stderr)
    return 1 if failed else 0


def _with_local_model(settings, retrieval_only: bool):
    """The packaged local model assembled once in the configured data_dir, not once per set's data_dir."""
    if retrieval_only or settings.llm_backend != "llamacpp" or settings.llm_model_path is not None:
        return settings
    from askcloud.errors import BackendUnavailable
    from askcloud.llm.model_file import ensure_model_file

    try:
        return settings.model_copy(update={"llm_model_path": ensure_model_file(settings.data_dir)})
    except OSError as exc:
        raise BackendUnavailable(f"cannot assemble the local model: {exc}") from exc


def _run_set(settings, eval_set: EvalSet, args, out: Path, indexed: set[Path]) -> dict:
    row = {"name": eval_set.name, "role": eval_set.role, "questions": str(eval_set.questions),
           "corpus": str(eval_set.corpus), "status": "ok", "count": 0, "metrics": {}, "failures": []}
    missing = eval_set.missing()
    if missing:
        print(f"askcloud: set {eval_set.name} not run: {missing}", file=sys.stderr)
        return {**row, "status": "not run", "failures": [f"not run: {missing}"]}
    try:
        return {**row, **_score_set(settings, eval_set, args, out / eval_set.name, indexed)}
    except AskcloudError as exc:
        print(f"askcloud: set {eval_set.name} failed: {exc}", file=sys.stderr)
        return {**row, "status": "failed", "failures": [f"failed: {exc}"]}


def _score_set(settings, eval_set: EvalSet, args, out: Path, indexed: set[Path]) -> dict:
    from askcloud.assistant import Assistant
    from askcloud.evaluation.questions import load_questions
    from askcloud.evaluation.report import (
        baseline_metrics, check_thresholds, print_summary, select_thresholds, write_report,
    )
    from askcloud.evaluation.runner import run_eval

    retrieval_only = bool(args.retrieval_only)
    questions = load_questions(eval_set.questions)[: args.limit or None]
    thresholds = select_thresholds(eval_set.load_thresholds(), retrieval_only)
    baseline = baseline_metrics(eval_set.baseline, retrieval_only)
    local = set_settings(settings, eval_set)
    if local.data_dir.resolve() not in indexed:
        index_corpus(local)
        indexed.add(local.data_dir.resolve())
    if eval_set.frozen:
        _note_frozen_run(settings.data_dir, eval_set.name, retrieval_only)
    report = run_eval(Assistant(local), questions, retrieval_only=retrieval_only, progress=True)
    report["meta"].update(set=eval_set.name, role=eval_set.role, corpus=str(eval_set.corpus),
                          questions_file=str(eval_set.questions), data_dir=str(local.data_dir),
                          backend=local.llm_backend, embedding=local.embedding_backend)
    if getattr(args, "judge", False) and not retrieval_only:
        from askcloud.evaluation.judge import run_judge

        run_judge(local, report)
    paths = write_report(report, out, thresholds, baseline)
    print_summary(report["metrics"], baseline, paths)
    failures = [f"below threshold: {f}" for f in check_thresholds(report["metrics"], thresholds)]
    return {"status": "below" if failures else "ok", "count": len(questions), "metrics": report["metrics"],
            "failures": failures, "report": str(paths["md"]), "duration_s": report["meta"]["duration_s"]}


def index_corpus(settings) -> None:
    """`askcloud index` for one set's corpus: incremental, so an unchanged corpus costs one pass over its files."""
    from askcloud.index.embeddings import make_embedder
    from askcloud.index.indexer import run_index
    from askcloud.index.store import ChromaStore

    clock = time.perf_counter()
    embedder = make_embedder(settings)
    report = run_index(settings, embedder, ChromaStore(settings, embedder.model_id))
    for item in report.skipped:
        print(f"askcloud: warning: skipped {item.path}: {item.reason}", file=sys.stderr)
    print(f"index {settings.corpus_dir} → {settings.data_dir}: {report.added} added, {report.updated} updated, "
          f"{report.removed} removed, {report.unchanged} unchanged; {report.chunks} passages "
          f"({time.perf_counter() - clock:.1f} s)", flush=True)


def _note_frozen_run(data_dir: Path, name: str, retrieval_only: bool) -> None:
    """Record that a frozen set is being scored; say so when it already was in the last SESSION_HOURS."""
    mode = "retrieval_only" if retrieval_only else "full"
    path = Path(data_dir) / FROZEN_LOG
    now = datetime.now(timezone.utc)
    earlier = []
    try:
        for line in path.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            when = datetime.fromisoformat(entry["time"])
            if entry.get("set") == name and entry.get("mode") == mode and \
                    (now - when).total_seconds() < SESSION_HOURS * 3600:
                earlier.append(entry["time"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    if earlier and mode == "full":
        print(f"askcloud: note: frozen set {name} was already scored ({mode}) at {earlier[-1]}; a frozen set is "
              "scored at most once per session and read only as aggregates", file=sys.stderr)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as f:
            f.write(json.dumps({"set": name, "mode": mode, "time": now.isoformat()}) + "\n")
    except OSError:
        pass


# ------------------------------------------------------------------ summary

def columns(summary: dict) -> tuple[str, ...]:
    return RETRIEVAL_COLUMNS if summary.get("mode") == "retrieval_only" else FULL_COLUMNS


def write_summary(summary: dict, out: Path) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = {"json": out / "summary.json", "md": out / "summary.md"}
    paths["json"].write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    paths["md"].write_text(render_markdown(summary), encoding="utf-8")
    return paths


def render_table(summary: dict) -> str:
    """One row per set, the main metrics as columns (aggregates only, whatever the set's role)."""
    names = columns(summary)
    rows = ["| set | role | n | " + " | ".join(names) + " | status |",
            "|---|---|---:|" + "---:|" * len(names) + "---|"]
    for row in summary["sets"]:
        metrics = row.get("metrics") or {}
        cells = [_cell(name, metrics.get(name)) for name in names]
        rows.append(f"| {row['name']} | {row['role']} | {row.get('count', 0)} | " + " | ".join(cells)
                    + f" | {row['status']} |")
    return "\n".join(rows)


def render_markdown(summary: dict) -> str:
    mode = "retrieval only" if summary.get("mode") == "retrieval_only" else f"full ({summary.get('backend')})"
    parts = [f"# askcloud evaluation suite\n\nSuite: `{summary.get('suite')}` · mode: {mode} · started "
             f"{summary.get('started', '?')}", render_table(summary)]
    problems = [f"- **{row['name']}**: {p}" for row in summary["sets"] for p in row.get("failures", [])]
    parts.append("## Below thresholds or not run\n\n" + "\n".join(problems) if problems else "All sets within their "
                 "thresholds.")
    parts.append("Each set's report is in `<set>/report.md`. Frozen sets are read as aggregates only.")
    return "\n\n".join(parts) + "\n"


def _cell(name: str, value: float | None) -> str:
    if value is None:
        return "–"
    if name.endswith("_ms") or name == "errors":
        return f"{value:.0f}"
    return f"{value:.3f}"
