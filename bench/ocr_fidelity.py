"""OCR fidelity of the scanned evaluation pages, measured on text rather than through questions: the text askcloud
extracts from each scanned PDF of evals/corpora/scanned/ against the text it extracts from the HTML original of the
same name in evals/corpora/scanned-text/ (the loaders as the indexer calls them).

    .venv/bin/python bench/ocr_fidelity.py [--dpi 300] [--languages fra+eng] [--cache DIR] [--show 15]
        [--json bench/results/ocr_fidelity.json]

Per document and over all of them:
- CER and WER: Levenshtein distance (rapidfuzz) between the two texts, in characters and in words, divided by the
  original's length, after whitespace is normalised (NFC, every run of spaces and line breaks one space); accents,
  case, punctuation and typographic quotes count.
- glued / split: words of the original read as one token ("imageLe", "Ctrl+Z." glued to the next word) or one word
  read as several ("annu- lation", "Ctrl + Z" for "Ctrl+Z"), found in the word alignment: a token equal to two to
  four consecutive original words put together, or two to four consecutive tokens that put together (their hyphens
  aside) give an original word.
- passages: the scanned document cut as the indexer cuts it (default Settings: chunk_size, chunk_overlap,
  chunk_min_section), and the share of those passages holding at least one glued or split word.
- OCR time: Tesseract's CPU seconds per page (child processes) and the wall time of loading each PDF.

`--cache DIR` keeps each page's recognition (as the indexer does under <data_dir>/ocr): a second run measures the
loader's steps after OCR without recognising again. `--show N` prints the N most frequent word substitutions,
`--diff` every run of word errors.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from askcloud.corpus.loaders import load
from askcloud.corpus.loaders.ocr import Ocr
from askcloud.corpus.models import Document
from askcloud.corpus.splitter import split_document
from askcloud.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ROOT / "evals/corpora/scanned"
ORIGINALS = ROOT / "evals/corpora/scanned-text"
_MAX_PARTS = 4


def normalised(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@dataclass
class Fidelity:
    name: str
    pages: int = 0
    ocr_pages: int = 0
    chars: int = 0  # of the original, normalised
    char_errors: int = 0
    words: int = 0
    word_errors: int = 0
    words_substituted: int = 0  # the word errors by kind: an original word read as another…
    words_deleted: int = 0  # …an original word not read…
    words_inserted: int = 0  # …a word read that the original does not hold (a printed page's navigation, say)
    glued: int = 0
    split: int = 0
    passages: int = 0
    passages_damaged: int = 0
    cpu: float = 0.0  # Tesseract's CPU seconds, all pages
    wall: float = 0.0  # seconds to load the PDF
    substitutions: Counter = field(default_factory=Counter)
    differences: list[tuple[str, str]] = field(default_factory=list)  # (original, read) of each run of word errors

    @property
    def cer(self) -> float:
        return self.char_errors / self.chars if self.chars else 0.0

    @property
    def wer(self) -> float:
        return self.word_errors / self.words if self.words else 0.0

    def add(self, other: Fidelity) -> None:
        for name in ("pages", "ocr_pages", "chars", "char_errors", "words", "word_errors", "words_substituted",
                     "words_deleted", "words_inserted", "glued", "split", "passages", "passages_damaged", "cpu",
                     "wall"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.substitutions.update(other.substitutions)

    def row(self) -> dict:
        return {"document": self.name, "pages": self.pages, "ocr_pages": self.ocr_pages, "chars": self.chars,
                "cer": round(self.cer, 4), "words": self.words, "wer": round(self.wer, 4),
                "words_substituted": self.words_substituted, "words_deleted": self.words_deleted,
                "words_inserted": self.words_inserted, "glued": self.glued,
                "split": self.split, "passages": self.passages, "passages_damaged": self.passages_damaged,
                "cpu_s_per_page": round(self.cpu / self.ocr_pages, 2) if self.ocr_pages else None,
                "load_s": round(self.wall, 1)}


def damaged_words(original: list[str], read: list[str]) -> tuple[list[int], list[int]]:
    """Indexes into `read` of glued tokens and of the tokens of split words (the alignment's non-equal runs)."""
    glued: list[int] = []
    split: list[int] = []
    for i1, i2, j1, j2 in _changed_runs(original, read):
        for j in range(j1, j2):
            if any("".join(original[i:i + k]) == read[j]
                   for i in range(i1, i2) for k in range(2, min(_MAX_PARTS, i2 - i) + 1)):
                glued.append(j)
        for i in range(i1, i2):
            bare = original[i].replace("-", "")
            for j in range(j1, j2):
                for k in range(2, min(_MAX_PARTS, j2 - j) + 1):
                    joined = "".join(read[j:j + k])
                    if joined == original[i] or joined.replace("-", "") == bare:
                        split.extend(range(j, j + k))
                        break
    return sorted(set(glued)), sorted(set(split))


def _changed_runs(original: list[str], read: list[str]):
    """(i1, i2, j1, j2) of each run of consecutive non-equal opcodes of the word alignment."""
    run = None
    for op in Levenshtein.opcodes(original, read):
        if op.tag == "equal":
            if run:
                yield run
            run = None
        elif run is None:
            run = [op.src_start, op.src_end, op.dest_start, op.dest_end]
        else:
            run[1], run[3] = op.src_end, op.dest_end
    if run:
        yield run


def measure(pdf: Path, ocr: Ocr, settings: Settings) -> Fidelity:
    original = normalised(load(ORIGINALS / f"{pdf.stem}.html").text)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    extracted = load(pdf, ocr)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    read = normalised(extracted.text)
    result = Fidelity(pdf.stem, pages=len(extracted.pages), ocr_pages=len(extracted.ocr_pages), chars=len(original),
                      char_errors=Levenshtein.distance(original, read), wall=wall,
                      cpu=(after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime))
    words_original = original.split()
    tokens = list(re.finditer(r"\S+", extracted.text))  # offsets into the extracted text, as passages have them
    words_read = [unicodedata.normalize("NFC", t.group()) for t in tokens]
    result.words, result.word_errors = len(words_original), Levenshtein.distance(words_original, words_read)
    kinds = Counter(op.tag for op in Levenshtein.editops(words_original, words_read))
    result.words_substituted, result.words_deleted, result.words_inserted = (
        kinds["replace"], kinds["delete"], kinds["insert"])
    glued, split = damaged_words(words_original, words_read)
    result.glued, result.split = len(glued), len(split)
    for op in Levenshtein.opcodes(words_original, words_read):
        if op.tag == "replace" and op.src_end - op.src_start == op.dest_end - op.dest_start:
            result.substitutions.update(zip(words_original[op.src_start:op.src_end],
                                            words_read[op.dest_start:op.dest_end]))
    document = Document(doc_id=pdf.name, source=str(pdf), text=extracted.text, title=pdf.stem,
                        blocks=extracted.blocks, pages=extracted.pages, ocr_pages=extracted.ocr_pages)
    chunks = split_document(document, settings.chunk_size, settings.chunk_overlap, settings.chunk_min_section)
    spans = [(tokens[j].start(), tokens[j].end()) for j in glued + split]
    result.passages = len(chunks)
    result.passages_damaged = sum(any(s < c.end and e > c.start for s, e in spans) for c in chunks)
    result.differences = [(" ".join(words_original[i1:i2]), " ".join(words_read[j1:j2]))
                          for i1, i2, j1, j2 in _changed_runs(words_original, words_read)]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, default=None, help="rendering resolution (default: Ocr's)")
    parser.add_argument("--languages", default=None, help="Tesseract's languages (default: the setting's)")
    parser.add_argument("--cache", type=Path, default=None, help="keep each page's recognition here")
    parser.add_argument("--show", type=int, default=0, help="print the N most frequent word substitutions")
    parser.add_argument("--diff", action="store_true", help="print every run of word errors, document by document")
    parser.add_argument("--json", type=Path, default=None, help="write the figures here")
    args = parser.parse_args()
    settings = Settings(_env_file=None)
    ocr = Ocr(args.languages or settings.ocr_languages, cache_dir=args.cache)
    if args.dpi:
        ocr = Ocr(ocr.languages, args.dpi, args.cache)
    print(f"OCR: {ocr}\n")
    print("| document | pages | CER | WER | words substituted / deleted / inserted | glued | split | "
          "passages with glued/split words | OCR CPU s/page | load s |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    total = Fidelity("all")
    rows, results = [], []
    for pdf in sorted(SCANNED.glob("*.pdf")):
        result = measure(pdf, ocr, settings)
        total.add(result)
        rows.append(result.row())
        results.append(result)
        _print(result)
    _print(total)
    rows.append(total.row())
    if args.diff:
        for result in results:
            print(f"\n{result.name}: runs of word errors (original → read)")
            for was, read in result.differences:
                print(f"  {was!r} → {read!r}")
    if args.show:
        print(f"\nMost frequent word substitutions (original → read), all documents:")
        for (was, read), n in total.substitutions.most_common(args.show):
            print(f"  {n:3d}  {was!r} → {read!r}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"ocr": {"languages": ocr.languages, "dpi": ocr.dpi}, "documents": rows},
                                        indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _print(r: Fidelity) -> None:
    cpu = f"{r.cpu / r.ocr_pages:.2f}" if r.ocr_pages else "–"
    print(f"| {r.name} | {r.pages} | {r.cer:.4f} | {r.wer:.4f} | "
          f"{r.words_substituted} / {r.words_deleted} / {r.words_inserted} | {r.glued} | {r.split} | "
          f"{r.passages_damaged} / {r.passages} | {cpu} | {r.wall:.1f} |", flush=True)


if __name__ == "__main__":
    main()
