"""SQLite tables of the duplicate and story stages: signatures with their LSH band keys, pairs, stories.

Every row hangs off a document with ON DELETE CASCADE, so a replaced document takes its signatures,
pairs, features and story membership with it; a trigger marks the story it left for repair.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from typing import TypeVar

from recoupe.link import lookup_keys
from recoupe.records import Duplicate, Entity, Signature, Story, StoryInput, StorySummary

MIGRATION = """
CREATE TABLE signatures (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, hashvalues BLOB NOT NULL, PRIMARY KEY (doc_id, seq));
CREATE TABLE lsh_bands (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, seq INTEGER NOT NULL, key INTEGER NOT NULL,
    PRIMARY KEY (doc_id, seq, key)) WITHOUT ROWID;
CREATE INDEX lsh_bands_key ON lsh_bands(key);
CREATE TABLE duplicates (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    duplicate_of TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind TEXT NOT NULL, similarity REAL NOT NULL,
    start INTEGER, "end" INTEGER, of_start INTEGER, of_end INTEGER);
CREATE INDEX duplicates_doc ON duplicates(doc_id);
CREATE INDEX duplicates_of ON duplicates(duplicate_of);
CREATE TABLE stories (
    id TEXT PRIMARY KEY, label TEXT NOT NULL, size INTEGER NOT NULL DEFAULT 0, first TEXT, last TEXT,
    stale INTEGER NOT NULL DEFAULT 0);
CREATE INDEX stories_stale ON stories(stale) WHERE stale = 1;
CREATE TABLE story_documents (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    story_id TEXT NOT NULL REFERENCES stories(id), score REAL NOT NULL);
CREATE INDEX story_documents_story ON story_documents(story_id);
CREATE TABLE doc_features (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, feature TEXT NOT NULL, weight REAL NOT NULL,
    PRIMARY KEY (doc_id, feature)) WITHOUT ROWID;
CREATE INDEX doc_features_feature ON doc_features(feature);
CREATE TABLE story_features (
    story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE, feature TEXT NOT NULL, weight REAL NOT NULL,
    PRIMARY KEY (story_id, feature)) WITHOUT ROWID;
CREATE INDEX story_features_feature ON story_features(feature);
CREATE TRIGGER story_member_gone AFTER DELETE ON story_documents BEGIN
    UPDATE stories SET stale = 1 WHERE id = OLD.story_id;
END;
CREATE TABLE feature_df (feature TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TRIGGER feature_df_add AFTER INSERT ON doc_features BEGIN
    INSERT INTO feature_df (feature, df) VALUES (NEW.feature, 1)
    ON CONFLICT(feature) DO UPDATE SET df = df + 1;
END;
CREATE TRIGGER feature_df_remove AFTER DELETE ON doc_features BEGIN
    UPDATE feature_df SET df = df - 1 WHERE feature = OLD.feature;
END;
"""
# The linking stage's lookup index: a batch of new local entities loads only the canonical entities it
# can link to (same full name key or a shared blocking token, link.lookup_keys), not all of them.
ENTITY_LOOKUP_MIGRATION = """
CREATE TABLE entity_keys (
    grp TEXT NOT NULL, key TEXT NOT NULL, entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    PRIMARY KEY (grp, key, entity_id)) WITHOUT ROWID;
CREATE INDEX entity_keys_entity ON entity_keys(entity_id);
"""
# What these stages derive, in an order that deletes cleanly: emptied, they run again from scratch.
TABLES = ("lsh_bands", "signatures", "duplicates", "story_documents", "story_features", "stories", "doc_features",
          "feature_df")

T = TypeVar("T")
_CHUNK = 500  # bound parameters a query; SQLite allows 32,766


def chunks(items: Sequence[T], size: int = _CHUNK) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _marks(n: int) -> str:
    return ",".join("?" * n)


class CorpusTables:
    """The duplicate and story methods of SQLiteStore (see store.Store for what each one promises)."""

    db: sqlite3.Connection

    def unsigned(self) -> list[tuple[str, str]]:
        return [(doc_id, text) for doc_id, text, _ in self._pending("signatures")]

    def signature_candidates(self, keys: Sequence[int]) -> list[Signature]:
        return [Signature(*row) for row in self.db.execute(
            'SELECT s.doc_id, s.seq, s.start, s."end", s.hashvalues FROM signatures s WHERE (s.doc_id, s.seq) IN '
            f"(SELECT doc_id, seq FROM lsh_bands WHERE key IN ({_marks(len(keys))})) ORDER BY s.doc_id, s.seq",
            list(keys))]

    def add_signatures(self, doc_id: str, signatures: list[Signature], duplicates: list[Duplicate]) -> None:
        with self._transaction():
            self.db.executemany(
                'INSERT INTO signatures (doc_id, seq, start, "end", hashvalues) VALUES (?,?,?,?,?)',
                [(s.doc_id, s.seq, s.start, s.end, s.hashvalues) for s in signatures])
            self.db.executemany("INSERT OR IGNORE INTO lsh_bands (doc_id, seq, key) VALUES (?,?,?)",
                                [(s.doc_id, s.seq, k) for s in signatures for k in s.bands])
            self.db.executemany(
                'INSERT INTO duplicates (doc_id, duplicate_of, kind, similarity, start, "end", of_start, of_end) '
                "VALUES (?,?,?,?,?,?,?,?)",
                [(d.doc, d.duplicate_of, d.kind, d.similarity, d.start, d.end, d.of_start, d.of_end)
                 for d in duplicates])

    def duplicates(self) -> list[Duplicate]:
        # substr counts characters (code points) from 1, like Python counts them from 0
        return [Duplicate(*row) for row in self.db.execute(
            'SELECT p.doc_id, p.duplicate_of, p.kind, p.similarity, p.start, p."end", p.of_start, p.of_end, '
            'substr(a.text, p.start + 1, p."end" - p.start), substr(b.text, p.of_start + 1, p.of_end - p.of_start) '
            "FROM duplicates p JOIN documents a ON a.id = p.doc_id JOIN documents b ON b.id = p.duplicate_of "
            "ORDER BY p.doc_id, p.kind, p.start, p.duplicate_of")]

    def outlets(self) -> dict[str, str | None]:
        return dict(self.db.execute("SELECT id, outlet FROM documents ORDER BY id").fetchall())

    def unstoried(self) -> list[StoryInput]:
        rows = self._pending("story_documents")
        counts: dict[str, list[tuple[str, int]]] = {}
        for batch in chunks([doc_id for doc_id, _, _ in rows]):
            for doc_id, entity_id, n in self.db.execute(
                    "SELECT l.doc_id, l.entity_id, count(*) FROM local_entities l JOIN mentions m "
                    "ON m.doc_id = l.doc_id AND m.entity_key = l.key WHERE l.entity_id IS NOT NULL AND l.doc_id IN "
                    f"({_marks(len(batch))}) GROUP BY l.doc_id, l.entity_id ORDER BY l.doc_id, l.entity_id", batch):
                counts.setdefault(doc_id, []).append((entity_id, n))
        return [StoryInput(doc_id, text, published, tuple(counts.get(doc_id, ()))) for doc_id, text, published in rows]

    def _pending(self, table: str) -> list[tuple[str, str, str | None]]:
        """(id, text, published) of the documents `table` has no row for, in the order they were stored."""
        # The id index alone answers which ones (texts are not read for the documents already done).
        ids = self.db.execute(
            f"SELECT d.id, d.rowid FROM documents d INDEXED BY sqlite_autoindex_documents_1 WHERE NOT EXISTS "
            f"(SELECT 1 FROM {table} t WHERE t.doc_id = d.id)").fetchall()
        rows = []
        for batch in chunks([doc_id for doc_id, _ in sorted(ids, key=lambda r: r[1])]):
            found = {r[0]: r for r in self.db.execute(
                f"SELECT id, text, published FROM documents WHERE id IN ({_marks(len(batch))})", batch)}
            rows += [found[doc_id] for doc_id in batch]
        return rows

    def feature_counts(self, features: Sequence[str]) -> tuple[int, dict[str, int]]:
        total = self.db.execute("SELECT count(*) FROM story_documents").fetchone()[0]
        df: dict[str, int] = {}
        for batch in chunks(features):
            # document frequencies are kept by triggers on doc_features: a key lookup, not a count
            df.update(self.db.execute(f"SELECT feature, df FROM feature_df WHERE df > 0 AND feature IN "
                                      f"({_marks(len(batch))})", batch).fetchall())
        return total, df

    def story_candidates(self, features: Sequence[str], limit: int) -> list[str]:
        return [r[0] for r in self.db.execute(
            f"SELECT story_id FROM story_features WHERE feature IN ({_marks(len(features))}) "
            "GROUP BY story_id ORDER BY count(*) DESC, sum(weight) DESC LIMIT ?", [*features, limit])]

    def story_summaries(self, ids: Sequence[str]) -> list[StorySummary]:
        features: dict[str, list[tuple[str, float]]] = {}
        heads = []
        for batch in chunks(ids):
            heads += self.db.execute(
                f"SELECT id, size, first, last FROM stories WHERE id IN ({_marks(len(batch))})", batch).fetchall()
            for story_id, feature, weight in self.db.execute(
                    f"SELECT story_id, feature, weight FROM story_features WHERE story_id IN ({_marks(len(batch))}) "
                    "ORDER BY story_id, feature", batch):
                features.setdefault(story_id, []).append((feature, weight))
        order = {sid: i for i, sid in enumerate(ids)}
        return sorted((StorySummary(i, n, f, la, tuple(features.get(i, ()))) for i, n, f, la in heads),
                      key=lambda s: order[s.id])

    def entity_names(self, ids: Sequence[str]) -> dict[str, str]:
        names: dict[str, str] = {}
        for batch in chunks(ids):
            names.update(self.db.execute(
                f"SELECT id, name FROM entities WHERE id IN ({_marks(len(batch))})", batch).fetchall())
        return names

    def new_story_id(self) -> str:
        # Stories are never deleted (an emptied one stays, size 0), so an id is never given twice.
        n = self.db.execute("SELECT max(CAST(substr(id, 2) AS INTEGER)) FROM stories").fetchone()[0]
        return f"s{(n or 0) + 1}"

    def join_story(self, doc_id: str, story_id: str, label: str, score: float,
                   features: Sequence[tuple[str, float]]) -> None:
        with self._transaction():
            self.db.execute("INSERT INTO stories (id, label) VALUES (?, ?) "
                            "ON CONFLICT(id) DO UPDATE SET label = excluded.label", (story_id, label))
            self.db.execute("INSERT INTO story_documents (doc_id, story_id, score) VALUES (?,?,?)",
                            (doc_id, story_id, score))
            self.db.executemany("INSERT INTO doc_features (doc_id, feature, weight) VALUES (?,?,?)",
                                [(doc_id, f, w) for f, w in features])
            self.db.executemany(
                "INSERT INTO story_features (story_id, feature, weight) VALUES (?,?,?) "
                "ON CONFLICT(story_id, feature) DO UPDATE SET weight = weight + excluded.weight",
                [(story_id, f, w) for f, w in features])
            published = self.db.execute("SELECT published FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
            self.db.execute(
                "UPDATE stories SET size = size + 1, first = min(coalesce(first, ?1), coalesce(?1, first)), "
                "last = max(coalesce(last, ?1), coalesce(?1, last)) WHERE id = ?2", (published, story_id))

    def repair_stories(self) -> list[str]:
        stale = [r[0] for r in self.db.execute("SELECT id FROM stories WHERE stale = 1 ORDER BY id")]
        with self._transaction():
            for story_id in stale:  # a member was replaced or deleted: sum the members that are left
                self.db.execute("DELETE FROM story_features WHERE story_id = ?", (story_id,))
                self.db.execute(
                    "INSERT INTO story_features (story_id, feature, weight) SELECT s.story_id, f.feature, "
                    "sum(f.weight) FROM story_documents s JOIN doc_features f ON f.doc_id = s.doc_id "
                    "WHERE s.story_id = ? GROUP BY f.feature", (story_id,))
                self.db.execute(
                    "UPDATE stories SET stale = 0, size = (SELECT count(*) FROM story_documents WHERE story_id = ?1),"
                    " first = (SELECT min(d.published) FROM story_documents s JOIN documents d ON d.id = s.doc_id "
                    "WHERE s.story_id = ?1), last = (SELECT max(d.published) FROM story_documents s "
                    "JOIN documents d ON d.id = s.doc_id WHERE s.story_id = ?1) WHERE id = ?1", (story_id,))
        return stale

    def label_stories(self, labels: dict[str, str]) -> None:
        with self._transaction():
            self.db.executemany("UPDATE stories SET label = ? WHERE id = ?", [(v, k) for k, v in labels.items()])

    def stories(self) -> list[Story]:
        members: dict[str, list[str]] = {}
        for story_id, doc_id in self.db.execute("SELECT story_id, doc_id FROM story_documents ORDER BY rowid"):
            members.setdefault(story_id, []).append(doc_id)
        return [Story(i, label, tuple(members[i]), first, last) for i, label, first, last in self.db.execute(
            "SELECT id, label, first, last FROM stories WHERE size > 0 ORDER BY CAST(substr(id, 2) AS INTEGER)")
            if i in members]

    def entity_candidates(self, kb_keys: Sequence[str], keys: Sequence[tuple[str, str]]) -> list[Entity]:
        if not self.db.execute("SELECT EXISTS (SELECT 1 FROM entity_keys)").fetchone()[0]:
            # a knowledge base linked before the lookup index existed: index it once
            with self._transaction():
                self.index_entities(self._load_entities("SELECT {} FROM entities", []))
        ids: set[str] = set()
        for batch in chunks(kb_keys):
            ids.update(r[0] for r in self.db.execute(
                f"SELECT id FROM entities WHERE kb_key IN ({_marks(len(batch))})", batch))
        by_group: dict[str, list[str]] = {}
        for grp, key in keys:
            by_group.setdefault(grp, []).append(key)
        for grp, group_keys in sorted(by_group.items()):
            for batch in chunks(group_keys):
                ids.update(r[0] for r in self.db.execute(
                    f"SELECT entity_id FROM entity_keys WHERE grp = ? AND key IN ({_marks(len(batch))})",
                    [grp, *batch]))
        found: list[Entity] = []
        for batch in chunks(sorted(ids)):
            found += self._load_entities(f"SELECT {{}} FROM entities WHERE id IN ({_marks(len(batch))})", batch)
        return sorted(found, key=lambda e: int(e.id[1:]) if e.id[1:].isdigit() else 0)

    def next_entity_number(self) -> int:
        n = self.db.execute("SELECT max(CAST(substr(id, 2) AS INTEGER)) FROM entities").fetchone()[0]
        return int(n or 0) + 1

    def index_entities(self, entities: Sequence[Entity]) -> None:
        """Write the lookup keys of new or changed entities (inside the caller's transaction)."""
        self.db.executemany("DELETE FROM entity_keys WHERE entity_id = ?", [(e.id,) for e in entities])
        self.db.executemany("INSERT OR IGNORE INTO entity_keys (grp, key, entity_id) VALUES (?,?,?)",
                            [(grp, key, e.id) for e in entities for grp, key in lookup_keys(e)])

    def _load_entities(self, query: str, args: list[str]) -> list[Entity]:
        return [Entity(i, n, t, k, w, tuple(json.loads(a))) for i, n, t, k, w, a in self.db.execute(
            query.format("id, name, type, kb_key, wikidata, aliases"), args)]

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        # The connection runs in autocommit mode: one explicit transaction per call, all or nothing.
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")
