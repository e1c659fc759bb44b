"""The fixed evaluation question set (evals/questions.json, Contract 2) is well formed and grounded in the corpus."""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

from askcloud.textnorm import normalize

pytestmark = pytest.mark.unit

ROOT = Path(__file__).parents[3]
QUESTIONS = ROOT / "evals" / "questions.json"
CORPUS_DIR = ROOT / "corpus"

KEYS = {"id", "question", "history", "lang", "topic", "kind", "answerable", "answer_all", "evidence"}
KINDS = {"fact", "multi_fact", "multi_doc", "followup", "english", "unanswerable", "injection"}
TOPICS = {"events", "strategy", "net_neutrality"}
OFF_TOPIC = "none"  # only for questions the corpus cannot answer at all (a recipe, the weather, a bare injection)
LANGS = {"fr", "en"}
ID_PREFIX = {
    "fact": ("ev", "st", "nn"), "multi_fact": ("ev", "st", "nn"), "multi_doc": ("ev", "st", "nn"),
    "followup": ("fu",), "english": ("en",), "unanswerable": ("un",), "injection": ("inj",),
}


@lru_cache(maxsize=1)
def load_items() -> list[dict]:
    return json.loads(QUESTIONS.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def corpus() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(CORPUS_DIR.glob("*.txt"))}


@lru_cache(maxsize=1)
def normalized_corpus() -> dict[str, str]:
    return {name: normalize(text) for name, text in corpus().items()}


def files_holding(evidence: str) -> list[str]:
    return [name for name, text in corpus().items() if evidence in text]


def ids_where(predicate=lambda item: True) -> list[str]:
    """Ids for parametrisation; empty when the file cannot be read (test_file_is_a_json_list_of_objects says why)."""
    try:
        return [str(item.get("id")) for item in load_items() if isinstance(item, dict) and predicate(item)]
    except Exception:
        return []


def item_ids() -> list[str]:
    return ids_where()


def occurs_as_words(variant: str, normalized_text: str) -> bool:
    """Normalised `variant` occurs in the text and is not part of a longer word or number ("3000" in "300000")."""
    pattern = r"(?<![0-9a-z])" + re.escape(normalize(variant)) + r"(?![0-9a-z])"
    return re.search(pattern, normalized_text) is not None


def by_id(item_id: str) -> dict:
    return next(item for item in load_items() if item.get("id") == item_id)


# ------------------------------------------------------------------ the set as a whole

def test_file_is_a_json_list_of_objects():
    items = load_items()
    assert isinstance(items, list)
    assert all(isinstance(item, dict) for item in items)


def test_at_least_80_items():
    assert len(load_items()) >= 80


def test_ids_are_unique():
    counts = Counter(item["id"] for item in load_items())
    assert [i for i, n in counts.items() if n > 1] == []


def test_every_kind_is_present():
    assert {item["kind"] for item in load_items()} == KINDS


def test_every_topic_is_covered_by_answerable_questions():
    answerable = Counter(item["topic"] for item in load_items() if item["answerable"])
    assert answerable["events"] >= 12
    assert answerable["strategy"] >= 12
    assert answerable["net_neutrality"] >= 12


def test_both_languages_are_present():
    langs = Counter(item["lang"] for item in load_items())
    assert langs["fr"] > 0 and langs["en"] >= 10


def test_unanswerable_items_are_a_real_share_of_the_set():
    items = load_items()
    assert sum(not item["answerable"] for item in items) >= 10


# ------------------------------------------------------------------ each item

@pytest.mark.parametrize("item_id", item_ids())
def test_schema(item_id):
    item = by_id(item_id)
    assert set(item) == KEYS
    assert isinstance(item["id"], str) and re.fullmatch(r"[a-z]+\d{2,}", item["id"])
    assert item["id"].startswith(ID_PREFIX[item["kind"]])
    assert isinstance(item["question"], str) and item["question"].strip()
    assert item["lang"] in LANGS
    assert item["kind"] in KINDS
    assert isinstance(item["answerable"], bool)
    assert item["topic"] in TOPICS or (item["topic"] == OFF_TOPIC and not item["answerable"])
    assert isinstance(item["history"], list)
    assert isinstance(item["answer_all"], list)
    for group in item["answer_all"]:
        assert isinstance(group, list) and group, "an answer group needs at least one variant"
        assert all(isinstance(v, str) and v.strip() for v in group)
        assert len(set(group)) == len(group), "a variant is repeated"
    assert isinstance(item["evidence"], list)
    assert all(isinstance(e, str) for e in item["evidence"])


@pytest.mark.parametrize("item_id", item_ids())
def test_answerable_consistency(item_id):
    item = by_id(item_id)
    if item["kind"] == "unanswerable":
        assert item["answerable"] is False
    if item["answerable"]:
        assert item["answer_all"], "an answerable item needs answer groups"
        assert 1 <= len(item["evidence"]) <= 2
    else:
        assert item["answer_all"] == []
        assert item["kind"] in {"unanswerable", "injection"}


@pytest.mark.parametrize("item_id", item_ids())
def test_language_and_history(item_id):
    item = by_id(item_id)
    if item["kind"] == "english":
        assert item["lang"] == "en"
    if item["kind"] == "followup":
        history = item["history"]
        assert len(history) >= 2 and len(history) % 2 == 0
        for i, turn in enumerate(history):
            assert set(turn) == {"role", "content"}
            assert turn["role"] == ("user" if i % 2 == 0 else "assistant")
            assert isinstance(turn["content"], str) and turn["content"].strip()
    else:
        assert item["history"] == []


@pytest.mark.parametrize("item_id", item_ids())
def test_evidence_is_verbatim_from_the_corpus(item_id):
    item = by_id(item_id)
    for evidence in item["evidence"]:
        assert 30 <= len(evidence) <= 160, evidence
        assert "\n" not in evidence and "\r" not in evidence
        assert files_holding(evidence), f"not verbatim in corpus/*.txt: {evidence!r}"
        needle = normalize(evidence)
        assert any(needle in text for text in normalized_corpus().values()), evidence


@pytest.mark.parametrize("item_id", ids_where(lambda item: item.get("kind") in {"fact", "multi_fact", "multi_doc"}))
def test_multi_doc_evidence_comes_from_two_documents(item_id):
    item = by_id(item_id)
    files = [set(files_holding(e)) for e in item["evidence"]]
    if item["kind"] == "multi_doc":
        assert len(files) == 2 and files[0].isdisjoint(files[1]), files
    else:
        assert len(set().union(*files)) == 1, "a single-document question cites one document"


# English items are left out: their variants may be English words that the French text does not hold.
@pytest.mark.parametrize("item_id", ids_where(lambda item: item.get("answerable") and item.get("lang") == "fr"))
def test_answer_groups_are_supported_by_the_evidence(item_id):
    item = by_id(item_id)
    haystacks = [normalize(e) for e in item["evidence"]]
    haystacks += [normalized_corpus()[name] for e in item["evidence"] for name in files_holding(e)]
    for group in item["answer_all"]:
        assert any(occurs_as_words(v, h) for v in group for h in haystacks), f"no variant of {group} in the evidence"


@pytest.mark.parametrize("item_id", ids_where(lambda item: item.get("kind") == "injection"))
def test_injection_answers_never_contain_the_attackers_word(item_id):
    item = by_id(item_id)
    shouted = {normalize(w) for w in re.findall(r"\b[A-Z]{4,}\b", item["question"])}
    variants = {normalize(v) for group in item["answer_all"] for v in group}
    assert not any(word in v for word in shouted for v in variants)
