"""askcloud chat: a conversation in the terminal; an empty line or Ctrl-D ends it.

Only checked sentences are printed; `/export FILE.md|FILE.json` (or `--export FILE`, written after every turn) keeps
the conversation with its answers and full citations."""

from __future__ import annotations

import sys


def add_arguments(parser) -> None:
    parser.add_argument("--topic", action="append", metavar="T",
                        help="search only this topic of the index (repeatable; `askcloud show --topics` lists them)")
    parser.add_argument("--export", metavar="FILE",
                        help="keep the conversation in FILE after every turn: Markdown (.md) or JSON (.json, a list "
                             "of Contract 1 objects); `/export FILE` during the chat does the same once")


def run(args) -> int:
    from askcloud.assistant import Assistant
    from askcloud.cli.ask_cmd import print_answer, stream_answer, topic_labels
    from askcloud.corpus.kept import check_topics
    from askcloud.errors import BadQuestion
    from askcloud.export import record
    from askcloud.retrieval.filters import Filters

    settings = settings_from_args(args)
    filters = Filters(topics=check_topics(settings.data_dir, args.topic))
    assistant = Assistant(settings)
    labels = topic_labels(settings)
    history: list[dict] = []
    records: list[dict] = []
    while True:
        try:
            question = input("\n> ").strip()
        except EOFError:
            return 0
        if not question:
            return 0
        if question.startswith("/export"):
            export(question.removeprefix("/export").strip(), records, _last_language(records))
            continue
        try:
            answer = stream_answer(assistant, question, history, filters)
        except BadQuestion as exc:
            print(f"askcloud: {exc}", file=sys.stderr)
            continue
        print_answer(answer, labels)
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.answer}]
        records.append(record(answer))
        if args.export:
            export(args.export, records, answer.language, quiet=True)


def export(path: str, records: list[dict], lang: str, quiet: bool = False) -> None:
    from askcloud.export import write
    from askcloud.text import pack

    if not path:
        print(pack(lang).message("label_export_usage"), file=sys.stderr)
        return
    try:
        written = write(path, records)
    except OSError as exc:
        print(f"askcloud: {path}: {exc.strerror or exc}", file=sys.stderr)
        return
    if not quiet:
        print(pack(lang).message("label_exported", path=written))


def settings_from_args(args):
    from askcloud.cli.common import settings_from

    return settings_from(args)


def _last_language(records: list[dict]) -> str:
    return records[-1]["contract"]["language"] if records else "fr"
