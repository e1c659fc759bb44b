"""Text of a scanned PDF page: the page rendered by PDFium (pypdfium2), read by Tesseract's command line.

Tesseract is called as a program (Debian `tesseract-ocr`, `-fra`, `-eng`, installed by `make ocr`), its TSV
output giving each word with its block, paragraph and line: a paragraph becomes one block, its line breaks
flattened. The command line rather than pytesseract: the program must run with OMP_THREAD_LIMIT=1 (measured on
this 2-core machine under load: 34 s for a page with Tesseract's own threads, 8 s with one), and pytesseract can
only pass the process's own environment and a module-global program path.

Measured on the two GIMP manual pages scanned at 150 dpi (evals/corpora/scanned, six letter-size pages;
`.venv/bin/python bench/ocr_pages.py`): at 300 dpi with `fra+eng` Tesseract needs 2.1-2.4 s of CPU per page
(2-8 s wall on this machine's 2 shared cores), and 99.1-99.2 % of the original's words come back in order; 150,
200 and 400 dpi read 98.8-99.3 %, 200 dpi for 10 % less time, 400 for 15 % more. 300 dpi is kept: Tesseract's
models are made for it, and a real scan at 300 dpi is not shrunk. `fra+eng` reads French nearly as well as `fra`
alone (99.1 against 99.4 %) and English as well as `eng` alone (99.2 %), where `eng` alone reads 89.4 % of the
French page (accents lost).

OCR is slow, so a page's result is kept in `cache_dir` under the hash of the rendered page image, the languages
and the resolution: indexing the same corpus again reads it back instead of recognising it again.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

PROGRAM = "tesseract"
_CACHE_VERSION = 1  # bump when what is kept for a page changes


class OcrFailed(Exception):
    """A page could not be recognised; the message (one line) says why."""


@dataclass(frozen=True)
class OcrParagraph:
    lines: tuple[str, ...]  # the text of each line, as Tesseract read it
    top: float  # share of the page height from the top where the paragraph starts
    bottom: float


@dataclass(frozen=True)
class Ocr:
    """How scanned pages are read: Tesseract's languages (`+`-joined codes), the rendering resolution, and where
    results are kept (None: not kept)."""

    languages: str = "fra+eng"
    dpi: int = 300
    cache_dir: Path | None = None
    timeout: float = 300.0  # seconds for one page

    def unavailable(self) -> str | None:
        """Why no page can be recognised here (the program or its languages missing), or None."""
        program = shutil.which(PROGRAM)
        if program is None:
            return f"{PROGRAM} is not installed (Debian package tesseract-ocr)"
        try:
            listed = subprocess.run([program, "--list-langs"], capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.SubprocessError) as exc:
            return f"{PROGRAM} cannot be run ({type(exc).__name__}: {exc})".splitlines()[0]
        installed = set(listed.stdout.split()[1:]) if listed.returncode == 0 else set()
        missing = [lang for lang in self.languages.split("+") if lang not in installed]
        if missing:
            return f"{PROGRAM} lacks the language data {'+'.join(missing)} (Debian tesseract-ocr-{missing[0]})"
        return None

    def read(self, page) -> list[OcrParagraph]:
        """The paragraphs of a pypdfium2 page, from the cache when this image was read before. Raises OcrFailed."""
        image = page.render(scale=self.dpi / 72, grayscale=True).to_pil()
        pgm = io.BytesIO()
        image.save(pgm, format="PPM")  # a grey image is written as binary PGM: no compression to wait for
        data = pgm.getvalue()
        key = hashlib.sha256(f"{_CACHE_VERSION}|{self.languages}|{self.dpi}|".encode() + data).hexdigest()
        cached = self._cached(key)
        if cached is not None:
            return cached
        paragraphs = _paragraphs(self._recognise(data), image.height)
        self._keep(key, paragraphs)
        return paragraphs

    def _recognise(self, image: bytes) -> str:
        program = shutil.which(PROGRAM)
        if program is None:
            raise OcrFailed(f"{PROGRAM} is not installed (Debian package tesseract-ocr)")
        command = [program, "stdin", "stdout", "-l", self.languages, "--dpi", str(self.dpi), "tsv"]
        try:
            done = subprocess.run(command, input=image, capture_output=True, timeout=self.timeout,
                                  env={**os.environ, "OMP_THREAD_LIMIT": "1"})
        except subprocess.TimeoutExpired as exc:
            raise OcrFailed(f"{PROGRAM} took more than {self.timeout:g} s") from exc
        except OSError as exc:
            raise OcrFailed(f"{PROGRAM} cannot be run ({exc})".splitlines()[0]) from exc
        if done.returncode != 0:
            said = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise OcrFailed(f"{PROGRAM} failed ({said[-1] if said else f'exit {done.returncode}'})"[:200])
        return done.stdout.decode("utf-8", "replace")

    def _cached(self, key: str) -> list[OcrParagraph] | None:
        if self.cache_dir is None:
            return None
        try:
            raw = json.loads((self.cache_dir / f"{key}.json").read_text(encoding="utf-8"))
            return [OcrParagraph(tuple(p["lines"]), p["top"], p["bottom"]) for p in raw]
        except (OSError, ValueError, KeyError, TypeError):
            return None  # not kept yet, or unreadable: recognised again

    def _keep(self, key: str, paragraphs: list[OcrParagraph]) -> None:
        if self.cache_dir is None:
            return
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.cache_dir, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump([asdict(p) for p in paragraphs], out, ensure_ascii=False)
            os.replace(tmp, self.cache_dir / f"{key}.json")
        except OSError:
            pass  # a cache that cannot be written only costs time


def _paragraphs(tsv: str, height: int) -> list[OcrParagraph]:
    """Tesseract's TSV rows (level 3: a paragraph's box, 5: a word with its line number) as paragraphs of lines."""
    boxes: dict[tuple[str, str], tuple[int, int]] = {}
    words: dict[tuple[str, str], dict[str, list[str]]] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        paragraph = (row["block_num"], row["par_num"])
        if row["level"] == "3":
            boxes[paragraph] = (int(row["top"]), int(row["top"]) + int(row["height"]))
        elif row["level"] == "5" and (row.get("text") or "").strip():
            words.setdefault(paragraph, {}).setdefault(row["line_num"], []).append(row["text"].strip())
    return [OcrParagraph(tuple(" ".join(line) for line in words[paragraph].values()), top / height, bottom / height)
            for paragraph, (top, bottom) in boxes.items() if paragraph in words]
