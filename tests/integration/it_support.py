"""Helpers shared by the integration tests (not a test module, not a conftest: the web tests import `conftest`
by name, so a second conftest.py here would shadow it).

Subprocesses run the installed `askcloud` / `chroma` commands offline; servers are started in their own process
group and always stopped; every wait is bounded.
"""

from __future__ import annotations

import functools
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ASKCLOUD = str(BIN / "askcloud")
CHROMA = str(BIN / "chroma")
STUB_CORPUS = ROOT / "tests" / "stub_data" / "corpus"
STUB_SPLIT = {"chunk_min_section": 0}  # the stub's sections are one or two sentences: kept apart, as in unit tests
REAL_CORPUS = ROOT / "corpus"
PROMPTS = ROOT / "prompts"
GGUF = ROOT / ".askcloud" / "models" / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"

SALON_Q = "Combien de visiteurs ont assisté à la conférence d'ouverture du Salon du Cloud ?"
OVH_Q = "Le keynote de l'OVH Summit a rassemblé combien de personnes ?"

OFFLINE_ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False",
               "HF_HUB_DISABLE_PROGRESS_BARS": "1", "ANONYMIZED_TELEMETRY": "False",
               "TOKENIZERS_PARALLELISM": "false", "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}


def needs_model():
    """Skip (with the command that fixes it) when the local GGUF has not been assembled."""
    if not GGUF.is_file():
        pytest.skip(f"local model not assembled at {GGUF}: run `make model` (askcloud models)")


# --- text checks -----------------------------------------------------------------------------------------------

def source_text(path: Path) -> str:
    """A .txt document exactly as askcloud reads it (bytes decoded, no newline translation, BOM dropped)."""
    return Path(path).read_bytes().decode("utf-8").removeprefix("\ufeff")


def digits(text: str) -> str:
    """Thousands separators inside numbers removed: "1 500", "1\u202f500", "1.500" -> "1500"."""
    return re.sub(r"(?<=\d)[ \u00a0\u202f.,](?=\d{3}(?!\d))", "", text)


def citation_fields(c) -> dict:
    return c if isinstance(c, dict) else {k: getattr(c, k) for k in ("n", "doc_id", "source", "quote", "start", "end")}


def assert_exact_quotes(citations, resolve: Callable[[dict], Path]) -> None:
    """Every citation's quote is exactly the source text at [start, end) (Contract 1)."""
    assert citations, "no citation"
    for c in map(citation_fields, citations):
        text = source_text(resolve(c))
        assert c["quote"].strip(), c
        assert 0 <= c["start"] < c["end"] <= len(text), c
        assert text[c["start"]:c["end"]] == c["quote"], (c, text[c["start"]:c["end"]])


# --- processes -------------------------------------------------------------------------------------------------

def cli_env(**overrides: str) -> dict[str, str]:
    """The current environment without any ASKCLOUD_* setting, offline, plus the given overrides."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASKCLOUD_")}
    env.update(OFFLINE_ENV)
    env["ASKCLOUD_RAISE_ERRORS"] = "1"  # a traceback on stderr says more than one line when a test fails
    env.update(overrides)
    return env


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 300,
            check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([ASKCLOUD, *args], cwd=cwd, env=env or cli_env(), capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)
    if check:
        assert proc.returncode == 0, f"askcloud {' '.join(args)} exited {proc.returncode}\n{proc.stderr[-3000:]}"
    return proc


def cli_json(*args: str, **kwargs) -> dict:
    proc = run_cli(*args, **kwargs)
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise AssertionError(f"stdout of askcloud {' '.join(args)} is not one JSON object: {proc.stdout[:2000]!r}") \
            from exc


@functools.cache
def project_index() -> dict:
    """`askcloud index --json` in the repository (the project's own .askcloud), once per test session.

    Incremental: seconds when the index exists; the first time it embeds the real corpus with e5 (about a minute),
    which also fills .askcloud/embeddings.sqlite that other tests copy to avoid embedding it again.
    """
    return cli_json("index", "--json", cwd=ROOT, timeout=900)


class Server:
    """A subprocess in its own process group, its output in a log file; stop() ends the whole group."""

    def __init__(self, argv: list[str], log_path: Path, env: dict[str, str] | None = None) -> None:
        self.log_path = log_path
        self._log = open(log_path, "wb")
        self.proc = subprocess.Popen(argv, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     env=env or cli_env(), start_new_session=True)

    def log_tail(self, n: int = 3000) -> str:
        try:
            return self.log_path.read_bytes()[-n:].decode("utf-8", "replace")
        except OSError:
            return ""

    def wait_until(self, ready: Callable[[], object], timeout: float, what: str, interval: float = 0.25) -> None:
        """Poll `ready` (exceptions count as not ready) until it returns a true value; fail on exit or time-out."""
        deadline = time.monotonic() + timeout
        last: BaseException | None = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"{what} exited with {self.proc.returncode} before it was ready:\n{self.log_tail()}")
            try:
                if ready():
                    return
            except Exception as exc:  # not up yet
                last = exc
            time.sleep(interval)
        self.stop()
        pytest.fail(f"{what} not ready after {timeout:.0f} s (last error: {last!r}):\n{self.log_tail()}")

    def stop(self, grace: float = 15) -> None:
        if self.proc.poll() is None:
            _signal_group(self.proc, signal.SIGTERM)
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                _signal_group(self.proc, signal.SIGKILL)
                self.proc.wait(10)
        else:  # the leader is gone; make sure nothing it started is left behind
            _signal_group(self.proc, signal.SIGKILL)
        self._log.close()


def _signal_group(proc: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(proc.pid, sig)  # start_new_session: the group id is the leader's pid
    except ProcessLookupError:
        pass
