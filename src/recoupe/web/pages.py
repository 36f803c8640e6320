"""The HTML pages: each renders the same data its JSON twin under /api returns. Routes only translate."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from recoupe.web import queries
from recoupe.web.highlight import tokens
from recoupe.web.params import filters, index, model, page
from recoupe.web.readmodel import Filters, Index, Page

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

IndexDep = Annotated[Index, Depends(index)]
PageDep = Annotated[Page, Depends(page)]
FiltersDep = Annotated[Filters, Depends(filters)]
HIGHLIGHT = r"^\d{1,9}-\d{1,9}$"


def _render(request: Request, template: str, data: dict[str, Any], api: str, **extra: Any) -> Response:
    """A page with its data and the address of its JSON twin."""
    twin = api + (f"?{request.url.query}" if request.url.query else "")
    page: Response = request.app.state.templates.TemplateResponse(
        request, template, {"data": data, "api": twin, **extra})
    return page


@router.get("/")
def dashboard(request: Request, ix: IndexDep) -> Response:
    return _render(request, "dashboard.html", queries.dashboard(ix), "/api/dashboard")


@router.get("/documents")
def documents(request: Request, ix: IndexDep, pg: PageDep, f: FiltersDep) -> Response:
    return _render(request, "documents.html", queries.documents(ix, f, pg), "/api/documents", filters=f,
                   outlets=sorted({d["outlet"] for d in ix.documents.values() if d.get("outlet")}))


@router.get("/documents/{doc_id:path}")
def document(request: Request, ix: IndexDep, doc_id: str,
             hl: Annotated[str | None, Query(pattern=HIGHLIGHT)] = None) -> Response:
    data = queries.document(ix, doc_id)
    marks = list(data["spans"])
    if hl:
        start, end = (int(n) for n in hl.split("-"))
        marks.append({"kind": "hl", "start": start, "end": end, "text": data["document"]["text"][start:end]})
    layout = tokens(data["document"]["text"], marks, ("hl", *queries.SPAN_KINDS))
    return _render(request, "document.html", data, f"/api/documents/{doc_id}", tokens=layout, ix=ix)


@router.get("/entities")
def entities(request: Request, ix: IndexDep, pg: PageDep,
             type: Annotated[Literal["PER", "ORG", "GPE", "LOC", "EVT", "MISC", ""] | None, Query()] = None
             ) -> Response:
    return _render(request, "entities.html", queries.entities(ix, type or None, pg), "/api/entities", type=type)


@router.get("/entities/{entity_id}")
def entity(request: Request, ix: IndexDep, pg: PageDep, entity_id: str) -> Response:
    return _render(request, "entity.html", queries.entity(ix, entity_id, pg), f"/api/entities/{entity_id}", ix=ix)


@router.get("/stories")
def stories(request: Request, ix: IndexDep, pg: PageDep) -> Response:
    return _render(request, "stories.html", queries.stories(ix, pg), "/api/stories")


@router.get("/stories/{story_id}")
def story(request: Request, ix: IndexDep, story_id: str) -> Response:
    return _render(request, "story.html", queries.story(ix, story_id), f"/api/stories/{story_id}", ix=ix)


@router.get("/timeline")
def timeline(request: Request, ix: IndexDep, pg: PageDep, f: FiltersDep,
             kind: Annotated[Literal["event", "time", ""] | None, Query()] = None) -> Response:
    data = queries.timeline(ix, f, kind or None, pg)
    return _render(request, "timeline.html", data, "/api/timeline", filters=f, kind=kind, ix=ix,
                   event_types=sorted({v.get("type") or "" for v in ix.events.values()} - {""}),
                   outlets=sorted({d["outlet"] for d in ix.documents.values() if d.get("outlet")}))


@router.get("/checks")
def checks(request: Request, ix: IndexDep, pg: PageDep,
           status: Annotated[Literal["conflicting", "disputed", "single-source", "corroborated", ""] | None,
                             Query()] = None
           ) -> Response:
    return _render(request, "checks.html", queries.checks(ix, status or None, pg), "/api/checks", status=status,
                   ix=ix)


@router.get("/graph")
def graph(request: Request, ix: IndexDep, size: Annotated[int, Query(ge=1, le=100)] = 40) -> Response:
    return _render(request, "graph.html", queries.graph(ix, size), "/api/graph")


@router.get("/search")
def search(request: Request, ix: IndexDep, pg: PageDep, f: FiltersDep,
           q: Annotated[str, Query(max_length=500)] = "",
           kind: Annotated[Literal["document", "entity", "quote", ""] | None, Query()] = None) -> Response:
    data = queries.search(model(request), ix, q, kind or None, f, pg) if q.strip() else None
    return _render(request, "search.html", data or {}, "/api/search", q=q, kind=kind, ix=ix, filters=f)
