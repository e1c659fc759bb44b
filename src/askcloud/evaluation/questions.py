"""Load and validate a question set (Contract 2 of ARCHITECTURE.md): a JSON or YAML list of items."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from askcloud.errors import BadQuestion

KEYS = frozenset({"id", "question", "history", "lang", "topic", "kind", "answerable", "answer_all", "evidence"})
OPTIONAL = frozenset({"ordered"})  # a procedure's elements are steps, to be given in the documents' order
KINDS = frozenset({"fact", "multi_fact", "multi_doc", "followup", "english", "unanswerable", "injection",
                   "procedure", "summary", "comparison"})
LANGS = frozenset({"fr", "en"})
ROLES = frozenset({"user", "assistant"})


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    history: tuple[dict[str, str], ...]
    lang: str
    topic: str
    kind: str
    answerable: bool
    answer_all: tuple[tuple[str, ...], ...]
    evidence: tuple[str, ...]
    ordered: bool = False

    def history_list(self) -> list[dict[str, str]]:
        """The conversation as the assistant takes it: a fresh list of {role, content} dicts."""
        return [dict(turn) for turn in self.history]

    def expected(self) -> dict:
        """What a report item needs to be re-scored without the question file."""
        return {"answer_all": [list(group) for group in self.answer_all], "evidence": list(self.evidence),
                "ordered": self.ordered}


def load_questions(path: str | Path) -> list[Question]:
    """Read, validate and convert every item; any problem raises BadQuestion with a one-line message."""
    raw = _read(Path(path))
    if not isinstance(raw, list):
        raise BadQuestion(f"{path}: the question set must be a list of items, not {type(raw).__name__}")
    questions = [parse_item(item, index) for index, item in enumerate(raw)]
    _check_unique([q.id for q in questions], path)
    return questions


def parse_item(item: object, index: int = 0) -> Question:
    """One validated Question from one raw item; `index` names the item when it has no usable id."""
    if not isinstance(item, dict):
        raise BadQuestion(f"item #{index}: expected an object, got {type(item).__name__}")
    name = item.get("id") if isinstance(item.get("id"), str) and item.get("id") else f"#{index}"
    problem = _problem(item)
    if problem:
        raise BadQuestion(f"question {name}: {problem}")
    return Question(
        id=item["id"], question=item["question"], lang=item["lang"], topic=item["topic"], kind=item["kind"],
        answerable=item["answerable"], history=tuple(dict(turn) for turn in item["history"]),
        answer_all=tuple(tuple(group) for group in item["answer_all"]), evidence=tuple(item["evidence"]),
        ordered=item.get("ordered", False),
    )


def _read(path: Path) -> object:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadQuestion(f"cannot read the question set {path}: {exc}") from None
    if path.suffix.lower() in (".yaml", ".yml"):
        return _parse_yaml(text, path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadQuestion(f"{path} is not valid JSON: {exc}") from None


def _parse_yaml(text: str, path: Path) -> object:
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else "syntax error"
        raise BadQuestion(f"{path} is not valid YAML: {first_line}") from None


def _problem(item: dict) -> str | None:
    """The first thing wrong with an item, or None."""
    keys = set(item)
    if not KEYS <= keys <= KEYS | OPTIONAL:
        return _key_problem(keys)
    if not isinstance(item.get("ordered", False), bool):
        return "ordered must be true or false"
    for check in (_scalar_problem, _history_problem, _answers_problem):
        problem = check(item)
        if problem:
            return problem
    return None


def _key_problem(keys: set) -> str:
    missing, extra = sorted(KEYS - keys), sorted(str(k) for k in keys - KEYS - OPTIONAL)
    parts = ([f"missing {', '.join(missing)}"] if missing else []) + ([f"unknown {', '.join(extra)}"] if extra else [])
    return "; ".join(parts)


def _scalar_problem(item: dict) -> str | None:
    for key in ("id", "question", "topic"):
        if not isinstance(item[key], str) or not item[key].strip():
            return f"{key} must be a non-empty string"
    if item["kind"] not in KINDS:
        return f"kind {item['kind']!r} is not one of {', '.join(sorted(KINDS))}"
    if item["lang"] not in LANGS:
        return f"lang {item['lang']!r} is not one of {', '.join(sorted(LANGS))}"
    if not isinstance(item["answerable"], bool):
        return "answerable must be true or false"
    return None


def _history_problem(item: dict) -> str | None:
    history = item["history"]
    if not isinstance(history, list):
        return "history must be a list"
    for i, turn in enumerate(history):
        if not isinstance(turn, dict) or set(turn) != {"role", "content"}:
            return f"history[{i}] must be an object with exactly role and content"
        if turn["role"] not in ROLES or not isinstance(turn["content"], str):
            return f"history[{i}] needs role user|assistant and a string content"
    return None


def _answers_problem(item: dict) -> str | None:
    groups, evidence = item["answer_all"], item["evidence"]
    if not isinstance(groups, list) or not all(_is_str_list(g) and g for g in groups):
        return "answer_all must be a list of non-empty lists of strings"
    if not _is_str_list(evidence):
        return "evidence must be a list of strings"
    return None


def _is_str_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _check_unique(ids: list[str], path: str | Path) -> None:
    seen: set[str] = set()
    for qid in ids:
        if qid in seen:
            raise BadQuestion(f"question {qid}: the id appears more than once in {path}")
        seen.add(qid)
