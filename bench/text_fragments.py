"""How often a browser finds a quote from the text fragment the web chat's link carries (web/originals.py).

For each HTML page of the given folders, quotes are taken from its extracted text as citations take them (one
sentence; two sentences in a row, which may cross a block) and each link's fragment is opened in headless
Chromium, the page served as the chat serves it (under the sandboxing CSP of web/original_route.py). A quote is
found when the element holding its first words, out of view in a short window without the fragment, is in view
with it. Quotes already in view at the top of the page cannot tell and are counted apart.

    .venv/bin/python bench/text_fragments.py [FOLDER ...] [--per-page N] [--show-misses]
    (default: evals/corpora/gimp-fr evals/corpora/gimp-en, 12 quotes a page)
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import quote as percent, unquote

from askcloud.corpus.loaders import load
from askcloud.corpus.splitter import sentence_spans
from askcloud.web.original_route import SANDBOX
from askcloud.web.originals import text_fragment

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
HEIGHT = 240  # a short window: most quotes start out of view

FIND = """(term) => {
  const norm = s => s.replace(/\\s+/g, ' ').trim();
  let best = null;
  for (const el of document.body.querySelectorAll('*')) {
    if (norm(el.textContent).includes(term) && (!best || best.contains(el))) best = el;
  }
  if (!best) return null;
  const r = best.getBoundingClientRect();
  return {top: r.top, bottom: r.bottom, inView: r.bottom > 0 && r.top < window.innerHeight};
}"""


class Handler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", SANDBOX)
        super().end_headers()

    def log_message(self, *args) -> None:
        pass


def quotes(text: str, per_page: int) -> list[str]:
    spans = [s for s in sentence_spans(text) if len(text[s.start:s.end].split()) >= 3]
    out = []
    for i, span in enumerate(spans):
        out.append(text[span.start:span.end])
        if i % 3 == 2 and i + 1 < len(spans):
            out.append(text[span.start:spans[i + 1].end])
    step = max(1, len(out) // per_page)
    return out[::step][:per_page]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path,
                        default=[ROOT / "evals/corpora/gimp-fr", ROOT / "evals/corpora/gimp-en"])
    parser.add_argument("--per-page", type=int, default=12)
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    counts = {"found": 0, "missed": 0, "at top": 0}
    misses = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1000, "height": HEIGHT})
        for folder in args.folders:
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                     functools.partial(Handler, directory=str(folder)))
            threading.Thread(target=server.serve_forever, daemon=True).start()
            base = f"http://127.0.0.1:{server.server_address[1]}/"
            for page_file in sorted(folder.rglob("*.htm*")):
                text = load(page_file).text
                url = base + percent(str(page_file.relative_to(folder)))
                for quote in quotes(text, args.per_page):
                    fragment = text_fragment(quote)
                    term = unquote(fragment.removeprefix("#:~:text=").split(",")[0])
                    page = context.new_page()
                    page.goto(url, wait_until="load")
                    before = page.evaluate(FIND, term)
                    page.goto(url + fragment, wait_until="load")
                    page.wait_for_timeout(150)
                    after = page.evaluate(FIND, term)
                    page.close()
                    if before is None or after is None:
                        kind = "missed"  # the words are not in the page as a reader sees it
                    elif before["inView"]:
                        kind = "at top"
                    else:
                        kind = "found" if after["inView"] else "missed"
                    counts[kind] += 1
                    if kind == "missed":
                        misses.append((page_file.name, quote[:90].replace("\n", "⏎"), fragment[:120]))
            server.shutdown()
        browser.close()
    judged = counts["found"] + counts["missed"]
    print(f"quotes: {sum(counts.values())}; judged (out of view at first): {judged}; found: {counts['found']} "
          f"({counts['found'] / max(judged, 1):.1%}); missed: {counts['missed']}; at the top already: "
          f"{counts['at top']}")
    if args.show_misses:
        for miss in misses:
            print(" | ".join(miss))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
