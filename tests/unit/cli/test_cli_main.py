"""The askcloud command: help, the error boundary, and exit codes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from askcloud.cli.main import COMMANDS, OFFLINE, main
from askcloud.errors import BadQuestion

pytestmark = pytest.mark.unit


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for key, value in OFFLINE.items():  # main() sets these with setdefault: keep them out of other tests
        monkeypatch.setenv(key, value)


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    listed = re.findall(r"^    (\w+) +\S", out, re.M)
    assert listed == ["index", "ask", "chat", "eval", "serve", "models", "show"] == list(COMMANDS)
    flat = " ".join(out.split())  # argparse wraps long help lines
    for _, help_text in COMMANDS.values():
        assert help_text in flat


def test_installed_entry_point_prints_help():
    script = Path(sys.executable).with_name("askcloud")
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "index" in result.stdout and "ask" in result.stdout


def test_ask_help_lists_its_options(capsys):
    with pytest.raises(SystemExit):
        main(["ask", "--help"])
    out = capsys.readouterr().out
    for option in ("--history", "--topic", "--json", "--trace"):
        assert option in out


def test_no_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main([])
    assert exc.value.code == 2
    assert "askcloud" in capsys.readouterr().err


def test_user_error_is_one_line_on_stderr_and_exit_2(monkeypatch, capsys):
    monkeypatch.delenv("ASKCLOUD_RAISE_ERRORS")
    assert main(["ask", ""]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "askcloud: error: the question is empty\n"


def test_errors_are_raised_when_asked_to(monkeypatch):
    monkeypatch.setenv("ASKCLOUD_RAISE_ERRORS", "1")
    with pytest.raises(BadQuestion):
        main(["ask", "   "])


def test_invalid_setting_from_the_environment(monkeypatch, capsys):
    monkeypatch.delenv("ASKCLOUD_RAISE_ERRORS")
    monkeypatch.setenv("ASKCLOUD_TOP_K", "0")
    assert main(["ask", "Combien ?"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("askcloud: error: invalid setting top_k") and err.count("\n") == 1


def test_bad_backend_flag_is_rejected_by_the_parser(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--backend", "gpt5", "ask", "q"])
    assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_serve_takes_the_admin_login_beside_the_users_one(monkeypatch):
    import askcloud.web.app as web_app

    seen = {}
    monkeypatch.setattr(web_app, "launch", lambda settings: seen.update(settings=settings))
    assert main(["serve", "--auth", "ana:users-pass", "--admin-auth", "root:admin-pass", "--port", "7999"]) == 0
    settings = seen["settings"]
    assert settings.admin_auth.get_secret_value() == "root:admin-pass" and settings.port == 7999
    assert "admin-pass" not in repr(settings)  # a secret is never shown
