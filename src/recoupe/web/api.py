"""The JSON API: every page's data under /api, and adding articles with a token. Routes only translate."""

from __future__ import annotations

import hmac
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, HTTPException, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field

from recoupe.web import queries
from recoupe.web.errors import responses
from recoupe.web.params import filters, index, model, page
from recoupe.web.readmodel import Filters, Index, Page, ReadModel

router = APIRouter(prefix="/api", tags=["api"], responses=responses(404, 422, 500))
bearer = HTTPBearer(auto_error=False, description="The token set with RECOUPE_TOKEN; needed only to add articles.")

IndexDep = Annotated[Index, Depends(index)]
PageDep = Annotated[Page, Depends(page)]
FiltersDep = Annotated[Filters, Depends(filters)]
Json = dict[str, Any]
EntityType = Literal["PER", "ORG", "GPE", "LOC", "EVT", "MISC"]
CheckStatus = Literal["conflicting", "disputed", "single-source", "corroborated"]


class PageOut(BaseModel):
    """A slice of a long list: its items, how many there are in all, and the slice asked for."""

    model_config = ConfigDict(extra="allow")
    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int


class Article(BaseModel):
    """One article to add, with the keys of the JSONL input (docs/input-formats.md)."""

    id: str | int | None = None
    text: str = Field(description="The article body.")
    title: str | None = None
    heading: str | None = None
    published: str | None = Field(None, description="ISO 8601 date or date-time.")
    source: str | None = None
    url: str | None = None
    outlet: str | None = None


class RejectedOut(BaseModel):
    source: str
    line: int | None
    stage: str
    reason: str


class ReportOut(BaseModel):
    """What adding the articles did: document ids by outcome, and why any input was rejected."""

    ingested: list[str]
    replaced: list[str]
    unchanged: list[str]
    skipped: list[list[str]]
    rejected: list[RejectedOut]


@router.get("/dashboard")
def dashboard(ix: IndexDep) -> Json:
    """Counts, key stories, the checks to read first, the most named entities, the latest documents."""
    return queries.dashboard(ix)


@router.get("/documents", response_model=PageOut)
def documents(ix: IndexDep, pg: PageDep, f: FiltersDep) -> Json:
    """Documents, latest first, filtered by date, outlet, entity and event type."""
    return queries.documents(ix, f, pg)


@router.get("/documents/{doc_id:path}")
def document(ix: IndexDep, doc_id: str) -> Json:
    """One document: text, every extraction as a span (kind, start, end, text, ref), stories, duplicates."""
    return queries.document(ix, doc_id)


@router.get("/entities", response_model=PageOut)
def entities(ix: IndexDep, pg: PageDep, type: Annotated[EntityType | None, Query()] = None) -> Json:
    """Canonical entities, the most widely named first."""
    return queries.entities(ix, type, pg)


@router.get("/entities/{entity_id}")
def entity(ix: IndexDep, pg: PageDep, entity_id: str) -> Json:
    """One entity: mentions in context (paged), roles, quotes, events, checks, co-occurring entities."""
    return queries.entity(ix, entity_id, pg)


@router.get("/stories", response_model=PageOut)
def stories(ix: IndexDep, pg: PageDep) -> Json:
    """Story clusters, the largest first."""
    return queries.stories(ix, pg)


@router.get("/stories/{story_id}")
def story(ix: IndexDep, story_id: str) -> Json:
    """One story: its documents, entities, events and checks."""
    return queries.story(ix, story_id)


@router.get("/events", response_model=PageOut)
def events(ix: IndexDep, pg: PageDep, f: FiltersDep) -> Json:
    """Events by date, filtered by date, outlet, entity and event type."""
    return queries.events(ix, f, pg)


@router.get("/timeline", response_model=PageOut)
def timeline(ix: IndexDep, pg: PageDep, f: FiltersDep,
             kind: Annotated[Literal["event", "time"] | None, Query(description="Only events or only dates "
                                                                     "stated in the text.")] = None) -> Json:
    """Dated entries in date order: events, and the dates the documents state."""
    return queries.timeline(ix, f, kind, pg)


@router.get("/checks", response_model=PageOut)
def checks(ix: IndexDep, pg: PageDep, status: Annotated[CheckStatus | None, Query()] = None) -> Json:
    """Cross-source checks, conflicting first, with every claim and its source."""
    return queries.checks(ix, status, pg)


@router.get("/graph")
def graph(ix: IndexDep, size: Annotated[int, Query(ge=1, le=100, description="How many entities.")] = 40) -> Json:
    """The entities named most, joined by how many paragraphs name both, with a layout."""
    return queries.graph(ix, size)


@router.get("/search", response_model=PageOut)
def search(request: Request, ix: IndexDep, pg: PageDep, f: FiltersDep,
           q: Annotated[str, Query(min_length=1, max_length=500, description="Words to find (accents optional; "
                                   "the last word may be a prefix).")],
           kind: Annotated[Literal["document", "entity", "quote"] | None, Query()] = None) -> Json:
    """Full-text search (SQLite FTS5) over documents, entity names and aliases, and quotes."""
    return queries.search(model(request), ix, q, kind, f, pg)


@router.get("/export")
def export(ix: IndexDep) -> Json:
    """The whole knowledge base in the export format (recoupe-export/1)."""
    return ix.data


@router.post("/documents", responses=responses(400, 401, 403), response_model=ReportOut)
def add_documents(request: Request,
                  articles: Annotated[list[Article], Body(min_length=1, max_length=1000)],
                  credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Json:
    """Analyse and store articles (JSON objects with the keys of the JSONL input); needs the token."""
    _authorize(request.app.state.token, credentials)
    rm: ReadModel = model(request)
    report = rm.add([a.model_dump(exclude_none=True) for a in articles])
    return {"ingested": report.ingested, "replaced": report.replaced, "unchanged": report.unchanged,
            "skipped": [list(s) for s in report.skipped],
            "rejected": [{"source": r.source, "line": r.line, "stage": r.stage, "reason": r.reason}
                         for r in report.rejected]}


def _authorize(token: str | None, credentials: HTTPAuthorizationCredentials | None) -> None:
    if not token:
        raise HTTPException(403, "this server is read-only: start it with the RECOUPE_TOKEN environment variable "
                                 "set to a secret, then send 'Authorization: Bearer <token>'")
    if credentials is None or not hmac.compare_digest(credentials.credentials.encode(), token.encode()):
        raise HTTPException(401, "missing or wrong token: send 'Authorization: Bearer <token>' with the token "
                                 "the server was started with (RECOUPE_TOKEN)", headers={"WWW-Authenticate": "Bearer"})
