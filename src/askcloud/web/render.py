"""Pure functions turning an Answer into what the chat shows: HTML-escaped text, linked markers, sources, trace.

The chat message is one HTML block with no blank line, so the Markdown renderer passes it through untouched:
nothing the model or a document says is read as Markdown or as markup.
"""

from __future__ import annotations

import html
import re

from askcloud.answer import Answer, Citation
from askcloud.web.i18n import answer_text, original_text, trace_text
from askcloud.web.originals import Link, Links

MARKER = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")
CONTEXT_CHARS = 240  # passage text shown on each side of the quote


def escape(text: str) -> str:
    return html.escape(text, quote=True)


def colon(lang: str) -> str:
    """French typography puts a space before a colon; English does not."""
    return " :" if lang == "fr" else ":"


def anchor(turn: int, n: int) -> str:
    """Element id of source n of a turn: unique within a page holding several answers."""
    return f"src-{turn}-{n}"


def checking_html(lang: str) -> str:
    """Shown from the question until the first checked sentence: nothing of the draft, only that it is checked."""
    return f'<p class="askcloud-checking" role="status">{escape(answer_text(lang, "checking"))}</p>'


def partial_html(sentences: list[str]) -> str:
    """Sentences that passed the check so far, as the final answer will hold them (markers not linked yet)."""
    return f'<div class="askcloud-answer askcloud-partial">{_paragraphs(escape(" ".join(sentences)))}</div>'


def answer_html(answer: Answer, turn: int, topic_names: dict[str, str] | None = None, link: Link | None = None
                ) -> str:
    """The checked answer, its markers linked to its numbered sources, then the sources themselves; for an
    abstention, what was searched and the closest passages, marked as not an answer. `link`: a source's link to
    its original, opened in a new tab where it is quoted (web/originals.py); None: no link."""
    parts = []
    if answer.standalone_question.strip() != answer.question.strip():
        label = answer_text(answer.language, "understood")
        parts.append(f'<p class="askcloud-standalone"><em>{escape(label)}{colon(answer.language)} '
                     f'{escape(answer.standalone_question)}</em></p>')
    css = "askcloud-answer askcloud-abstained" if answer.abstained else "askcloud-answer"
    parts.append(f'<div class="{css}">{link_markers(answer.answer, answer.citations, turn)}</div>')
    for notice in answer.notices:
        note = answer_text(answer.language, "note") + colon(answer.language)
        parts.append(f'<p class="askcloud-notice">{escape(note)} {escape(notice)}</p>')
    if answer.abstained and answer.abstention:
        parts.append(abstention_html(answer.abstention, answer.language, topic_names))
    if answer.citations:
        parts.append(sources_html(answer.citations, turn, answer.language, link))
    return "".join(parts)


def abstention_html(abstention: dict, lang: str, topic_names: dict[str, str] | None = None) -> str:
    """Rendered from verify/'s Abstention with the language pack's words: never presented as an answer."""
    from askcloud.text import pack

    p = pack(lang)
    names = [topic_label(t, lang, topic_names) for t in abstention.get("topics") or ()]
    topics = p.message("topics", topics=", ".join(names)) if names else ""
    parts = [f'<p class="askcloud-searched">{escape(p.message("abstain_searched", query=abstention.get("searched", ""), topics=topics))}</p>']
    closest = abstention.get("closest") or []
    if closest:
        items = "".join(f'<div class="askcloud-nearby"><p><strong>{escape(n.get("title", ""))}</strong> '
                        f'<small>{escape(n.get("source", ""))}</small></p>'
                        f'<blockquote>{_flat(n.get("excerpt", ""))}</blockquote></div>' for n in closest)
        parts.append(f'<div class="askcloud-closest"><p><strong>{escape(p.message("closest"))}</strong></p>'
                     f"{items}</div>")
    return f'<div class="askcloud-abstention">{"".join(parts)}</div>'


def topic_label(name: str, lang: str, topic_names: dict[str, str] | None = None) -> str:
    from askcloud.web.private import PRIVATE_TOPIC

    if name == PRIVATE_TOPIC:
        return answer_text(lang, "private_topic")
    return (topic_names or {}).get(name, name)


def link_markers(text: str, citations: list[Citation], turn: int) -> str:
    """Escape the text and turn each known [n] into a link to its source; unknown numbers stay plain text."""
    known = {c.n for c in citations}
    out, last = [], 0
    for match in MARKER.finditer(text):
        numbers = [int(n) for n in re.split(r"\s*[,;]\s*", match.group(1))]
        out.append(escape(text[last:match.start()]))
        out.append("".join(_marker(n, turn) if n in known else f"[{n}]" for n in numbers))
        last = match.end()
    out.append(escape(text[last:]))
    return _paragraphs("".join(out))


def _marker(n: int, turn: int) -> str:
    return f'<a class="askcloud-marker" href="#{anchor(turn, n)}">[{n}]</a>'


def sources_html(citations: list[Citation], turn: int, language: str, link: Link | None = None) -> str:
    items = "".join(source_html(c, turn, link(c) if link else None, language) for c in citations)
    return (f'<div class="askcloud-sources"><p><strong>{escape(answer_text(language, "sources"))}</strong></p>'
            f"{items}</div>")


def source_html(c: Citation, turn: int, links: Links | None = None, language: str = "fr") -> str:
    # "(OCR)": the passage was read from a scanned page, a word may be misread
    page = " ".join(x for x in (f"p. {c.page}" if c.page else "", "(OCR)" if c.ocr else "") if x)
    meta = " · ".join(escape(x) for x in (c.date, f"{c.source}:{c.start}-{c.end}", page) if x)
    return (f'<div class="askcloud-source" id="{anchor(turn, c.n)}">'
            f"<p><strong>[{c.n}] {escape(c.title)}</strong>{_section(c)} <small>{meta}</small>"
            f"{_original(links, language)}</p>"
            f"<blockquote>{highlight(c.passage, c.quote)}</blockquote></div>")


def _section(c: Citation) -> str:
    """Where the quote stands in its document, beside the title: "› Options › Canal"."""
    section = getattr(c, "section", None)
    return f' <span class="askcloud-section">› {escape(section)}</span>' if section else ""


def _original(links: Links | None, language: str) -> str:
    """Links opening, in a new tab, the original where the quote is (a PDF at its page, an HTML page at the quote)
    and the text as indexed with the quote marked (one link for a text format, whose original is that text)."""
    if not links:
        return ""
    pairs = [(links.text, "open_text", "askcloud-original")] if links.text == links.original else \
        [(links.original, "open", "askcloud-original"), (links.text, "open_indexed", "askcloud-indexed")]
    return "".join(f' <a class="{css}" href="{escape(href)}" target="_blank" rel="noopener">'
                   f"{escape(original_text(language, key))}</a>" for href, key, css in pairs)


def highlight(passage: str, quote: str) -> str:
    """The quote inside its passage, marked; the passage is trimmed around it. Line breaks become <br> or
    spaces so the HTML block holds no blank line."""
    at = passage.find(quote) if passage and quote else -1
    if at < 0:
        return f"<mark>{_flat(quote)}</mark>"
    before, after = passage[:at], passage[at + len(quote):]
    if len(before) > CONTEXT_CHARS:
        before = "…" + before[-CONTEXT_CHARS:].split(" ", 1)[-1]
    if len(after) > CONTEXT_CHARS:
        after = after[:CONTEXT_CHARS].rsplit(" ", 1)[0] + "…"
    return f"{_flat(before)}<mark>{_flat(quote)}</mark>{_flat(after)}"


def _flat(text: str) -> str:
    paragraphs = re.split(r"[ \t]*\n\s*\n\s*", text)
    return "<br>".join(escape(re.sub(r"\s+", " ", p)) for p in paragraphs)


def _paragraphs(escaped: str) -> str:
    """Keep the writer's line breaks without ever producing a blank line (which would end the HTML block)."""
    lines = [line.strip() for line in escaped.splitlines()]
    return "<br>".join(line for line in lines if line)


def trace_markdown(answer: Answer, lang: str, topic_names: dict[str, str] | None = None) -> str:
    """The agents' trace for the Details panel: standalone question, routing, graded passages, fact-check."""
    trace = answer.trace
    lines = [_field(lang, "standalone", _md(answer.standalone_question)),
             _field(lang, "language", answer.language) + " · "
             + _field(lang, "topics", _topics(trace.get("route", {}), answer.topics, lang, topic_names))]
    if "rewrite" in trace:
        lines.append(_field(lang, "rewrite", _md(trace["rewrite"].get("query", ""))))
    for key in sorted(k for k in trace if k.startswith("grade_")):
        lines.extend(_grade_lines(trace[key], lang))
    lines.extend(_write_and_check_lines(trace, lang))
    if answer.timings_ms:
        timings = " · ".join(f"{k} {v:.0f}" for k, v in answer.timings_ms.items())
        lines.append(_field(lang, "timings", timings))
    return "\n\n".join(lines)


def _field(lang: str, key: str, value: str) -> str:
    return f"**{trace_text(lang, key)}{colon(lang)}** {value}"


def _topics(route: dict, chosen: list[str], lang: str, topic_names: dict[str, str] | None = None) -> str:
    names = topic_names or {}
    shares = route.get("shares") or {}
    shown = [topic_label(t, lang, names) + (f" ({shares[t]:.2f})" if t in shares else "") for t in chosen]
    return ", ".join(shown) or trace_text(lang, "none")


def _grade_lines(grade: dict, lang: str) -> list[str]:
    header = [trace_text(lang, k) for k in ("kept", "document", "section", "score", "dense", "coverage")]
    rows = [[trace_text(lang, status), r.get("doc_id", ""), r.get("section", ""), r.get("score"),
             r.get("dense"), r.get("coverage")]
            for status in ("kept", "dropped") for r in grade.get(status, [])]
    lines = [f"**{trace_text(lang, 'attempt', n=grade.get('attempt', 0))}**"]
    if rows:
        lines.append(_table([""] + header[1:], rows))
    if grade.get("reason"):
        lines.append(f"{trace_text(lang, 'reason')}{colon(lang)} {_md(grade['reason'])}")
    return lines


def _write_and_check_lines(trace: dict, lang: str) -> list[str]:
    lines = []
    if "write" in trace:
        lines.append(_field(lang, "write", _md(str(trace["write"].get("mode", "")))))
    check = trace.get("factcheck")
    if check:
        summary = trace_text(lang, "sentences", n=check.get("sentences", 0), removed=check.get("removed", 0))
        lines.append(_field(lang, "factcheck", summary))
        for removed in check.get("removed_sentences", []):
            text = removed.get("sentence", removed) if isinstance(removed, dict) else removed
            lines.append(f"- {trace_text(lang, 'removed')}{colon(lang)} {_md(str(text))}")
    return lines


def _table(header: list[str], rows: list[list[object]]) -> str:
    def cell(value: object) -> str:
        return "–" if value is None else _md(str(value))

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def _md(text: str) -> str:
    """Text safe inside Markdown (and its tables): markup escaped, pipes and line breaks neutralised."""
    flat = escape(" ".join(str(text).split()))
    return re.sub(r"([|*_\[\]`\\])", r"\\\1", flat)
