"""askcloud chat: a conversation in the terminal; an empty line or Ctrl-D ends it."""

from __future__ import annotations

import sys

from askcloud.cli.common import settings_from


def add_arguments(parser) -> None:
    parser.add_argument("--topic", action="append", metavar="T",
                        help="search only this topic of the index (repeatable; `askcloud show --topics` lists them)")


def run(args) -> int:
    from askcloud.assistant import Assistant
    from askcloud.cli.ask_cmd import print_answer
    from askcloud.errors import BadQuestion
    from askcloud.corpus.kept import check_topics
    from askcloud.retrieval.filters import Filters

    settings = settings_from(args)
    filters = Filters(topics=check_topics(settings.data_dir, args.topic))
    assistant = Assistant(settings)
    history: list[dict] = []
    while True:
        try:
            question = input("\n> ").strip()
        except EOFError:
            return 0
        if not question:
            return 0
        streamed: list[str] = []
        try:
            answer = assistant.ask(question, history, filters,
                                   on_token=lambda t: (streamed.append(t), sys.stdout.write(t), sys.stdout.flush()))
        except BadQuestion as exc:
            print(f"askcloud: {exc}", file=sys.stderr)
            continue
        print_answer(answer, "".join(streamed))
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.answer}]
