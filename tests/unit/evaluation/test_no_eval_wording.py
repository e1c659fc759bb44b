"""No evaluation question's wording in the code or the tests: a test states the general behaviour with its own
sentences, and the code knows no question of any set (issue 17, point 5).

Every question of every set file (the suite's and any other under evals/sets/), and the user turns of their
histories, of at least MIN_WORDS words, is looked for in every text file under src/ and tests/, both normalised
(case, accents, punctuation, whitespace) — whole, or short of its first or last word ("Et combien …", "… 2014 ?"). A frozen set's wording is never printed: a hit names the set, the id and
the file, nothing more.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).parents[3]
SEARCHED = ("src", "tests")
MIN_WORDS = 5
SKIPPED_SUFFIXES = {".pyc", ".png", ".jpg", ".jpeg", ".gif", ".pdf", ".gguf", ".sqlite", ".bin", ".onnx", ".odt",
                    ".docx", ".pptx", ".zip", ".gz"}
_NOT_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Case, accents, punctuation and whitespace folded: words separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return _NOT_WORD.sub(" ", plain).strip()


def set_files() -> list[Path]:
    files = {ROOT / "evals" / "questions.json"}
    files |= {p for p in (ROOT / "evals" / "sets").glob("*") if p.suffix in (".json", ".yaml", ".yml")}
    try:
        import yaml

        suite = yaml.safe_load((ROOT / "evals" / "suite.yaml").read_text(encoding="utf-8"))
        files |= {ROOT / entry["questions"] for entry in suite["sets"]}
    except (OSError, KeyError, TypeError):
        pass
    return sorted(p for p in files if p.is_file())


def read_set(path: Path) -> list:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return json.loads(text)
    import yaml

    return yaml.safe_load(text)


@lru_cache(maxsize=1)
def wordings() -> dict[str, tuple[str, str]]:
    """{folded wording: (label, kind of text)} for every question and user turn of MIN_WORDS words or more."""
    found: dict[str, tuple[str, str]] = {}
    for path in set_files():
        frozen = "frozen" in path.name
        for item in read_set(path) or []:
            if not isinstance(item, dict):
                continue
            label = f"{path.relative_to(ROOT)}#{item.get('id')}"
            texts = [("question", item.get("question"))]
            texts += [("history", turn.get("content")) for turn in item.get("history") or []
                      if isinstance(turn, dict) and turn.get("role") == "user"]
            for where, text in texts:
                if isinstance(text, str) and len(fold(text).split()) >= MIN_WORDS:
                    shown = label if frozen else f"{label} {text!r}"
                    for variant in variants(fold(text)):
                        found.setdefault(variant, (shown, where))
    return found


def variants(folded: str) -> list[str]:
    """The folded wording, and without its first or its last word while MIN_WORDS words remain."""
    words = folded.split()
    shorter = [words[1:], words[:-1]] if len(words) > MIN_WORDS else []
    return [folded] + [" ".join(w) for w in shorter]


def searched_files() -> list[Path]:
    me = Path(__file__).resolve()
    files = []
    for top in SEARCHED:
        for path in sorted((ROOT / top).rglob("*")):
            if not path.is_file() or path.resolve() == me or path.suffix.lower() in SKIPPED_SUFFIXES:
                continue
            if any(part == "__pycache__" or part.endswith(".egg-info") for part in path.parts):  # generated
                continue
            files.append(path)
    return files


def hits() -> list[str]:
    needles = wordings()
    problems = []
    for path in searched_files():
        try:
            text = " " + fold(path.read_text(encoding="utf-8")) + " "
        except (UnicodeDecodeError, OSError):
            continue
        labels = {}
        for needle, (label, where) in needles.items():
            if f" {needle} " in text:
                labels.setdefault(label, where)
        problems += [f"{path.relative_to(ROOT)}: the {where} of {label}" for label, where in labels.items()]
    return problems


def test_the_sets_hold_wordings_to_look_for():
    assert len(wordings()) >= 50


def test_fold_ignores_case_accents_punctuation_and_spacing():
    assert fold("Où  est-il, l'Été ?") == fold("ou est il l ete")
    assert fold('"Quel est " \n    "le prix"') == "quel est le prix"


def test_no_evaluation_wording_in_src_or_tests():
    problems = hits()
    assert not problems, "evaluation wording found (write the test's own sentences):\n" + "\n".join(problems)
