"""Helpers for tests that need a real knowledge base built from articles they write."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from recoupe import export, pipeline
from recoupe.store import Store, open_store


def ingest_into(store: Store, folder: Path, *articles: dict[str, Any], settings: pipeline.Settings | None = None
                ) -> None:
    """Run the whole pipeline on JSONL articles (a new batch file in `folder` each call); none may be rejected."""
    path = folder / f"batch-{len(list(folder.glob('batch-*.jsonl')))}.jsonl"
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    report = pipeline.ingest([str(path)], store, settings or pipeline.Settings())
    assert report.ok, report.rejected


def ingest_articles(folder: Path, articles: list[dict[str, Any]]) -> Path:
    """A real knowledge base (kb.db in `folder`) built by the whole pipeline from JSONL articles."""
    store = open_store(folder / "kb.db")
    ingest_into(store, folder, *articles)
    store.close()
    return folder / "kb.db"


def valid_export(db: Path) -> dict[str, Any]:
    """The export of a knowledge base, checked against the contract."""
    store = open_store(db)
    data = export.build(store)
    store.close()
    assert export.validate(data) == []
    return data


def span(doc: dict[str, Any], words: str, after: int = 0) -> dict[str, Any]:
    """An export span (doc, start, end, text) of the first `words` in an exported document at or after `after`."""
    start = doc["text"].index(words, after)
    return {"doc": doc["id"], "start": start, "end": start + len(words), "text": words}
