"""askcloud show [DOC_ID]: the text of a document as indexed — what citation offsets and quotes refer to — and the
encoding its file was read in or the PDF pages read by OCR (on stderr, so that stdout is the text exactly).

Without DOC_ID: the indexed documents; with --topics: the index's topics and their labels.
"""

from __future__ import annotations

import sys

from askcloud.cli.common import print_json, settings_from


def add_arguments(parser) -> None:
    parser.add_argument("doc_id", nargs="?", metavar="DOC_ID",
                        help="a document id (its path in the corpus folder); omitted: list the documents")
    parser.add_argument("--topics", action="store_true", help="list the index's topics instead")
    parser.add_argument("--json", action="store_true",
                        help="one JSON object: {doc_id, source, title, text, pages, encoding, ocr_pages} (pages: where "
                             "each starts; encoding: what the file was read as, null for PDF; ocr_pages: the PDF pages "
                             "read by OCR)")


def run(args) -> int:
    from askcloud.corpus.kept import kept_text, read_kept
    from askcloud.errors import CorpusError, IndexNotBuilt

    settings = settings_from(args)
    kept = read_kept(settings.data_dir)
    if kept is None:
        raise IndexNotBuilt(f"no index in {settings.data_dir}: run `askcloud index`")
    if args.topics:
        return _topics(kept, args.json)
    if not args.doc_id:
        return _documents(kept, args.json)
    entry = kept.documents.get(args.doc_id)
    if entry is None:
        close = [d for d in kept.documents if args.doc_id in d][:5]
        hint = f" (did you mean {', '.join(close)}?)" if close else " (`askcloud show` lists them)"
        raise CorpusError(f"no indexed document {args.doc_id!r}{hint}")
    text = kept_text(settings.data_dir, entry)
    if args.json:
        print_json({"doc_id": args.doc_id, "source": entry["source"], "title": entry["title"], "text": text,
                    "pages": entry.get("pages", []), "encoding": entry.get("encoding"),
                    "ocr_pages": entry.get("ocr_pages", [])})
    else:
        if entry.get("encoding"):
            print(f"{args.doc_id}: read as {entry['encoding']}", file=sys.stderr)
        if entry.get("ocr_pages"):
            print(f"{args.doc_id}: pages {', '.join(map(str, entry['ocr_pages']))} read by OCR", file=sys.stderr)
        sys.stdout.write(text)  # exactly the text offsets count in, not a character more
        sys.stdout.flush()
    return 0


def _topics(kept, as_json: bool) -> int:
    rows = [{"name": t.name, "labels": t.labels} for t in kept.topics]
    if as_json:
        print_json(rows)
    for topic in (() if as_json else kept.topics):
        labels = ", ".join(f"{k}: {v}" for k, v in topic.labels.items() if k)
        print(f"{topic.name}" + (f"  ({labels})" if labels else ""))
    return 0


def _documents(kept, as_json: bool) -> int:
    if as_json:
        print_json([{"doc_id": d, "source": e["source"], "title": e["title"]} for d, e in kept.documents.items()])
        return 0
    for doc_id, entry in kept.documents.items():
        print(f"{doc_id}\t{entry['title']}")
    return 0
