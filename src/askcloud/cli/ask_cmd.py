"""askcloud ask "…": stream the answer, then the numbered sources; --json prints Contract 1 exactly."""

from __future__ import annotations

import sys

from askcloud.cli.common import print_json, read_history, settings_from


def add_arguments(parser) -> None:
    parser.add_argument("question", help="the question, in French or English")
    parser.add_argument("--history", metavar="FILE", help='JSON list of {"role": "user"|"assistant", "content": "…"}')
    parser.add_argument("--topic", action="append", metavar="T",
                        help="search only this topic of the index (repeatable; `askcloud show --topics` lists them)")
    parser.add_argument("--json", action="store_true", help="print one JSON object (Contract 1) and nothing else")
    parser.add_argument("--trace", action="store_true", help="with --json, add the agent trace and passages")


def run(args) -> int:
    from askcloud.assistant import Assistant
    from askcloud.corpus.kept import check_topics
    from askcloud.retrieval.filters import Filters

    history = read_history(args.history)
    settings = settings_from(args)
    filters = Filters(topics=check_topics(settings.data_dir, args.topic))
    assistant = Assistant(settings)
    if args.json:
        answer = assistant.ask(args.question, history, filters)
        print_json(answer.to_dict() if args.trace else answer.to_contract())
        return 0
    streamed = []

    def show(token: str) -> None:
        streamed.append(token)
        sys.stdout.write(token)
        sys.stdout.flush()

    answer = assistant.ask(args.question, history, filters, on_token=show)
    print_answer(answer, streamed="".join(streamed))
    return 0


def print_answer(answer, streamed: str = "") -> None:
    if streamed:
        print()
    if answer.standalone_question != answer.question:
        print(f"(question comprise : {answer.standalone_question})")
    if answer.answer.strip() != streamed.strip():
        if streamed:
            print("\nRéponse vérifiée :" if answer.language == "fr" else "\nChecked answer:")
        print(answer.answer)
    for notice in answer.notices:
        print(f"Note : {notice}" if answer.language == "fr" else f"Note: {notice}")
    if answer.citations:
        print("\nSources :" if answer.language == "fr" else "\nSources:")
    for c in answer.citations:
        date = f", {c.date}" if c.date else ""
        print(f"  [{c.n}] {c.title}{date} — {c.source}:{c.start}-{c.end}\n      « {' '.join(c.quote.split())} »")
