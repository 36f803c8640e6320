"""The web's read model: the export object, cached until the SQLite file changes, with lookup indexes.

The whole knowledge base is built once with `export.build` and kept in memory until another
connection commits (`PRAGMA data_version`) or the file is replaced; every page and API answer is
then a query over plain dicts. That is honest and fast for an analyst-sized knowledge base (tens of
thousands of documents); a larger one would want SQL queries per page instead.
"""

from __future__ import annotations

import io
import json
import os
import re
import sqlite3
import threading
from collections import Counter, defaultdict
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recoupe import export, pipeline
from recoupe.errors import RecoupeError
from recoupe.records import RunReport
from recoupe.store import Store, open_store
from recoupe.store.search import Hit

Item = dict[str, Any]
_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class NotFound(RecoupeError):
    """A document, entity, story or check id the knowledge base does not hold."""


@dataclass(frozen=True, slots=True)
class Filters:
    """What a list can be narrowed to; every field is optional and they combine with AND."""

    date_from: str | None = None  # ISO date, inclusive
    date_to: str | None = None  # ISO date, inclusive (a "2024-10" prefix matches the whole month)
    outlet: str | None = None
    entity: str | None = None  # entity id
    event_type: str | None = None

    def dated(self, value: str | None) -> bool:
        """Whether an ISO date falls inside the date range (an unknown date only passes an open range)."""
        if not (self.date_from or self.date_to):
            return True
        if not value:
            return False
        return (not self.date_from or value[:len(self.date_from)] >= self.date_from) and (
            not self.date_to or value[:len(self.date_to)] <= self.date_to)


@dataclass(frozen=True, slots=True)
class Page:
    """A slice of a long list."""

    limit: int = 50
    offset: int = 0

    def of(self, items: list[Item]) -> Item:
        """The slice as the API's page object: items, total, limit, offset."""
        return {"items": items[self.offset:self.offset + self.limit], "total": len(items),
                "limit": self.limit, "offset": self.offset}


def iso_date(value: Any) -> bool:
    """Whether a value is a calendar date a timeline can place (2024, 2024-10, 2024-10-24)."""
    return isinstance(value, str) and bool(_ISO_DATE.match(value))


class Index:
    """The export object with the lookups every page needs, built once per knowledge-base version."""

    def __init__(self, data: Item) -> None:
        self.data = data
        self.documents: dict[str, Item] = {d["id"]: d for d in data["documents"]}
        self.entities: dict[str, Item] = {e["id"]: e for e in data["entities"]}
        self.events: dict[str, Item] = {v["id"]: v for v in data.get("events", [])}
        self.stories: dict[str, Item] = {s["id"]: s for s in data.get("stories", [])}
        self.checks: dict[str, Item] = {c["id"]: c for c in data.get("checks", [])}
        self.by_doc: dict[str, dict[str, list[Item]]] = defaultdict(lambda: defaultdict(list))
        self.entity_docs: dict[str, set[str]] = defaultdict(set)
        for e in data["entities"]:
            for m in e["mentions"]:
                self.by_doc[m["doc"]]["entities"].append({**m, "entity": e["id"]})
                self.entity_docs[e["id"]].add(m["doc"])
        for key in ("quotes", "figures", "times", "roles"):
            for item in data.get(key, []):
                self.by_doc[item["doc"]][key].append(item)
        self.doc_event_types: dict[str, set[str]] = defaultdict(set)
        for v in self.events.values():
            for m in v.get("mentions", []):
                self.by_doc[m["doc"]]["events"].append({**m, "event": v["id"]})
                self.doc_event_types[m["doc"]].add(v.get("type") or "")
        for c in self.checks.values():
            for claim in c.get("claims", []):
                self.by_doc[claim["doc"]]["claims"].append({**claim, "check": c["id"], "status": c.get("status")})
        self.doc_stories: dict[str, list[str]] = defaultdict(list)
        for s in self.stories.values():
            for doc in s.get("documents", []):
                self.doc_stories[doc].append(s["id"])
        self.cooccurrence = _cooccurrence(self)

    def document(self, doc_id: str) -> Item:
        """One document, or NotFound with a hint."""
        if doc_id not in self.documents:
            raise NotFound(f"no document {doc_id!r} in the knowledge base; list them at /api/documents")
        return self.documents[doc_id]

    def entity(self, entity_id: str) -> Item:
        """One entity, or NotFound with a hint."""
        if entity_id not in self.entities:
            raise NotFound(f"no entity {entity_id!r} in the knowledge base; list them at /api/entities "
                           "or search at /api/search?q=NAME")
        return self.entities[entity_id]

    def story(self, story_id: str) -> Item:
        """One story cluster, or NotFound with a hint."""
        if story_id not in self.stories:
            raise NotFound(f"no story {story_id!r} in the knowledge base; list them at /api/stories")
        return self.stories[story_id]

    def name(self, entity_id: str | None) -> str | None:
        """The display name of an entity id, or None."""
        return self.entities[entity_id]["name"] if entity_id in self.entities else None

    def doc_matches(self, doc_id: str, filters: Filters) -> bool:
        """Whether a document passes the filters: its date, outlet, a mentioned entity, an event type."""
        d = self.documents.get(doc_id)
        if d is None or not filters.dated(d.get("published")):
            return False
        if filters.outlet and d.get("outlet") != filters.outlet:
            return False
        if filters.entity and doc_id not in self.entity_docs.get(filters.entity, set()):
            return False
        return not filters.event_type or filters.event_type in self.doc_event_types.get(doc_id, set())


def _paragraphs(text: str) -> list[int]:
    """Start offsets of the paragraphs (lines) of a text."""
    return [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]


def _cooccurrence(ix: Index) -> Counter[tuple[str, str]]:
    """How many paragraphs name both entities of a pair (ids in sorted order)."""
    from bisect import bisect_right

    pairs: Counter[tuple[str, str]] = Counter()
    for doc_id, kinds in ix.by_doc.items():
        if doc_id not in ix.documents:
            continue
        starts = _paragraphs(ix.documents[doc_id]["text"])
        by_paragraph: dict[int, set[str]] = defaultdict(set)
        for m in kinds.get("entities", []):
            by_paragraph[bisect_right(starts, m["start"])].add(m["entity"])
        for names in by_paragraph.values():
            ordered = sorted(names)
            pairs.update((a, b) for i, a in enumerate(ordered) for b in ordered[i + 1:])
    return pairs


class ReadModel:
    """The knowledge base at `path` as the web reads it: a cached Index and full-text search."""

    def __init__(self, path: str | Path, build: Callable[[Store], Item] = export.build) -> None:
        self.path = str(path)
        self._build = build  # how the store becomes the export object (export.build; a test may extend it)
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()  # one ingest at a time: the pipeline's writes are not interleaved
        with closing(open_store(self.path)):  # create and migrate before anything reads it
            pass
        self._probe = sqlite3.connect(self.path, check_same_thread=False)
        self._version: tuple[int, ...] | None = None
        self._index: Index | None = None

    def _current_version(self) -> tuple[int, ...]:
        data_version = self._probe.execute("PRAGMA data_version").fetchone()[0]
        stats = [os.stat(p) for p in (self.path, self.path + "-wal") if os.path.exists(p)]
        return (data_version, *(n for s in stats for n in (s.st_ino, s.st_mtime_ns, s.st_size)))

    def index(self) -> Index:
        """The Index of the knowledge base as it is now (rebuilt only after a change)."""
        with self._lock:
            version = self._current_version()
            if self._index is None or version != self._version:
                with closing(open_store(self.path)) as store:
                    self._index = Index(self._build(store))
                self._version = version
            return self._index

    def search(self, text: str, kind: str | None, limit: int, offset: int) -> tuple[list[Hit], int]:
        """Full-text hits from the store (FTS5), best first, and their total."""
        with closing(open_store(self.path)) as store:
            return store.search(text, kind=kind, limit=limit, offset=offset)

    def add(self, records: list[Item], settings: pipeline.Settings | None = None) -> RunReport:
        """Analyse and store articles given as JSON objects (the keys of the JSONL input), like `recoupe ingest`."""
        lines = io.StringIO("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
        with self._write_lock, closing(open_store(self.path)) as store:
            return pipeline.ingest(["-"], store, settings or pipeline.Settings(), stdin=lines)

    def close(self) -> None:
        """Release the probe connection."""
        self._probe.close()
