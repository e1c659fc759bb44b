"""Bytes to text in the encodings people have: a byte-order mark first, then strict UTF-8, then the charset a
document declares (HTML), then an encoding detector (charset-normalizer). The name of the encoding found is kept.

A file with NUL bytes and no byte-order mark is binary (UTF-16 and UTF-32 text always carries its mark when an
editor writes it); a file the detector cannot read, or reads only as control characters, is refused with a reason.
"""

from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from askcloud.corpus.loaders.base import Unreadable

_BOMS = (  # UTF-32's marks first: UTF-32-LE's starts with UTF-16-LE's
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SNIFFED = 8192  # bytes looked at for NULs
# Without a byte-order mark, UTF-16/32 would be text full of NULs, which is refused as binary before detection.
_WIDE = ["utf_16", "utf_16_be", "utf_16_le", "utf_32", "utf_32_be", "utf_32_le", "utf_7"]
# When the detector cannot tell encodings apart (a short text: the same chaos and coherence), the one that the
# HTML standard falls back to for unlabelled Western text is taken: Windows-1252.
_FALLBACK = "cp1252"
# Labels that the HTML standard reads as Windows-1252 (its superset): their bytes 0x80-0x9F are printable there.
_AS_WINDOWS_1252 = {"latin-1", "iso8859-1", "ascii"}
_MAX_CONTROL_SHARE = 100  # a decoded text with more than one control character in this many was not text


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # as shown to users: Python's name of the codec that read it ("utf-8", "utf-16-le", "cp1252")


def decode(data: bytes, declared: Callable[[bytes], str | None] | None = None) -> Decoded:
    """The text of `data`. `declared` finds the charset a document states about itself (None when it states none)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(name)
            except UnicodeDecodeError as exc:
                raise Unreadable(f"is not valid {name.upper()} despite its byte-order mark "
                                 f"(byte {exc.start + len(bom)})") from exc
            if "\x00" in text:
                raise Unreadable(f"looks binary (NUL characters in {name.upper()})")
            return Decoded(text, name)
    if b"\x00" in data[:_SNIFFED]:
        raise Unreadable("looks binary (NUL bytes)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        not_utf8 = f"is not valid UTF-8 (byte {exc.start})"
    found = (declared and _as_declared(data, declared(data))) or _mostly_utf8(data) or _detected(data)
    if found is None:
        raise Unreadable(f"{not_utf8} and no encoding could be detected")
    if _mostly_controls(found.text):
        raise Unreadable(f"{not_utf8} and reads as control characters in {found.encoding} (looks binary)")
    return found


def _as_declared(data: bytes, label: str | None) -> Decoded | None:
    """The text in the encoding the document declares, when that encoding exists and reads every byte."""
    try:
        name = codecs.lookup(label).name if label else None
    except LookupError:
        return None
    if name is None:
        return None
    for candidate in (_FALLBACK, name) if name in _AS_WINDOWS_1252 else (name,):
        try:
            return Decoded(data.decode(candidate), codecs.lookup(candidate).name)
        except UnicodeDecodeError:
            continue
    return None


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few stray bytes (files joined from two sources): more well-formed non-ASCII characters than
    broken bytes, which text in a single-byte encoding almost never has. The broken bytes become U+FFFD."""
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    valid = sum(1 for c in text if c > "\x7f") - broken
    if valid <= broken:
        return None
    return Decoded(text, f"utf-8 ({broken} invalid byte{'s' if broken > 1 else ''} replaced)")


def _detected(data: bytes) -> Decoded | None:
    from charset_normalizer import from_bytes

    matches = from_bytes(data, cp_exclusion=_WIDE)
    best = matches.best()
    if best is None:
        return None
    tied = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    if any(_FALLBACK in m.could_be_from_charset for m in tied):
        try:
            return Decoded(data.decode(_FALLBACK), _FALLBACK)
        except UnicodeDecodeError:
            pass
    return Decoded(str(best), codecs.lookup(best.encoding).name)


def _mostly_controls(text: str) -> bool:
    controls = sum(1 for c in text if c not in "\n\r\t\f" and unicodedata.category(c) == "Cc")
    return controls * _MAX_CONTROL_SHARE > len(text)
