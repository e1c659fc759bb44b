"""How close two texts are in meaning: shared index terms, and the multilingual embedder's cosine.

Shared terms are cheap and exact within a language; across French and English they are near zero, and the e5
embedder (multilingual) says what they cannot. Both are on one scale, 0 to 1: the lexical share as it is, the cosine
mapped linearly from `dense_floor` (unrelated sentences) to `dense_ceiling` (paraphrases).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import numpy as np

from askcloud.index.analyzer import tokenize
from askcloud.settings import Policy

EmbedFn = Callable[[list[str]], np.ndarray]
FORM = 5  # index terms sharing their first five letters are forms of one word ("nouvelle", "nouveauté")
_HASHTAG = re.compile(r"#(\w+)")
_HASHTAG_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")  # OVHSummit2014 → OVH, Summit, 2014
_ACRONYM = re.compile(r"\b[A-Z]{3,6}\b")
_CAPITALISED_RUN = re.compile(r"\b[A-Z][\w&-]*(?:[ \u00a0][A-Z][\w&-]*){2,}")


def coverage(question: str, text: str) -> float:
    """Share of the question's index terms found in the text; a hashtag's run-together words count one by one
    ("#OVHSummit" holds "OVH" and "Summit"), and a name counts under its initials (`text_terms`)."""
    terms = set(tokenize(question))
    return len(terms & text_terms(question, text)) / len(terms) if terms else 0.0


def text_terms(question: str, text: str) -> set[str]:
    """The index terms of a text as read against a question: with a hashtag's words, and with the words of a name
    of the question that the text writes as its initials ("VTT" holds "Very Tech Trip"), or the initials of a
    question's acronym that the text spells out ("Amazon Web Services" holds "AWS")."""
    terms = set(tokenize(_HASHTAG.sub(_hashtag_words, text)))
    asked, acronyms = _initials(question), _acronyms(question)
    if asked:
        for acronym in set(_ACRONYM.findall(text)) & asked.keys():
            terms.update(tokenize(" ".join(asked[acronym])))
    if acronyms:  # most questions have none: the text's runs of capitalised words are read only for those that do
        shown = _initials(text)
        terms.update(tokenize(" ".join(a for a in acronyms if a in shown)))
    return terms


@lru_cache(maxsize=256)
def _acronyms(question: str) -> frozenset[str]:
    return frozenset(_ACRONYM.findall(question))


def _hashtag_words(match: re.Match) -> str:
    return " ".join([match.group(1), *_HASHTAG_WORD.findall(match.group(1))])


@lru_cache(maxsize=1024)
def _initials(text: str) -> dict[str, tuple[str, ...]]:
    """Each run of three or more capitalised words ("Very Tech Trip", "Amazon Web Services") by its initials."""
    found: dict[str, tuple[str, ...]] = {}
    for run in _CAPITALISED_RUN.finditer(text):
        words = run.group(0).split()
        for i in range(len(words)):
            for j in range(i + 3, len(words) + 1):
                found.setdefault("".join(w[0] for w in words[i:j]).upper(), tuple(words[i:j]))
    return found


def terms(text: str) -> set[str]:
    return set(tokenize(text))


def share(of: str, within: str) -> float:
    """Share of the index terms of `of` that `within` holds (0 when `of` has none)."""
    wanted = terms(of)
    return len(wanted & terms(within)) / len(wanted) if wanted else 0.0


class Aligner:
    """Scores one text against several; embeddings are computed lazily, once per text (the embedder caches them)."""

    def __init__(self, policy: Policy, embed: EmbedFn | None = None) -> None:
        self.policy, self._embed = policy, embed
        self._vectors: dict[str, np.ndarray] = {}

    @property
    def has_dense(self) -> bool:
        return self._embed is not None

    def lexical(self, text: str, others: list[str]) -> list[float]:
        """Share of the text's index terms each other text holds (a name counts under its initials)."""
        return [coverage(text, o) for o in others]

    def dense(self, text: str, others: list[str]) -> list[float]:
        """Calibrated cosines (0: unrelated, 1: a paraphrase); zeros without an embedder."""
        if self._embed is None or not others:
            return [0.0] * len(others)
        missing = [t for t in dict.fromkeys([text, *others]) if t not in self._vectors]
        if missing:
            for t, v in zip(missing, self._embed(missing)):
                self._vectors[t] = np.asarray(v, dtype=np.float32)
        a = self._vectors[text]
        lo, hi = self.policy.dense_floor, self.policy.dense_ceiling
        return [float(np.clip((float(a @ self._vectors[o]) - lo) / (hi - lo), 0.0, 1.0)) for o in others]

    def align(self, text: str, others: list[str], cross: bool) -> list[float]:
        """Lexical share within a language; across languages the better of it and the calibrated cosine."""
        lexical = self.lexical(text, others)
        if not cross:
            return lexical
        return [max(a, b) for a, b in zip(lexical, self.dense(text, others))]


def forms(words: set[str]) -> set[str]:
    """The word forms of index terms (their first `FORM` letters): "enlarging" and "enlarge" are one."""
    return {t[:FORM] for t in words}

