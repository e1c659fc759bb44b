"""OCR of the scanned evaluation pages: Tesseract's CPU time per page and the share of the original's words read
back in order, per rendering resolution and language set (the figures in corpus/loaders/ocr.py's docstring).

    .venv/bin/python bench/ocr_pages.py [--dpi 150 200 300 400] [--languages fra+eng fra eng]

Each PDF of evals/corpora/scanned/ is compared with the HTML page of evals/corpora/scanned-text/ of the same name,
as the HTML loader reads it; words are compared as written (accents, case and punctuation count), in order
(difflib). Nothing is cached.
"""

from __future__ import annotations

import argparse
import difflib
import resource
import unicodedata
from pathlib import Path

from askcloud.corpus.loaders import load_text
from askcloud.corpus.loaders.ocr import Ocr

ROOT = Path(__file__).resolve().parents[1]


def words(text: str) -> list[str]:
    return unicodedata.normalize("NFC", text).replace("\u2019", "'").split()


def measure(pdf: Path, ocr: Ocr) -> tuple[float, float]:
    """(CPU seconds of Tesseract per page, share of the original's words read back in order)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf.read_bytes())
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    read = [line for page in document for p in ocr.read(page) for line in p.lines]
    cpu = (resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - before) / len(document)
    original = words(load_text(ROOT / "evals/corpora/scanned-text" / f"{pdf.stem}.html"))
    matcher = difflib.SequenceMatcher(None, original, words(" ".join(read)), autojunk=False)
    return cpu, sum(block.size for block in matcher.get_matching_blocks()) / len(original)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, nargs="+", default=[150, 200, 300, 400])
    parser.add_argument("--languages", nargs="+", default=["fra+eng", "fra", "eng"])
    args = parser.parse_args()
    print("| page | languages | dpi | CPU s/page | words read |\n|---|---|---:|---:|---:|")
    for pdf in sorted((ROOT / "evals/corpora/scanned").glob("*.pdf")):
        for languages in args.languages:
            for dpi in args.dpi:
                cpu, share = measure(pdf, Ocr(languages, dpi))
                print(f"| {pdf.stem} | {languages} | {dpi} | {cpu:.2f} | {share:.3f} |", flush=True)


if __name__ == "__main__":
    main()
