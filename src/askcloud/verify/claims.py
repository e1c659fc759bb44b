"""An answer as claims: its sentences, each with the passage numbers it cites.

A line opening on a list marker ("1.", "2)", "-", "•") is a list item (a procedure's step): one claim, checked whole
like a sentence (its full stops may be a menu's "…" or a section number), marked as opening an item, so that the
verified answer is laid out as a list again, renumbered over the steps kept. A line ending on a colon with no
citation ("Voici les étapes :") announces what follows: a block of its own, whose sentence states nothing
(statements.py), so it is dropped silently. A fenced code block the writer adds (```…```, or one still open at
the end of a draft being written) is no sentence to check: its lines hold no claim, and it is not shown — code the
answer shows comes from the documents, quoted with the sentence announcing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from askcloud.corpus.splitter import sentence_spans

MARKER = re.compile(r"\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_LEADING = re.compile(r"^(?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+")
_ITEM = re.compile(r"^\s*(?:(?P<n>\d{1,2})[.)]|(?P<b>[-*•–]))\s+")
_GOES_ON = re.compile(r"[a-zà-ÿ]")
_CUT = re.compile(r"(?:\.\.\.|…|\betc\.)[\"”»')\]}]*$")  # a sentence the segmenter may have cut there
# A fenced block opening on a line of its own (to its closing fence, or to the end of a draft still being written),
# or a fenced span within one line.
_FENCED = re.compile(r"^[ \t]*```[^\n]*(?:\n.*?(?:^[ \t]*```[^\n]*$|\Z)|\Z)|[ \t]*```[^`\n]+```[ \t]*",
                     re.DOTALL | re.MULTILINE)


@dataclass(frozen=True)
class Claim:
    text: str  # the sentence without its markers
    cited: tuple[int, ...]  # passage numbers as the writer gave them (1-based)
    item: str = ""  # "1." for a sentence opening a numbered list item, "-" for a bullet, "" otherwise
    block: int = 0  # the paragraph or list item it stands in (0, 1, …)
    in_item: bool = False  # that block is a list item


def parse(answer: str) -> list[Claim]:
    """The sentences of an answer with their markers; a marker opening a sentence closes the one before."""
    found: list[tuple[str, list[int], str, int, bool]] = []
    answer = _FENCED.sub(lambda m: "\n\n" if "\n" in m.group(0) else " ", answer)
    for b, (kind, body) in enumerate(_blocks(answer)):
        # A list item is one step: checked whole, whatever full stops it holds ("New Layer...", "2.4. Tools").
        for k, raw in enumerate([body] if kind else [body[s.start:s.end] for s in sentence_spans(body)]):
            if (lead := _LEADING.match(raw)) and found:
                found[-1][1].extend(_numbers(lead.group(0)))
                raw = raw[lead.end():]
            cited = _numbers(raw)
            text = MARKER.sub("", raw).strip()
            if text in (".", "") and found:  # "… [1]." splits as a lone "." after the marker
                found[-1][1].extend(cited)
                continue
            if k and _GOES_ON.match(text) and found and _CUT.search(found[-1][0]):
                # A sentence opens on a capital: one the segmenter cut after an ellipsis or "etc."
                # ('… (feature = "...")] attribute.') goes on with the part before.
                before = found[-1]
                found[-1] = (f"{before[0]} {text}", before[1] + cited, *before[2:])
                continue
            if text:
                found.append((text, cited, kind if k == 0 else "", b, bool(kind)))
    return [Claim(text, tuple(dict.fromkeys(cited)), item, block, in_item)
            for text, cited, item, block, in_item in found]


def _blocks(answer: str) -> list[tuple[str, str]]:
    """(item kind, text) of each list item and paragraph: a line opening on a list marker starts an item, a blank
    line ends a block, any other line goes on with the block before it (a sentence wrapped over two lines)."""
    blocks: list[tuple[str, str]] = []
    open_block = False
    for line in answer.splitlines():
        if not line.strip():
            open_block = False
            continue
        if item := _ITEM.match(line):
            blocks.append(("1." if item.group("n") else "-", line[item.end():]))
        elif line.rstrip().endswith(":") and not MARKER.search(line):
            # "Voici les étapes :" announces what follows: a block of its own, whose closing sentence states nothing
            # (statements.states). Kept, not skipped: a draft being streamed has shown its first sentences already.
            blocks.append(("", line))
            open_block = False
            continue
        elif open_block:
            blocks[-1] = (blocks[-1][0], f"{blocks[-1][1]} {line.strip()}")
        else:
            blocks.append(("", line))
        open_block = True
    return blocks


def bare(text: str) -> str:
    return MARKER.sub(" ", text)


def laid_out(claim: Claim, text: str, items: int, before: Claim | None) -> str:
    """A checked claim as it stands in the answer after the kept claim `before`: a list item opens a line with its
    number (`items`: the items kept so far, this one included) or its bullet; a sentence goes on with the one
    before in its block, and opens a paragraph after a list."""
    if claim.item:
        head = f"{items}. " if claim.item == "1." else "- "
        return f"{head}{text}" if before is None else f"\n{head}{text}"
    if before is not None and before.in_item and before.block != claim.block:
        return f"\n\n{text}"
    return text


def with_marks(text: str, marks: list[int]) -> str:
    tail = ""
    if text and text[-1] in ".!?":
        text, tail = text[:-1], text[-1]
    return f"{text} {''.join(f'[{m}]' for m in marks)}{tail}"


def _numbers(raw: str) -> list[int]:
    return [int(n) for group in MARKER.findall(raw) for n in re.split(r"\s*[,;]\s*", group)]
