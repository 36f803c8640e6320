"""What each page shows, as plain JSON-ready dicts: the HTML views render them, the API returns them."""

from __future__ import annotations

from collections import Counter

from recoupe.web.graph import layout as graph_layout
from recoupe.web.readmodel import Filters, Index, Item, Page, ReadModel, iso_date

# Checks a reader must look at first: sources that disagree, then claims nobody else makes.
STATUS_ORDER = {"conflicting": 0, "disputed": 1, "single-source": 2, "corroborated": 3}
# Span kinds of the document view, outermost first when two cover the same words.
SPAN_KINDS = ("claim", "event", "quote", "role", "figure", "time", "entity")
SEARCH_CAP = 1000  # hits ranked before filtering; a query that matches more is asked to be narrower


def summary(d: Item) -> Item:
    """A document without its text: what a list shows."""
    return {k: d.get(k) for k in ("id", "title", "outlet", "published", "published_inferred", "source",
                                  "url", "language", "skipped")} | {"words": len(d["text"].split())}


def entity_summary(ix: Index, e: Item) -> Item:
    """An entity with how many documents and mentions name it."""
    return {"id": e["id"], "name": e["name"], "type": e["type"], "kb_id": e.get("kb_id"),
            "documents": len(ix.entity_docs.get(e["id"], ())), "mentions": len(e["mentions"])}


def context(ix: Index, doc: str, start: int, end: int, width: int = 70) -> Item:
    """The words around a span, for a keyword-in-context line."""
    text = ix.documents[doc]["text"] if doc in ix.documents else ""
    return {"before": text[max(0, start - width):start].split("\n")[-1], "text": text[start:end],
            "after": text[end:end + width].split("\n")[0]}


def _check(ix: Index, c: Item) -> Item:
    claims = [{**claim, "title": ix.documents.get(claim["doc"], {}).get("title"),
               "outlet": ix.documents.get(claim["doc"], {}).get("outlet"),
               "source_name": ix.name(claim.get("source"))} for claim in c.get("claims", [])]
    series = [{**e, "source_name": ix.name(e.get("source"))} for e in c.get("series", [])]  # figure estimates
    return {**c, "claims": claims, "series": series, "entity_names": {e: ix.name(e) for e in c.get("entities", [])}}


def _sorted_checks(ix: Index) -> list[Item]:
    return sorted(ix.checks.values(), key=lambda c: (STATUS_ORDER.get(c.get("status", ""), 9), c["id"]))


def _event(ix: Index, v: Item) -> Item:
    names = {e: ix.name(e) for e in [*v.get("actors", []), *v.get("targets", []), v.get("location")] if e}
    docs = sorted({m["doc"] for m in v.get("mentions", [])})
    return {**v, "label": v.get("label") or v.get("type"), "names": names, "documents": docs}


def dashboard(ix: Index) -> Item:
    """Counts, the largest stories, the checks to read first, the most named entities, the latest documents."""
    data = ix.data
    counts = {k: len(data.get(k, [])) for k in ("documents", "entities", "quotes", "figures", "times", "roles",
                                                  "events", "stories", "duplicates", "checks")}
    stories = sorted(ix.stories.values(), key=lambda s: (-len(s.get("documents", [])), s["id"]))
    entities = sorted((entity_summary(ix, e) for e in ix.entities.values()),
                      key=lambda e: (-e["documents"], -e["mentions"], e["name"]))
    docs = sorted(ix.documents.values(), key=lambda d: (d.get("published") or "", d["id"]), reverse=True)
    return {"counts": counts, "checks_by_status": dict(Counter(c.get("status") for c in ix.checks.values())),
            "key_stories": [{**s, "size": len(s.get("documents", []))} for s in stories[:5]],
            "latest_checks": [_check(ix, c) for c in _sorted_checks(ix)[:5]],
            "top_entities": entities[:10], "recent_documents": [summary(d) for d in docs[:10]]}


def documents(ix: Index, filters: Filters, page: Page) -> Item:
    """Documents that pass the filters, latest first."""
    docs = [summary(d) for d in ix.documents.values() if ix.doc_matches(d["id"], filters)]
    docs.sort(key=lambda d: (d.get("published") or "", d["id"]), reverse=True)
    return page.of(docs)


def spans(ix: Index, doc_id: str) -> list[Item]:
    """Every extraction in a document as a span (kind, offsets, text, what it refers to), in text order."""
    found = ix.by_doc.get(doc_id, {})
    out: list[Item] = []
    for m in found.get("entities", []):
        e = ix.entities[m["entity"]]
        out.append(_span("entity", m, m["entity"], e["name"], e["type"]))
    for q in found.get("quotes", []):
        out.append(_span("quote", q, q.get("speaker"), q.get("speaker_text"), "direct" if q.get("direct") else
                         "reported"))
    for f in found.get("figures", []):
        value = f"{f.get('low')}" if f.get("low") == f.get("high") else f"{f.get('low')}–{f.get('high')}"
        out.append(_span("figure", f, f.get("source"), f"{value} {f.get('unit') or ''}".strip(), f.get("qualifier")))
    for t in found.get("times", []):
        out.append(_span("time", t, None, t.get("value"), t.get("type")))
    for r in found.get("roles", []):
        out.append(_span("role", r, r.get("person"), r.get("role"), ix.name(r.get("person"))))
    for m in found.get("events", []):
        v = ix.events[m["event"]]
        out.append(_span("event", m, v["id"], v.get("label") or v.get("type"), m.get("modality") or
                         v.get("modality")))
    for c in found.get("claims", []):
        out.append(_span("claim", c, c["check"], ix.checks[c["check"]].get("subject"), c.get("status")))
    out.sort(key=lambda s: (s["start"], -s["end"], SPAN_KINDS.index(s["kind"])))
    return out


def _span(kind: str, item: Item, ref: str | None, label: str | None, detail: str | None) -> Item:
    return {"kind": kind, "start": item["start"], "end": item["end"], "text": item["text"], "ref": ref,
            "label": label, "detail": detail}


def document(ix: Index, doc_id: str) -> Item:
    """One document with its text, every extraction as a span, its stories and near-duplicates."""
    d = ix.document(doc_id)
    dups = [x for x in ix.data.get("duplicates", []) if doc_id in (x.get("doc"), x.get("duplicate_of"))]
    return {"document": d, "spans": spans(ix, doc_id),
            "stories": [ix.stories[s] for s in ix.doc_stories.get(doc_id, [])], "duplicates": dups}


def entities(ix: Index, type_: str | None, page: Page) -> Item:
    """Entities (optionally of one type), the most widely named first."""
    items = [entity_summary(ix, e) for e in ix.entities.values() if not type_ or e["type"] == type_]
    items.sort(key=lambda e: (-e["documents"], -e["mentions"], e["name"]))
    return page.of(items)


def entity(ix: Index, entity_id: str, page: Page) -> Item:
    """One entity: its mentions in context, roles, quotes, events, checks and the entities named beside it."""
    e = ix.entity(entity_id)
    mentions = [{**m, "title": ix.documents[m["doc"]].get("title"), "context": context(ix, m["doc"], m["start"],
                                                                                   m["end"])}
                for m in e["mentions"] if m["doc"] in ix.documents]
    together = Counter({(b if a == entity_id else a): n for (a, b), n in ix.cooccurrence.items()
                        if entity_id in (a, b)})
    return {
        "entity": {k: v for k, v in e.items() if k != "mentions"} | entity_summary(ix, e),
        "mentions": page.of(mentions),
        "roles": [r for r in ix.data.get("roles", []) if r.get("person") == entity_id],
        "quotes": [q for q in ix.data.get("quotes", []) if q.get("speaker") == entity_id],
        "events": [_event(ix, v) for v in ix.events.values()
                   if entity_id in [*v.get("actors", []), *v.get("targets", []), v.get("location")]],
        "checks": [_check(ix, c) for c in _sorted_checks(ix) if entity_id in c.get("entities", [])],
        "cooccurring": [{**entity_summary(ix, ix.entities[other]), "paragraphs": n}
                        for other, n in together.most_common(20) if other in ix.entities],
    }


def stories(ix: Index, page: Page) -> Item:
    """Story clusters, the largest first."""
    items = sorted(({**s, "size": len(s.get("documents", []))} for s in ix.stories.values()),
                   key=lambda s: (-s["size"], s["id"]))
    return page.of(items)


def story(ix: Index, story_id: str) -> Item:
    """One story: its documents, the entities they name most, its events and checks."""
    s = ix.story(story_id)
    docs = set(s.get("documents", []))
    named: Counter[str] = Counter(m["entity"] for d in docs for m in ix.by_doc.get(d, {}).get("entities", []))
    return {"story": s,
            "documents": [summary(ix.documents[d]) for d in s.get("documents", []) if d in ix.documents],
            "entities": [entity_summary(ix, ix.entities[e]) for e, _ in named.most_common(15)],
            "events": [_event(ix, v) for v in ix.events.values() if docs & {m["doc"] for m in v.get("mentions", [])}],
            "checks": [_check(ix, c) for c in _sorted_checks(ix)
                       if docs & {claim["doc"] for claim in c.get("claims", [])}]}


def _event_matches(ix: Index, v: Item, filters: Filters) -> bool:
    if filters.event_type and v.get("type") != filters.event_type:
        return False
    if not filters.dated(v.get("date")):
        return False
    if filters.entity and filters.entity not in [*v.get("actors", []), *v.get("targets", []), v.get("location")]:
        return False
    docs = {m["doc"] for m in v.get("mentions", [])}
    return not filters.outlet or any(ix.documents.get(d, {}).get("outlet") == filters.outlet for d in docs)


def events(ix: Index, filters: Filters, page: Page) -> Item:
    """Events that pass the filters, by date (undated last)."""
    items = [_event(ix, v) for v in ix.events.values() if _event_matches(ix, v, filters)]
    items.sort(key=lambda v: (v.get("date") is None, v.get("date") or "", v["id"]))
    return page.of(items)


def timeline(ix: Index, filters: Filters, kind: str | None, page: Page) -> Item:
    """Dated entries in date order: events (the export's timeline), and dates the documents state."""
    entries: list[Item] = []
    if kind in (None, "event"):
        rows = ix.data.get("timeline") or [
            {"date": v.get("date"), "event": v["id"], "label": v.get("label") or v.get("type"),
             "documents": sorted({m["doc"] for m in v.get("mentions", [])})} for v in ix.events.values()]
        for row in rows:
            v = ix.events.get(row.get("event") or "", {})
            if iso_date(row.get("date")) and (not v or _event_matches(ix, v, filters)) and filters.dated(row["date"]):
                entries.append({"kind": "event", **row, "type": v.get("type")})
    if kind in (None, "time") and not filters.event_type:
        for t in ix.data.get("times", []):
            if t.get("type") == "DATE" and iso_date(t.get("value")) and filters.dated(t["value"]) and \
                    ix.doc_matches(t["doc"], Filters(outlet=filters.outlet, entity=filters.entity)):
                entries.append({"kind": "time", "date": t["value"], "label": t["text"], "documents": [t["doc"]],
                                "doc": t["doc"], "start": t["start"], "end": t["end"],
                                "context": context(ix, t["doc"], t["start"], t["end"])})
    entries.sort(key=lambda r: (r["date"], r["kind"] != "event", r.get("label") or ""))
    return page.of(entries)


def checks(ix: Index, status: str | None, page: Page) -> Item:
    """Checks, conflicting first, then disputed, single-source, corroborated; claims with their sources."""
    return page.of([_check(ix, c) for c in _sorted_checks(ix) if not status or c.get("status") == status])


def graph(ix: Index, size: int) -> Item:
    """The entities most named together (paragraph co-occurrence), laid out for drawing."""
    return graph_layout(ix, size)


def search(model: ReadModel, ix: Index, text: str, kind: str | None, filters: Filters, page: Page) -> Item:
    """Full-text hits (documents, entity names, quotes) that pass the filters, best first."""
    hits, total = model.search(text, kind, SEARCH_CAP, 0)
    items: list[Item] = []
    for h in hits:
        if h.kind == "entity" and h.key in ix.entities:
            if filters.entity and filters.entity != h.key:
                continue
            if any((filters.date_from, filters.date_to, filters.outlet, filters.event_type)) and not any(
                    ix.doc_matches(d, filters) for d in ix.entity_docs.get(h.key, ())):
                continue
        elif h.doc is None or not ix.doc_matches(h.doc, filters):
            continue
        items.append({"kind": h.kind, "key": h.key, "doc": h.doc, "start": h.start, "end": h.end, "title": h.title,
                      "snippet": [{"text": t, "match": m} for t, m in h.snippet]})
    result = page.of(items)
    result["query"] = text
    result["capped"] = total > SEARCH_CAP
    return result

