"""The knowledge-base store: a small protocol, one implementation per engine (SQLite now)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from recoupe.records import (
    Analysis,
    CanonicalEvent,
    Document,
    Duplicate,
    Entity,
    EventMention,
    Figure,
    LocalEntity,
    Mention,
    Quote,
    Rejected,
    RoleClaim,
    Signature,
    Story,
    StoryInput,
    StorySummary,
    Time,
)
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

    def entity_candidates(self, kb_keys: Sequence[str], keys: Sequence[tuple[str, str]]) -> list[Entity]:
        """The canonical entities with one of these kb keys or lookup keys (link.lookup_keys), by id number."""

    def next_entity_number(self) -> int:
        """The number after the highest canonical entity id stored."""

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

    # The events stages (recoupe.events, recoupe.merge)
    def event_mentions(self) -> Iterator[tuple[str, EventMention, str | None]]:
        """Every event mention with its document id and canonical event id (None before merging)."""

    def unmerged_event_mentions(self) -> list[tuple[str, int, EventMention]]:
        """(doc id, seq, mention) of every mention not yet merged into a canonical event."""

    def event_candidates(self, types: Sequence[str], entity_ids: Sequence[str]) -> list[CanonicalEvent]:
        """Canonical events of these types that involve at least one of these entities (an indexed lookup)."""

    def canonical_events(self) -> list[CanonicalEvent]:
        """Every canonical event, by id number."""

    def new_event_number(self) -> int:
        """The number after the highest canonical event id ever stored."""

    def merge_events(self, changed: Sequence[CanonicalEvent], assignments: Sequence[tuple[str, int, str]]) -> None:
        """Write new or grown canonical events and (doc id, seq, event id) assignments; prune orphans."""

    def local_entity_ids(self, doc_ids: Sequence[str]) -> dict[tuple[str, str], str]:
        """(doc id, local key) -> canonical entity id, for the local entities of these documents."""

    def entity_ids_by_kb(self, kb_keys: Sequence[str]) -> dict[str, str]:
        """Knowledge-base key -> canonical entity id, for the keys some document names."""

    def published_dates(self, doc_ids: Sequence[str]) -> dict[str, str | None]:
        """Doc id -> publication date (ISO, metadata or inferred), for these documents."""

    # The duplicate stage (recoupe.duplicates)
    def unsigned(self) -> list[tuple[str, str]]:
        """(doc id, cleaned text) of every document without a MinHash signature, in the order they were stored."""

    def signature_candidates(self, keys: Sequence[int]) -> list[Signature]:
        """Stored signatures that share at least one LSH band key with `keys` (without their bands)."""

    def add_signatures(self, doc_id: str, signatures: list[Signature], duplicates: list[Duplicate]) -> None:
        """Store a document's signatures, their band keys and the duplicates found, in one transaction."""

    def duplicates(self) -> list[Duplicate]:
        """Every near-duplicate pair, with the text of passage spans."""

    def outlets(self) -> dict[str, str | None]:
        """Doc id -> outlet (None when unknown), for every document."""

    # The story stage (recoupe.stories)
    def unstoried(self) -> list[StoryInput]:
        """Every document in no story yet, in the order they were stored, with its canonical entities."""

    def feature_counts(self, features: Sequence[str]) -> tuple[int, dict[str, int]]:
        """(documents in stories, feature -> how many of them have it) for story features."""

    def story_candidates(self, features: Sequence[str], limit: int) -> list[str]:
        """Ids of the stories that share most of `features`, at most `limit` (an indexed lookup)."""

    def story_summaries(self, ids: Sequence[str]) -> list[StorySummary]:
        """The persisted summaries of these stories, in the order asked."""

    def entity_names(self, ids: Sequence[str]) -> dict[str, str]:
        """Canonical entity id -> name."""

    def new_story_id(self) -> str:
        """A story id never given before ("s1", "s2", ...)."""

    def join_story(self, doc_id: str, story_id: str, label: str, score: float,
                   features: Sequence[tuple[str, float]]) -> None:
        """Put a document in a story (created if new) and add its features to the story's summary."""

    def repair_stories(self) -> list[str]:
        """Rebuild the summaries of stories that lost a document (replaced or deleted); return their ids."""

    def label_stories(self, labels: dict[str, str]) -> None:
        """Set story labels."""

    def stories(self) -> list[Story]:
        """Every story with documents, by id, its documents in the order they joined."""

    def reset_corpus(self) -> None:
        """Forget what the corpus stages derived (links, duplicates, stories, ...): the next run redoes it all."""

    def stats(self) -> dict[str, int]:
        """Row counts: documents, entities, mentions, rejections, ..."""

    def close(self) -> None:
        """Release the connection."""


def open_store(path: str | Path) -> Store:
    """The store at `path` (an SQLite file, created and migrated as needed)."""
    from recoupe.store.sqlite import SQLiteStore

    return SQLiteStore(path)
