#!/usr/bin/env bash
# The scanned test documents, made once and committed (the tests and the evaluation read the committed files):
# an HTML page printed to PDF by Chromium, each PDF page rasterised at 150 dpi by pdftoppm, the images put back
# into a PDF by img2pdf, so that the PDF holds images and no text layer, as a scanner gives.
#
#   bash bench/make_scanned_fixtures.sh
#
# Needs chromium, pdftoppm (Debian poppler-utils) and img2pdf (Debian img2pdf, or `pip install img2pdf` in a
# scratch virtual environment): fixture-making tools only, not installed by the setup.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# scan HTML OUT.pdf [PDF pages to keep, e.g. 1] [pdftoppm crop: -W 1275 -H 560]
scan() {
    local html=$1 out=$2 pages=${3:-} crop=(${4:-})
    chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf="$work/printed.pdf" \
        "file://$(realpath "$html")" 2>/dev/null
    rm -f "$work"/page-*.png
    pdftoppm -r 150 -png ${pages:+-f "$pages" -l "$pages"} "${crop[@]}" "$work/printed.pdf" "$work/page"
    img2pdf "$work"/page-*.png -o "$out"
    echo "$out: $(pdfinfo "$out" | awk '/^Pages/ {print $2}') page(s), $(stat -c %s "$out") bytes"
}

# Evaluation: two GIMP manual pages on which development questions have their evidence, and their originals.
mkdir -p evals/corpora/scanned evals/corpora/scanned-text
cp evals/corpora/gimp-fr/concepts/gimp-concepts-undo.html evals/corpora/scanned-text/gimp-fr-concepts-undo.html
cp evals/corpora/gimp-en/dialogs/gimp-file-new.html evals/corpora/scanned-text/gimp-en-file-new.html
scan evals/corpora/scanned-text/gimp-fr-concepts-undo.html evals/corpora/scanned/gimp-fr-concepts-undo.pdf
scan evals/corpora/scanned-text/gimp-en-file-new.html evals/corpora/scanned/gimp-en-file-new.pdf

# More pages, so that the OCR measures (bench/ocr_fidelity.py, the sets scanned and scanned-text) rest on more than
# five questions: pages of tools, dialogs, filters and tutorials on which other development questions of gimp-fr-dev
# and gimp-en-dev have their evidence.
for page in gimp-fr/tools/gimp-tool-rotate.html gimp-fr/dialogs/gimp-image-scale.html \
            gimp-fr/concepts/gimp-tutorial-quickie-jpeg.html gimp-en/tools/gimp-tool-rotate.html \
            gimp-en/concepts/gimp-tutorial-quickie-change-mode.html gimp-en/filters/gimp-filter-median-blur.html; do
    name="${page%%/*}-$(basename "$page" .html | sed 's/^gimp-//')"
    cp "evals/corpora/$page" "evals/corpora/scanned-text/$name.html"
    scan "evals/corpora/scanned-text/$name.html" "evals/corpora/scanned/$name.pdf"
done

# Unit tests: the upper part of the first page of a loader test's own GIMP page (small: one image, ~100 KB).
scan tests/stub_data/formats/gimp-fr-tool-curves.html tests/stub_data/scanned/gimp-fr-tool-curves-scan.pdf 1 \
    "-x 0 -y 0 -W 1275 -H 700"
