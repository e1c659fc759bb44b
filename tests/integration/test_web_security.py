"""The real web chat (`askcloud serve` in a subprocess on 127.0.0.1) serves no file it should not, validates
uploads, and never logs a secret.

The server runs with a login, API keys in its environment and the extractive backend on the stub corpus. Raw HTTP
requests (http.client sends paths as written: no dot-segment clean-up) try every file route Gradio has with
absolute paths, `..` traversal, URL-encoded and double-encoded forms, the corpus, the data dir, the model file,
the project's sources, /proc/self/environ (which holds the keys) and loopback URLs. Each must be refused with a 4xx
and leak nothing, while the page, the chat and a legitimately uploaded file keep working.
"""

from __future__ import annotations

import http.client
import shutil
import time
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from it_support import ASKCLOUD, GGUF, OFFLINE_ENV, ROOT, SALON_Q, STUB_CORPUS, Server, cli_env, run_cli

pytestmark = [pytest.mark.integration, pytest.mark.timeout(300)]

USER, PASSWORD = "alice", "Corr3ct-Horse-SECRET"
LLM_KEY, JUDGE_KEY = "sk-llm-web-SECRET-5550123", "sk-judge-web-SECRET-5550456"
SECRETS = (PASSWORD, LLM_KEY, JUDGE_KEY, "Wr0ng-Guess-SECRET")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Web:
    """A running `askcloud serve`, its folders and a logged-in cookie."""

    def __init__(self, server: Server, port: int, root: Path, env: dict[str, str]) -> None:
        self.server, self.port, self.root, self.env = server, port, root, env
        self.url = f"http://127.0.0.1:{port}/"
        self.cookie = ""

    @property
    def corpus(self) -> Path:
        return self.root / "corpus"

    @property
    def data(self) -> Path:
        return self.root / "data"

    def login(self, password: str = PASSWORD) -> httpx.Response:
        response = httpx.post(f"{self.url}login", data={"username": USER, "password": password}, timeout=30)
        if response.status_code == 200:
            self.cookie = "; ".join(f"{k}={v}" for k, v in response.cookies.items())
        return response

    def raw_get(self, path: str, cookie: bool = True) -> tuple[int, bytes]:
        """GET exactly `path` (no normalisation); at most 64 KiB of the body is read."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.putrequest("GET", path, skip_accept_encoding=True)
            if cookie and self.cookie:
                conn.putheader("Cookie", self.cookie)
            conn.putheader("Range", "bytes=0-65535")  # never stream a 1 GB model file if it were served
            conn.endheaders()
            response = conn.getresponse()
            return response.status, response.read(65536)
        finally:
            conn.close()


def start(tmp_path: Path, extra_env: dict[str, str] | None = None) -> Web:
    root = tmp_path
    shutil.copytree(STUB_CORPUS, root / "corpus")
    model = GGUF if GGUF.is_file() else root / "model.gguf"
    if not model.exists():
        model.write_bytes(b"GGUF" + b"\0" * 64)
    env = cli_env(ASKCLOUD_CORPUS_DIR=str(root / "corpus"), ASKCLOUD_DATA_DIR=str(root / "data"),
                  ASKCLOUD_EMBEDDING_BACKEND="hash", ASKCLOUD_LLM_MODEL_PATH=str(model),
                  ASKCLOUD_LLM_API_KEY=LLM_KEY, ASKCLOUD_JUDGE_API_KEY=JUDGE_KEY, **(extra_env or {}))
    indexed = run_cli("-v", "index", cwd=ROOT, env=env)
    port = free_port()
    server = Server([ASKCLOUD, "-v", "--backend", "extractive", "serve", "--port", str(port),
                     "--auth", f"{USER}:{PASSWORD}"], root / "server.log", env=env)
    web = Web(server, port, root, env)
    web.index_output = indexed.stdout + indexed.stderr
    server.wait_until(lambda: httpx.get(web.url, timeout=2).status_code == 200, 120, "askcloud serve")
    return web


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    web = start(tmp_path_factory.mktemp("web-security"))
    try:
        yield web
    finally:
        web.server.stop()


def forbidden_paths(web: Web) -> list[str]:
    """Every way we know of asking Gradio for a file it must not serve."""
    corpus_doc = web.corpus / "salon-cloud-2020.txt"
    state = next((web.data / "index").glob("*.sqlite3"))
    model = Path(web.env["ASKCLOUD_LLM_MODEL_PATH"])
    absolute = ["/etc/passwd", "/proc/self/environ", "/proc/self/cmdline", str(corpus_doc), str(web.corpus),
                str(state), str(web.data / "embeddings.sqlite"), str(web.data / "chroma" / "chroma.sqlite3"),
                str(model), str(ROOT / "pyproject.toml"), str(ROOT / "src" / "askcloud" / "settings.py"),
                str(ROOT / "prompts" / "write.fr.yaml"), str(ROOT / ".git" / "config"), str(web.root / "server.log")]
    relative = ["pyproject.toml", "./pyproject.toml", "../main/pyproject.toml", "../../etc/passwd",
                "corpus/ovh-summit-2014.txt", ".askcloud/embeddings.sqlite", "prompts/write.en.yaml",
                "../" * 12 + "etc/passwd"]
    paths = []
    for target in absolute + relative:
        paths += [f"/gradio_api/file={target}", f"/file={target}", f"/gradio_api/file/{target.lstrip('/')}",
                  f"/gradio_api/file={quote(target, safe='')}"]
    encoded = ["/gradio_api/file=%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/gradio_api/file=..%2F..%2F..%2Fetc%2Fpasswd",
               "/gradio_api/file=%252e%252e%252f%252e%252e%252fetc%252fpasswd", "/gradio_api/file=%2Fetc%2Fpasswd",
               "/gradio_api/file=/tmp/gradio/../../etc/passwd", "/gradio_api/file=/tmp/gradio/%2e%2e/%2e%2e/etc/passwd",
               "/static/../../../../pyproject.toml", "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/pyproject.toml",
               "/assets/..%2f..%2f..%2f..%2f..%2fpyproject.toml", "/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fsettings.py",
               "/gradio_api/file=file:///etc/passwd", f"/gradio_api/file=http://127.0.0.1:{web.port}/config",
               "/gradio_api/file=http://169.254.169.254/latest/meta-data/", f"/gradio_api/proxy=http://127.0.0.1:{web.port}/",
               "/gradio_api/file=\\etc\\passwd", "/gradio_api/file=//etc/passwd", "/gradio_api/file=%00/etc/passwd"]
    return paths + encoded


LEAKS = [b"root:x:0:", b"ASKCLOUD_", b"Plus de 1 500 visiteurs", b"[project]", b"GGUF", b"SQLite format",
         b"class Settings", b"Tu es askcloud", b"repositoryformatversion", b"\"chunks\""]


def assert_refused(web: Web, paths: list[str]) -> None:
    served = []
    for path in paths:
        status, body = web.raw_get(path)
        if not 400 <= status < 500 or any(leak in body for leak in LEAKS) or any(s.encode() in body for s in SECRETS):
            served.append((path, status, body[:120]))
    assert served == [], served


def test_the_page_needs_the_login_then_loads(web):
    assert web.login("Wr0ng-Guess-SECRET").status_code == 400
    status, _ = web.raw_get("/config", cookie=False)
    assert status in (401, 403)
    assert web.login().status_code == 200 and web.cookie
    status, body = web.raw_get("/")
    assert status == 200 and b"askcloud" in body
    status, body = web.raw_get("/config")
    assert status == 200 and b"askcloud-question" in body


def test_no_file_outside_the_uploads_is_served(web):
    web.login()
    paths = forbidden_paths(web)
    assert len(paths) > 100
    assert_refused(web, paths)
    without_login = [web.raw_get(p, cookie=False)[0] for p in paths[:8]]
    assert all(400 <= s < 500 for s in without_login), without_login


def test_a_legitimate_upload_is_served_back_and_an_oversized_one_refused(web):
    web.login()
    headers = {"Cookie": web.cookie}
    files = {"files": ("notes.txt", b"Le Forum Nuage a reuni 730 participants.\n", "text/plain")}
    response = httpx.post(f"{web.url}gradio_api/upload", files=files, headers=headers, timeout=30)
    assert response.status_code == 200, response.text
    uploaded = response.json()[0]
    status, body = web.raw_get(f"/gradio_api/file={uploaded}")
    assert status in (200, 206) and b"730 participants" in body  # the route works: refusals above are real
    big = {"files": ("gros.txt", b"a" * (5 * 1024 * 1024 + 10), "text/plain")}
    response = httpx.post(f"{web.url}gradio_api/upload", files=big, headers=headers, timeout=60)
    assert response.status_code == 413, response.status_code
    # An upload folder is no way out either: a traversal from inside it is refused.
    assert_refused(web, [f"/gradio_api/file={uploaded}/../../../etc/passwd",
                         f"/gradio_api/file={Path(uploaded).parent}/../../../{web.corpus}/salon-cloud-2020.txt"])


def test_the_chat_answers_through_the_login(web):
    from gradio_client import Client

    client = Client(web.url, auth=(USER, PASSWORD), verbose=False, download_files=False)
    result = client.predict(SALON_Q, "[]", api_name="/ask_json")
    assert "1 500" in result["answer"] and result["citations"]


def test_the_originals_route_serves_indexed_documents_only_and_behind_the_login(web):
    """The route behind the chat's links to cited originals (web/original_route.py) serves an indexed document by
    its id to the login, and nothing else, however a path is spelled."""
    web.login()
    status, body = web.raw_get("/askcloud/original/salon-cloud-2020.txt?raw=1")
    assert status in (200, 206) and b"1 500 visiteurs" in body  # the route works: the refusals below are real
    assert web.raw_get("/askcloud/original/salon-cloud-2020.txt?raw=1", cookie=False)[0] == 401
    targets = [p.split("=", 1)[1] for p in forbidden_paths(web) if p.startswith("/gradio_api/file=")]
    paths = [f"/askcloud/original/{t.lstrip('/')}{raw}" for t in targets for raw in ("", "?raw=1")]
    paths += [f"/askcloud/original/{t}" for t in targets if t.startswith("/")]
    paths += ["/askcloud/original/x/../salon-cloud-2020.txt", "/askcloud/original/../../pyproject.toml",
              "/askcloud/original/salon-cloud-2020.txt?o=" + "0" * 32 + "&k=" + "0" * 32]
    assert_refused(web, paths)


def test_blocked_paths_win_over_a_permissive_gradio_allowed_paths(tmp_path):
    """Even when the environment opens the project and the data folders to Gradio, they are never served."""
    root = tmp_path / "srv"
    root.mkdir()
    web = start(root, {"GRADIO_ALLOWED_PATHS": f"{ROOT},{root}"})
    try:
        web.login()
        assert_refused(web, [f"/gradio_api/file={p}" for p in (
            web.corpus / "salon-cloud-2020.txt", next((web.data / "index").glob("*.sqlite3")),
            web.data / "embeddings.sqlite", ROOT / "pyproject.toml", ROOT / "prompts" / "write.fr.yaml")])
    finally:
        web.server.stop()


def test_nothing_secret_was_logged(web):
    """Last in the module: the server has logged in users (and refused a wrong password), answered, uploaded and
    refused files. Neither its log nor the index command's output holds a key or a password."""
    web.login("Wr0ng-Guess-SECRET")
    web.login()
    time.sleep(0.5)
    log = web.server.log_path.read_text(encoding="utf-8", errors="replace")
    assert "Running on local URL" in log or "127.0.0.1" in log
    for secret in SECRETS:
        assert secret not in log and secret not in web.index_output, secret
    assert OFFLINE_ENV  # the server ran offline (cli_env)
