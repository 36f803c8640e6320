"""Full-text search (FTS5, migration 0005-search): kept in step with saves, links, prunes and replacements."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from recoupe.records import Analysis, Document, Entity, LocalEntity, Mention, Quote
from recoupe.store import Store, open_store
from recoupe.store.search import fts_query
from recoupe.store.sqlite import MIGRATIONS


def _analysis(doc_id: str, text: str, version: str = "v1") -> Analysis:
    start = text.index("Poutine")
    doc = Document(id=doc_id, source=f"{doc_id}.txt", text=text, title="Sommet à Pyongyang", content_hash=version,
                   language="fr")
    person = LocalEntity("per:poutine", "Vladimir Poutine", "PER", (Mention(start, start + 7, "Poutine", "PER"),))
    q0 = text.index("«") + 2
    q1 = text.index("»") - 1
    quote = Quote(q0, q1, text[q0:q1], True, "per:poutine", start, start + 7, "Poutine")
    return Analysis(doc, (person,), (quote,))


def _found(store: Store, words: str, kind: str | None = None) -> list[tuple[str, str]]:
    hits, total = store.search(words, kind=kind, limit=50)
    assert total == len(hits)
    return [(h.kind, h.key) for h in hits]


def test_documents_quotes_and_entities_are_found_accents_optional(store: Store) -> None:
    store.save(_analysis("a", "Poutine a dit : « une coopération inébranlable » à Pyongyang."))
    (doc_id, local), = store.unlinked()
    store.link([Entity("e1", "Vladimir Poutine", "PER", aliases=("Vladimir Putin",))], [(doc_id, local.key, "e1")])
    assert sorted(_found(store, "inebranlable")) == [("document", "a"), ("quote", "a#0")]
    assert _found(store, "putin", kind="entity") == [("entity", "e1")]
    assert _found(store, "Pyongy") == [("document", "a")]  # the last word is a prefix; the title counts
    hits, _ = store.search("coopération")
    quote = next(h for h in hits if h.kind == "quote")
    assert (quote.doc, quote.title) == ("a", "Poutine")
    text = "Poutine a dit : « une coopération inébranlable » à Pyongyang."
    assert quote.start is not None and quote.end is not None
    assert text[quote.start:quote.end] == "une coopération inébranlable"
    assert ("coopération", True) in quote.snippet


def test_replacing_linking_and_pruning_keep_the_index_in_step(store: Store, tmp_path: Path) -> None:
    store.save(_analysis("a", "Poutine a dit : « une coopération inébranlable » à Pyongyang."))
    (doc_id, local), = store.unlinked()
    store.link([Entity("e1", "Vladimir Poutine", "PER")], [(doc_id, local.key, "e1")])
    store.link([Entity("e1", "Vladimir V. Poutine", "PER", aliases=("Poutine", "Putin"))], [])  # renamed
    assert _found(store, "putin") == [("entity", "e1")]
    store.save(_analysis("a", "Poutine a répété : « rien ne change » à Moscou.", "v2"))  # replaced
    assert _found(store, "inebranlable") == []
    assert sorted(_found(store, "change")) == [("document", "a"), ("quote", "a#0")]
    store.prune()  # the replaced document dropped its link: e1 is pruned, and so is its index row
    assert _found(store, "putin") == []
    with sqlite3.connect(tmp_path / "kb.db") as db:  # the conftest store's file
        assert db.execute("SELECT kind, key FROM search_rows ORDER BY kind").fetchall() == [
            ("document", "a"), ("quote", "a#0")]


@pytest.mark.parametrize("words", ['"', "AND (", "NEAR(a b", "*", "col:x", "'; DROP TABLE documents; --", ""])
def test_any_user_text_is_a_safe_query(store: Store, words: str) -> None:
    store.save(_analysis("a", "Poutine a dit : « une coopération inébranlable » à Pyongyang."))
    hits, total = store.search(words)
    assert total == len(hits)
    assert store.stats()["documents"] == 1


def test_fts_query_quotes_every_word_and_prefixes_the_last() -> None:
    assert fts_query('Corée "du" Nord') == '"Corée" "du" "Nord"*'
    assert fts_query("  ") == ""


def test_an_existing_store_is_backfilled_by_the_migration(tmp_path: Path) -> None:
    """A knowledge base made before 0005-search gets its documents, quotes and entities indexed."""
    path = tmp_path / "old.db"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT '')")
    for name, sql in MIGRATIONS:
        if name < "0005":
            db.executescript(sql)
            db.execute("INSERT INTO schema_migrations (name) VALUES (?)", (name,))
    db.execute("INSERT INTO documents (id, source, title, text, content_hash) VALUES "
               "('old', 'old.txt', 'Ancien', 'Un texte sur la mer de Chine orientale.', 'h')")
    db.execute("INSERT INTO quotes (doc_id, seq, start, \"end\", text, direct) VALUES ('old', 0, 3, 8, 'texte', 1)")
    db.execute("INSERT INTO entities (id, name, type, aliases) VALUES ('e9', 'Chine', 'GPE', '[\"RPC\"]')")
    db.close()
    store = open_store(path)
    try:
        assert "0005-search" in store.migrations()  # type: ignore[attr-defined]
        assert _found(store, "orientale") == [("document", "old")]
        assert _found(store, "rpc") == [("entity", "e9")]
        assert _found(store, "texte", kind="quote") == [("quote", "old#0")]
    finally:
        store.close()
