"""What the commands share: settings from flags, the error boundary, JSON output."""

from __future__ import annotations

import json
import os
import sys
from typing import Callable

from askcloud.errors import AskcloudError


def settings_from(args, **extra):
    from askcloud.settings import load_settings

    return load_settings(corpus_dir=getattr(args, "corpus", None), data_dir=getattr(args, "data_dir", None),
                         llm_backend=getattr(args, "backend", None), **extra)


def run_guarded(fn: Callable[[], int | None]) -> int:
    """User errors become one line on stderr and exit code 2; set ASKCLOUD_RAISE_ERRORS=1 to see tracebacks."""
    try:
        return fn() or 0
    except AskcloudError as exc:
        if os.environ.get("ASKCLOUD_RAISE_ERRORS") == "1":
            raise
        print(f"askcloud: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("askcloud: interrupted", file=sys.stderr)
        return 130


def print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    sys.stdout.flush()


def read_history(path: str | None) -> list[dict]:
    from askcloud.assistant import validate_history
    from askcloud.errors import BadQuestion

    if not path:
        return []
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except FileNotFoundError:
        raise BadQuestion(f"history file not found: {path}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadQuestion(f"history file {path} is not valid JSON: {exc}") from None
    return validate_history(data)
