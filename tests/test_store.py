"""The SQLite store: migrations, replacing a document cleanly, transactions that lose nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from recoupe.errors import StoreError
from recoupe.records import Analysis, Document, Entity, LocalEntity, Mention, Rejected, Removal
from recoupe.store import Store, open_store
from recoupe.store.sqlite import MIGRATIONS, SQLiteStore


def _analysis(doc_id: str, text: str, version: str = "v1") -> Analysis:
    start = text.index("Lyon")
    doc = Document(id=doc_id, source=f"{doc_id}.txt", text=text, title=text.split("\n")[0], content_hash=version,
                   removed=(Removal("MondeFrance", "boilerplate", "breadcrumb"),), language="fr")
    lyon = LocalEntity("loc:lyon", "Lyon", "LOC", (Mention(start, start + 4, "Lyon", "LOC"),))
    return Analysis(doc, (lyon,))


def test_migrations_are_applied_once_and_recorded(tmp_path: Path) -> None:
    s = SQLiteStore(tmp_path / "kb.db")
    assert s.migrations() == [name for name, _ in MIGRATIONS]
    s.close()
    again = SQLiteStore(tmp_path / "kb.db")
    assert again.migrations() == [name for name, _ in MIGRATIONS]
    again.close()


def test_save_then_replace_leaves_no_orphan_rows(store: Store) -> None:
    assert store.save(_analysis("a", "Titre\n\nIl pleut à Lyon.")) is False
    assert store.content_hash("a") == "v1"
    assert store.save(_analysis("a", "Titre\n\nIl neige à Lyon ce matin.", "v2")) is True
    counts = store.stats()
    assert (counts["documents"], counts["removals"], counts["local_entities"], counts["mentions"]) == (1, 1, 1, 1)
    assert next(store.documents()).text.endswith("ce matin.")


def test_link_and_prune(store: Store) -> None:
    store.save(_analysis("a", "Il pleut à Lyon."))
    (doc_id, local), = store.unlinked()
    store.link([Entity("e1", "Lyon", "LOC", aliases=("Lyon",))], [(doc_id, local.key, "e1")])
    assert store.unlinked() == []
    assert [m.entity_id for m in store.mentions()] == ["e1"]
    store.save(_analysis("a", "Il vente à Lyon.", "v2"))  # replaced: its links are gone with it
    assert store.prune() == 1
    assert store.entities() == []


def test_a_failed_save_rolls_back_and_keeps_the_old_version(store: Store) -> None:
    store.save(_analysis("a", "Il pleut à Lyon."))
    bad = _analysis("a", "Il neige à Lyon.", "v2")
    twice = LocalEntity("loc:lyon", "Lyon", "LOC", bad.entities[0].mentions * 2)  # same span twice: PK violation
    with pytest.raises(sqlite3.IntegrityError):
        store.save(Analysis(bad.document, (twice,)))
    assert next(store.documents()).text == "Il pleut à Lyon."
    assert store.content_hash("a") == "v1"
    assert store.stats()["mentions"] == 1


def test_rejections_are_recorded_once(store: Store) -> None:
    r = Rejected("bad.txt", None, "ingest", "empty file")
    store.reject(r)
    store.reject(r)
    store.reject(Rejected("bad.jsonl", 3, "ingest", "bad JSON"))
    assert store.rejections() == [r, Rejected("bad.jsonl", 3, "ingest", "bad JSON")]


def test_a_file_that_is_not_a_database_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database " * 50)
    with pytest.raises(StoreError, match="--db"):
        open_store(path)
