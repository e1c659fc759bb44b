"""askcloud index: incremental by content hash; --rebuild starts over; --json prints the counts."""

from __future__ import annotations

import sys

from askcloud.cli.common import print_json, settings_from


def add_arguments(parser) -> None:
    parser.add_argument("--rebuild", action="store_true", help="drop the index and build it again")
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")


def run(args) -> int:
    from askcloud.index.embeddings import make_embedder
    from askcloud.index.indexer import run_index
    from askcloud.errors import StoreCorrupted
    from askcloud.index.store import ChromaStore

    settings = settings_from(args)
    embedder = make_embedder(settings)
    store = ChromaStore(settings, embedder.model_id)
    with _Progress(enabled=not args.json or sys.stderr.isatty()) as progress:
        try:
            report = run_index(settings, embedder, store, rebuild=args.rebuild, progress=progress)
        except StoreCorrupted:
            if not args.rebuild:
                raise
            moved = store.set_aside()
            print(f"askcloud: warning: the Chroma store could not be opened; moved to {moved}, building a new one",
                  file=sys.stderr)
            report = run_index(settings, embedder, ChromaStore(settings, embedder.model_id), rebuild=True,
                               progress=progress)
    for item in report.skipped:
        print(f"askcloud: warning: skipped {item.path}: {item.reason}", file=sys.stderr)
    if args.json:
        print_json(report.to_dict())
    else:
        print(f"{report.added} added, {report.updated} updated, {report.removed} removed, {report.unchanged} unchanged;"
              f" {report.embedded} passages embedded; {report.chunks} passages in the index.")
    return 0


class _Progress:
    """A tqdm bar on stderr, created only when there is something to embed."""

    def __init__(self, enabled: bool) -> None:
        self.enabled, self.bar = enabled, None

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="passage", desc="embedding", file=sys.stderr)
        self.bar.update(done - self.bar.n)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.close()
