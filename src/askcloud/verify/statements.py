"""What a draft sentence states once the layout copied from the prompt is set aside: a passage's label or a
source named in words is no claim; punctuation alone, or a step restating headings, says nothing."""

from __future__ import annotations

import re
from dataclasses import replace

from askcloud.text import LANGUAGES, pack
from askcloud.verify.align import terms
from askcloud.verify.claims import Claim
from askcloud.verify.evidence import Evidence


SAYS_NOTHING = "asserts nothing"


def unlabelled(claim: Claim, evidence: Evidence) -> Claim:
    """The claim without a passage's label the writer copied in front of it: the prompt shows each passage as
    "[n] (title, date) text", and a small model may open its sentences with "(title, date)". The label says what the
    passage is, not what the answer claims."""
    claim = _without_sources_in_words(claim, evidence.shown)
    if not claim.text.startswith("("):
        return claim
    for p in evidence.passages:
        words = p.chunk.title.split()
        if not words:
            continue
        title = r"\s+".join(map(re.escape, words))
        date = rf"(?:\s*,\s*{re.escape(p.chunk.date)})?" if p.chunk.date else ""
        if match := re.match(rf"\(\s*{title}{date}\s*\)\s*", claim.text, re.IGNORECASE):
            return replace(claim, text=claim.text[match.end():])
    return claim


_BRACKETED = re.compile(r"\s*\(([^()]{1,60})\)")
_LINKS = re.compile(r"\bn°|\b(?:et|and|no|nos)\b|[\s,;&.°–-]", re.IGNORECASE)
_DIGITS = str.maketrans("", "", "0123456789")


def _without_sources_in_words(claim: Claim, shown: int) -> Claim:
    """The claim without a bracket that only names its source in words ("(Passage)", "(extraits 1 et 3)"): a
    citation written out, not something the sentence asserts. The bracket opens on a word naming a source and its
    numbers are those of passages shown to the writer; "(12 articles)" or "(article 12)" of a law say something."""
    def cited_in_words(match: re.Match) -> bool:
        inside = match.group(1).strip()
        for code in LANGUAGES:
            words = pack(code).source_words
            if (opening := words.match(inside)) and not _LINKS.sub("", words.sub(" ", inside[opening.end():])
                                                                  .translate(_DIGITS)):
                return all(1 <= int(n) <= shown for n in re.findall(r"\d+", inside))
        return False
    text = _BRACKETED.sub(lambda m: "" if cited_in_words(m) else m.group(0), claim.text)
    return claim if text == claim.text else replace(claim, text=text.strip())


def states(text: str, evidence: Evidence, question: str, long: bool) -> bool:
    """Whether a sentence of the draft states anything: a sentence of punctuation alone ("…", the mark an excerpt
    shown to the writer joins its parts with) never does; in a longer answer, neither does a line made only of the
    question's words and of the titles and headings the passages stand under (a step or a summary's sentence that
    repeats a heading or a name asked about says nothing of it). A sentence closing on a colon ("For example:",
    "Add this code:") announces what follows: parsed alone, what it announced is not there to say it (a code block
    of the draft is never a claim, claims.py)."""
    if not re.search(r"\w", text) or text.rstrip().endswith(":"):
        return False
    if not long:
        return True
    labels = " ".join(evidence.heading(i) for i in range(len(evidence.passages)))
    return bool(terms(text) - terms(question) - terms(labels))
