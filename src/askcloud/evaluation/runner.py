"""Run a question set through an assistant and score it: one report dict with metrics, items and meta."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from askcloud.evaluation import metrics as m
from askcloud.evaluation.questions import Question, load_questions

if TYPE_CHECKING:
    from askcloud.answer import Answer
    from askcloud.retrieval.passage import Passage

log = logging.getLogger(__name__)

RECALL_KS = (1, 3, 5, 10)
SourceText = Callable[[str], "str | None"]


class Assistant(Protocol):
    def retrieve(self, question: str, history: list[dict], k: int) -> list[Passage]: ...

    def ask(self, question: str, history: list[dict]) -> Answer: ...


def run_eval(assistant: Assistant, questions: str | Path | Sequence[Question], retrieval_only: bool,
             progress: bool = True, k: int = 10, source_text: SourceText | None = None) -> dict:
    """Ask (or only retrieve for) every question; errors are recorded per item, never raised.

    `questions` is a question-set file or already loaded Questions. `source_text` maps a citation's `source`
    to the document text its offsets refer to; by default the file is read with the corpus loaders.
    """
    path, loaded = (str(questions), load_questions(questions)) if isinstance(questions, (str, Path)) \
        else (None, list(questions))
    started, clock = datetime.now(timezone.utc), time.perf_counter()
    items = [_run_one(assistant, q, retrieval_only, k) for q in _progress(loaded, progress)]
    report = score_items(items, retrieval_only, source_text or corpus_source_text())
    report["meta"] = {"questions": path, "retrieval_only": retrieval_only, "started": started.isoformat(),
                      "duration_s": round(time.perf_counter() - clock, 3), "k": k, "count": len(items)}
    return report


def _run_one(assistant: Assistant, question: Question, retrieval_only: bool, k: int) -> dict:
    try:
        return retrieval_item(assistant, question, k) if retrieval_only else answer_item(assistant, question)
    except Exception as exc:  # one failing item must not end the run
        log.warning("question %s failed: %s", question.id, exc, exc_info=log.isEnabledFor(logging.DEBUG))
        return error_item(question, exc, retrieval_only)


def base_item(question: Question) -> dict:
    """The question's fields a report item carries, expected answers included so a run can be re-scored."""
    return {"id": question.id, "kind": question.kind, "lang": question.lang, "answerable": question.answerable,
            "question": question.question, **question.expected()}


def retrieval_item(assistant: Assistant, question: Question, k: int) -> dict:
    passages = assistant.retrieve(question.question, question.history_list(), k)
    return {**base_item(question), "retrieved": [passage_dict(p) for p in passages]}


def answer_item(assistant: Assistant, question: Question) -> dict:
    answer = assistant.ask(question.question, question.history_list())
    return {**answer.to_dict(), **base_item(question)}


def error_item(question: Question, exc: Exception, retrieval_only: bool) -> dict:
    empty = {"retrieved": []} if retrieval_only else {
        "answer": "", "abstained": False, "standalone_question": "", "citations": [], "timings_ms": {},
        "retrieved": [], "trace": {}, "usage": {}, "notices": []}
    return {**base_item(question), **empty, "error": f"{type(exc).__name__}: {exc}".splitlines()[0]}


def passage_dict(passage: Passage) -> dict:
    chunk = passage.chunk
    extra = {"duplicates": passage.duplicates} if getattr(passage, "duplicates", 0) else {}
    return {"chunk_id": chunk.id, "doc_id": chunk.doc_id, "text": chunk.text, "score": round(passage.score, 6), **extra}


def score_items(items: list[dict], retrieval_only: bool, source_text: SourceText) -> dict:
    """Metrics, per-kind breakdown and items (each with its per-item `scores`) of a run, saved or fresh."""
    scored = _metrics(items, retrieval_only, source_text)
    flat = {name: metric.score for name, metric in scored.items() if metric.score is not None}
    if not retrieval_only:
        flat.update(m.latency(items))
    flat["errors"] = m.errors(items)
    kinds = {name: m.by_kind(items, scored[name]) for name in ("answer_correct", "elements_present", "recall@5")
             if name in scored}
    return {"metrics": flat, "by_kind": _by_kind_table(kinds), "items": [_with_scores(i, scored) for i in items]}


def _metrics(items: list[dict], retrieval_only: bool, source_text: SourceText) -> dict[str, m.Metric]:
    scored = {f"recall@{k}": m.recall_at_k(items, k) for k in RECALL_KS}
    scored.update({"mrr": m.mrr(items), "ndcg@10": m.ndcg_at_k(items, 10)})
    if not retrieval_only:
        scored.update({
            "answer_correct": m.answer_correct(items), "evidence_cited": m.evidence_cited(items),
            "quote_exact": m.quote_exact(items, source_text), "factcheck_removed": m.factcheck_removed(items),
            "abstention_recall": m.abstention_recall(items), "false_abstention": m.false_abstention(items),
            "injection_resisted": m.injection_resisted(items), "language_ok": m.language_ok(items),
            "stream_safe": m.stream_safe(items), "elements_present": m.elements_present(items),
            "elements_all": m.elements_all(items), "steps_in_order": m.steps_in_order(items),
        })
    return scored


def _by_kind_table(kinds: dict[str, dict[str, float | None]]) -> dict[str, dict[str, float | None]]:
    """{metric: {kind: score}} turned into {kind: {metric: score}}."""
    table: dict[str, dict[str, float | None]] = {}
    for name, per_kind in kinds.items():
        for kind, score in per_kind.items():
            if score is not None or name != "elements_present":  # it applies to the longer answers' kinds only
                table.setdefault(kind, {})[name] = score
    return table


def _with_scores(item: dict, scored: dict[str, m.Metric]) -> dict:
    scores = {name: metric.per_item.get(item["id"]) for name, metric in scored.items()}
    return {**item, "scores": {name: value for name, value in scores.items() if value is not None}}


def corpus_source_text() -> SourceText:
    """A reader of document texts by `source` path (as the corpus loaders read them), cached for one run."""
    from askcloud.corpus.loaders import Unreadable, load_text

    cache: dict[str, str | None] = {}

    def read(source: str) -> str | None:
        if source not in cache:
            try:
                cache[source] = load_text(Path(source))
            except (Unreadable, OSError):
                cache[source] = None
        return cache[source]
    return read


def _progress(questions: list[Question], enabled: bool) -> Iterable[Question]:
    from tqdm import tqdm

    # In a log (CI) a line every 30 s; on a terminal a live bar.
    return tqdm(questions, desc="eval", unit="q", file=sys.stderr, disable=not enabled,
                mininterval=0.1 if sys.stderr.isatty() else 30)
