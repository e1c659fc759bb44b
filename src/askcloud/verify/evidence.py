"""This turn's evidence: the passages kept (and spare), cut once into the sentences a claim may rest on."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from askcloud.corpus.splitter import Span
from askcloud.text import detect_language
from askcloud.textnorm import normalize
from askcloud.verify.guard import addresses_assistant, evidence_spans
from askcloud.verify.lists import items_after
from askcloud.verify.specifics import names_within

_ANAPHOR = re.compile(r"^[«\"“(\s]*(il|ils|elle|elles|ce|cela|ça|ceux|celui|celle|celles|they|it|he|she|this|these|"
                      r"those)\b(?!\s+(?:y a|faut|s['’]agit|is said)\b)", re.IGNORECASE)

MAX_ITEMS = 6  # list items read with the sentence announcing them
MAX_CODE_LINES = 6  # lines of a code block read with the sentence announcing it
_ITEM_MARK = re.compile(r"\s*(?:\d+[.)]|[-•*–])\s+")
_PATH = " › "  # between the headings of a heading path (corpus/splitter.py)

if TYPE_CHECKING:
    from askcloud.retrieval.passage import Passage


@dataclass(frozen=True)
class Sentence:
    passage: int  # index in Evidence.passages
    position: int  # index among its passage's evidence sentences
    span: Span  # offsets within the passage's text
    text: str


@dataclass
class Evidence:
    passages: list[Passage]
    shown: int  # the first `shown` passages are those the writer saw and numbered 1…shown

    @cached_property
    def sentences(self) -> list[list[Sentence]]:
        out = []
        for i, p in enumerate(self.passages):
            text = p.chunk.text
            out.append([Sentence(i, k, s, text[s.start:s.end]) for k, s in enumerate(evidence_spans(text))])
        return out

    def window(self, s: Sentence, reach: int = 1) -> str:
        """The sentence with its immediate neighbours in its passage."""
        own = self.sentences[s.passage]
        return " ".join(x.text for x in own[max(0, s.position - reach):s.position + reach + 1])

    def heading(self, i: int) -> str:
        """What the whole passage stands under: its document's title and its section, or, when headings stand inside
        it, the part of the heading path all its sentences share (never an order-giving line)."""
        chunk = self.passages[i].chunk
        return _joined(chunk.title, _shared(chunk.section, *(path for _, path in chunk.headings)))

    def heading_of(self, s: Sentence) -> str:
        """What the sentence stands under: its document's title and the heading path above it in the passage (a
        version or a date given only by the heading of a release's notes is evidence for the lines below it)."""
        chunk = self.passages[s.passage].chunk
        return _joined(chunk.title, chunk.section_at(s.span.start))

    def is_heading(self, s: Sentence) -> bool:
        """A title or heading line standing as a sentence of the passage (or part of one: a document's first line
        is often its title cut short): what it is under, not what it says."""
        chunk = self.passages[s.passage].chunk
        folded = normalize(s.text).strip(" .:!?")
        return bool(folded) and any(folded in normalize(h) for h in (chunk.title, chunk.section,
                                                                      *(path for _, path in chunk.headings)) if h)

    def in_code(self, s: Sentence) -> bool:
        """The sentence is a piece of a code block (a listing, a command's output), not prose."""
        return _lies_in(s, self.passages[s.passage].chunk.code)

    def is_caption(self, s: Sentence) -> bool:
        """The sentence stands in a figure's or a table's caption: it names what a picture shows."""
        return _lies_in(s, self.passages[s.passage].chunk.captions)

    def language(self, i: int) -> str:
        return _language(self.passages[i].chunk.text)

    @cached_property
    def known_names(self) -> frozenset[str]:
        return names_within(" ".join(p.chunk.text for p in self.passages))

    def all_sentences(self) -> list[Sentence]:
        return [s for group in self.sentences for s in group]


def _lies_in(s: Sentence, spans: tuple[tuple[int, int], ...]) -> bool:
    """The sentence lies whole within one of these spans of its passage (a block the loader marked)."""
    return any(a <= s.span.start and s.span.end <= b for a, b in spans)


def units(evidence: Evidence, s: Sentence) -> tuple[int, int]:
    """The sentence's span, from the sentence before when it opens on a pronoun."""
    own = evidence.sentences[s.passage]
    start = s.span.start
    if s.position and _ANAPHOR.match(s.text):
        before = own[s.position - 1]
        gap = evidence.passages[s.passage].chunk.text[before.span.end:s.span.start]
        if "\n" not in gap:
            start = before.span.start
    return start, s.span.end


def announced(evidence: Evidence, s: Sentence, end: int) -> int:
    """The end of what a sentence closing on a colon announces in its passage: its list's first MAX_ITEMS items, or
    the first MAX_CODE_LINES lines of the code block right after it ("…, run:" and the command it announces are one
    statement; alone, the sentence leaves out what it says). `end` (where the sentence is read to) when it announces
    nothing."""
    chunk = evidence.passages[s.passage].chunk
    text = chunk.text
    if not text[:end].rstrip().endswith(":"):
        return end
    items = items_after(text, end)[:MAX_ITEMS]
    if items:
        return items[-1][1]
    block = next(((a, b) for a, b in chunk.code if a >= end and not text[end:a].strip()), None)
    if block is None:
        return end
    a, b = block
    lines = [m for m in re.finditer(r"[^\n]*\S[^\n]*", text[a:b])][:MAX_CODE_LINES]
    return a + lines[-1].end() if lines else end


def context(evidence: Evidence, s: Sentence) -> str:
    """The sentence as it is read: with the sentence before when it opens on a pronoun, and, for a list item, with
    the sentence announcing the list ("Winter vegetables are:"), which says what the item is."""
    start, end = units(evidence, s)
    text = evidence.passages[s.passage].chunk.text
    line = text[text.rfind("\n", 0, s.span.start) + 1:s.span.start]
    if _ITEM_MARK.fullmatch(line + " ") or _ITEM_MARK.match(s.text):
        intro = next((x for x in reversed(evidence.sentences[s.passage][:s.position]) if x.text.rstrip().endswith(":")),
                     None)
        if intro is not None:
            return f"{intro.text} {text[start:end]}"
    return text[start:end]


def _shared(*paths: str) -> str:
    """The heading path every one of these paths lies under ("A › B" and "A › C" share "A")."""
    common: list[str] = []
    for parts in zip(*(p.split(_PATH) for p in paths)):
        if len(set(parts)) > 1:
            break
        common.append(parts[0])
    return _PATH.join(common)


def _joined(title: str, section: str) -> str:
    heads = dict.fromkeys(h for h in (title, *section.split(_PATH)) if h)
    return _PATH.join(h for h in heads if not addresses_assistant(h))


@lru_cache(maxsize=4096)
def _language(text: str) -> str:
    return detect_language(text)
