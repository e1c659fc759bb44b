"""What a sentence asserts that can be checked word for word: its figures, names and identifiers.

Language-independent, no tables of nouns: a figure is digits (with a magnitude word from the language packs); a name
is a capitalised word that does not open a sentence, an acronym or a CamelCase word; an identifier is what code,
commands, paths, options, keyboard shortcuts and file names look like (`git rebase -i`, /etc/hosts, --force,
Ctrl+Shift+J, gimp-2.10, image.xcf) whether or not it is capitalised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from askcloud.text import pack
from askcloud.textnorm import normalize

_SCALES = {**pack("fr").scales, **pack("en").scales}
# A figure stands apart: digits glued to letters or to another figure's digits are part of a code or a version
# ("E0072", "x86", the "0.1" of "1.0.1"), not a quantity of their own.
_NUMBER = re.compile(
    r"(?<![^\W_])(?<!\d[.,])(?P<digits>\d+(?:[ .,\u00a0\u202f]\d{3})*(?:[.,]\d+)?)(?![.,]?\d)"
    rf"(?:[ \u00a0\u202f]?(?P<scale>{'|'.join(sorted(_SCALES, key=len, reverse=True))})\b|(?![^\W\d_]))",
    re.IGNORECASE)
# A capitalised word inside a sentence (not after . ! ? or at the start), an acronym, a CamelCase word; it ends on
# a letter or digit of any script ("Société", not "Sociét").
# A version: three or more dotted groups ("1.0.1", "2.10.12"), unless every group after the first has three digits
# ("65.000.000" is a number written with dotted thousands). Its value is itself.
_VERSION = re.compile(r"(?<![^\W_])(?<!\d[.,])\d+(?:\.\d+){2,}(?![.,]?\d)")
_NAME = re.compile(r"(?<![.!?:]\s)(?<![.!?:]\s[«\"“(])(?<!^)(?<!^[«\"“(])\b[A-ZÀ-Ý][\w'’&-]*[^\W_]")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,}[a-z]?\b")
_CAMEL = re.compile(r"\b[A-Za-zÀ-ý][a-z]*[A-Z][\w&-]*")
_CODE = re.compile(r"`([^`\n]+)`")
# A short quoted term ("peering", « Innovation is Freedom »): quoted as the very words of a source.
_QUOTED = re.compile(r"[«\"“]\s*([^«»\"“”\n]{2,40}?)\s*[»\"”]")
_IDENTIFIER = re.compile(
    r"(?:(?<=\s)|^)(?:"
    r"--?[A-Za-z][\w-]*"  # options
    r"|(?:[~.]?/)?[\w.-]+(?:/[\w.-]+)+/?"  # paths, menu paths written with /
    r"|[A-Za-z]+(?:[+][A-Za-z0-9]+)+"  # keyboard shortcuts
    r"|[A-Za-z_][\w-]*[._][\w.-]*[A-Za-z0-9]"  # dotted or snake_case names, files with an extension
    r"|[a-z]+[0-9][\w.-]*|[a-z]+-[0-9][\w.-]*"  # names holding a digit: ext4, python3, gimp-2.10
    r")(?=[\s,;:)»\"”]|[.!?](?:\s|$)|$)")
_OPENING = re.compile(r"(?:^|(?<=[.!?:]\s))[«\"“(\s]*([A-ZÀ-Ý][\w'’&-]*[^\W_])")
# An English clitic ending a word: the possessive "'s" ("Klaba's" names Klaba) and the pronoun's "'d", "'ll", "'m",
# "'re", "'ve" ("I'd" is the pronoun "I", capitalised wherever it stands, and no name).
_CLITIC = re.compile(r"['’](?:s|d|ll|m|re|ve)$")
_LINE_START = re.compile(r"(^|\n)[ \t]*(?:\d+[.)]|[-•*–])?[ \t]*")
_JOINED = re.compile(r"\s*([+])\s*")
_MARKER = re.compile(r"\s*\[\d+(?:\s*[,;]\s*\d+)*\]")
_CALL = re.compile(r"(?<=[\w!])\(\)$")  # a call's empty parentheses after a function's or a macro's name


@dataclass(frozen=True)
class Specifics:
    figures: frozenset[str]
    names: frozenset[str]  # folded (normalize)
    identifiers: frozenset[str]  # folded

    def __bool__(self) -> bool:
        return bool(self.figures or self.names or self.identifiers)

    def beyond(self, given: str) -> Specifics:
        """What of these the text `given` (the question, a heading) does not already hold, as whole words in any
        case ("directeur général" in a question holds "Directeur Général")."""
        folded, there = normalize(_MARKER.sub(" ", given)), figures(given)
        return Specifics(self.figures - there, frozenset(n for n in self.names if not _within(n, folded)),
                         frozenset(i for i in self.identifiers if not _within(i, folded)))

    def within(self, text: str) -> Specifics:
        """What of these the text holds (a clause of the claim that asserted them)."""
        folded, there = normalize(_MARKER.sub(" ", text)), figures(text)
        return Specifics(self.figures & there, frozenset(n for n in self.names if _within(n, folded)),
                         frozenset(i for i in self.identifiers if _within(i, folded)))

    def __or__(self, other: Specifics) -> Specifics:
        return Specifics(self.figures | other.figures, self.names | other.names, self.identifiers | other.identifiers)

    @property
    def folded(self) -> str:
        return " ".join(sorted(self.names | self.identifiers))

    def all(self) -> list[str]:
        return sorted(self.figures) + sorted(self.names) + sorted(self.identifiers)


@lru_cache(maxsize=8192)
def specifics(text: str, known: frozenset[str] = frozenset()) -> Specifics:
    """The figures, names and identifiers a text states (citation markers ignored). `known`: folded names the
    evidence gives inside its sentences, which count as names where they open one of the text's sentences too
    ("Netflix is the first customer")."""
    text = _MARKER.sub(" ", text)
    quoted = [m for m in _QUOTED.finditer(text) if len(m.group(1).split()) <= 4]
    code = [m.group(1).strip() for m in _CODE.finditer(text)] + [m.group(1).strip() for m in quoted]
    spans = [m.span() for m in _CODE.finditer(text)] + [m.span() for m in _IDENTIFIER.finditer(text)]
    idents = {normalize(x) for x in code} | {normalize(m.group(0).rstrip(".")) for m in _IDENTIFIER.finditer(text)}
    idents = {_CALL.sub("", i) for i in idents}  # `into_iter()` names the function `into_iter` names
    idents = {i for i in idents if len(i) > 1 and not _is_figure(i)}
    rest = _blank(text, spans)  # a figure or a name inside an identifier is part of it
    lines = _lines_as_sentences(rest)
    found = _NAME.findall(lines) + _ACRONYM.findall(rest) + _CAMEL.findall(rest)
    found += [w for w in _OPENING.findall(lines) if _bare_name(w) in known]
    names = {n for n in map(_bare_name, found) if len(n) > 1} - _function_words()
    return Specifics(frozenset(figures(lines)), frozenset(n for n in names if not n.isdigit()), frozenset(idents))


def names_within(text: str) -> frozenset[str]:
    """Folded capitalised words standing inside a sentence of the text: surely names."""
    found = _NAME.findall(_lines_as_sentences(_MARKER.sub(" ", text)))
    return frozenset(n for n in map(_bare_name, found) if len(n) > 1) - _function_words()


def _bare_name(word: str) -> str:
    """A capitalised word folded, without an English clitic ending it."""
    return normalize(_CLITIC.sub("", word))


def _lines_as_sentences(text: str) -> str:
    """Each line (after its list mark) opens a sentence: its first word is capitalised by position, not as a name."""
    return _LINE_START.sub(r"\1. ", text)


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    """Words of the language packs that only ever open a sentence capitalised ("Les", "The")."""
    return pack("fr").function_words | pack("en").function_words


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


def figures(text: str) -> set[str]:
    """Figures as canonical values: "2 000", "2000" and "2.000" give "2000"; "1,5 million" gives "1500000"; a
    version ("1.0.1") gives itself."""
    versions = [m for m in _VERSION.finditer(text) if any(len(g) != 3 for g in m.group(0).split(".")[1:])]
    for m in reversed(versions):
        text = f"{text[:m.start()]} {text[m.end():]}"
    return {m.group(0) for m in versions} | {_value(m.group("digits"), m.group("scale")) for m in _NUMBER.finditer(text)}


def _is_figure(token: str) -> bool:
    return bool(re.fullmatch(r"[\d .,]+", token))


def _value(digits: str, scale: str | None) -> str:
    groups = re.split(r"[ .,\u00a0\u202f]", digits)
    if len(groups) > 1 and len(groups[-1]) != 3:  # a decimal part: "1,5", "3.25"
        whole, fraction = "".join(groups[:-1]), groups[-1]
    else:  # thousands groups: "65 000", "65.000", "65,000"
        whole, fraction = "".join(groups), ""
    factor = _SCALES.get(scale.lower(), 1) if scale else 1
    value = (int(whole) * 10 ** len(fraction) + int(fraction or 0)) * factor
    quotient, remainder = divmod(value, 10 ** len(fraction))
    return str(quotient) if not remainder else f"{quotient}.{str(remainder).rjust(len(fraction), '0').rstrip('0')}"


def held(spec: Specifics, evidence: str) -> list[str]:
    """What of `spec` the evidence text does not hold (empty: everything stands in it)."""
    folded = normalize(_MARKER.sub(" ", evidence))
    there = figures(evidence)
    missing = [f for f in spec.figures if f not in there]
    missing += [n for n in sorted(spec.names | spec.identifiers) if not _within(n, folded)]
    return missing


def _within(term: str, folded: str) -> bool:
    """A name or identifier stands in the text as a whole word (no "usa" inside "usage"); "Ctrl + Z" is "Ctrl+Z"."""
    if re.search(rf"(?<![\w]){re.escape(term)}(?![\w])", folded):
        return True
    if "+" not in term:
        return False
    tight = _JOINED.sub(r"\1", term)
    return re.search(rf"(?<![\w]){re.escape(tight)}(?![\w])", _JOINED.sub(r"\1", folded)) is not None
