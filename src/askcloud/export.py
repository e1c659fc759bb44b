"""A conversation a user can keep: its turns as Markdown (answers, full citations, abstentions' closest passages
marked as not an answer) or as JSON (a list of Contract 1 objects). Used by `askcloud chat` and the web chat.

A record is one turn: {"contract": Answer.to_contract(), "abstention": Answer.abstention}.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from askcloud.text import pack

FORMATS = (".md", ".json")


def record(answer) -> dict:
    return {"contract": answer.to_contract(), "abstention": answer.abstention}


def to_json(records: list[dict]) -> str:
    return json.dumps([r["contract"] for r in records], ensure_ascii=False, indent=2) + "\n"


def to_markdown(records: list[dict], lang: str | None = None) -> str:
    lang = lang or (records[0]["contract"]["language"] if records else "fr")
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines = [f"# {pack(lang).message('label_conversation')}", "", f"_{stamp}_", ""]
    for i, rec in enumerate(records, 1):
        lines += _turn(i, rec["contract"], rec.get("abstention"))
    return "\n".join(lines).rstrip() + "\n"


def write(path: str | Path, records: list[dict]) -> Path:
    """Markdown for .md (and any other suffix), JSON for .json."""
    path = Path(path)
    text = to_json(records) if path.suffix.lower() == ".json" else to_markdown(records)
    path.write_text(text, encoding="utf-8")
    return path


def _turn(i: int, c: dict, abstention: dict | None) -> list[str]:
    p = pack(c["language"])
    lines = [f"## {i}. {_flat(c['question'])}", ""]
    if c["standalone_question"].strip() != c["question"].strip():
        lines += [f"*{p.message('label_understood')}{_colon(c['language'])} {_flat(c['standalone_question'])}*", ""]
    lines += [c["answer"].strip(), ""]
    if c["citations"]:
        lines += [f"**{p.message('label_sources')}{_colon(c['language'])}**", ""]
        for cit in c["citations"]:
            date = f", {cit['date']}" if cit.get("date") else ""
            page = (f", p. {cit['page']}" if cit.get("page") else "") + (" (OCR)" if cit.get("ocr") else "")
            section = f" › {_flat(cit['section'])}" if cit.get("section") else ""
            lines += [f"{cit['n']}. **{_flat(cit['title'])}**{section}{date} — "
                      f"`{cit['source']}:{cit['start']}-{cit['end']}`"
                      f"{page}", f"   > {_flat(cit['quote'])}", ""]
    if c["abstained"] and abstention:
        lines += abstention_lines(abstention, c["language"], quote="   > ")
    return lines


def abstention_lines(abstention: dict, lang: str, quote: str = "      ", topic_label=None) -> list[str]:
    """What was searched, the topics consulted, and the closest passages under a heading saying they are not an
    answer. The words are the language pack's (verify/ decides what an abstention says; this only lays it out)."""
    p = pack(lang)
    label = topic_label or (lambda name: name)
    topics = ", ".join(label(t) for t in abstention.get("topics") or ())
    lines = [p.message("abstain_searched", query=abstention.get("searched", ""),
                       topics=p.message("topics", topics=topics) if topics else ""), ""]
    closest = abstention.get("closest") or []
    if closest:
        lines += [p.message("closest"), ""]
        for n, near in enumerate(closest, 1):
            lines += [f"- {_flat(near.get('title', ''))} — {near.get('source', '')}", f"{quote}{_flat(near['excerpt'])}"]
        lines.append("")
    return lines


def _flat(text: str) -> str:
    return " ".join(str(text).split())


def _colon(lang: str) -> str:
    return " :" if lang == "fr" else ":"
