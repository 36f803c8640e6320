"""Full-text search over documents, entity names and quotes (SQLite FTS5), kept in sync by triggers."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

# One FTS5 table for every searchable thing; `search_rows` gives each row a stable integer id (an
# INTEGER PRIMARY KEY survives VACUUM, implicit rowids do not) and says what the row is. Triggers on
# the source tables keep both in step with every save, link and prune: incremental, no rebuild.
# An entity's aliases are indexed as plain words; `remove_diacritics 2` lets "coree" find "Corée".
# The migration backfills every row of an existing store.
MIGRATION = """
CREATE TABLE search_rows (
    id INTEGER PRIMARY KEY, kind TEXT NOT NULL, key TEXT NOT NULL, doc_id TEXT,
    start INTEGER, "end" INTEGER, UNIQUE (kind, key));
CREATE VIRTUAL TABLE search_index USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');

INSERT INTO search_rows (kind, key, doc_id) SELECT 'document', id, id FROM documents;
INSERT INTO search_rows (kind, key, doc_id, start, "end")
    SELECT 'quote', doc_id || '#' || seq, doc_id, start, "end" FROM quotes;
INSERT INTO search_rows (kind, key) SELECT 'entity', id FROM entities;
INSERT INTO search_index (rowid, title, body)
    SELECT r.id, coalesce(d.title, ''), d.text FROM search_rows r JOIN documents d ON r.key = d.id
    WHERE r.kind = 'document';
INSERT INTO search_index (rowid, title, body)
    SELECT r.id, coalesce(q.speaker_text, ''), q.text FROM search_rows r
    JOIN quotes q ON r.key = q.doc_id || '#' || q.seq WHERE r.kind = 'quote';
INSERT INTO search_index (rowid, title, body)
    SELECT r.id, e.name, (SELECT group_concat(value, ' · ') FROM json_each(e.aliases)) FROM search_rows r
    JOIN entities e ON r.key = e.id WHERE r.kind = 'entity';

CREATE TRIGGER search_document_insert AFTER INSERT ON documents BEGIN
    INSERT INTO search_rows (kind, key, doc_id) VALUES ('document', new.id, new.id);
    INSERT INTO search_index (rowid, title, body) VALUES (last_insert_rowid(), coalesce(new.title, ''), new.text);
END;
CREATE TRIGGER search_document_delete AFTER DELETE ON documents BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT id FROM search_rows WHERE kind = 'document' AND key = old.id);
    DELETE FROM search_rows WHERE kind = 'document' AND key = old.id;
END;
CREATE TRIGGER search_quote_insert AFTER INSERT ON quotes BEGIN
    INSERT INTO search_rows (kind, key, doc_id, start, "end")
        VALUES ('quote', new.doc_id || '#' || new.seq, new.doc_id, new.start, new."end");
    INSERT INTO search_index (rowid, title, body)
        VALUES (last_insert_rowid(), coalesce(new.speaker_text, ''), new.text);
END;
CREATE TRIGGER search_quote_delete AFTER DELETE ON quotes BEGIN
    DELETE FROM search_index WHERE rowid =
        (SELECT id FROM search_rows WHERE kind = 'quote' AND key = old.doc_id || '#' || old.seq);
    DELETE FROM search_rows WHERE kind = 'quote' AND key = old.doc_id || '#' || old.seq;
END;
CREATE TRIGGER search_entity_insert AFTER INSERT ON entities BEGIN
    INSERT INTO search_rows (kind, key) VALUES ('entity', new.id);
    INSERT INTO search_index (rowid, title, body)
        VALUES (last_insert_rowid(), new.name, (SELECT group_concat(value, ' · ') FROM json_each(new.aliases)));
END;
CREATE TRIGGER search_entity_update AFTER UPDATE OF name, aliases ON entities BEGIN
    UPDATE search_index SET title = new.name, body = (SELECT group_concat(value, ' · ') FROM json_each(new.aliases))
        WHERE rowid = (SELECT id FROM search_rows WHERE kind = 'entity' AND key = new.id);
END;
CREATE TRIGGER search_entity_delete AFTER DELETE ON entities BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT id FROM search_rows WHERE kind = 'entity' AND key = old.id);
    DELETE FROM search_rows WHERE kind = 'entity' AND key = old.id;
END
"""

KINDS = ("document", "entity", "quote")
# Snippet markers: control characters never found in cleaned text, turned into parts by `_parts`.
_OPEN, _CLOSE = "\x02", "\x03"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result: what matched (kind and key), where, and a snippet split into matched parts."""

    kind: str  # document | entity | quote
    key: str  # document id, entity id, or "doc#seq" for a quote
    doc: str | None
    start: int | None
    end: int | None
    title: str
    snippet: tuple[tuple[str, bool], ...]  # (text, matched) parts


def fts_query(text: str) -> str:
    """A user's words as a safe FTS5 query: every word must occur, the last one as a prefix."""
    words = _WORD.findall(text)
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def search(db: sqlite3.Connection, text: str, *, kind: str | None = None, limit: int = 20,
           offset: int = 0) -> tuple[list[Hit], int]:
    """The best-ranked hits for the words in `text` (optionally of one kind) and how many there are."""
    query = fts_query(text)
    if not query:
        return [], 0
    where = "search_index MATCH ?" + (" AND r.kind = ?" if kind else "")
    params: tuple[str, ...] = (query, kind) if kind else (query,)
    base = f"FROM search_index JOIN search_rows r ON r.id = search_index.rowid WHERE {where}"
    total = db.execute(f"SELECT count(*) {base}", params).fetchone()[0]
    rows = db.execute(
        f"SELECT r.kind, r.key, r.doc_id, r.start, r.\"end\", search_index.title, "
        f"snippet(search_index, 1, '{_OPEN}', '{_CLOSE}', '…', 16) {base} ORDER BY rank LIMIT ? OFFSET ?",
        (*params, limit, offset)).fetchall()
    return [Hit(k, key, doc, start, end, title, _parts(snip)) for k, key, doc, start, end, title, snip in rows], total


def _parts(snippet: str) -> tuple[tuple[str, bool], ...]:
    parts: list[tuple[str, bool]] = []
    for i, piece in enumerate(re.split(f"[{_OPEN}{_CLOSE}]", snippet)):
        if piece:
            parts.append((piece, i % 2 == 1))
    return tuple(parts)
