"""One error shape for the API, an error page for the browser; every exception is translated here, once."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from recoupe.web.readmodel import NotFound

log = logging.getLogger("recoupe.web")

CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
         422: "invalid_request", 500: "internal_error"}


class ErrorDetail(BaseModel):
    """What went wrong: the HTTP status, a stable code, and a message that says how to fix it."""

    status: int
    code: str
    message: str


class ErrorBody(BaseModel):
    """The API's one error shape: {"error": {"status", "code", "message"}}."""

    error: ErrorDetail


def body(status: int, message: str) -> dict[str, Any]:
    """The error object for a status and message."""
    return {"error": {"status": status, "code": CODES.get(status, HTTPStatus(status).phrase.lower().replace(" ", "_")),
                      "message": message}}


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries documenting the error shape for these statuses."""
    return {s: {"model": ErrorBody, "description": HTTPStatus(s).phrase} for s in statuses}


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _respond(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    if _wants_json(request):
        return JSONResponse(body(status, message), status_code=status, headers=headers)
    pages = request.app.state.templates
    page: Response = pages.TemplateResponse(request, "error.html", {"error": body(status, message)["error"]},
                                            status_code=status, headers=headers)
    return page


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for e in exc.errors():
        where = ".".join(str(p) for p in e.get("loc", ()) if p not in ("query", "body", "path"))
        parts.append(f"{where or 'request'}: {e.get('msg', 'invalid')}")
    return "invalid request: " + "; ".join(parts) + ". See /openapi.json for what each parameter accepts."


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into the shape above (JSON) or the error page (HTML)."""

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        message = str(exc.detail or HTTPStatus(exc.status_code).phrase)
        if message == HTTPStatus(exc.status_code).phrase:  # Starlette's bare phrase: say what to do instead
            if exc.status_code == 404:
                message = f"nothing at {request.url.path}; the pages start at / and the API is described at " \
                          "/openapi.json"
            elif exc.status_code == 405:
                message = f"{request.method} is not allowed on {request.url.path}; see /openapi.json"
        if message == "There was an error parsing the body":  # FastAPI's words for a body that is not JSON
            message = "the body is not JSON: send a UTF-8 JSON array of articles, e.g. [{\"text\": \"...\"}]"
        return _respond(request, exc.status_code, message, dict(exc.headers or {}))

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return _respond(request, 422, _validation_message(exc))

    async def not_found(request: Request, exc: Exception) -> Response:
        return _respond(request, 404, str(exc))

    async def crash(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path, exc_info=exc)
        return _respond(request, 500, f"internal error ({type(exc).__name__}); please report it with the URL")

    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(NotFound, not_found)
    app.add_exception_handler(Exception, crash)
