"""SQLite implementation of the store: one file, numbered migrations, one transaction per document."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import astuple, fields
from pathlib import Path

from recoupe.errors import StoreError
from recoupe.records import (
    Analysis,
    Document,
    Entity,
    Figure,
    LocalEntity,
    Mention,
    Quote,
    Rejected,
    Removal,
    RoleClaim,
    Time,
)
from recoupe.store import EntityMention, Record
from recoupe.store.search import MIGRATION as SEARCH_MIGRATION
from recoupe.store.search import Hit, search
from recoupe.store.sqlite_corpus import ENTITY_LOOKUP_MIGRATION, CorpusTables
from recoupe.store.sqlite_corpus import MIGRATION as CORPUS_MIGRATION
from recoupe.store.sqlite_corpus import TABLES as CORPUS_TABLES
from recoupe.store.sqlite_events import MIGRATION as EVENTS_MIGRATION
from recoupe.store.sqlite_events import TABLES as EVENT_TABLES
from recoupe.store.sqlite_events import WINDOW_MIGRATION as EVENT_WINDOW_MIGRATION
from recoupe.store.sqlite_events import EventTables

# Ordered, named migrations: a store records the ones it has applied and runs the rest in order.
MIGRATIONS: tuple[tuple[str, str], ...] = (
    ("0001-documents-entities", """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY, source TEXT NOT NULL, outlet TEXT, url TEXT, title TEXT,
        language TEXT, published TEXT, published_inferred INTEGER NOT NULL DEFAULT 0,
        text TEXT NOT NULL, content_hash TEXT NOT NULL, skipped TEXT,
        ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));
    CREATE TABLE removals (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
        text TEXT NOT NULL, reason TEXT NOT NULL, rule TEXT NOT NULL, PRIMARY KEY (doc_id, seq));
    CREATE TABLE entities (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, kb_key TEXT UNIQUE, wikidata TEXT,
        aliases TEXT NOT NULL DEFAULT '[]');
    CREATE TABLE local_entities (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, key TEXT NOT NULL,
        name TEXT NOT NULL, label TEXT NOT NULL, kb_key TEXT, wikidata TEXT,
        entity_id TEXT REFERENCES entities(id) ON DELETE SET NULL, PRIMARY KEY (doc_id, key));
    CREATE INDEX local_entities_entity ON local_entities(entity_id);
    CREATE TABLE mentions (
        doc_id TEXT NOT NULL, entity_key TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        text TEXT NOT NULL, label TEXT NOT NULL, kind TEXT NOT NULL,
        PRIMARY KEY (doc_id, start, "end"),
        FOREIGN KEY (doc_id, entity_key) REFERENCES local_entities(doc_id, key) ON DELETE CASCADE);
    CREATE TABLE rejections (
        id INTEGER PRIMARY KEY, source TEXT NOT NULL, line INTEGER, stage TEXT NOT NULL,
        reason TEXT NOT NULL, at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));
    CREATE UNIQUE INDEX rejections_once ON rejections(source, coalesce(line, -1), stage, reason);
    """),
    ("0002-quotes-roles-figures-times", """
    CREATE TABLE quotes (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, direct INTEGER NOT NULL,
        speaker_key TEXT, speaker_start INTEGER, speaker_end INTEGER, speaker_text TEXT,
        PRIMARY KEY (doc_id, seq));
    CREATE TABLE roles (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, person_key TEXT NOT NULL,
        role TEXT NOT NULL, of_key TEXT, PRIMARY KEY (doc_id, seq));
    CREATE TABLE figures (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, low REAL, high REAL, unit TEXT,
        qualifier TEXT NOT NULL, source_key TEXT, PRIMARY KEY (doc_id, seq));
    CREATE TABLE times (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, value TEXT, type TEXT NOT NULL,
        PRIMARY KEY (doc_id, seq));
    """),
    ("0003-events", EVENTS_MIGRATION),
    ("0005-search", SEARCH_MIGRATION),
    ("0004-duplicates-stories", CORPUS_MIGRATION),
    ("0006-entity-lookup", ENTITY_LOOKUP_MIGRATION),
    ("0007-event-window", EVENT_WINDOW_MIGRATION),
)
# What the corpus stages derive (besides the entity links): emptied, the stages run again from scratch.
# A corpus stage that keeps tables of its own adds them here, in an order that deletes cleanly.
DERIVED_TABLES: tuple[str, ...] = (*CORPUS_TABLES, *EVENT_TABLES)

# Record tables written with each document: table -> (record type, the Analysis field that holds them).
RECORD_TABLES: dict[str, tuple[type[Quote | RoleClaim | Figure | Time], str]] = {
    "quotes": (Quote, "quotes"), "roles": (RoleClaim, "roles"), "figures": (Figure, "figures"),
    "times": (Time, "times"),
}


def _columns(kind: type[Quote | RoleClaim | Figure | Time]) -> list[str]:
    return [f.name for f in fields(kind)]


class SQLiteStore(CorpusTables, EventTables):
    """The knowledge base in one SQLite file (WAL mode, foreign keys on)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, isolation_level=None)
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except (sqlite3.DatabaseError, OSError) as exc:
            raise StoreError(
                f"cannot open the knowledge base {self.path}: {exc}. "
                "Is it an SQLite file written by recoupe? Pass another file with --db."
            ) from exc

    def _migrate(self) -> None:
        self.db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, "
                        "applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))")
        done = {r[0] for r in self.db.execute("SELECT name FROM schema_migrations")}
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for statement in _statements(sql):
                    self.db.execute(statement)
                self.db.execute("INSERT INTO schema_migrations (name) VALUES (?)", (name,))
                self.db.execute("COMMIT")
            except sqlite3.DatabaseError:
                self.db.execute("ROLLBACK")
                raise

    def migrations(self) -> list[str]:
        """Names of the applied migrations, in the order they were applied."""
        return [r[0] for r in self.db.execute("SELECT name FROM schema_migrations ORDER BY rowid")]

    def content_hash(self, doc_id: str) -> str | None:
        row = self.db.execute("SELECT content_hash FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def save(self, analysis: Analysis) -> bool:
        d = analysis.document
        self.db.execute("BEGIN IMMEDIATE")
        try:
            replaced = self.db.execute("DELETE FROM documents WHERE id = ?", (d.id,)).rowcount > 0
            self.db.execute(
                "INSERT INTO documents (id, source, outlet, url, title, language, published, "
                "published_inferred, text, content_hash, skipped) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (d.id, d.source, d.outlet, d.url, d.title, d.language, d.published,
                 int(d.published_inferred), d.text, d.content_hash, d.skipped),
            )
            self.db.executemany(
                "INSERT INTO removals (doc_id, seq, text, reason, rule) VALUES (?,?,?,?,?)",
                [(d.id, i, r.text, r.reason, r.rule) for i, r in enumerate(d.removed)],
            )
            self.db.executemany(
                "INSERT INTO local_entities (doc_id, key, name, label, kb_key, wikidata) VALUES (?,?,?,?,?,?)",
                [(d.id, e.key, e.name, e.label, e.kb_key, e.wikidata) for e in analysis.entities],
            )
            self.db.executemany(
                'INSERT INTO mentions (doc_id, entity_key, start, "end", text, label, kind) VALUES (?,?,?,?,?,?,?)',
                [(d.id, e.key, m.start, m.end, m.text, m.label, m.kind)
                 for e in analysis.entities for m in e.mentions],
            )
            for table, (kind, attr) in RECORD_TABLES.items():
                cols = _columns(kind)
                self.db.executemany(
                    f"INSERT INTO {table} (doc_id, seq, {', '.join(map(_quoted, cols))}) "
                    f"VALUES ({', '.join('?' * (len(cols) + 2))})",
                    [(d.id, i, *astuple(r)) for i, r in enumerate(getattr(analysis, attr))],
                )
            self._save_event_mentions(d.id, analysis.events)
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return replaced

    def reject(self, rejected: Rejected) -> None:
        self.db.execute("INSERT OR IGNORE INTO rejections (source, line, stage, reason) VALUES (?,?,?,?)",
                        (rejected.source, rejected.line, rejected.stage, rejected.reason))

    def unlinked(self) -> list[tuple[str, LocalEntity]]:
        rows = self.db.execute(
            "SELECT doc_id, key, name, label, kb_key, wikidata FROM local_entities "
            "WHERE entity_id IS NULL ORDER BY doc_id, key").fetchall()
        mentions: dict[tuple[str, str], list[Mention]] = {}
        for doc_id, key, start, end, text, label, kind in self.db.execute(
            'SELECT m.doc_id, m.entity_key, m.start, m."end", m.text, m.label, m.kind FROM mentions m '
            "JOIN local_entities l ON l.doc_id = m.doc_id AND l.key = m.entity_key "
            "WHERE l.entity_id IS NULL ORDER BY m.doc_id, m.start"):
            mentions.setdefault((doc_id, key), []).append(Mention(start, end, text, label, kind))
        return [(doc_id, LocalEntity(key, name, label, tuple(mentions.get((doc_id, key), ())), kb_key, wikidata))
                for doc_id, key, name, label, kb_key, wikidata in rows]

    def entities(self) -> list[Entity]:
        return [Entity(i, n, t, k, w, tuple(json.loads(a))) for i, n, t, k, w, a in self.db.execute(
            "SELECT id, name, type, kb_key, wikidata, aliases FROM entities ORDER BY CAST(substr(id, 2) AS INTEGER)")]

    def link(self, changed: list[Entity], assignments: list[tuple[str, str, str]]) -> None:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.executemany(
                "INSERT INTO entities (id, name, type, kb_key, wikidata, aliases) VALUES (?,?,?,?,?,?) "
                "ON CONFLICT(id) DO UPDATE SET name=excluded.name, type=excluded.type, aliases=excluded.aliases",
                [(e.id, e.name, e.type, e.kb_key, e.wikidata, json.dumps(list(e.aliases), ensure_ascii=False))
                 for e in changed],
            )
            self.index_entities(changed)
            self.db.executemany("UPDATE local_entities SET entity_id = ? WHERE doc_id = ? AND key = ?",
                                [(eid, doc, key) for doc, key, eid in assignments])
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def prune(self) -> int:
        cur = self.db.execute("DELETE FROM entities WHERE id NOT IN "
                              "(SELECT entity_id FROM local_entities WHERE entity_id IS NOT NULL)")
        return cur.rowcount

    def documents(self) -> Iterator[Document]:
        removed: dict[str, list[Removal]] = {}
        for doc_id, text, reason, rule in self.db.execute(
                "SELECT doc_id, text, reason, rule FROM removals ORDER BY doc_id, seq"):
            removed.setdefault(doc_id, []).append(Removal(text, reason, rule))
        for row in self.db.execute(
                "SELECT id, source, text, title, content_hash, outlet, url, published, published_inferred, "
                "language, skipped FROM documents ORDER BY id"):
            (doc_id, source, text, title, chash, outlet, url, published, inferred, language, skipped) = row
            yield Document(doc_id, source, text, title, chash, tuple(removed.get(doc_id, ())), outlet, url,
                           published, bool(inferred), language, skipped)

    def mentions(self) -> Iterator[EntityMention]:
        for eid, doc_id, start, end, text, label, kind in self.db.execute(
                'SELECT l.entity_id, m.doc_id, m.start, m."end", m.text, m.label, m.kind FROM mentions m '
                "JOIN local_entities l ON l.doc_id = m.doc_id AND l.key = m.entity_key "
                "WHERE l.entity_id IS NOT NULL ORDER BY m.doc_id, m.start"):
            yield EntityMention(eid, doc_id, Mention(start, end, text, label, kind))

    def records(self, kind: type[Record]) -> Iterator[tuple[str, Record]]:
        table = next(t for t, (k, _) in RECORD_TABLES.items() if k is kind)
        cols = _columns(kind)
        for doc_id, *values in self.db.execute(
                f"SELECT doc_id, {', '.join(map(_quoted, cols))} FROM {table} ORDER BY doc_id, seq"):
            if kind is Quote:
                values[3] = bool(values[3])  # SQLite stores the flag as an integer
            yield doc_id, kind(*values)

    def entity_ids(self) -> dict[tuple[str, str], str]:
        return {(doc, key): eid for doc, key, eid in self.db.execute(
            "SELECT doc_id, key, entity_id FROM local_entities WHERE entity_id IS NOT NULL")}

    def rejections(self) -> list[Rejected]:
        return [Rejected(s, line, st, r) for s, line, st, r in self.db.execute(
            "SELECT source, line, stage, reason FROM rejections ORDER BY id")]

    def search(self, text: str, *, kind: str | None = None, limit: int = 20,
               offset: int = 0) -> tuple[list[Hit], int]:
        return search(self.db, text, kind=kind, limit=limit, offset=offset)

    def reset_corpus(self) -> None:
        """Forget what the corpus stages derived (links, duplicates, stories, ...): the next run redoes it all."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            for table in DERIVED_TABLES:
                self.db.execute(f"DELETE FROM {table}")
            self.db.execute("UPDATE local_entities SET entity_id = NULL")
            self.reset_events()
            self.db.execute("DELETE FROM entities")
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def stats(self) -> dict[str, int]:
        tables = ("documents", "removals", "entities", "local_entities", "mentions", *RECORD_TABLES, "rejections",
                  "event_mentions", "events", "duplicates", "stories")
        return {t: self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}

    def close(self) -> None:
        self.db.close()


def _quoted(column: str) -> str:
    return f'"{column}"'


def _statements(sql: str) -> Iterator[str]:
    """The statements of a migration script; a trigger body's semicolons do not end its statement."""
    pending = ""
    for piece in sql.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                yield pending
            pending = ""
