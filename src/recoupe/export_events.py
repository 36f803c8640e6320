"""The events, timeline and checks parts of the export, read from the store (docs/events.md, docs/checks.md)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from recoupe import checks as checks_module
from recoupe import duplicates
from recoupe.kb import KnowledgeBase
from recoupe.records import CanonicalEvent, Entity, EventMention, Figure, RoleClaim, Time
from recoupe.sentences import Sentence, sentences
from recoupe.store import Store

# An event's modality across its mentions: the most assertive report wins (a denial shows in its check).
_MODALITY_ORDER = ("asserted", "hedged", "planned", "denied")
_CALENDAR = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")  # a day, a month or a year: what a figure can be dated by

Resolve = Callable[[str, str | None], str | None]


def build(store: Store, kb: KnowledgeBase, entity: Resolve, docs: dict[str, dict[str, Any]],
          entities: Sequence[Entity]) -> dict[str, list[dict[str, Any]]]:
    """`events`, `timeline` and `checks` of the export; `entity(doc, local key)` gives canonical ids."""
    names = {e.id: e.name for e in entities}
    by_event: dict[str, list[tuple[str, EventMention, str | None]]] = defaultdict(list)
    for doc, m, event_id in store.event_mentions():
        if event_id:
            by_event[event_id].append((doc, m, entity(doc, m.reporter_key)))
    events = [(e, by_event[e.id]) for e in store.canonical_events() if by_event.get(e.id) and e.actors]

    def label(ids: Sequence[str]) -> str:
        return ", ".join(names.get(i, i) for i in ids)

    exported = [_event(e, mentions, entity, docs, label) for e, mentions in events]
    timeline = sorted(({"date": v["date"], "event": v["id"], "label": v["label"],
                        "documents": sorted({m["doc"] for m in v["mentions"]})}
                       for v in exported if v["date"]), key=lambda t: (t["date"], int(t["event"][1:])))
    evidence = checks_module.Evidence(
        events, _figure_facts(store, by_event, docs, entity), _role_facts(store, kb, entity, docs, entities),
        duplicates.source_groups(store), label)
    found = checks_module.find_checks(evidence)
    return {"events": exported, "timeline": timeline, "checks": [
        {"id": f"c{i}", "kind": c.kind, "subject": c.subject, "entities": list(c.entities), "status": c.status,
         "claims": [{"doc": k.doc, "start": k.start, "end": k.end, "text": k.text, "value": k.value,
                     "source": k.source} for k in c.claims],
         "explanation": c.explanation, "explanation_fr": c.explanation_fr,
         **({"series": [{"doc": e.doc, "start": e.figure.start, "end": e.figure.end, "text": e.figure.text,
                         "value": e.value, "qualifier": e.figure.qualifier, "date": e.date, "dated_by": e.dated_by,
                         "source": e.source} for e in c.series]} if c.kind == "figure" else {})}
        for i, c in enumerate(found, 1)]}


def _event(e: CanonicalEvent, mentions: list[tuple[str, EventMention, str | None]], entity: Resolve,
           docs: dict[str, dict[str, Any]], label: Callable[[Sequence[str]], str]) -> dict[str, Any]:
    modality = min((m.modality for _, m, _ in mentions), key=_MODALITY_ORDER.index)
    published = sorted(p for doc, _, _ in mentions if (p := docs.get(doc, {}).get("published")))
    date, source = (e.date, "text") if e.date else ((published[0], "document") if published else (None, None))
    location = next((x for doc, m, _ in mentions if (x := entity(doc, m.location_key))), None)
    what = f"{e.type}{f' ({e.mode})' if e.mode else ''}"
    return {
        "id": e.id, "type": e.type, "mode": e.mode, "actors": list(e.actors), "targets": list(e.targets),
        "date": date, "date_source": source, "location": location, "modality": modality,
        "label": f"{label(e.actors)} — {what}" + (f" — {label(e.targets)}" if e.targets else ""),
        "mentions": [{"doc": doc, "start": m.start, "end": m.end, "text": m.text, "trigger": m.trigger,
                      "trigger_start": m.trigger_start, "trigger_end": m.trigger_end, "modality": m.modality,
                      "reporter": reporter} for doc, m, reporter in mentions],
    }


def _figure_facts(store: Store, by_event: dict[str, list[tuple[str, EventMention, str | None]]],
                  docs: dict[str, dict[str, Any]], entity: Resolve) -> list[checks_module.FigureFact]:
    """Figures tied to the event their sentence reports (nearest trigger), with their unit class, their source
    and the date they speak of (the clause's date, else the publication date)."""
    triggers: dict[str, list[tuple[EventMention, str]]] = defaultdict(list)
    for event_id, mentions in by_event.items():
        for doc, m, _ in mentions:
            triggers[doc].append((m, event_id))
    out = []
    last_unit: dict[tuple[str, int], str] = {}
    cut: dict[str, list[Sentence]] = {}
    dates: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for doc, t in store.records(Time):
        if t.type == "DATE" and t.value and _CALENDAR.fullmatch(t.value):
            dates[doc].append((t.start, t.value))
    for doc, f in store.records(Figure):
        if doc not in triggers:  # no event in the document: its figures count nothing a check can compare
            continue
        if doc not in cut:
            cut[doc] = sentences(docs.get(doc, {}).get("text", ""))
        sent = next((s for s in cut[doc] if s.start <= f.start < s.end), None)
        unit = checks_module.unit_class(f.unit)
        key = (doc, sent.start if sent else -1)
        if unit is None:
            unit = last_unit.get(key)  # "estimé ce nombre à 12.000": the count the sentence is about
        if unit is None:
            continue
        last_unit[key] = unit
        near = [(abs(m.trigger_start - f.start), event_id) for m, event_id in triggers.get(doc, ())
                if m.start <= f.start < m.end]
        if near:
            # the clause's date: the nearest calendar date of the sentence, before the figure first
            said = sorted((t_start > f.start, abs(t_start - f.start), value) for t_start, value in dates[doc]
                          if sent and sent.start <= t_start < sent.end)
            published = docs.get(doc, {}).get("published")
            date, by = ((said[0][2], "clause") if said else
                        (published[:10], "published") if published else (None, "none"))
            out.append(checks_module.FigureFact(doc, f, min(near)[1], unit, entity(doc, f.source_key), date, by))
    return out


def _role_facts(store: Store, kb: KnowledgeBase, entity: Resolve, docs: dict[str, dict[str, Any]],
                entities: Sequence[Entity]) -> list[checks_module.RoleFact]:
    by_id = {e.id: e for e in entities}
    out = []
    for doc, r in store.records(RoleClaim):
        person = entity(doc, r.person_key)
        if person is None or person not in by_id:
            continue
        entry = kb.get(by_id[person].kb_key)
        published = docs.get(doc, {}).get("published")
        out.append(checks_module.RoleFact(doc, r, person, by_id[person].name, entry.roles if entry else (),
                                          published[:10] if published else None))
    return out
