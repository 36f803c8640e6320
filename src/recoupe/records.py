"""The typed, immutable records that travel between stages.

Every record that comes from text carries character offsets into the *cleaned* text of its
document (``Document.text``), end exclusive: ``doc.text[start:end] == record.text`` always.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Entity types of the export contract (shared/spec/export.md).
ENTITY_TYPES = ("PER", "ORG", "GPE", "LOC", "EVT", "MISC")
# Why cleaning removed a piece of text (export contract).
REMOVAL_REASONS = ("boilerplate", "repeated-paragraph", "repeated-title", "caption", "other")


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One article as ingested, before cleaning."""

    id: str
    source: str  # path, URL, or "stdin:LINE"
    text: str
    title: str | None = None
    heading: str | None = None
    published: str | None = None  # ISO 8601 date from metadata
    outlet: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input that could not become a document, and why: never a silent drop."""

    source: str
    line: int | None
    stage: str  # ingest | clean | language | nlp | store
    reason: str  # what is wrong and how to fix it

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: [{self.stage}] {self.reason}"


@dataclass(frozen=True, slots=True)
class Removal:
    """A piece of the raw text that cleaning dropped, with the rule that dropped it."""

    text: str
    reason: str  # one of REMOVAL_REASONS
    rule: str  # the rule that fired, e.g. "breadcrumb", "author-bio"


@dataclass(frozen=True, slots=True)
class Document:
    """A cleaned article: the text every offset points into."""

    id: str
    source: str
    text: str
    title: str | None
    content_hash: str  # hash of the raw input: re-ingesting identical content is a no-op
    removed: tuple[Removal, ...] = ()
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    published_inferred: bool = False
    language: str | None = None
    skipped: str | None = None  # why the French extractors did not run, when they did not


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text that names an entity."""

    start: int
    end: int
    text: str
    label: str  # PER | ORG | GPE | LOC | EVT | MISC
    kind: str = "name"  # name | alias | metonym | surname


@dataclass(frozen=True, slots=True)
class LocalEntity:
    """One real thing as one document names it: its mentions grouped within the document."""

    key: str  # stable within the document, e.g. "kb:russia" or "per:vladimir poutine"
    name: str
    label: str
    mentions: tuple[Mention, ...]
    kb_key: str | None = None  # id of the knowledge-base entry, when the entity is in it
    wikidata: str | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical entity, linked across documents."""

    id: str
    name: str
    type: str
    kb_key: str | None = None
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the document stages found in one document."""

    document: Document
    entities: tuple[LocalEntity, ...] = ()


@dataclass(slots=True)
class RunReport:
    """What one run did: counts and every input that failed."""

    ingested: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (doc id, reason)
    words: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.rejected
