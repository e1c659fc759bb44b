"""The HTTP route serving the originals that citations link to (web/originals.py says which and who may open them).

Mounted on Gradio's own FastAPI app (Blocks.launch's `app_kwargs={"routes": [...]}`, a FastAPI constructor
argument), so it shares the chat's server, port, proxy path and login: with a login, a request must carry the
login cookie Gradio set for the chat, else 401.

What is served cannot act on the chat's origin: an HTML original is served under a sandboxing Content-Security-
Policy (no script runs, nothing is fetched), every text is escaped in the text view, and nothing is sniffed.
"""

from __future__ import annotations

import inspect
import secrets
from html import escape
from pathlib import Path
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.requests import HTTPConnection

from askcloud.corpus.kept import kept_text
from askcloud.errors import AskcloudError
from askcloud.web.i18n import lang_of, original_text
from askcloud.web.originals import BROWSER_COOKIE, ROUTE, Original, Originals, Refused
from askcloud.web.private import owner_key

SAFE = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Cache-Control": "private, no-store"}
SANDBOX = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"  # an HTML original: inert
TEXT_VIEW = "default-src 'none'; style-src 'unsafe-inline'"  # our own page: no script, nothing fetched
RAW_TYPES = {".txt": "text/plain", ".md": "text/plain", ".markdown": "text/plain"}  # shown; other formats downloaded


def original_routes(originals: Originals) -> list[APIRoute]:
    async def original(doc_id: str, request: Request, o: str | None = None, k: str | None = None,
                       start: int | None = None, end: int | None = None, lang: str | None = None,
                       raw: bool = False, view: str | None = None) -> Response:
        required, user = await login_of(request)
        if required and user is None:
            return PlainTextResponse("log in to the chat first", status_code=401, headers=SAFE)
        login = owner_key(user, None) if required else None
        browser = None if required else request.cookies.get(BROWSER_COOKIE)
        try:
            found = await run_in_threadpool(originals.open, doc_id, o, k, login, browser)
            raw_link = "?" + urlencode({**({"o": o, "k": k} if o else {}), "raw": 1})
            return await run_in_threadpool(respond, found, start, end, lang_of(lang), raw, raw_link,
                                           view == "text")
        except Refused as exc:
            return PlainTextResponse(exc.reason, status_code=exc.status, headers=SAFE)

    return [APIRoute(f"/{ROUTE}/{{doc_id:path}}", original, methods=["GET"], include_in_schema=False)]


def browser_cookie() -> Middleware:
    """Gives every browser without one a random BROWSER_COOKIE (HttpOnly), on whatever response it gets first
    (the page): the chat's events then carry it, and a session's private links are signed for it."""
    return Middleware(_BrowserCookie)


class _BrowserCookie:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or BROWSER_COOKIE in HTTPConnection(scope).cookies:
            await self.app(scope, receive, send)
            return
        value = secrets.token_urlsafe(24)

        async def send_with_cookie(message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).append(
                    "set-cookie", f"{BROWSER_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax")
            await send(message)

        await self.app(scope, receive, send_with_cookie)


async def login_of(request: Request) -> tuple[bool, str | None]:
    """(a login is required, the request's user or None) as Gradio decides for its own routes (its
    `get_current_user`): a custom auth dependency if the app has one, else the login cookie it set at /login."""
    app = request.app
    dependency = getattr(app, "auth_dependency", None)
    if dependency is not None:
        user = dependency(request)
        return True, (await user) if inspect.isawaitable(user) else user
    if getattr(app, "auth", None) is None:
        return False, None
    cookie = request.cookies.get(f"access-token-{app.cookie_id}") \
        or request.cookies.get(f"access-token-unsecure-{app.cookie_id}")
    return True, app.tokens.get(cookie) if cookie else None


def respond(found: Original, start: int | None, end: int | None, lang: str, raw: bool, raw_link: str,
            as_text: bool = False) -> Response:
    """The original as its format opens (`raw`: the file as it is; `as_text`: the text view, whatever the format)."""
    name = Path(found.doc_id).name
    if raw:
        shown = RAW_TYPES.get(found.path.suffix.lower())
        charset = found.entry.get("encoding") or "utf-8"
        return FileResponse(found.path, media_type=f"{shown}; charset={charset}" if shown else None, filename=name,
                            content_disposition_type="inline" if shown else "attachment", headers=SAFE)
    if found.kind == "pdf" and not as_text:
        return FileResponse(found.path, media_type="application/pdf", filename=name,
                            content_disposition_type="inline", headers=SAFE)
    if found.kind == "html" and not as_text:
        charset = found.entry.get("encoding")
        return FileResponse(found.path, media_type="text/html" + (f"; charset={charset}" if charset else ""),
                            content_disposition_type="inline", headers={**SAFE, "Content-Security-Policy": SANDBOX})
    try:
        text = kept_text(found.data_dir, found.entry)
    except AskcloudError as exc:
        return PlainTextResponse(str(exc), status_code=404, headers=SAFE)
    return HTMLResponse(text_view(found, text, start, end, lang, raw_link),
                        headers={**SAFE, "Content-Security-Policy": TEXT_VIEW})


def text_view(found: Original, text: str, start: int | None, end: int | None, lang: str, raw_link: str) -> str:
    """The document's text as indexed (what citation offsets count in, as `askcloud show` prints it), the quote
    [start, end) marked and scrolled to (#askcloud-quote); offsets outside the text mark nothing."""
    title = found.entry.get("title") or found.doc_id
    marked = start is not None and end is not None and 0 <= start < end <= len(text)
    if marked:
        body = (f"{escape(text[:start])}<mark id=\"askcloud-quote\">{escape(text[start:end])}</mark>"
                f"{escape(text[end:])}")
        where = original_text(lang, "quoted", start=start, end=end)
    else:
        body, where = escape(text), ""
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{escape(title)}</title>'
            "<style>body{font-family:system-ui,sans-serif;margin:1.5em auto;max-width:52em;padding:0 1em;"
            "line-height:1.5}pre{white-space:pre-wrap;font-family:inherit}"
            "mark{background:#fde68a;color:#1f2937;scroll-margin:30vh}small{opacity:.8}</style></head><body>"
            f"<h1>{escape(title)}</h1><p><small>{escape(found.entry.get('source') or found.doc_id)} · "
            f"{escape(original_text(lang, 'indexed'))}{escape(where)} · "
            f'<a href="{escape(raw_link)}" id="askcloud-raw">{escape(original_text(lang, "raw"))}</a></small></p>'
            f"<pre>{body}</pre></body></html>")
