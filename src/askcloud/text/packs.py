"""One `LanguagePack` per language, built from its data module on first use."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from types import ModuleType
from typing import Literal

from askcloud.corpus.sentences import ABBREVIATIONS

Kind = Literal["figure", "date", "name"]
Form = Literal["fact", "procedure", "summary", "comparison", "list"]
FORMS: tuple[Form, ...] = ("fact", "procedure", "summary", "comparison", "list")
LANGUAGES = ("fr", "en")
_QUOTED = re.compile(r"«[^»]*»|\"[^\"]*\"|“[^”]*”|`[^`]*`|\[\d+\]")
_WORD = re.compile(r"[a-zàâçéèêëîïôûùüÿœ']+")
_NAMED = re.compile(r"(?<!^)(?<!^¿)\b[A-ZÀ-Ý][\w'’&-]+")
_ACCENTED = re.compile(r"[àâçéèêëîïôûùœ]")


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'’”»)\]]*\s+")
_LAST_TOKEN = re.compile(r"(\S+)[.!?…]$")


_INITIAL = re.compile(r"[A-ZÀ-Ý]")


def request_sentences(request: str) -> list[str]:
    """The sentences of what a user typed: each ends at . ! ? … before a space, whatever case the next word is in
    (users seldom capitalise), except after an abbreviation or an initial ("e.g.", "J. Dupont")."""
    sentences: list[str] = []
    for piece in _SENTENCE_END.split(request.strip()):
        last = _LAST_TOKEN.search(sentences[-1]) if sentences else None
        if last and (last.group(1).lower() in ABBREVIATIONS or _INITIAL.fullmatch(last.group(1))):
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    return sentences


def asking(request: str) -> str:
    """The sentences of a request that ask: those ending with a question mark, or the whole request when none
    does. What a user says first to set the scene ("My program crashes when the list is empty.") states; it does
    not ask."""
    asks = [s for s in request_sentences(request) if s.rstrip().endswith("?")]
    return " ".join(asks) if asks else request


@dataclass(frozen=True)
class LanguagePack:
    code: str
    function_words: frozenset[str]
    kinds: tuple[tuple[re.Pattern, Kind], ...]
    why: re.Pattern
    forms: tuple[tuple[re.Pattern, Form], ...]
    length: re.Pattern
    number_words: dict[str, int]
    detail: re.Pattern
    counted_noun: re.Pattern
    follow_up: re.Pattern
    pronouns: re.Pattern
    refusals: tuple[re.Pattern, ...]
    source_words: re.Pattern
    clause_links: re.Pattern  # where a sentence's clauses part (the linking word opens the next one)
    clause_link: re.Pattern  # the linking word opening a clause (or a cause)
    claim_clauses: re.Pattern  # where a draft sentence's clauses part: clause_links, and before a cause
    conjunction: re.Pattern  # "and" between two statements
    yes_no: re.Pattern
    question_words: re.Pattern
    months: frozenset[str]
    negations: re.Pattern
    scales: dict[str, int]
    messages: dict[str, str]

    @cached_property
    def kind_words(self) -> re.Pattern:
        """Every question-word phrase that asks for a kind of answer."""
        return re.compile("|".join(f"(?:{p.pattern})" for p, _ in self.kinds), re.IGNORECASE)

    def asked_kind(self, question: str) -> Kind | None:
        """What the question's own question word asks for: a figure, a date, a name; None for anything else. Only
        the sentences that ask are read (`asking`): "My build fails when the disk is full." says when something
        happens, it asks for no date."""
        asked = asking(question)
        for pattern, kind in self.kinds:
            if pattern.search(asked):
                return kind
        return None

    def answer_form(self, request: str) -> Form:
        """The form of answer the request asks for, from its grammar: a procedure's steps, a summary, a
        comparison, a list; a fact for anything else."""
        for pattern, form in self.forms:
            if pattern.search(request):
                return form
        return "fact"

    def asked_length(self, request: str) -> int | None:
        """The number of lines or sentences the request asks for ("in three lines"), if it says one."""
        found = self.length.search(request)
        if not found:
            return None
        word = found.group(1).lower()
        return int(word) if word.isdigit() else self.number_words.get(word)

    def asks_detail(self, request: str) -> bool:
        return bool(self.detail.search(request))

    def counted(self, question: str) -> str | None:
        """What a "how many X" question counts (X), which the figure answering it must stand with."""
        found = self.counted_noun.search(question)
        return found.group(1) if found else None

    def asks_why(self, question: str) -> bool:
        return bool(self.why.search(question))

    def leans_on_context(self, question: str) -> bool:
        """The question refers back to the conversation: a connective opening it, a demonstrative, or — when it
        names nothing itself — a pronoun or a possessive."""
        if self.follow_up.search(question):
            return True
        return not _NAMED.search(question) and bool(self.pronouns.search(question))

    def refuses(self, sentence: str) -> bool:
        """The sentence says the documents lack the answer ("the price is not provided in the passages")."""
        return any(p.search(sentence) for p in self.refusals)

    def asks_yes_no(self, question: str) -> bool:
        """A yes/no question: one of its sentences has the grammar of one (YES_NO) and no question word asking in
        it (QUESTION_WORDS). "Et sans sel ? Peut-on le cuire ?" asks yes or no in its second sentence."""
        return any(self.yes_no.search(s) and not self.question_words.search(s) for s in request_sentences(question))

    def denies(self, sentence: str) -> bool:
        """The sentence holds a negation ("ne … pas", "cannot")."""
        return bool(self.negations.search(sentence))

    def message(self, key: str, **values: object) -> str:
        return self.messages[key].format(**values)


def _build(code: str, data: ModuleType) -> LanguagePack:
    flags = re.IGNORECASE
    return LanguagePack(
        code=code, function_words=data.FUNCTION_WORDS,
        kinds=tuple((re.compile(p, flags), k) for p, k in data.QUESTION_KINDS), why=re.compile(data.WHY, flags),
        forms=tuple((re.compile(p, flags), f) for p, f in data.ANSWER_FORMS), length=re.compile(data.LENGTH, flags),
        number_words=dict(data.NUMBER_WORDS), detail=re.compile(data.DETAIL, flags),
        counted_noun=re.compile(data.COUNTED, flags),
        follow_up=re.compile(data.FOLLOW_UP, flags), pronouns=re.compile(data.PRONOUNS, flags),
        refusals=tuple(re.compile(p, flags) for p in data.REFUSALS),
        source_words=re.compile(data.SOURCE_WORDS, flags),
        clause_links=re.compile(rf"\s*;\s*|,\s*(?=(?:{data.CLAUSE_LINKS})\b)", flags),
        clause_link=re.compile(rf"^\s*(?:{data.CLAUSE_LINKS}|{data.CAUSE_LINKS})(?:\b|(?<=['’]))\s*", flags),
        claim_clauses=re.compile(rf"\s*;\s*|,\s*(?=(?:{data.CLAUSE_LINKS})\b)|,?\s+(?=(?:{data.CAUSE_LINKS})\b)",
                                 flags),
        conjunction=re.compile(rf"\s+(?:{data.AND})\s+", flags), months=frozenset(data.MONTHS),
        negations=re.compile(data.NEGATIONS, flags), yes_no=re.compile(data.YES_NO, flags),
        question_words=re.compile(data.QUESTION_WORDS, flags),
        scales=dict(data.SCALES), messages=dict(data.MESSAGES))


@lru_cache(maxsize=len(LANGUAGES))
def pack(code: str) -> LanguagePack:
    """The pack of a language code; French for any other (the default corpus's language)."""
    if code == "en":
        from askcloud.text import en

        return _build("en", en)
    from askcloud.text import fr

    return _build("fr", fr)


def detect_language(text: str, default: str = "fr") -> str:
    """French or English, from function words and accents, ignoring quotes, code and citation markers."""
    lowered = _QUOTED.sub(" ", text.lower())
    words = _WORD.findall(lowered)
    fr = sum(w in pack("fr").function_words for w in words) + 2 * len(_ACCENTED.findall(lowered))
    en = sum(w in pack("en").function_words for w in words)
    if fr == en:
        return default
    return "fr" if fr > en else "en"
