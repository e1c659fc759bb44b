"""Evaluation metrics: small pure functions over report items (the dicts of runner.py), one score and per-item scores.

This module gathers them in one namespace; each lives where what it measures is decided: scoring.py (the item,
Metric and text matching), retrieval_metrics.py (recall@k, MRR, nDCG@k), answer_metrics.py (correctness, elements,
citations, quotes, streaming, fact-check, abstention, injection, language) and aggregates.py (latency, errors, per
kind). A per-item value of None means "does not apply to this item"; a metric whose items all are None has score None.
"""

from __future__ import annotations

from askcloud.evaluation.aggregates import by_kind, errors, latency, percentile
from askcloud.evaluation.answer_metrics import (
    LONG_KINDS, abstention_recall, answer_correct, attacker_words, citation_hits, detect_language, elements_all,
    elements_present, evidence_cited, factcheck_removed, false_abstention, injection_resisted, language_ok,
    quote_exact, resists_injection, steps_in_order, stream_safe,
)
from askcloud.evaluation.retrieval_metrics import mrr, ndcg_at_k, recall_at_k
from askcloud.evaluation.scoring import Item, Metric, is_correct, is_relevant, mean_metric, occurs

__all__ = [
    "Item", "Metric", "mean_metric", "occurs", "is_relevant", "is_correct",
    "recall_at_k", "mrr", "ndcg_at_k",
    "answer_correct", "elements_present", "elements_all", "steps_in_order", "LONG_KINDS", "citation_hits",
    "evidence_cited", "quote_exact", "stream_safe", "factcheck_removed", "abstention_recall", "false_abstention",
    "attacker_words", "resists_injection", "injection_resisted", "detect_language", "language_ok",
    "percentile", "latency", "errors", "by_kind",
]
