"""What the briefing shows, computed once from an export object; the templates only lay it out."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from recoupe.briefing.anchors import anchor, safe
from recoupe.duplicates import group_sources

MAX_DEVELOPMENTS = 12
MAX_STORY_EVENTS = 5
MAX_QUOTES = 8  # per speaker
MAX_FIGURES = 60
MAX_ACTORS = 40
MAX_ROLES = 3  # per actor
STATUS_ORDER = {"conflicting": 0, "disputed": 1, "single-source": 2, "corroborated": 3}


@dataclass(frozen=True, slots=True)
class Cite:
    """A span of a document that a statement of the briefing rests on."""

    doc: str
    start: int
    end: int
    text: str

    @property
    def anchor(self) -> str:
        return anchor(self.doc, self.start, self.end)

    @property
    def ref(self) -> str:
        return f"{self.doc}:{self.start}-{self.end}"


@dataclass(frozen=True, slots=True)
class DocRef:
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    inferred: bool
    skipped: str | None

    @property
    def anchor(self) -> str:
        return f"doc-{safe(self.id)}"


@dataclass(frozen=True, slots=True)
class EventLine:
    label: str
    modality: str
    date: str | None
    actors: tuple[str, ...]
    targets: tuple[str, ...]
    location: str | None
    cites: tuple[Cite, ...]  # the first mention in each document


@dataclass(frozen=True, slots=True)
class Development:
    label: str
    sources: int
    documents: tuple[DocRef, ...]
    latest: str | None
    events: tuple[EventLine, ...]


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    date: str
    label: str
    cites: tuple[Cite, ...]
    documents: tuple[DocRef, ...]


@dataclass(frozen=True, slots=True)
class Claim:
    value: str
    source: str | None
    outlet: str | None
    cite: Cite


@dataclass(frozen=True, slots=True)
class Estimate:
    """One point of a figure check's series: when, how many, how sure, who says it."""

    date: str | None
    value: str
    qualifier: str
    source: str | None
    cite: Cite


@dataclass(frozen=True, slots=True)
class Check:
    kind: str
    status: str
    subject: str
    explanation: str
    entities: tuple[str, ...]
    claims: tuple[Claim, ...]
    series: tuple[Estimate, ...] = ()  # a figure's estimates over time, oldest first


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str
    quotes: tuple[tuple[Cite, bool], ...]  # (quoted words, direct)
    more: int


@dataclass(frozen=True, slots=True)
class FigureLine:
    cite: Cite
    low: int | float | None
    high: int | float | None
    unit: str | None
    qualifier: str
    source: str | None


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    type: str
    kb_id: str | None
    mentions: int
    documents: int
    first: Cite | None
    roles: tuple[Cite, ...]


@dataclass(frozen=True, slots=True)
class Source:
    ref: DocRef
    text: str
    spans: tuple[tuple[int, int], ...]  # every cited span of this document
    removed: tuple[tuple[str, str], ...]  # (reason, text)


@dataclass(frozen=True, slots=True)
class Briefing:
    n_documents: int
    n_sources: int
    n_entities: int
    developments: tuple[Development, ...]
    more_developments: int
    timeline: tuple[TimelineEntry, ...]
    checks: tuple[Check, ...]
    speakers: tuple[Speaker, ...]
    figures: tuple[FigureLine, ...]
    more_figures: int
    actors: tuple[Actor, ...]
    more_actors: int
    sources: tuple[Source, ...]
    rejected: tuple[tuple[str, str, str], ...]  # (where, stage, reason)


def _cite(span: dict[str, Any]) -> Cite | None:
    """A span worth linking to: a zero-length one has nothing to show."""
    if span["end"] <= span["start"]:
        return None
    return Cite(span["doc"], span["start"], span["end"], span["text"])


def _first_per_doc(mentions: list[dict[str, Any]]) -> tuple[Cite, ...]:
    firsts: dict[str, Cite] = {}
    for m in sorted(mentions, key=lambda m: (m["doc"], m["start"])):
        cite = _cite(m)
        if cite and m["doc"] not in firsts:
            firsts[m["doc"]] = cite
    return tuple(firsts.values())


def independent_sources(export: dict[str, Any], doc_ids: set[str]) -> int:
    """Documents count once per outlet, and near-duplicate documents count once (one wire copy).

    A shared passage (`kind: passage`) does not merge two documents: quoting a paragraph of another
    outlet leaves the rest of the article independent.
    """
    groups = group_sources({d["id"]: d["outlet"] for d in export["documents"] if d["id"] in doc_ids},
                           ((dup["doc"], dup["duplicate_of"]) for dup in export["duplicates"]
                            if dup.get("kind", "document") == "document"))
    return len(set(groups.values()))


def build(export: dict[str, Any], lang: str = "en") -> Briefing:
    """The briefing's content: every section ranked and cut, every statement with the spans it rests on."""
    docs = {d["id"]: DocRef(d["id"], d["title"], d["outlet"], d["published"], d["published_inferred"],
                            d.get("skipped")) for d in export["documents"]}
    names = {e["id"]: e["name"] for e in export["entities"]}
    events = {v["id"]: v for v in export["events"]}

    def event_line(v: dict[str, Any]) -> EventLine:
        return EventLine(v.get("label") or " ".join(filter(None, (v["type"], v["mode"]))), v["modality"], v["date"],
                         tuple(names.get(a, a) for a in v["actors"]), tuple(names.get(t, t) for t in v["targets"]),
                         names.get(v["location"], v["location"]) if v["location"] else None,
                         _first_per_doc(v["mentions"]))

    developments = []
    for story in export["stories"]:
        members = set(story["documents"]) & set(docs)
        story_events = [v for v in export["events"] if {m["doc"] for m in v["mentions"]} & members]
        story_events.sort(key=lambda v: (-len({m["doc"] for m in v["mentions"]}), v["date"] or ""))
        latest = story.get("last") or max((p for d in members if (p := docs[d].published)), default=None)
        developments.append(Development(
            story["label"], independent_sources(export, members),
            tuple(sorted((docs[d] for d in members), key=lambda r: r.published or "", reverse=True)),
            latest, tuple(event_line(v) for v in story_events[:MAX_STORY_EVENTS])))
    developments.sort(key=lambda s: s.latest or "", reverse=True)  # stable: recency breaks ties of the next sort
    developments.sort(key=lambda s: -s.sources)

    timeline = []
    for entry in export.get("timeline", _derived_timeline(export)):
        event = events.get(entry.get("event") or "")
        cites = _first_per_doc(event["mentions"]) if event else ()
        timeline.append(TimelineEntry(entry["date"], entry.get("label") or (event_line(event).label if event else ""),
                                      cites, tuple(docs[d] for d in entry["documents"] if d in docs)))
    timeline.sort(key=lambda t: t.date)

    outlets = {d["id"]: d["outlet"] for d in export["documents"]}
    # explanations are generated text: the export carries them in English and French (`explanation_fr`)
    checks = [Check(c["kind"], c["status"], c["subject"], c.get(f"explanation_{lang}") or c["explanation"],
                    tuple(names.get(e, e) for e in c["entities"]),
                    tuple(Claim(_value(cl["value"]), names.get(cl["source"] or "", cl["source"]),
                                outlets.get(cl["doc"]), cite)
                          for cl in c["claims"] if (cite := _cite(cl))),
                    _series(c, names))
              for c in export["checks"]]
    checks.sort(key=lambda c: STATUS_ORDER.get(c.status, len(STATUS_ORDER)))

    figures = [FigureLine(cite, f["low"], f["high"], f["unit"], f["qualifier"],
                          names.get(f["source"] or "", f["source"]))
               for f in export["figures"] if (cite := _cite(f))]
    actors = _actors(export)
    speakers = _speakers(export, names)
    cited: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for cite in _all_cites(developments, timeline, checks, speakers, figures[:MAX_FIGURES], actors[:MAX_ACTORS]):
        cited[cite.doc].add((cite.start, cite.end))
    sources = tuple(Source(docs[d["id"]], d["text"], tuple(sorted(cited[d["id"]])),
                           tuple((r["reason"], r["text"]) for r in d["removed"])) for d in export["documents"])
    return Briefing(
        len(docs), independent_sources(export, set(docs)), len(export["entities"]),
        tuple(developments[:MAX_DEVELOPMENTS]), max(0, len(developments) - MAX_DEVELOPMENTS), tuple(timeline),
        tuple(checks), speakers, tuple(figures[:MAX_FIGURES]), max(0, len(figures) - MAX_FIGURES),
        tuple(actors[:MAX_ACTORS]), max(0, len(actors) - MAX_ACTORS), sources,
        tuple((r["source"] + (f":{r['line']}" if r["line"] else ""), r["stage"], r["reason"])
              for r in export.get("rejected") or ()))


def _derived_timeline(export: dict[str, Any]) -> list[dict[str, Any]]:
    """The dated events in the `timeline` shape, for exports written before `timeline` existed."""
    return [{"date": v["date"], "event": v["id"], "label": v.get("label"),
             "documents": sorted({m["doc"] for m in v["mentions"]})} for v in export["events"] if v["date"]]


def _value(value: Any) -> str:
    return "" if value is None else str(value)


def _speakers(export: dict[str, Any], names: dict[str, str]) -> tuple[Speaker, ...]:
    """Quotes grouped by speaker, most quoted first; unattributed quotes are not listed."""
    by_speaker: dict[str, list[tuple[Cite, bool]]] = defaultdict(list)
    for q in export["quotes"]:
        if q["speaker"] and (cite := _cite(q)):
            by_speaker[q["speaker"]].append((cite, q["direct"]))
    ranked = sorted(by_speaker.items(), key=lambda kv: (-len(kv[1]), names.get(kv[0], kv[0])))
    return tuple(Speaker(names.get(s, s), tuple(qs[:MAX_QUOTES]), max(0, len(qs) - MAX_QUOTES)) for s, qs in ranked)


def _actors(export: dict[str, Any]) -> list[Actor]:
    """Entities by number of mentions, each with the roles the texts give it."""
    roles: dict[str, list[Cite]] = defaultdict(list)
    for r in export.get("roles") or ():
        if r["person"] and (cite := _cite(r)):
            roles[r["person"]].append(cite)
    actors = []
    for e in export["entities"]:
        distinct = list({c.text.lower(): c for c in roles[e["id"]]}.values())
        first = min((c for m in e["mentions"] if (c := _cite(m))), key=lambda c: (c.doc, c.start), default=None)
        actors.append(Actor(e["name"], e["type"], e["kb_id"], len(e["mentions"]),
                            len({m["doc"] for m in e["mentions"]}), first, tuple(distinct[:MAX_ROLES])))
    actors.sort(key=lambda a: (-a.mentions, -a.documents, a.name))
    return actors


def _series(check: dict[str, Any], names: dict[str, str]) -> tuple[Estimate, ...]:
    """A figure check's estimates over time (the export's `series`), sources by name."""
    return tuple(Estimate(e["date"], _value(e["value"]), e["qualifier"], names.get(e["source"] or "", e["source"]),
                          cite) for e in check.get("series", ()) if (cite := _cite(e)))


def _all_cites(developments: list[Development], timeline: list[TimelineEntry], checks: list[Check],
               speakers: tuple[Speaker, ...], figures: list[FigureLine], actors: list[Actor]) -> list[Cite]:
    cites = [c for d in developments[:MAX_DEVELOPMENTS] for v in d.events for c in v.cites]
    cites += [c for t in timeline for c in t.cites]
    cites += [cl.cite for c in checks for cl in c.claims]
    cites += [c for s in speakers for c, _ in s.quotes]
    cites += [f.cite for f in figures]
    cites += [c for a in actors for c in (*a.roles, *([a.first] if a.first else []))]
    return cites

