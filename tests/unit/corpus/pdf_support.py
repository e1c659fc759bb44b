"""A PDF file written by hand from its objects, for the loader tests (no PDF library writes the odd files they need)."""

from __future__ import annotations


def pdf_file(objects: list[bytes]) -> bytes:
    """The objects numbered 1, 2, … with a cross-reference table counting their offsets; object 1 is the root."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
