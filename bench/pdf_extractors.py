"""Compare PDF text extractors on one PDF: time, broken TeX accents, hyphen splits, ligatures, long (glued) tokens,
running headers — and askcloud's own PDF loader. Extractors that are not installed are skipped (PyMuPDF is not a
dependency of askcloud: `pip install pymupdf` in a scratch virtualenv to include it).

    apt-get download lilypond-doc-pdf-fr && dpkg-deb -x lilypond-doc-pdf-fr_*.deb /tmp/ly
    .venv/bin/python bench/pdf_extractors.py /tmp/ly/usr/share/doc/lilypond/html/Documentation/essay.fr.pdf \
        --header 'Chapitre \\d+: '
"""

from __future__ import annotations

import argparse
import io
import re
import time
from pathlib import Path


def pypdf_plain(data: bytes) -> str:
    import pypdf

    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def pypdf_layout(data: bytes) -> str:
    import pypdf

    return "\n".join(page.extract_text(extraction_mode="layout") for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def pdfminer(data: bytes) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data))


def pymupdf(data: bytes) -> str:
    import pymupdf as fitz

    return "\n".join(page.get_text("text") for page in fitz.open(stream=data))


def askcloud(data: bytes) -> str:
    from askcloud.corpus.loaders.pdf import extract

    return extract(data).text


def counts(text: str, header: str) -> dict:
    return {"characters": len(text),
            "broken accents": len(re.findall(r"[´`ˆ¨¸]\s?[A-Za-zı]", text)),
            "hyphen splits": len(re.findall(r"[a-zé]-\n[a-zé]", text)),
            "ligatures": len(re.findall("[ﬀﬁﬂﬃﬄ]", text)),
            "long tokens": len([w for w in re.findall(r"[^\W\d_]+", text) if len(w) >= 17]),
            "guillemets": len(re.findall("[«»]", text)),
            "running headers": len(re.findall(header, text)) if header else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", type=Path)
    parser.add_argument("--header", default="", help="a regular expression matching the running header")
    args = parser.parse_args()
    data = args.pdf.read_bytes()
    for extractor in (pypdf_plain, pypdf_layout, pdfminer, pymupdf, askcloud):
        started = time.perf_counter()
        try:
            text = extractor(data)
        except ImportError as exc:
            print(f"{extractor.__name__:13s} skipped ({exc.name} not installed)")
            continue
        seconds = time.perf_counter() - started
        print(f"{extractor.__name__:13s} {seconds:5.1f} s", counts(text, args.header))


if __name__ == "__main__":
    main()
