"""Split comparisons and multi-part questions into sub-queries whose results are merged."""

from __future__ import annotations

import re

_COMPARE = re.compile(
    r"^(?P<head>.*?\b(?:compare[rz]?|comparez|comparaison|compare)\b\s*(?:la |le |les |l')?(?P<what>[^?]*?)\s+"
    r"(?:de|du|des|d'|of|between|entre)\s+(?P<a>.+?)\s+(?:et|and|à|avec|with|,)\s+(?:celle |celui |ceux )?(?:de |du |des |d'|l')?"
    r"(?P<b>[^?]+?))\s*\??$",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\?\s+|\s*;\s*")


def decompose(question: str) -> list[str]:
    """The question itself, then any sub-queries (at most 3). A simple question gives [question]."""
    question = question.strip()
    subs: list[str] = []
    if match := _COMPARE.match(question):
        what = match.group("what").strip()
        subs = [f"{what} {match.group('a').strip()}".strip(), f"{what} {match.group('b').strip()}".strip()]
    else:
        parts = [p.strip() for p in _SPLIT.split(question) if len(p.strip()) > 12]
        if len(parts) > 1:
            subs = parts
    return [question] + [s for s in subs if s and s.lower() != question.lower()][:3]
