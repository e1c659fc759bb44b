"""PDF: the page furniture left out — running headers and footers (a line repeated in the top or bottom margin of
several pages, its digits aside) and lone page numbers ("12", "- 3 -", "page 3/10", "iv")."""

from __future__ import annotations

import re
from collections import Counter

from askcloud.corpus.loaders.pdf_page import Box, Page

_MARGIN = 0.08  # share of the page height at the top and bottom where running headers and footers sit
_REPEATED = 3  # a margin line seen on this many pages is a running header or footer
_PAGE_NUMBER = re.compile(r"[-–\s]*(?:page\s*)?(?:#+(?:\s*/\s*#+)?|[ivxlc]{1,7})[-–.\s]*")  # digits are "#" here


def _margin_key(box: Box) -> str | None:
    if box.top > _MARGIN and box.bottom < 1 - _MARGIN:
        return None
    return re.sub(r"\d+", "#", " ".join(box.text.split())).lower()


def running_lines(pages: list[Page]) -> set[str]:
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({_margin_key(box) for box in page.boxes} - {None})
    return {key for key, n in counts.items() if n >= _REPEATED}


def is_furniture(box: Box, running: set[str]) -> bool:
    key = _margin_key(box)
    return key is not None and (key in running or _PAGE_NUMBER.fullmatch(key) is not None)
