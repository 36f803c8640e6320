"""SQLite tables of the events stages: each document's event mentions and the canonical events they merge into.

Mentions hang off their document (ON DELETE CASCADE); a canonical event no mention points at any more is
pruned by the merge stage, so replacing a document never leaves an event without evidence.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import astuple, fields
from typing import Any

from recoupe.records import CanonicalEvent, EventMention, StoredEventMention

MIGRATION = """
CREATE TABLE event_mentions (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    trigger_start INTEGER NOT NULL, trigger_end INTEGER NOT NULL, trigger TEXT NOT NULL,
    type TEXT NOT NULL, mode TEXT, actor_keys TEXT NOT NULL, target_keys TEXT NOT NULL, location_key TEXT,
    date TEXT, modality TEXT NOT NULL, reporter_key TEXT, event_id TEXT,
    PRIMARY KEY (doc_id, seq));
CREATE INDEX event_mentions_event ON event_mentions(event_id);
CREATE TABLE events (
    id TEXT PRIMARY KEY, type TEXT NOT NULL, mode TEXT, actors TEXT NOT NULL, targets TEXT NOT NULL, date TEXT);
CREATE TABLE event_participants (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE, entity_id TEXT NOT NULL,
    PRIMARY KEY (entity_id, event_id)) WITHOUT ROWID;
"""
# Publication-date range of each canonical event: reports months apart are not merged without a clause date.
WINDOW_MIGRATION = """
ALTER TABLE events ADD COLUMN first TEXT;
ALTER TABLE events ADD COLUMN last TEXT;
"""
# Emptied when the corpus stages start over (children first).
TABLES = ("event_participants", "events")
_COLUMNS = [f.name for f in fields(EventMention)]
_TUPLES = {"actor_keys", "target_keys"}


def _row(m: EventMention) -> tuple[object, ...]:
    return tuple(json.dumps(list(v)) if isinstance(v, tuple) else v for v in astuple(m))


def _event(row: Sequence[Any]) -> CanonicalEvent:
    i, t, m, a, g, d, first, last = row
    return CanonicalEvent(i, t, m, tuple(json.loads(a)), tuple(json.loads(g)), d, first, last)


def _mention(values: Sequence[Any]) -> EventMention:
    decoded: list[Any] = [tuple(json.loads(v)) if c in _TUPLES else v for c, v in zip(_COLUMNS, values, strict=True)]
    return EventMention(*decoded)


class EventTables:
    """Event mentions and canonical events, mixed into the SQLite store."""

    db: sqlite3.Connection

    def _save_event_mentions(self, doc_id: str, mentions: Sequence[EventMention]) -> None:
        cols = ", ".join(f'"{c}"' for c in _COLUMNS)
        self.db.executemany(
            f"INSERT INTO event_mentions (doc_id, seq, {cols}) VALUES ({', '.join('?' * (len(_COLUMNS) + 2))})",
            [(doc_id, i, *_row(m)) for i, m in enumerate(mentions)])

    def event_mentions(self) -> Iterator[tuple[str, EventMention, str | None]]:
        """Every event mention with its document id and canonical event id (None before merging)."""
        cols = ", ".join(f'"{c}"' for c in _COLUMNS)
        for doc_id, event_id, *values in self.db.execute(
                f"SELECT doc_id, event_id, {cols} FROM event_mentions ORDER BY doc_id, seq"):
            yield doc_id, _mention(values), event_id

    def unmerged_event_mentions(self) -> list[tuple[str, int, EventMention]]:
        """(doc id, seq, mention) of every mention not yet merged into a canonical event."""
        cols = ", ".join(f'"{c}"' for c in _COLUMNS)
        out = []
        for doc_id, seq, *values in self.db.execute(
                f"SELECT doc_id, seq, {cols} FROM event_mentions WHERE event_id IS NULL ORDER BY doc_id, seq"):
            out.append((doc_id, seq, _mention(values)))
        return out

    def event_candidates(self, types: Sequence[str], entity_ids: Sequence[str]) -> list[CanonicalEvent]:
        """Canonical events of these types that involve at least one of these entities (an indexed lookup)."""
        if not types or not entity_ids:
            return []
        found: dict[str, CanonicalEvent] = {}
        for chunk in _chunks(list(entity_ids)):  # SQLite caps the parameters of one statement
            rows = self.db.execute(
                f"SELECT DISTINCT e.id, e.type, e.mode, e.actors, e.targets, e.date, e.first, e.last "
                f"FROM event_participants p "
                f"JOIN events e ON e.id = p.event_id WHERE p.entity_id IN ({', '.join('?' * len(chunk))}) "
                f"AND e.type IN ({', '.join('?' * len(types))})", (*chunk, *types)).fetchall()
            found.update({r[0]: _event(r) for r in rows})
        return list(found.values())

    def canonical_events(self) -> list[CanonicalEvent]:
        """Every canonical event, by id number."""
        return [_event(r) for r in self.db.execute("SELECT id, type, mode, actors, targets, date, first, last "
                                                   "FROM events ORDER BY CAST(substr(id, 2) AS INTEGER)")]

    def new_event_number(self) -> int:
        """The number after the highest canonical event id ever stored."""
        row = self.db.execute("SELECT max(CAST(substr(id, 2) AS INTEGER)) FROM events").fetchone()
        return int(row[0] or 0) + 1

    def merge_events(self, changed: Sequence[CanonicalEvent], assignments: Sequence[tuple[str, int, str]]) -> None:
        """Write new or grown canonical events and (doc id, seq, event id) assignments; prune orphans."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.executemany(
                "INSERT INTO events (id, type, mode, actors, targets, date, first, last) VALUES (?,?,?,?,?,?,?,?) "
                "ON CONFLICT(id) DO UPDATE SET mode=excluded.mode, actors=excluded.actors, "
                "targets=excluded.targets, date=excluded.date, first=excluded.first, last=excluded.last",
                [(e.id, e.type, e.mode, json.dumps(list(e.actors)), json.dumps(list(e.targets)), e.date, e.first,
                  e.last) for e in changed])
            self.db.executemany("INSERT OR IGNORE INTO event_participants (event_id, entity_id) VALUES (?, ?)",
                                [(e.id, x) for e in changed for x in {*e.actors, *e.targets}])
            self.db.executemany("UPDATE event_mentions SET event_id = ? WHERE doc_id = ? AND seq = ?",
                                [(eid, doc, seq) for doc, seq, eid in assignments])
            self.db.execute("DELETE FROM events WHERE id NOT IN "
                            "(SELECT event_id FROM event_mentions WHERE event_id IS NOT NULL)")
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def local_entity_ids(self, doc_ids: Sequence[str]) -> dict[tuple[str, str], str]:
        """(doc id, local key) -> canonical entity id, for the local entities of these documents."""
        out: dict[tuple[str, str], str] = {}
        for chunk in _chunks(list(doc_ids)):
            out.update({(d, k): e for d, k, e in self.db.execute(
                f"SELECT doc_id, key, entity_id FROM local_entities WHERE entity_id IS NOT NULL "
                f"AND doc_id IN ({', '.join('?' * len(chunk))})", chunk)})
        return out

    def entity_ids_by_kb(self, kb_keys: Sequence[str]) -> dict[str, str]:
        """Knowledge-base key -> canonical entity id, for the keys some document names."""
        out: dict[str, str] = {}
        for chunk in _chunks(list(kb_keys)):
            out.update(dict(self.db.execute(
                f"SELECT kb_key, id FROM entities WHERE kb_key IN ({', '.join('?' * len(chunk))})", chunk)))
        return out

    def published_dates(self, doc_ids: Sequence[str]) -> dict[str, str | None]:
        """Doc id -> publication date (ISO, metadata or inferred), for these documents."""
        out: dict[str, str | None] = {}
        for chunk in _chunks(list(doc_ids)):
            out.update(dict(self.db.execute(
                f"SELECT id, published FROM documents WHERE id IN ({', '.join('?' * len(chunk))})", chunk)))
        return out

    def reset_events(self) -> None:
        """Forget the merge: every mention waits to be merged again."""
        self.db.execute("UPDATE event_mentions SET event_id = NULL")


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


__all__ = ["TABLES", "EventTables", "StoredEventMention"]
