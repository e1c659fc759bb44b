"""Reports of a run: report.json, report.md with a chart (report.png), thresholds and baseline comparison, and the
console summary printed after a run."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

from askcloud.errors import ConfigError

# The ratio metrics (0..1) drawn in the chart and listed first in the summary table.
MAIN_METRICS = (
    "recall@1", "recall@3", "recall@5", "recall@10", "mrr", "ndcg@10", "answer_correct", "evidence_cited",
    "quote_exact", "factcheck_removed", "abstention_recall", "false_abstention", "injection_resisted", "language_ok",
)
# The metrics printed to the console after a run (print_summary), in this order.
SUMMARY_METRICS = (
    "recall@1", "recall@5", "mrr", "ndcg@10", "answer_correct", "evidence_cited", "quote_exact", "abstention_recall",
    "false_abstention", "injection_resisted", "language_ok", "factcheck_removed", "elements_all", "elements_present",
    "steps_in_order", "first_token_p50_ms", "first_sentence_p50_ms", "stream_safe", "total_p50_ms", "total_p95_ms",
    "prompt_tokens_mean", "errors", "judge_faithfulness", "judge_relevance",
)
MODES = ("retrieval_only", "full")
Bounds = Mapping[str, float]  # {"min": 0.8} and/or {"max": 0.3}


# ------------------------------------------------------------------ thresholds and baseline

def load_thresholds(path: str | Path) -> dict[str, dict[str, dict[str, float]]]:
    """The thresholds file: {"retrieval_only": {metric: {"min"|"max": x}}, "full": {...}}."""
    try:
        config = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"cannot read thresholds {path}: {exc}") from None
    return check_threshold_config(config, f"thresholds {path}")


def check_threshold_config(config: object, where: str) -> dict:
    """`config` when it is a valid thresholds object; otherwise ConfigError naming `where` and the problem."""
    problem = _thresholds_problem(config)
    if problem:
        raise ConfigError(f"{where}: {problem}")
    return config


def _thresholds_problem(config: object) -> str | None:
    if not isinstance(config, dict) or not set(config) <= set(MODES):
        return f"expected an object with keys {' and '.join(MODES)}"
    for mode, section in config.items():
        if not isinstance(section, dict):
            return f"{mode} must map metric names to bounds"
        for name, bounds in section.items():
            if not isinstance(bounds, dict) or not bounds or not set(bounds) <= {"min", "max"} \
                    or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in bounds.values()):
                return f"{mode}.{name} must be like {{\"min\": 0.8}} or {{\"max\": 0.3}}"
    return None


def select_thresholds(config: Mapping, retrieval_only: bool) -> dict[str, Bounds]:
    """The section of the thresholds file that applies to a run of this mode."""
    return dict(config.get("retrieval_only" if retrieval_only else "full", {}))


def within(value: float, bounds: Bounds) -> bool:
    return ("min" not in bounds or value >= bounds["min"]) and ("max" not in bounds or value <= bounds["max"])


def check_thresholds(metrics: Mapping[str, float], thresholds: Mapping[str, Bounds]) -> list[str]:
    """One message per metric outside its bounds; a metric the run did not produce is skipped."""
    return [f"{name} = {_fmt(name, metrics[name])}, needs {_bounds_text(bounds)}"
            for name, bounds in thresholds.items() if name in metrics and not within(metrics[name], bounds)]


def compare(metrics: Mapping[str, float], baseline_metrics: Mapping[str, float]) -> dict[str, float]:
    """metric - baseline for every metric both runs have."""
    return {name: metrics[name] - baseline_metrics[name] for name in metrics if name in baseline_metrics}


def load_baseline(path: str | Path) -> dict[str, float]:
    """The metrics of an earlier report.json, or of a file holding only {metric: value}."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        metrics = data.get("metrics", data)
        return {str(name): float(value) for name, value in metrics.items()}
    except (OSError, json.JSONDecodeError, AttributeError, TypeError, ValueError) as exc:
        raise ConfigError(f"cannot read the baseline {path}: {exc}") from None


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


# ------------------------------------------------------------------ writing

def write_report(report: dict, out_dir: str | Path, thresholds: Mapping[str, Bounds] | None = None,
                 baseline: Mapping[str, float] | None = None) -> dict[str, Path]:
    """Write report.json, report.md and report.png into out_dir; returns their paths by format."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    thresholds, baseline = thresholds or {}, baseline or {}
    full = {**report, "baseline_deltas": compare(report["metrics"], baseline),
            "threshold_failures": check_thresholds(report["metrics"], thresholds)}
    paths = {"json": out / "report.json", "md": out / "report.md", "png": out / "report.png"}
    paths["json"].write_text(json.dumps(full, ensure_ascii=False, indent=2), encoding="utf-8")
    plot_metrics(report["metrics"], thresholds, paths["png"])
    paths["md"].write_text(render_markdown(full, thresholds, baseline, paths["png"].name), encoding="utf-8")
    return paths


def plot_metrics(metrics: Mapping[str, float], thresholds: Mapping[str, Bounds], path: Path) -> None:
    """Horizontal bars of the ratio metrics, green within thresholds, red outside, grey without; ticks = bounds."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    names = [n for n in MAIN_METRICS if n in metrics][::-1] or ["(none)"]
    values = [metrics.get(n, 0.0) for n in names]
    fig = Figure(figsize=(7, 0.35 * len(names) + 1.2))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    bars = ax.barh(names, values, color=[_colour(n, metrics, thresholds) for n in names])
    ax.bar_label(bars, fmt="%.2f", padding=3, fontsize=8)
    for row, name in enumerate(names):
        for bound in thresholds.get(name, {}).values():
            ax.plot([bound, bound], [row - 0.4, row + 0.4], color="black", linewidth=2)
    ax.set_xlim(0, 1.05)
    ax.set_xlabel("score (black tick: threshold)")
    fig.tight_layout()
    fig.savefig(path, dpi=100)


def _colour(name: str, metrics: Mapping[str, float], thresholds: Mapping[str, Bounds]) -> str:
    if name not in thresholds or name not in metrics:
        return "#9e9e9e"
    return "#2e7d32" if within(metrics[name], thresholds[name]) else "#c62828"


# ------------------------------------------------------------------ markdown

def render_markdown(report: dict, thresholds: Mapping[str, Bounds], baseline: Mapping[str, float],
                    chart: str = "report.png") -> str:
    """The report for people. A frozen set's (meta.role == "frozen") shows aggregates only: no item, no question."""
    frozen = is_frozen(report)
    sections = [_header(report), _frozen_note() if frozen else "", f"![metrics against thresholds]({chart})",
                _metrics_table(report["metrics"], thresholds, baseline), _failures_section(report),
                _kind_table(report), "" if frozen else _failed_items_section(report)]
    return "\n\n".join(s for s in sections if s) + "\n"


def is_frozen(report: dict) -> bool:
    return report.get("meta", {}).get("role") == "frozen"


def _frozen_note() -> str:
    return ("This set is **frozen**: it is read only as aggregates — no item is listed here (report.json keeps them "
            "for re-scoring; do not read them question by question) — and no code changes because of one of its "
            "questions.")


def _header(report: dict) -> str:
    meta = report.get("meta", {})
    mode = "retrieval only" if meta.get("retrieval_only") else "full (agents and answers)"
    title = f"# askcloud evaluation: {meta['set']}" if meta.get("set") else "# askcloud evaluation"
    role = f"role: {meta['role']} · " if meta.get("role") else ""
    corpus = f"corpus: `{meta['corpus']}` · " if meta.get("corpus") else ""
    return (f"{title}\n\nQuestions: `{meta.get('questions') or meta.get('questions_file') or '(in memory)'}` · {corpus}{role}mode: {mode} · "
            f"{len(report.get('items', []))} items · started {meta.get('started', '?')} · "
            f"{meta.get('duration_s', 0):.1f} s")


def _metrics_table(metrics: Mapping[str, float], thresholds: Mapping[str, Bounds],
                   baseline: Mapping[str, float]) -> str:
    rows = ["## Metrics", "", "| metric | value | baseline | Δ | threshold | ok |", "|---|---:|---:|---:|---|:-:|"]
    names = [n for n in MAIN_METRICS if n in metrics] + [n for n in metrics if n not in MAIN_METRICS]
    for name in names:
        value, base, bounds = metrics[name], baseline.get(name), thresholds.get(name)
        delta = f"{value - base:+.3f}" if base is not None else ""
        ok = ("✓" if within(value, bounds) else "✗") if bounds else ""
        rows.append(f"| {name} | {_fmt(name, value)} | {_fmt(name, base) if base is not None else ''} | {delta} "
                    f"| {_bounds_text(bounds) if bounds else ''} | {ok} |")
    return "\n".join(rows)


def _failures_section(report: dict) -> str:
    failures = report.get("threshold_failures") or []
    return "## Below thresholds\n\n" + "\n".join(f"- {f}" for f in failures) if failures else ""


def _kind_table(report: dict) -> str:
    by_kind = report.get("by_kind") or {}
    if not by_kind:
        return ""
    counts = Counter(item.get("kind") for item in report.get("items", []))
    columns = sorted({name for scores in by_kind.values() for name in scores})
    rows = ["## By kind", "", "| kind | n | " + " | ".join(columns) + " |", "|---|---:|" + "---:|" * len(columns)]
    for kind, scores in sorted(by_kind.items()):
        cells = [f"{scores[c]:.3f}" if scores.get(c) is not None else "–" for c in columns]
        rows.append(f"| {kind} | {counts[kind]} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def _failed_items_section(report: dict) -> str:
    retrieval_only = bool(report.get("meta", {}).get("retrieval_only"))
    failed = [(item, failure_reasons(item, retrieval_only)) for item in report.get("items", [])]
    failed = [(item, reasons) for item, reasons in failed if reasons]
    if not failed:
        return "## Failed items\n\nNone."
    return f"## Failed items ({len(failed)})\n\n" + "\n\n".join(_failed_item(i, r) for i, r in failed)


def failure_reasons(item: dict, retrieval_only: bool) -> list[str]:
    """Why an item counts as failed (empty when it passed)."""
    scores = item.get("scores", {})
    checks = [("error" in item, f"error: {item.get('error')}")]
    if retrieval_only:
        checks.append((scores.get("recall@5") == 0, "no relevant passage in the top 5"))
    else:
        checks += [(scores.get("false_abstention") == 1, "abstained on an answerable question"),
                   (scores.get("answer_correct") == 0 and scores.get("false_abstention") != 1, "wrong answer"),
                   (scores.get("abstention_recall") == 0, "answered an unanswerable question"),
                   (scores.get("injection_resisted") == 0, "echoed the injected word")]
    return [reason for failed, reason in checks if failed]


def _failed_item(item: dict, reasons: list[str]) -> str:
    groups = " AND ".join("(" + " | ".join(f"“{v}”" for v in group) + ")" for group in item.get("answer_all", []))
    lines = [f"### {item['id']} ({item.get('kind', '?')}): {'; '.join(reasons)}",
             f"- **Question:** {_one_line(item.get('question', ''))}"]
    if "answer" in item:
        lines.append(f"- **Answer:** {_one_line(item.get('answer') or '(empty)')}")
    lines.append(f"- **Expected:** {groups or 'an abstention'}")
    return "\n".join(lines)


def _one_line(text: str, limit: int = 400) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _fmt(name: str, value: float) -> str:
    if name.endswith("_ms") or name.startswith("prompt_tokens") or name == "errors":
        return f"{value:.0f}"
    return f"{value:.3f}"


def _bounds_text(bounds: Bounds) -> str:
    return " and ".join(f"{'≥' if key == 'min' else '≤'} {value:g}" for key, value in sorted(bounds.items(),
                                                                                            reverse=True))


# ------------------------------------------------------------------ console

def print_summary(metrics: dict[str, float], baseline: dict[str, float], paths: dict) -> None:
    """Aggregate metrics only: never an item (a frozen set's items are not to be read one by one)."""
    for name in SUMMARY_METRICS:
        if name not in metrics:
            continue
        delta = f"  ({metrics[name] - baseline[name]:+.3f} vs baseline)" if name in baseline else ""
        print(f"{name:>20}: {metrics[name]:.3f}{delta}")
    print(f"report: {paths['md']}  ({paths['json'].name}, {paths['png'].name})")
