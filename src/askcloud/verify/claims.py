"""An answer as claims: its sentences, each with the passage numbers it cites."""

from __future__ import annotations

import re
from dataclasses import dataclass

from askcloud.corpus.splitter import sentence_spans

MARKER = re.compile(r"\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_LEADING = re.compile(r"^(?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+")


@dataclass(frozen=True)
class Claim:
    text: str  # the sentence without its markers
    cited: tuple[int, ...]  # passage numbers as the writer gave them (1-based)


def parse(answer: str) -> list[Claim]:
    """The sentences of an answer with their markers; a marker opening a sentence closes the one before."""
    found: list[tuple[str, list[int]]] = []
    for span in sentence_spans(answer):
        raw = answer[span.start:span.end]
        if (lead := _LEADING.match(raw)) and found:
            found[-1][1].extend(_numbers(lead.group(0)))
            raw = raw[lead.end():]
        cited = _numbers(raw)
        text = MARKER.sub("", raw).strip()
        if text in (".", "") and found:  # "… [1]." splits as a lone "." after the marker
            found[-1][1].extend(cited)
            continue
        if text:
            found.append((text, cited))
    return [Claim(text, tuple(dict.fromkeys(cited))) for text, cited in found]


def bare(text: str) -> str:
    return MARKER.sub(" ", text)


def with_marks(text: str, marks: list[int]) -> str:
    tail = ""
    if text and text[-1] in ".!?":
        text, tail = text[:-1], text[-1]
    return f"{text} {''.join(f'[{m}]' for m in marks)}{tail}"


def _numbers(raw: str) -> list[int]:
    return [int(n) for group in MARKER.findall(raw) for n in re.split(r"\s*[,;]\s*", group)]
