"""Markdown (CommonMark, with GFM tables and MyST's syntax): the text a reader sees once it is rendered, block by block
(markdown-it-py and mdit-py-plugins).

ATX and setext headings are headings with their level; emphasis, escapes and entities become their plain text; a
link keeps its text and drops its target; an image becomes its alt text; fenced and indented code is kept verbatim
as a code block; a table row becomes "cell | cell"; a list item is an item; a block quote's paragraphs are
paragraphs; an HTML block keeps its text only. YAML front matter is metadata, never text (its `title:` is the
document's title when the catalog gives none). MyST directives (```{note} or :::{note}) become their content, and
roles ({ref}`text <target>`) their text; targets, comments and block breaks are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.myst_blocks import myst_block_plugin
from mdit_py_plugins.myst_role import myst_role_plugin

from askcloud.corpus.loaders.base import TextBuilder, flatten
from askcloud.corpus.loaders.encoding import decode
from askcloud.corpus.models import Extracted

SUFFIXES = (".md", ".markdown")

_BREAK = "\x00"  # a hard line break while inline text is gathered (decoded text never holds NUL)
_MAX_DEPTH = 8  # directives nested in directives: each is parsed again, so hostile nesting is cut here
_DIRECTIVE = re.compile(r"^\{([\w:.-]+)\}\s*(.*)$")
_OPTION = re.compile(r"^:[\w-]+:")
_ROLE_TARGET = re.compile(r"^(.*?)\s*<[^<>]*>$", re.S)  # {ref}`shown text <target>`
_ESCAPED = re.compile(r"\\(.)", re.S)
_VERBATIM_ROLES = {"math", "code", "raw"}
_CODE_DIRECTIVES = {"code", "code-block", "sourcecode", "code-cell", "math", "raw"}
_DROPPED_DIRECTIVES = {"toctree", "include", "literalinclude", "image", "contents", "tableofcontents", "only",
                       "meta", "highlight", "index"}
_ARGUMENT_IS_PATH = {"figure", "image", "include", "literalinclude"}
_VERSION_NOTES = {"versionadded": "Added in version {}.", "versionchanged": "Changed in version {}.",
                  "deprecated": "Deprecated since version {}.", "versionremoved": "Removed in version {}."}  # Sphinx's
_DROPPED_HTML = ("script", "style", "noscript", "template")


def extract(data: bytes) -> Extracted:
    decoded = decode(data)
    renderer = _Renderer(_parser())
    renderer.document(decoded.text, depth=0)
    return renderer.out.build(encoding=decoded.encoding, title=renderer.title)


def _parser() -> MarkdownIt:
    return (MarkdownIt("commonmark").enable(["table", "strikethrough"])
            .use(front_matter_plugin).use(myst_block_plugin).use(myst_role_plugin).use(colon_fence_plugin)
            .use(deflist_plugin))


@dataclass
class _Renderer:
    md: MarkdownIt
    out: TextBuilder = field(default_factory=TextBuilder)
    title: str | None = None
    last: str = ""

    def document(self, source: str, depth: int) -> None:
        self.blocks(SyntaxTreeNode(self.md.parse(source)).children, "paragraph", depth)

    def blocks(self, nodes: list[SyntaxTreeNode], kind: str, depth: int) -> None:
        for node in nodes:
            self.block(node, kind, depth)

    def block(self, node: SyntaxTreeNode, kind: str, depth: int) -> None:
        """`kind` is what a paragraph becomes here: "item" inside a list item."""
        name = node.type
        if name == "front_matter":
            self.front_matter(node.content)
        elif name == "heading":
            self.add("heading", _inline(node.children[0]), int(node.tag[1]))
        elif name == "paragraph":
            self.add(kind, _inline(node.children[0]))
        elif name in ("fence", "code_block", "colon_fence"):
            self.fence(node, kind, depth)
        elif name == "table":
            for row in (n for n in node.walk() if n.type == "tr"):
                self.add("row", " | ".join(_inline(cell.children[0]) if cell.children else "" for cell in row.children))
        elif name in ("bullet_list", "ordered_list"):
            self.blocks(node.children, kind, depth)
        elif name == "list_item":
            self.blocks(node.children, "item", depth)
        elif name == "dt":
            self.add("term", _inline(node.children[0]) if node.children else "")
        elif name in ("blockquote", "dd"):
            self.blocks(node.children, "paragraph", depth)
        elif name == "dl":
            self.blocks(node.children, kind, depth)
        elif name == "html_block":
            self.add(kind, _html_text(node.content))
        # hr, MyST targets "(name)=", comments "% …" and block breaks "+++" hold no text a reader sees

    def add(self, kind: str, text: str, level: int = 0) -> None:
        if not text.strip():
            return
        self.out.add(kind, text, level, tight=kind in ("item", "row") and self.last == kind)
        self.last = kind

    def front_matter(self, source: str) -> None:
        try:
            if any(isinstance(token, yaml.AliasToken) for token in yaml.scan(source)):
                return  # aliases can expand a few lines into gigabytes ("billion laughs"); a title needs none
            meta = yaml.safe_load(source)
        except yaml.YAMLError:
            return  # front matter that is not YAML is still not text
        if isinstance(meta, dict) and isinstance(meta.get("title"), (str, int, float)):
            self.title = flatten(str(meta["title"])) or None

    def fence(self, node: SyntaxTreeNode, kind: str, depth: int) -> None:
        directive = _DIRECTIVE.match(node.info.strip())
        if not directive:
            self.add("code", node.content)
            return
        name, argument = directive.group(1).lower(), directive.group(2).strip()
        body = _directive_body(node.content)
        if name in _CODE_DIRECTIVES:
            self.add("code", body)
        elif name in _DROPPED_DIRECTIVES:
            return
        elif depth < _MAX_DEPTH:
            if argument and name in _VERSION_NOTES:
                self.add("paragraph", _VERSION_NOTES[name].format(flatten(argument)))
            elif argument and name not in _ARGUMENT_IS_PATH:
                self.add("paragraph", flatten(argument))  # an admonition's own title, a topic's name
            self.document(body, depth + 1)


def _directive_body(content: str) -> str:
    """A MyST directive's content without its options (":key: value" lines, or a YAML block between "---")."""
    lines = content.split("\n")
    if lines and lines[0].strip() == "---" and "---" in (line.strip() for line in lines[1:]):
        end = next(i for i, line in enumerate(lines[1:], 1) if line.strip() == "---")
        return "\n".join(lines[end + 1:])
    first = next((i for i, line in enumerate(lines) if not _OPTION.match(line)), len(lines))
    return "\n".join(lines[first:])


def _inline(node: SyntaxTreeNode) -> str:
    """An inline run as plain text: emphasis and escapes resolved, link text without its target, images as their
    alt text, roles as their text, inline HTML tags dropped; soft line breaks are spaces, hard ones line breaks."""
    parts: list[str] = []
    for child in node.children:
        name = child.type
        if name in ("text", "code_inline", "text_special"):
            parts.append(child.content)
        elif name == "softbreak":
            parts.append(" ")
        elif name == "hardbreak":
            parts.append(_BREAK)
        elif name == "image":
            parts.append(_inline(child) if child.children else child.content)
        elif name == "myst_role":
            parts.append(_role_text(child))
        elif name == "html_inline":
            parts.append(_BREAK if re.match(r"<br\s*/?>", child.content, re.I) else "")
        elif child.children:
            parts.append(_inline(child))
    lines = "".join(parts).split(_BREAK)
    return "\n".join(line for line in (flatten(part) for part in lines) if line)


def _role_text(node: SyntaxTreeNode) -> str:
    """A MyST role's text as Sphinx shows it: the text before a "<target>", backslash escapes resolved (docutils
    reads "\\\\" in a role as one backslash), except in math, where a backslash is LaTeX."""
    shown = _ROLE_TARGET.match(node.content)
    text = shown.group(1) if shown and shown.group(1) else node.content
    return text if node.meta.get("name") in _VERBATIM_ROLES else _ESCAPED.sub(r"\1", text)


def _html_text(markup: str) -> str:
    soup = BeautifulSoup(markup, "lxml")
    for tag in soup.find_all(_DROPPED_HTML):
        tag.decompose()
    return flatten(soup.get_text(" "))
