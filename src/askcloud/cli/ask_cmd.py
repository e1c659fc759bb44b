"""askcloud ask "…": only checked sentences are printed, as they pass, then the numbered sources; --json prints
Contract 1 exactly. Every label is in the question's language."""

from __future__ import annotations

import sys
from typing import TextIO

from askcloud.cli.common import print_json, read_history, settings_from


def add_arguments(parser) -> None:
    parser.add_argument("question", help="the question, in French or English")
    parser.add_argument("--history", metavar="FILE", help='JSON list of {"role": "user"|"assistant", "content": "…"}')
    parser.add_argument("--topic", action="append", metavar="T",
                        help="search only this topic of the index (repeatable; `askcloud show --topics` lists them)")
    parser.add_argument("--json", action="store_true", help="print one JSON object (Contract 1) and nothing else")
    parser.add_argument("--trace", action="store_true",
                        help="with --json, add the agent trace, the passages and an abstention's details")


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
    answer = stream_answer(assistant, args.question, history, filters)
    print_answer(answer, topic_labels(settings))
    return 0


class Printer:
    """Renders Assistant.stream's events: a "checking…" state (on a terminal, erased by the first sentence),
    each checked sentence as it passes, never a raw token. `shown` is what was printed of the answer."""

    def __init__(self, question: str, out: TextIO | None = None) -> None:
        from askcloud.text import detect_language

        self.out = out or sys.stdout
        self.lang = detect_language(question)
        self.live = self.out.isatty()
        self.shown: list[str] = []
        self._checking = False

    def event(self, kind: str, payload: object) -> None:
        if kind == "checking" and self.live and not self.shown:
            self._write(_label(self.lang, "label_checking"))
            self._checking = True
        elif kind == "sentence":
            self._erase()
            self._write((" " if self.shown else "") + str(payload))
            self.shown.append(str(payload))

    def _erase(self) -> None:
        if self._checking:
            self._write("\r\x1b[K")
            self._checking = False

    def _write(self, text: str) -> None:
        self.out.write(text)
        self.out.flush()

    def finish(self, answer) -> None:
        """The checked answer: what was shown, completed (never contradicted); printed whole when nothing was."""
        self._erase()
        shown = " ".join(self.shown)
        text = answer.answer.strip()
        if not shown:
            print(text, file=self.out)
        elif _squash(text).startswith(_squash(shown)):
            rest = _rest(text, shown)
            print((" " + rest) if rest else "", file=self.out)
        else:  # cannot happen with the streaming contract; say which text is the checked one
            print(f"\n\n{_label(answer.language, 'label_checked')}{_colon(answer.language)}\n{text}", file=self.out)


def stream_answer(assistant, question: str, history: list[dict], filters, out: TextIO | None = None):
    printer = Printer(question, out)
    final = None
    for kind, payload in assistant.stream(question, history, filters):
        if kind == "answer":
            final = payload
        else:
            printer.event(kind, payload)
    printer.finish(final)
    return final


def print_answer(answer, labels: dict[str, str] | None = None, out: TextIO | None = None) -> None:
    """What follows the answer's text: the standalone question, notices, an abstention's search and closest
    passages (not an answer), the sources; all in the answer's language."""
    from askcloud.export import abstention_lines

    out = out or sys.stdout
    lang, colon = answer.language, _colon(answer.language)
    if answer.standalone_question.strip() != answer.question.strip():
        print(f"({_label(lang, 'label_understood')}{colon} {answer.standalone_question})", file=out)
    for notice in answer.notices:
        print(f"{_label(lang, 'label_note')}{colon} {notice}", file=out)
    if answer.abstained and answer.abstention:
        label = lambda name: topic_label(name, lang, labels)  # noqa: E731
        print("\n" + "\n".join(abstention_lines(answer.abstention, lang, topic_label=label)).rstrip(), file=out)
    if answer.citations:
        print(f"\n{_label(lang, 'label_sources')}{colon}", file=out)
    for c in answer.citations:
        date = f", {c.date}" if c.date else ""
        page = (f", p. {c.page}" if c.page else "") + (" (OCR)" if c.ocr else "")  # OCR: words may be misread
        section = f" › {c.section}" if c.section else ""
        print(f"  [{c.n}] {c.title}{section}{date} — {c.source}:{c.start}-{c.end}{page}\n"
              f"      « {' '.join(c.quote.split())} »", file=out)


def topic_labels(settings) -> dict[str, dict[str, str]]:
    """{topic name: {lang: label}} from the index's kept catalog; empty when it cannot be read."""
    from askcloud.corpus.kept import read_kept
    from askcloud.errors import AskcloudError

    try:
        kept = read_kept(settings.data_dir)
    except (AskcloudError, OSError):
        return {}
    return {t.name: {lang: t.label(lang) for lang in ("fr", "en")} for t in (kept.topics if kept else [])}


def topic_label(name: str, lang: str, labels: dict | None) -> str:
    return (labels or {}).get(name, {}).get(lang, name)


def _label(lang: str, key: str, **values: object) -> str:
    from askcloud.text import pack

    return pack(lang).message(key, **values)


def _colon(lang: str) -> str:
    return " :" if lang == "fr" else ":"


def _squash(text: str) -> str:
    return " ".join(text.split())


def _rest(text: str, shown: str) -> str:
    """The part of `text` after the words of `shown` (whitespace may differ between the two)."""
    words = len(shown.split())
    return " ".join(text.split()[words:])
