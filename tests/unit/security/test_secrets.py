"""Nothing secret is shown: API keys and the web login are masked in Settings (repr, str, JSON dumps) and never
reach a log line, stdout or stderr of the CLI — on success, on a down endpoint, on a user error, with -v."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from pydantic import SecretStr

from askcloud.settings import Settings, load_settings, reveal

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[3]
LLM_KEY = "sk-llm-0123456789-SECRET"
JUDGE_KEY = "sk-judge-9876543210-SECRET"
PASSWORD = "Tr0ub4dor-SECRET"
SECRETS = (LLM_KEY, JUDGE_KEY, PASSWORD)
QUESTION = "Combien de visiteurs ont assisté à la conférence d'ouverture du Salon du Cloud ?"


def assert_no_secret(*texts: str) -> None:
    for text in texts:
        for secret in SECRETS:
            assert secret not in text, f"{secret!r} shown in: {text[:300]!r}"
            assert secret[-12:] not in text  # not even a tail of it


@pytest.fixture
def secret_env(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no ./askcloud.toml of the developer
    monkeypatch.setenv("ASKCLOUD_LLM_API_KEY", LLM_KEY)
    monkeypatch.setenv("ASKCLOUD_JUDGE_API_KEY", JUDGE_KEY)
    monkeypatch.setenv("ASKCLOUD_AUTH", f"alice:{PASSWORD}")


def test_settings_mask_every_secret(secret_env):
    settings = load_settings()
    dumps = [repr(settings), str(settings), f"{settings!s}", settings.model_dump_json(),
             json.dumps(settings.model_dump(mode="json")), str(settings.model_dump())]
    assert_no_secret(*dumps)
    assert "**********" in repr(settings)
    assert isinstance(settings.llm_api_key, SecretStr)
    assert (reveal(settings.llm_api_key), reveal(settings.judge_api_key), reveal(settings.auth)) == (
        LLM_KEY, JUDGE_KEY, f"alice:{PASSWORD}")
    assert reveal(None) is None and reveal("plain") == "plain"


def test_secrets_from_a_toml_file_are_masked_too(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "askcloud.toml").write_text(f'llm_api_key = "{LLM_KEY}"\nauth = "alice:{PASSWORD}"\n',
                                           encoding="utf-8")
    settings = load_settings()
    assert_no_secret(repr(settings), settings.model_dump_json())
    assert reveal(settings.llm_api_key) == LLM_KEY


def test_the_endpoints_still_receive_their_keys(secret_env):
    from askcloud.evaluation.judge import make_judge
    from askcloud.llm.factory import make_chat_model
    from askcloud.web.app import parse_auth

    settings = load_settings(llm_backend="openai", llm_base_url="http://127.0.0.1:9/v1",
                             judge_base_url="http://127.0.0.1:9/v1")
    assert make_chat_model(settings).openai_api_key.get_secret_value() == LLM_KEY
    assert make_judge(settings).openai_api_key.get_secret_value() == JUDGE_KEY
    assert parse_auth(settings.auth) == ("alice", PASSWORD)
    assert_no_secret(repr(make_chat_model(settings)))


@pytest.fixture
def cli_env(secret_env, settings, indexed, monkeypatch):
    """The CLI on the indexed stub corpus (hash embedder), the keys set, the OpenAI-compatible endpoints down."""
    dead = f"http://127.0.0.1:{closed_port()}/v1"
    for key, value in {"ASKCLOUD_CORPUS_DIR": settings.corpus_dir, "ASKCLOUD_DATA_DIR": settings.data_dir,
                       "ASKCLOUD_EMBEDDING_BACKEND": "hash", "ASKCLOUD_PROMPTS_DIR": ROOT / "prompts",
                       "ASKCLOUD_LLM_BASE_URL": dead, "ASKCLOUD_JUDGE_BASE_URL": dead}.items():
        monkeypatch.setenv(key, str(value))
    return settings


def closed_port() -> int:
    """A port nothing listens on (bound, then released): connections to it are refused at once."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_main(argv: list[str], caplog, capsys) -> tuple[int, str]:
    from askcloud.cli.main import main

    caplog.set_level(logging.DEBUG)  # every logger, third-party ones included, at their most talkative
    code = main(argv)
    out, err = capsys.readouterr()
    return code, "\n".join([out, err, caplog.text])


def test_cli_ask_on_a_down_endpoint_shows_no_key(cli_env, caplog, capsys):
    code, shown = run_main(["-v", "--backend", "openai", "ask", QUESTION], caplog, capsys)
    assert code == 0
    assert "1 500" in shown and "n'est pas disponible" in shown  # the extractive answer, with its notice
    assert_no_secret(shown)
    code, shown = run_main(["-v", "--backend", "openai", "ask", QUESTION, "--json", "--trace"], caplog, capsys)
    assert code == 0 and "extractive-fallback" in shown
    assert_no_secret(shown)


def test_cli_user_errors_show_no_key(cli_env, caplog, capsys, monkeypatch):
    monkeypatch.delenv("ASKCLOUD_RAISE_ERRORS")
    monkeypatch.delenv("ASKCLOUD_LLM_BASE_URL")
    code, shown = run_main(["--backend", "openai", "ask", QUESTION], caplog, capsys)
    assert code == 2 and "ASKCLOUD_LLM_BASE_URL" in shown
    assert_no_secret(shown)
    monkeypatch.setenv("ASKCLOUD_TOP_K", "0")
    code, shown = run_main(["ask", QUESTION], caplog, capsys)
    assert code == 2 and "invalid setting top_k" in shown
    assert_no_secret(shown)


def test_cli_eval_with_a_failing_judge_shows_no_key(cli_env, caplog, capsys, tmp_path):
    questions = tmp_path / "questions.json"
    questions.write_text(json.dumps([{
        "id": "s1", "question": QUESTION, "history": [], "lang": "fr", "topic": "events", "kind": "fact",
        "answerable": True, "answer_all": [["1 500"]], "evidence": ["Plus de 1 500 visiteurs"]}]), encoding="utf-8")
    out = tmp_path / "report"
    code, shown = run_main(["-v", "--backend", "extractive", "eval", "--questions", str(questions), "--out", str(out),
                            "--judge", "--baseline", "", "--thresholds", str(ROOT / "evals" / "thresholds.json")],
                           caplog, capsys)
    assert code in (0, 1) and "judge failed on s1" in shown
    assert_no_secret(shown, *(p.read_text(encoding="utf-8") for p in out.glob("*.json")),
                     *(p.read_text(encoding="utf-8") for p in out.glob("*.md")))


def test_serve_refuses_a_public_host_without_showing_the_login(secret_env, caplog, capsys, monkeypatch):
    monkeypatch.delenv("ASKCLOUD_RAISE_ERRORS")
    monkeypatch.setenv("ASKCLOUD_AUTH", f"alice{PASSWORD}")  # malformed: no colon
    code, shown = run_main(["serve", "--host", "0.0.0.0"], caplog, capsys)
    assert code == 2 and "USER:PASSWORD" in shown
    assert_no_secret(shown)


def test_settings_repr_lists_no_plain_secret_field():
    plain = [name for name, field in Settings.model_fields.items()
             if name.endswith(("_key", "auth", "password", "_token", "secret"))
             and field.annotation not in (SecretStr | None, SecretStr)]
    assert plain == []
