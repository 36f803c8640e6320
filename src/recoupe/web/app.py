"""The web app factory: pages, API, static files, security headers; nothing is fetched from elsewhere."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from recoupe import __version__
from recoupe.web import api, errors, pages
from recoupe.web.readmodel import ReadModel

HERE = Path(__file__).parent
# No inline script or style, nothing from another origin: an article's markup, even if it slipped
# past escaping, could not run. The one script is a static file that scrolls to a highlight.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]


class SecurityHeaders:
    """ASGI middleware that adds the CSP and its companions to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)


def doc_url(doc_id: str, start: int | None = None, end: int | None = None) -> str:
    """The document view, highlighting and scrolling to START:END when given."""
    url = f"/documents/{quote(doc_id, safe='')}"
    return url if start is None or end is None else f"{url}?hl={start}-{end}#span-{start}-{end}"


def with_params(request: Request, **changes: Any) -> str:
    """The current page's address with some query parameters changed (None removes one)."""
    params = dict(request.query_params)
    params.update({k: str(v) for k, v in changes.items() if v is not None})
    for k in [k for k, v in changes.items() if v is None]:
        params.pop(k, None)
    return request.url.path + ("?" + urlencode(params) if params else "")


def templates() -> Jinja2Templates:
    """The page templates, autoescaped: every string from an article is text, never markup."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(doc_url=doc_url, with_params=with_params, quote=lambda s: quote(str(s), safe=""),
                       version=__version__)
    return Jinja2Templates(env=env)


def create_app(db_path: str | Path, token: str | None = None) -> FastAPI:
    """The recoupe web app over the knowledge base at `db_path`; POST needs `token` (or RECOUPE_TOKEN)."""
    app = FastAPI(title="recoupe", version=__version__, docs_url=None, redoc_url=None,
                  description="The recoupe knowledge base: documents, entities, quotes, figures, times, events, "
                              "stories and cross-source checks. Errors share one shape: "
                              '{"error": {"status", "code", "message"}}. Lists take limit and offset and answer '
                              "with items and total. Adding articles needs 'Authorization: Bearer <token>'.")
    app.state.model = ReadModel(db_path)
    app.state.token = token if token is not None else os.environ.get("RECOUPE_TOKEN") or None
    app.state.templates = templates()
    errors.install(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(SecurityHeaders)
    return app
