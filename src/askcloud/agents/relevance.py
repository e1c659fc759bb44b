"""Cheap relevance signals shared by the route, grade, write and fact-check nodes: no model calls."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from askcloud.agents.guard import evidence_spans
from askcloud.agents.lists import leading_items
from askcloud.corpus.splitter import Span
from askcloud.index.analyzer import tokenize
from askcloud.textnorm import normalize

# A figure: digits (not those of a name: D2SI, EC2) with thousands groups or a decimal part, and a magnitude word.
_NUMBER = re.compile(
    r"(?<![^\W\d_])(?P<digits>\d+(?:[ .,\u00a0\u202f]\d{3})*(?:[.,]\d+)?)(?![.,]?\d)"
    r"(?:[ \u00a0\u202f]?(?P<scale>milliards?|mds?|billions?|bn|millions?|mio|thousands?|mille|k)\b)?",
    re.IGNORECASE)
_SCALE = {"milliard": 10**9, "md": 10**9, "billion": 10**9, "bn": 10**9, "million": 10**6, "mio": 10**6,
          "thousand": 10**3, "mille": 10**3, "k": 10**3}
_LIST_MARK = re.compile(r"\s*(\d+[.)]|[-•*–])\s*")
# In an excerpt, a sentence that gives what the question asks for (a figure, a name) ranks as if it shared two more
# terms with the question (eval_replay: a bonus of 1 did worse than none, 2 better).
GIVES_BONUS = 2
LIST_ITEMS = 3  # list items a sentence ending in a colon brings into an excerpt
_CAPS = re.compile(r"\b[A-Z]{4,}\b")  # SHOUTED words count as names even at a sentence start ("PWNED")
# A sentence opening on a pronoun says what it is about in the sentence before.
_ANAPHOR = re.compile(
    r"^[«\"“(\s]*(?!il y a\b|il faut\b|il s['’]agit\b|it is\b|it's\b)"
    r"(il|ils|elle|elles|ce|cela|ça|ceux|celui|celle|celles|they|it|he|she|this|these)\b", re.IGNORECASE)
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-ZÀ-Ý][\w'’&-]*[A-Za-z0-9]")
_WITHIN = re.compile(r"(?<=[\w,;:)'’]\s)[A-ZÀ-Ý][\w'’&-]*[A-Za-z0-9]")
_OPENING = re.compile(r"(?:^|(?<=[.!?]\s))[«\"“(\s]*([A-ZÀ-Ý][\w'’&-]*[A-Za-z0-9])")
_HASHTAG = re.compile(r"#(\w+)")
_HASHTAG_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")  # OVHSummit2014 → OVH, Summit, 2014
_ACRONYM = re.compile(r"\b[A-Z]{3,6}\b")
_CAPITALISED_RUN = re.compile(r"\b[A-Z][\w&-]*(?:[ \u00a0][A-Z][\w&-]*){2,}")
_CAMEL = re.compile(r"\b[A-ZÀ-Ýa-z][a-z]*[A-Z][\w&-]*")  # VMware, OpenStack, iPhone: names even at a sentence start


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


def grounded(sentence: str, evidence: str, question: str = "", share: float = 0.5) -> bool:
    """What the sentence adds to the question (its other terms) must mostly come from the evidence: a sentence
    that restates the question and adds a cause of its own ("… because of the weather") is not grounded."""
    new = set(tokenize(sentence)) - set(tokenize(question))
    return not new or len(new & set(tokenize(evidence))) / len(new) >= share


def numbers(text: str) -> set[str]:
    """Figures as canonical values: "2 000", "2000" and "2.000" give "2000"; "1,5 million" gives "1500000"; "3 mds"
    and "3 milliards" give "3000000000", which "3 millions" (a wrong magnitude) does not match."""
    return {_value(m.group("digits"), m.group("scale")) for m in _NUMBER.finditer(text)}


def _value(digits: str, scale: str | None) -> str:
    groups = re.split(r"[ .,\u00a0\u202f]", digits)
    if len(groups) > 1 and len(groups[-1]) != 3:  # a decimal part: "1,5", "3.25"
        whole, fraction = "".join(groups[:-1]), groups[-1]
    else:  # thousands groups: "65 000", "65.000", "65,000"
        whole, fraction = "".join(groups), ""
    factor = _SCALE.get(scale.lower().rstrip("s"), 1) if scale else 1
    value = (int(whole) * 10 ** len(fraction) + int(fraction or 0)) * factor
    quotient, remainder = divmod(value, 10 ** len(fraction))
    return str(quotient) if not remainder else f"{quotient}.{str(remainder).rjust(len(fraction), '0').rstrip('0')}"


def names(text: str) -> set[str]:
    """Capitalised words that are not sentence starts: names of people, companies, events."""
    return {normalize(m) for m in _NAME.findall(text) + _CAPS.findall(text) + _CAMEL.findall(text) if len(m) > 2}


@dataclass(frozen=True)
class Unit:
    """A sentence (`core`) as it may be read and quoted: with the sentence before when it opens on a pronoun."""

    start: int
    end: int
    core: Span


def units(text: str) -> list[Unit]:
    """The evidence sentences of a passage; one opening on a pronoun ("Ils sont pourtant nombreux (700 000)") is
    joined to the sentence just before it, which says what the pronoun stands for."""
    spans = evidence_spans(text)
    out = []
    for k, span in enumerate(spans):
        start = span.start
        gap = text[spans[k - 1].end:span.start] if k else "\n"
        if not gap.strip() and "\n" not in gap and _ANAPHOR.match(text[span.start:span.end]):
            start = spans[k - 1].start
        out.append(Unit(start, span.end, span))
    return out


@lru_cache(maxsize=256)  # the same passages, once for every candidate sentence of a turn
def names_within(text: str) -> frozenset[str]:
    """Capitalised words standing inside a line, after a word: surely names (a line's first word may not be)."""
    return frozenset(normalize(m) for m in _WITHIN.findall(text))


def names_known(text: str, known: frozenset[str]) -> set[str]:
    """`names(text)`, with the words opening its sentences that `known` (`names_within` the passages) holds:
    "Numergy [2]." """
    opening = {normalize(w) for w in _OPENING.findall(text)}
    return names(text) | (opening & known)


def ranked_sentences(question: str, text: str, gives: Callable[[str], bool] | None = None) -> list[Span]:
    """The sentences of `text`, those sharing most terms (numbers count double) with the question first; never a
    sentence that gives the assistant orders (guard.py). `gives`: whether a sentence gives what the question asks
    for (a figure, a name); such a sentence counts GIVES_BONUS shared terms more."""
    spans = evidence_spans(text)
    terms = set(tokenize(question))

    def score(span: Span) -> int:
        sentence = text[span.start:span.end]
        shared = terms & text_terms(question, sentence)
        return len(shared) + sum(t[0].isdigit() for t in shared) + GIVES_BONUS * bool(gives and gives(sentence))

    return sorted(spans, key=lambda s: (-score(s), s.start))


def best_sentences(question: str, text: str, limit: int = 400,
                   gives: Callable[[str], bool] | None = None, ends_list: bool = False) -> list[Span]:
    """The best sentences for the question within `limit` characters, kept in text order. A sentence that
    announces a list ("Les marchés naturels sont :") brings the first sentence of its next LIST_ITEMS items, even
    past the limit: without them it answers nothing. `ends_list`: the text goes on with a list the passage before it
    left open (lists.py); the first sentences of the items it opens with come first, whatever they share."""
    spans = [s for s in evidence_spans(text) if not _LIST_MARK.fullmatch(text[s.start:s.end])]  # a bare "2."
    chosen: list[Span] = []
    if ends_list:
        items = leading_items(text)
        chosen = _line_starts(text, [s for s in spans if any(a <= s.start < b for a, b in items)])[:LIST_ITEMS]
    used = sum(s.end - s.start for s in chosen)
    for span in ranked_sentences(question, text, gives):
        size = span.end - span.start
        if span in chosen or span not in spans or (chosen and used + size > limit):
            continue
        chosen.append(span)
        used += size
        if text[span.start:span.end].rstrip().endswith(":"):
            items = [s for s in spans if s.start > span.end and s not in chosen]
            chosen += _line_starts(text, items)[:LIST_ITEMS]
    return sorted(chosen, key=lambda s: s.start)


def _line_starts(text: str, spans: list[Span]) -> list[Span]:
    """The spans that open a line, after its list mark if any (a list item's first sentence)."""
    def opens(span: Span) -> bool:
        head = text[text.rfind("\n", 0, span.start) + 1:span.start]
        return not head.strip() or _LIST_MARK.fullmatch(head) is not None

    return [s for s in spans if opens(s)]


def excerpt(question: str, text: str, limit: int = 400, gives: Callable[[str], bool] | None = None,
            ends_list: bool = False) -> str:
    return " … ".join(text[s.start:s.end] for s in best_sentences(question, text, limit, gives, ends_list))


def supported(claim: str, evidence: str, given: str = "", known: frozenset[str] = frozenset()) -> tuple[bool, list[str]]:
    """Every number and name of the claim must appear in the evidence, or in what was `given` (the question and
    the documents' titles: repeating them invents nothing). `known`: names that count even where they open one of
    the claim's sentences (`names_within` this turn's passages). Returns (ok, what is missing)."""
    evidence = f"{evidence}\n{given}" if given else evidence
    folded = normalize(evidence)
    evidence_numbers = numbers(evidence)
    missing = [n for n in numbers(claim) if n not in evidence_numbers]
    claim_names = names_known(claim, known) if known else names(claim)
    absent = [n for n in claim_names if n not in folded]
    # Names may be translated in an English answer ("Palais des Congrès"): most of them, not all, must match. A
    # name that another passage of this turn gives as it is, though, was not translated: it must match.
    if absent and 2 * len(absent) > len(claim_names):
        missing += absent
    else:
        missing += [n for n in absent if n in known]
    return not missing, missing
