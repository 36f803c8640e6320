"""The knowledge-base store: a small protocol, one implementation per engine (SQLite now)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from recoupe.records import Analysis, Document, Entity, Figure, LocalEntity, Mention, Quote, Rejected, RoleClaim, Time
from recoupe.store.search import Hit

# The per-document records stored beside the entities, each in a table of its own.
Record = TypeVar("Record", Quote, RoleClaim, Figure, Time)


@dataclass(frozen=True, slots=True)
class EntityMention:
    """A mention as stored: the canonical entity it names, in which document."""

    entity_id: str
    doc_id: str
    mention: Mention


class Store(Protocol):
    """What the pipeline, the exports and the interfaces need from a store."""

    def content_hash(self, doc_id: str) -> str | None:
        """The content hash of the stored version of a document, or None if it is not stored."""

    def save(self, analysis: Analysis) -> bool:
        """Store one analysed document in one transaction, replacing an older version; True if replaced."""

    def reject(self, rejected: Rejected) -> None:
        """Record an input that could not be stored, and why."""

    def unlinked(self) -> list[tuple[str, LocalEntity]]:
        """Local entities not yet linked to a canonical entity, with their document id."""

    def entities(self) -> list[Entity]:
        """Every canonical entity."""

    def link(self, changed: list[Entity], assignments: list[tuple[str, str, str]]) -> None:
        """Write new or changed canonical entities and (doc id, local key, entity id) assignments."""

    def prune(self) -> int:
        """Delete canonical entities no document mentions any more; return how many."""

    def documents(self) -> Iterator[Document]:
        """Every stored document, by id."""

    def mentions(self) -> Iterator[EntityMention]:
        """Every mention of a linked entity, by document and offset."""

    def records(self, kind: type[Record]) -> Iterator[tuple[str, Record]]:
        """Every stored record of one kind (Quote, RoleClaim, Figure, Time) with its document id."""

    def entity_ids(self) -> dict[tuple[str, str], str]:
        """(document id, local entity key) -> canonical entity id, for every linked local entity."""

    def rejections(self) -> list[Rejected]:
        """Every recorded rejection, oldest first."""

    def search(self, text: str, *, kind: str | None = None, limit: int = 20,
               offset: int = 0) -> tuple[list[Hit], int]:
        """Full-text hits for the words in `text` (documents, entity names, quotes), best first, and their total."""

    def stats(self) -> dict[str, int]:
        """Row counts: documents, entities, mentions, rejections, ..."""

    def close(self) -> None:
        """Release the connection."""


def open_store(path: str | Path) -> Store:
    """The store at `path` (an SQLite file, created and migrated as needed)."""
    from recoupe.store.sqlite import SQLiteStore

    return SQLiteStore(path)
