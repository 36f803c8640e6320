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
class Quote:
    """Words a speaker said: the quoted words (without quotation marks) and who said them."""

    start: int
    end: int
    text: str
    direct: bool  # False for reported speech without quotation marks ("X a déclaré que ...")
    speaker_key: str | None = None  # LocalEntity.key of the speaker; None when no speaker can be found
    speaker_start: int | None = None  # the words that name the speaker ("elle" in "a-t-elle ajouté")
    speaker_end: int | None = None
    speaker_text: str | None = None


@dataclass(frozen=True, slots=True)
class RoleClaim:
    """A text calls a person by a role: "le ministre japonais des Affaires étrangères Yoshimasa Hayashi"."""

    start: int  # the span that states the role (role words and name)
    end: int
    text: str
    person_key: str  # LocalEntity.key of the person
    role: str  # normalised role words, lowercase: "ministre des affaires étrangères"
    of_key: str | None = None  # LocalEntity.key of the country or organisation ("kb:ID" for a KB entry)


@dataclass(frozen=True, slots=True)
class Figure:
    """A counted quantity: "entre 10 000 et 12 000 soldats" -> low 10000, high 12000, unit "soldats"."""

    start: int
    end: int
    text: str
    low: float | None
    high: float | None  # equal to low for an exact figure; None when open ("au moins 3.000")
    unit: str | None  # what is counted, as written
    qualifier: str  # exact | between | at-least | at-most | about | more-than | less-than
    source_key: str | None = None  # LocalEntity.key of who gives the figure, when the text says


@dataclass(frozen=True, slots=True)
class Time:
    """A temporal expression normalised to a TIMEX3 value ("jeudi 24 octobre" -> "2024-10-24")."""

    start: int
    end: int
    text: str
    value: str | None  # ISO 8601 / TIMEX3 value, None when it cannot be resolved
    type: str  # DATE | TIME | DURATION | SET


@dataclass(frozen=True, slots=True)
class EventMention:
    """One document's mention of an event: PLOVER type, who did it to whom, when, and how it is reported."""

    start: int  # the sentence that states the event
    end: int
    text: str
    trigger_start: int  # the word that names the event ("signé", "invasion")
    trigger_end: int
    trigger: str
    type: str  # PLOVER top-level type (shared/spec/events.md)
    mode: str | None
    actor_keys: tuple[str, ...]  # LocalEntity keys, or "kb:ID" for a state an official or demonym stands for
    target_keys: tuple[str, ...] = ()
    location_key: str | None = None
    date: str | None = None  # the clause's own time expression (ISO), None when it has none
    modality: str = "asserted"  # asserted | hedged | denied | planned
    reporter_key: str | None = None  # who reports it, when it sits inside a quote


@dataclass(frozen=True, slots=True)
class StoredEventMention:
    """An event mention as the merge stage reads it: where it is, and its participants as canonical entity ids."""

    doc_id: str
    seq: int
    type: str
    mode: str | None
    actors: tuple[str, ...]
    targets: tuple[str, ...]
    date: str | None
    published: str | None = None  # the document's publication date


@dataclass(frozen=True, slots=True)
class CanonicalEvent:
    """One real event, merged across the mentions of every document that reports it."""

    id: str  # "v1", "v2", ...
    type: str
    mode: str | None
    actors: tuple[str, ...]  # canonical entity ids
    targets: tuple[str, ...]
    date: str | None  # the most precise date its mentions' clauses give
    first: str | None = None  # the earliest and latest publication dates of the documents reporting it
    last: str | None = None


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the document stages found in one document."""

    document: Document
    entities: tuple[LocalEntity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    roles: tuple[RoleClaim, ...] = ()
    figures: tuple[Figure, ...] = ()
    times: tuple[Time, ...] = ()
    events: tuple[EventMention, ...] = ()


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


@dataclass(frozen=True, slots=True)
class Signature:
    """A MinHash signature of a whole document (seq 0) or of one of its passages (seq 1, 2, ...)."""

    doc_id: str
    seq: int
    start: int  # the span it covers in the cleaned text (the whole text for seq 0)
    end: int
    hashvalues: bytes  # the MinHash values, uint32 little-endian; empty when the span has no words
    bands: tuple[int, ...] = ()  # LSH band keys: two signatures that share one are compared


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A document, or a passage of it, that repeats one stored earlier: syndication, copy, shared dispatch."""

    doc: str
    duplicate_of: str  # the document stored first
    kind: str  # document | passage
    similarity: float  # estimated Jaccard similarity of the word 5-grams, 0..1
    start: int | None = None  # passages: the span in `doc` and the span it repeats in `duplicate_of`
    end: int | None = None
    of_start: int | None = None
    of_end: int | None = None
    text: str | None = None  # filled when read back from the store
    of_text: str | None = None


@dataclass(frozen=True, slots=True)
class StoryInput:
    """What story assignment reads of one document: its words, date and canonical entities."""

    doc_id: str
    text: str
    published: str | None
    entities: tuple[tuple[str, int], ...]  # (canonical entity id, number of mentions)


@dataclass(frozen=True, slots=True)
class StorySummary:
    """What the next assignment compares a document with: a story's size, dates and summed features."""

    id: str
    size: int
    first: str | None
    last: str | None
    features: tuple[tuple[str, float], ...]  # ("e:e12" entity or "w:soldat" word, weight summed over documents)


@dataclass(frozen=True, slots=True)
class Story:
    """A story cluster as exported: a readable label and its documents in the order they joined."""

    id: str
    label: str
    documents: tuple[str, ...]
    first: str | None = None  # earliest and latest publication date of its documents
    last: str | None = None
