"""What the office loaders (.docx, .odt, .pptx) check before a library opens the file: that it is a zip archive
at all, that it is not password-protected, that it would not expand past `Limits`, and that none of its XML
members declares a DTD (so no entity can be declared, let alone expanded or fetched).

An encrypted Office Open XML file is not a zip: Office and LibreOffice write it as an OLE compound file holding an
`EncryptedPackage` stream. An encrypted OpenDocument file is a zip whose manifest lists `encryption-data`.

Python's zipfile never inflates a member past the size its directory declares, so checking the declared sizes
bounds what the libraries read afterwards.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from askcloud.corpus.loaders.base import Unreadable

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_PROLOG = 4096  # a DTD stands in the prolog, before the root element: the first bytes of a member hold it


@dataclass(frozen=True)
class Limits:
    """How far an office archive may expand: a bomb-like file is refused before anything is inflated."""

    total_bytes: int = 200 * 1024 * 1024  # all members, uncompressed
    members: int = 10_000
    ratio: int = 100  # uncompressed / compressed, for the archive as a whole and for any member over `ratio_floor`
    ratio_floor: int = 1024 * 1024  # small members may compress better than `ratio` (empty styles, repeated XML)


def open_archive(data: bytes, required: str, limits: Limits = Limits()) -> zipfile.ZipFile:
    """The zip archive of an office file, checked; raises Unreadable with a one-line reason otherwise."""
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_STREAM in data:
            raise Unreadable("is password-protected (an encrypted package in an OLE container)")
        raise Unreadable("is an OLE compound file, not an Office Open XML or OpenDocument zip (a legacy binary "
                         "format renamed?)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise Unreadable(f"is not a valid zip archive ({exc})") from exc
    check_sizes(archive, limits)
    names = set(archive.namelist())
    if required not in names:
        raise Unreadable(f"has no {required} (not a document of this type, or damaged)")
    for info in archive.infolist():
        if info.flag_bits & 0x1:
            raise Unreadable(f"is password-protected (zip member {info.filename} is encrypted)")
    check_no_dtd(archive)
    return archive


def check_sizes(archive: zipfile.ZipFile, limits: Limits) -> None:
    infos = archive.infolist()
    if len(infos) > limits.members:
        raise Unreadable(f"has {len(infos)} archive members, over the limit of {limits.members}")
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if total > limits.total_bytes:
        raise Unreadable(f"would expand to {_mb(total)}, over the limit of {_mb(limits.total_bytes)}")
    for info in infos:
        if info.file_size > limits.ratio_floor and info.file_size > limits.ratio * max(info.compress_size, 1):
            raise Unreadable(f"member {info.filename} would expand {info.file_size // max(info.compress_size, 1)} "
                             f"times, over the limit of {limits.ratio}")
    if total > limits.ratio_floor and total > limits.ratio * max(packed, 1):
        raise Unreadable(f"would expand {total // max(packed, 1)} times, over the limit of {limits.ratio}")


def _mb(size: int) -> str:
    return f"{size / 2**20:.3g} MB"


def check_no_dtd(archive: zipfile.ZipFile) -> None:
    """Office XML never carries a DTD; one that does may declare entities (billion laughs, external files)."""
    for info in archive.infolist():
        if not info.filename.endswith((".xml", ".rels")):
            continue
        try:
            with archive.open(info) as member:
                head = member.read(_PROLOG)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as exc:
            raise Unreadable(f"member {info.filename} cannot be read ({exc})".splitlines()[0]) from exc
        if b"<!DOCTYPE" in head.upper() or b"<\x00!\x00D\x00O\x00C\x00T\x00Y\x00P\x00E" in head.upper():
            raise Unreadable(f"member {info.filename} declares a DTD (refused: entities are never read)")
