"""bench/markdown_syntax.py on a small folder: raw source shows its syntax, the rendered text none, code aside."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[3]

NOTES = """Project notes
=============

Read **the guide** at [the site](https://example.org) before you start, and keep \\_private\\_ names out.

## Building

```sh
# a comment in code is code, not a heading
make **all**
```

Run the build twice when the cache is cold.
"""


@pytest.fixture
def bench():
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        yield importlib.import_module("markdown_syntax")
    finally:
        sys.path.remove(str(ROOT / "bench"))


def test_raw_source_counts_its_syntax_and_the_rendered_text_none(bench, tmp_path):
    (tmp_path / "notes.md").write_text(NOTES, encoding="utf-8")
    (tmp_path / "plain.txt").write_text("# not counted: not Markdown\n", encoding="utf-8")
    source = bench.measure(tmp_path, source=True)
    rendered = bench.measure(tmp_path, source=False)
    assert source["with_raw_syntax"] >= 1
    assert {name for name, n in source["by_pattern"].items() if n} == {"underline", "heading", "emphasis", "escape",
                                                                        "link"}
    assert rendered["with_raw_syntax"] == 0 and rendered["passages"] >= 1


def test_what_stands_in_code_blocks_is_not_counted(bench, tmp_path):
    (tmp_path / "code.md").write_text("Run this once the sources are unpacked on the build machine:\n\n```sh\n"
                                      "# configure first\nmake **all**\n```\n\n    ## indented code too\n",
                                      encoding="utf-8")
    assert bench.measure(tmp_path, source=True)["with_raw_syntax"] == 0
    assert bench.measure(tmp_path, source=False)["with_raw_syntax"] == 0
