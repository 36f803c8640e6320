"""The pipeline in one place: document stages per article, then corpus stages over the store."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import chain
from pathlib import Path
from typing import TextIO

from recoupe import duplicates, language, merge, nlp, stories
from recoupe import kb as kb_module
from recoupe.clean import clean, content_hash
from recoupe.entities import find_entities
from recoupe.events import find_events
from recoupe.figures import find_figures
from recoupe.ingest import read_sources
from recoupe.link import Linker, wanted_keys
from recoupe.quotes import find_quotes
from recoupe.records import Analysis, Document, RawDocument, Rejected, RunReport, StoredEventMention
from recoupe.roles import find_roles
from recoupe.store import Store
from recoupe.times import find_times

# The whole flow, in order. Document stages are pure functions of one document (plus the read-only
# knowledge base); corpus stages read and write the store and only touch what new documents change.
DOCUMENT_STAGES = ("ingest", "clean", "language", "nlp", "entities", "roles", "times", "quotes", "figures",
                   "events")
# Corpus stages run in this order after every ingest; each is a `CorpusStage` in CORPUS_FUNCTIONS (below).
CORPUS_STAGES = ("link_entities", "duplicates", "stories", "merge_events")


@dataclass(frozen=True, slots=True)
class Settings:
    """How a run analyses documents (see docs/settings.md; `recoupe run --help`)."""

    kb_files: tuple[str, ...] = ()  # extra knowledge-base YAML files layered over the bundled one
    batch_size: int = 16  # spaCy nlp.pipe batch size: 4-16 perform alike, 64 doubles memory
    n_process: int = 1  # spaCy worker processes
    demonym_mentions: bool = False  # export "nord-coréens" as a mention of North Korea
    today: date | None = None  # the latest date a year-less date may fall on (default: the real today)


def prepare(raw: RawDocument) -> Document | Rejected:
    """Clean and language stages: a document ready for the model, or why it cannot be one."""
    try:
        doc = clean(raw)
    except Exception as exc:  # a bug in a rule must not stop the batch: record it and go on
        return Rejected(raw.source, None, "clean", f"cleaning failed ({type(exc).__name__}: {exc}); please report it")
    if not doc.text.strip():
        return Rejected(raw.source, None, "clean",
                        "nothing is left after removing boilerplate; check that the file holds an article")
    lang = language.detect(doc.text)
    return replace(doc, language=lang, skipped=language.skip_reason(lang))


def analyse(docs: Iterable[Document], settings: Settings) -> Iterator[Analysis]:
    """The model and entity stages over prepared documents, batched through spaCy, in order."""
    pending = iter(docs)
    first = next(pending, None)
    if first is None:  # nothing new: do not pay for loading the model
        return
    kb = kb_module.load(settings.kb_files)
    pairs = ((("" if d.skipped else d.text), d) for d in chain([first], pending))  # skipped: an empty parse
    for sdoc, doc in nlp.load().pipe(pairs, as_tuples=True, batch_size=settings.batch_size,
                                     n_process=settings.n_process):
        if doc.skipped:
            yield Analysis(doc)
            continue
        entities = find_entities(doc, sdoc, kb, demonyms=settings.demonym_mentions)
        roles = find_roles(doc, sdoc, entities, kb)
        times, anchor = find_times(doc, sdoc, today=settings.today)
        if doc.published is None and anchor is not None:
            doc = replace(doc, published=anchor, published_inferred=True)
        quotes = find_quotes(doc, sdoc, entities, roles, kb)
        yield Analysis(doc, entities, quotes, roles, find_figures(doc, sdoc, entities, quotes), times,
                       find_events(doc, sdoc, entities, quotes, times, roles, kb))


def ingest(sources: Sequence[str | Path], store: Store, settings: Settings, *, stdin: TextIO | None = None,
           progress: Callable[[int], None] | None = None) -> RunReport:
    """Read, analyse and store every article under the sources; run the corpus stages; report what happened."""
    report = RunReport()
    started = time.perf_counter()
    seen: dict[str, tuple[str, str]] = {}  # id -> (content hash, source) in this run

    def ready() -> Iterator[Document]:
        for item in read_sources(sources, stdin):
            if isinstance(item, Rejected):
                _reject(store, report, item)
                continue
            digest = content_hash(item)
            if item.id in seen:
                if seen[item.id][0] != digest:
                    _reject(store, report, Rejected(item.source, None, "ingest",
                            f"id {item.id!r} was already used in this run by {seen[item.id][1]!r}; "
                            "give each article a unique id (file name or JSONL 'id')"))
                continue
            seen[item.id] = (digest, item.source)
            if store.content_hash(item.id) == digest:
                report.unchanged.append(item.id)
                continue
            prepared = prepare(item)
            if isinstance(prepared, Rejected):
                _reject(store, report, prepared)
                continue
            yield prepared

    for analysis in analyse(ready(), settings):
        doc = analysis.document
        try:
            replaced = store.save(analysis)
        except Exception as exc:
            _reject(store, report, Rejected(doc.source, None, "store", f"could not store {doc.id!r}: {exc}"))
            continue
        (report.replaced if replaced else report.ingested).append(doc.id)
        if doc.skipped:
            report.skipped.append((doc.id, doc.skipped))
        report.words += len(doc.text.split())
        if progress:
            progress(len(report.ingested) + len(report.replaced))
    run_corpus_stages(store, settings)
    report.seconds = time.perf_counter() - started
    return report


def _reject(store: Store, report: RunReport, rejected: Rejected) -> None:
    store.reject(rejected)
    report.rejected.append(rejected)


def link_entities(store: Store, settings: Settings) -> int:
    """Corpus stage: link local entities not yet linked; drop canonical entities nothing mentions."""
    unlinked = store.unlinked()
    if not unlinked:
        store.prune()
        return 0
    # Only the entities this batch can link to are loaded: the cost follows the batch, not the corpus.
    kb_keys = sorted({local.kb_key for _, local in unlinked if local.kb_key})
    keys = sorted({k for _, local in unlinked if not local.kb_key for k in wanted_keys(local)})
    linker = Linker(store.entity_candidates(kb_keys, keys), kb_module.load(settings.kb_files),
                    store.next_entity_number())
    assignments = [(doc_id, local.key, linker.assign(local).id) for doc_id, local in unlinked]
    store.link(list(linker.changed.values()), assignments)
    store.prune()
    return len(assignments)


def find_duplicates(store: Store, settings: Settings) -> int:
    """Corpus stage: sign new documents (MinHash + LSH bands) and record their near-duplicates."""
    return duplicates.update(store)


def assign_stories(store: Store, settings: Settings) -> int:
    """Corpus stage: put each new document in the closest story or a new one; repair stories that lost one."""
    return stories.update(store)


def merge_events(store: Store, settings: Settings) -> int:
    """Corpus stage: merge new event mentions into canonical events (docs/events.md); prune empty events."""
    pending = store.unmerged_event_mentions()
    ids = store.local_entity_ids(sorted({doc for doc, _, _ in pending}))
    by_kb = store.entity_ids_by_kb(sorted({k[3:] for _, _, m in pending for k in (*m.actor_keys, *m.target_keys)
                                           if k.startswith("kb:")}))

    def canonical(doc: str, keys: tuple[str, ...]) -> tuple[str, ...]:
        found = (ids.get((doc, k)) or (by_kb.get(k[3:]) if k.startswith("kb:") else None) for k in keys)
        return tuple(dict.fromkeys(x for x in found if x))

    published = store.published_dates(sorted({doc for doc, _, _ in pending}))
    stored = []
    for doc, seq, m in pending:
        actors = canonical(doc, m.actor_keys)
        targets = tuple(t for t in canonical(doc, m.target_keys) if t not in actors)
        stored.append(StoredEventMention(doc, seq, m.type, m.mode, actors, targets, m.date,
                                         (published.get(doc) or "")[:10] or None))
    candidates = store.event_candidates(sorted({m.type for m in stored}),
                                        sorted({x for m in stored for x in (*m.actors, *m.targets)}))
    changed, assignments = merge.merge(stored, candidates, store.new_event_number())
    store.merge_events(changed, assignments)
    return len(assignments)


# Every corpus stage has this signature and returns how many documents it processed; it only does the
# work that documents stored since its last run create (its own tables say which those are).
CorpusStage = Callable[[Store, Settings], int]
CORPUS_FUNCTIONS: dict[str, CorpusStage] = {
    "link_entities": link_entities,
    "duplicates": find_duplicates,
    "stories": assign_stories,
    "merge_events": merge_events,
}


def run_corpus_stages(store: Store, settings: Settings) -> dict[str, int]:
    """Run CORPUS_STAGES in order; stage name -> how many documents it processed."""
    return {name: CORPUS_FUNCTIONS[name](store, settings) for name in CORPUS_STAGES}
