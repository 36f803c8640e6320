"""Query parameters shared by the API and the pages: pagination, filters, and the read model."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request

from recoupe.web.readmodel import Filters, Index, Page, ReadModel

DATE = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"  # empty: no filter (an HTML form sends empty fields)
MAX_LIMIT = 500


def page(limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")] = 50,
         offset: Annotated[int, Query(ge=0, description="Items to skip.")] = 0) -> Page:
    """The slice a list answers with."""
    return Page(limit, offset)


def filters(
    date_from: Annotated[str | None, Query(pattern=DATE, description="From this ISO date (2024, 2024-10, "
                                           "2024-10-24), inclusive.")] = None,
    date_to: Annotated[str | None, Query(pattern=DATE, description="Up to this ISO date, inclusive.")] = None,
    outlet: Annotated[str | None, Query(max_length=200, description="Only this outlet.")] = None,
    entity: Annotated[str | None, Query(max_length=100, description="Only what names this entity id.")] = None,
    event_type: Annotated[str | None, Query(max_length=100, description="Only this event type.")] = None,
) -> Filters:
    """Filters by date, outlet, entity and event type; empty values mean no filter."""
    return Filters(date_from or None, date_to or None, outlet or None, entity or None, event_type or None)


def model(request: Request) -> ReadModel:
    """The app's read model."""
    found: ReadModel = request.app.state.model
    return found


def index(request: Request) -> Index:
    """The knowledge base as it is now."""
    return model(request).index()
