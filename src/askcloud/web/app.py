"""The Gradio web chat: layout and wiring. The handlers live in chat.py, the HTML in render.py.

Nothing happens at import beyond importing Gradio: the Assistant is built on the first request.
"""

from __future__ import annotations

import ipaddress
import os
import tempfile
from pathlib import Path

import gradio as gr
from pydantic import SecretStr

from askcloud.errors import AskcloudError, ConfigError
from askcloud.settings import reveal
from askcloud.web import chat
from askcloud.web.assets import CSS, HEAD
from askcloud.web.i18n import LANGUAGES, lang_of, t, topic_choices
from askcloud.web.layout import labels, layout, relabelled
from askcloud.web.original_route import browser_cookie, original_routes
from askcloud.web.originals import BROWSER_COOKIE
from askcloud.web.private import owner_key
from askcloud.web.runtime import AssistantFactory, Runtime
from askcloud.web.upload import Rejected, add_documents

CONCURRENCY = 4  # the LLM serialises generation behind its own lock; more workers would only queue there


def build_app(settings, assistant_factory: AssistantFactory | None = None, personal=None) -> gr.Blocks:
    runtime = Runtime(settings, assistant_factory, personal)
    topics, examples = _corpus(settings)
    admin = (parse_auth(settings.admin_auth) or (None,))[0]
    with ChatBlocks(title="askcloud", analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        ui = layout(topics, examples)
        _wire_chat(ui, runtime, topics)
        _wire_panels(demo, ui, runtime, topics, admin)
    demo.queue(default_concurrency_limit=CONCURRENCY, max_size=64)
    demo.extra_routes = original_routes(runtime.originals)
    demo.extra_middleware = [browser_cookie()]
    return demo


class ChatBlocks(gr.Blocks):
    """The chat's Blocks. However it is launched (`askcloud serve`, the tests), its server also serves the
    originals its citations link to (web/original_route.py), behind the same login: the routes and the middleware
    go to Gradio's FastAPI app through `launch(app_kwargs={"routes": …, "middleware": …})`, FastAPI's own
    constructor arguments."""

    extra_routes: tuple = ()
    extra_middleware: tuple = ()

    def launch(self, *args, app_kwargs: dict | None = None, **kwargs):
        app_kwargs = dict(app_kwargs or {})
        app_kwargs["routes"] = [*app_kwargs.get("routes", ()), *self.extra_routes]
        app_kwargs["middleware"] = [*app_kwargs.get("middleware", ()), *self.extra_middleware]
        return super().launch(*args, app_kwargs=app_kwargs, **kwargs)


def _cookie(request: gr.Request | None, name: str) -> str | None:
    """A cookie of the browser's request (a queued event's request keeps them), None when it has none."""
    return (getattr(request, "cookies", None) or {}).get(name)


def owner_of(request: gr.Request | None) -> str:
    """Whose private collection: the login's when the chat has one, else the browser session's."""
    return owner_key(getattr(request, "username", None), getattr(request, "session_hash", None))


def _corpus(settings) -> tuple[list, list[str]]:
    """The index's topics (checkboxes) and the corpus's example questions, both from its catalog or folders."""
    from askcloud.corpus.kept import read_kept

    try:
        kept = read_kept(settings.data_dir)
    except AskcloudError:
        kept = None
    return (kept.topics, kept.examples) if kept else ([], [])


def _wire_chat(ui: dict, runtime: Runtime, topics: list) -> None:
    def ask(question: str, messages: list, history: list, chosen: list, lang: str, request: gr.Request):
        names = {code: {value: label for label, value in topic_choices(code, topics)} for _, code in LANGUAGES}
        browser = None if getattr(request, "username", None) else _cookie(request, BROWSER_COOKIE)
        for shown, turns, details in chat.respond(runtime, question, messages, history, chosen, lang_of(lang),
                                                  owner=owner_of(request), topic_names=names, browser=browser):
            yield shown, shown, turns, details, ""

    def ask_json(question: str, history_json: str = "[]") -> dict:
        """One stateless turn: the question and a JSON list of {"role", "content"} turns; returns Contract 1."""
        try:
            return chat.ask_json(runtime, question, history_json)
        except AskcloudError as exc:
            raise gr.Error(str(exc), print_exception=False) from None

    inputs = [ui["box"], ui["messages"], ui["history"], ui["topics"], ui["lang"]]
    outputs = [ui["chatbot"], ui["messages"], ui["history"], ui["details"], ui["box"]]
    exports = [ui["export_md"], ui["export_json"]]
    # Every way of asking shares one pool of CONCURRENCY workers.
    submitted = ui["box"].submit(ask, inputs, outputs, api_name="ask", show_progress="hidden", concurrency_id="chat")
    clicked = ui["send"].click(ask, inputs, outputs, api_visibility="private", show_progress="hidden",
                               concurrency_id="chat")
    for event in (submitted, clicked):
        event.then(_export_files, [ui["history"]], exports, api_visibility="private", queue=False)

    def clear(lang: str) -> tuple:
        return [], [], [], t(lang_of(lang), "details_empty"), ""

    for trigger in (ui["clear"].click, ui["chatbot"].clear):  # the Chatbot's bin icon forgets the turns too
        trigger(clear, [ui["lang"]], outputs, cancels=[submitted, clicked], api_visibility="private", queue=False) \
            .then(_export_files, [ui["history"]], exports, api_visibility="private", queue=False)
    gr.api(ask_json, api_name="ask_json", concurrency_id="chat")


def _export_files(history: list) -> tuple:
    """The session's conversation as two files, ready on the download buttons (disabled while it is empty)."""
    from askcloud.export import to_json, to_markdown

    records = chat.records(history or [])
    if not records:
        return gr.DownloadButton(value=None, interactive=False), gr.DownloadButton(value=None, interactive=False)
    folder = Path(tempfile.mkdtemp(prefix="askcloud-export-"))
    md, js = folder / "askcloud-conversation.md", folder / "askcloud-conversation.json"
    md.write_text(to_markdown(records), encoding="utf-8")
    js.write_text(to_json(records), encoding="utf-8")
    return gr.DownloadButton(value=str(md), interactive=True), gr.DownloadButton(value=str(js), interactive=True)


def _wire_panels(demo: gr.Blocks, ui: dict, runtime: Runtime, topics: list, admin: str | None) -> None:
    def status(lang: str) -> str:
        return _status_line(runtime, lang_of(lang))

    def opened(lang: str, request: gr.Request) -> tuple:
        is_admin = bool(admin) and getattr(request, "username", None) == admin
        return status(lang), gr.Checkbox(visible=is_admin), _mine(runtime, owner_of(request), lang)

    def upload(files: list[str] | None, lang: str, shared: bool, request: gr.Request, progress=gr.Progress()):
        lang = lang_of(lang)
        to_shared = shared and bool(admin) and getattr(request, "username", None) == admin
        owner = owner_of(request)
        return (_upload(runtime, files, lang, progress, None if to_shared else owner), status(lang), None,
                _mine(runtime, owner, lang))

    def remove(names: list[str] | None, lang: str, request: gr.Request) -> tuple:
        lang = lang_of(lang)
        owner = owner_of(request)
        if not names:
            return t(lang, "nothing_selected"), _mine(runtime, owner, lang)
        gone = runtime.collections.get(owner).remove(list(names))
        if not runtime.collections.has_documents(owner):
            runtime.forget(owner)
        return t(lang, "removed", n=len(gone), names=", ".join(gone)), _mine(runtime, owner, lang)

    def closed(request: gr.Request) -> None:
        if not getattr(request, "username", None):  # a login keeps its documents; a session's go with its tab
            runtime.forget(owner_of(request))

    demo.load(opened, [ui["lang"]], [ui["status"], ui["shared"], ui["mine"]], api_visibility="private")
    demo.unload(closed)
    ui["files"].upload(upload, [ui["files"], ui["lang"], ui["shared"]],
                       [ui["upload_status"], ui["status"], ui["files"], ui["mine"]],
                       concurrency_limit=1, api_visibility="private")
    ui["remove"].click(remove, [ui["mine"], ui["lang"]], [ui["upload_status"], ui["mine"]],
                       concurrency_limit=1, api_visibility="private")

    def relabel(lang: str, request: gr.Request) -> list:
        return labels(lang, topics) + [_mine(runtime, owner_of(request), lang_of(lang))]

    ui["lang"].change(relabel, [ui["lang"]], relabelled(ui) + [ui["mine"]], api_visibility="private",
                      queue=False) \
        .then(status, [ui["lang"]], [ui["status"]], api_visibility="private")


def _mine(runtime: Runtime, owner: str, lang: str) -> gr.CheckboxGroup:
    names = runtime.collections.get(owner).names() if runtime.collections.has_documents(owner) else []
    return gr.CheckboxGroup(choices=names, value=[], label=t(lang, "mine"),
                            info=None if names else t(lang, "mine_empty"))


def _status_line(runtime: Runtime, lang: str) -> str:
    try:
        counts = runtime.index_counts()
    except AskcloudError as exc:
        return t(lang, "status_error", error=str(exc))
    if counts is None:
        return t(lang, "status_missing")
    return t(lang, "status", documents=counts[0], chunks=counts[1])


def _upload(runtime: Runtime, files: list[str] | None, lang: str, progress, owner: str | None) -> str:
    """Into the user's private collection (`owner`), or, for the admin's explicit choice (owner None), the shared
    corpus."""
    if not files:
        return t(lang, "no_file")

    def tick(done: int, total: int) -> None:
        if total:
            progress((done, total), desc=t(lang, "indexing"))

    pairs = [(Path(f), Path(f).name) for f in files]  # Gradio keeps the browser's file name as the base name
    try:
        if owner is None:
            return add_documents(pairs, runtime.settings, runtime.retriever(), runtime.index_lock, tick).message(lang)
        outcome = runtime.collections.get(owner).add(pairs, tick)
        return outcome.message(lang, private=True)
    except Rejected as exc:
        return exc.reason(lang)
    except AskcloudError as exc:
        return t(lang, "upload_failed", error=str(exc))
    except OSError as exc:  # a corpus folder that is missing or read-only
        return t(lang, "upload_failed", error=exc.strerror or str(exc))


def launch_kwargs(settings=None) -> dict:
    """Options shared by `launch` and the tests: no share link, readable errors, local fonts, upload cap, no extra
    folder served and, given the settings, the project's own files refused outright (see blocked_paths)."""
    theme = gr.themes.Soft(primary_hue="indigo", font=["system-ui", "sans-serif"],
                           font_mono=["ui-monospace", "monospace"])
    kwargs = {"share": False, "show_error": True, "theme": theme, "css": CSS, "head": HEAD, "max_file_size": "5mb",
              "ssr_mode": False, "mcp_server": False, "pwa": False, "footer_links": [], "allowed_paths": None}  # no footer: its text is Gradio's, untranslated
    if settings is not None:
        kwargs["blocked_paths"] = blocked_paths(settings)
    return kwargs


def blocked_paths(settings) -> list[str]:
    """Folders and files Gradio must never serve, whatever GRADIO_ALLOWED_PATHS or GRADIO_TEMP_DIR say: the corpus,
    the data dir (index, caches, assembled model), the model file, the prompts, the configuration file and the
    project's source tree. A folder holding Gradio's own upload folder is left out (uploads must keep working)."""
    uploads = Path(gr.utils.get_upload_folder()).resolve()
    config = Path(os.environ.get("ASKCLOUD_CONFIG") or "askcloud.toml")
    project = Path(__file__).resolve().parents[3]
    candidates = [settings.corpus_dir, settings.data_dir, settings.llm_model_path, settings.resolved_prompts_dir,
                  config, project if (project / "pyproject.toml").is_file() else None]
    found = {Path(p).resolve() for p in candidates if p}
    return sorted(str(p) for p in found if not uploads.is_relative_to(p))


def parse_auth(auth: SecretStr | str | None) -> tuple[str, str] | None:
    auth = reveal(auth)
    if not auth:
        return None
    user, sep, password = auth.partition(":")
    if not sep or not user or not password:
        raise ConfigError("--auth must be USER:PASSWORD, both non-empty")
    return user, password


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def launch(settings) -> None:
    """Serve the chat on settings.host:settings.port; a login is required anywhere but loopback. An admin login
    (settings.admin_auth) is accepted beside the users' one."""
    auth = parse_auth(settings.auth)
    admin = parse_auth(settings.admin_auth)
    if admin is not None and auth is None:
        raise ConfigError("an admin login needs the users' login too (--auth USER:PASSWORD)")
    if not is_loopback(settings.host) and auth is None:
        raise ConfigError(f"a login (--auth USER:PASSWORD) is required to listen on {settings.host}")
    demo = build_app(settings)
    logins = [auth, admin] if admin else auth
    demo.launch(server_name=settings.host, server_port=settings.port, auth=logins, **launch_kwargs(settings))
