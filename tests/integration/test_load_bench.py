"""bench/load.py at a small scale, so CI runs the load test for real: the web chat in a subprocess, several
gradio_client sessions at once with follow-ups, no error and no answer crossing sessions."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from it_support import ROOT, cli_env, needs_model, project_index

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(900)]


def run_bench(tmp_path, *args: str) -> tuple[dict, str]:
    if not (ROOT / ".askcloud" / "embeddings.sqlite").exists():
        project_index()  # the bench copies the project's embedding cache
    out = tmp_path / "load.json"
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "load.py"), *args, "--out", str(out)], cwd=ROOT,
                          env=cli_env(), capture_output=True, text=True, timeout=840, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, f"bench/load.py exited {proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return json.loads(out.read_text(encoding="utf-8")), proc.stdout


def assert_clean(phase: dict, sessions: int, turns: int) -> None:
    assert (phase["sessions"], phase["turns"], phase["questions"]) == (sessions, turns, sessions * turns)
    assert phase["errors"] == 0 and phase["crossings"] == 0, phase["problems"]
    assert phase["answered"] == sessions * turns
    assert 0 < phase["latency_s"]["p50"] <= phase["latency_s"]["p95"] <= phase["latency_s"]["max"]
    assert phase["throughput_qps"] > 0
    assert phase["follow_ups_with_context"] == phase["follow_ups"] == sessions * (turns - 1)


def test_extractive_sessions_at_once_never_cross(tmp_path):
    report, stdout = run_bench(tmp_path, "--sessions", "6", "--llm-sessions", "0", "--turns", "3")
    (phase,) = report["phases"]
    assert phase["backend"] == "extractive"
    assert_clean(phase, 6, 3)
    assert "| extractive | 6 × 3 | 0 | 0 |" in stdout
    assert report["meta"]["gradio_concurrency_limit"] >= 1 and report["meta"]["cpus"] >= 1


def test_local_model_sessions_at_once_never_cross(tmp_path):
    needs_model()
    report, stdout = run_bench(tmp_path, "--sessions", "0", "--llm-sessions", "2", "--turns", "2")
    (phase,) = report["phases"]
    assert phase["backend"] == "llamacpp"
    assert_clean(phase, 2, 2)
    assert "| llamacpp | 2 × 2 | 0 | 0 |" in stdout
