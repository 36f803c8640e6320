"""Events as PLOVER/POLECAT-style rows: one row per event mention, actors and targets with names, ids, countries."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from recoupe import kb as kb_module

# The columns, in order (docs/export.md explains each).
COLUMNS = ("event_id", "mention", "date", "event_type", "mode", "modality", "label",
           "actor_names", "actor_ids", "actor_kb_ids", "actor_countries", "actor_country_kb_ids",
           "target_names", "target_ids", "target_kb_ids", "target_countries", "target_country_kb_ids",
           "location", "location_id", "location_kb_id", "doc", "outlet", "published", "start", "end", "text",
           "trigger")


def countries(export: dict[str, Any]) -> dict[str, tuple[str, str | None]]:
    """Entity id -> (country name, Wikidata id) for the entities whose country is known.

    A state is its own country and a capital or seat of power stands for its state; a person's country
    is the state of the roles the texts give them ("ministre japonais" -> Japan), else the state of
    their current role in the bundled knowledge base.
    """
    kb = kb_module.load()
    by_id = {e["id"]: e for e in export["entities"]}

    def state(key: str | None) -> kb_module.KbEntry | None:
        entry = kb.get(key)
        if entry and entry.metonym_of:
            entry = kb.get(entry.metonym_of)
        return entry if entry and entry.type == "GPE" else None

    found: dict[str, tuple[str, str | None]] = {}
    role_states: dict[str, Counter[tuple[str, str | None]]] = {}
    for r in export.get("roles") or ():
        of = by_id.get(r["of"] or "")
        entry = state(of.get("kb_key") if of else None) or state(r.get("of_kb"))
        if r["person"] and entry:
            role_states.setdefault(r["person"], Counter())[(entry.name, entry.wikidata)] += 1
    for e in export["entities"]:
        entry = kb.get(e.get("kb_key"))
        if e["type"] == "GPE" and (country := state(e.get("kb_key"))):
            found[e["id"]] = (country.name, country.wikidata)
        elif e["id"] in role_states:
            found[e["id"]] = role_states[e["id"]].most_common(1)[0][0]
        elif entry and (current := [s for r in entry.roles if r.end is None and (s := state(r.of))]):
            found[e["id"]] = (current[-1].name, current[-1].wikidata)
    return found


def rows(export: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """One row per event mention (one row with empty span columns for an event without a mention)."""
    entities = {e["id"]: e for e in export["entities"]}
    docs = {d["id"]: d for d in export["documents"]}
    country = countries(export)

    def party(ids: list[str], prefix: str) -> dict[str, list[str | None]]:
        return {f"{prefix}_names": [entities[i]["name"] if i in entities else None for i in ids],
                f"{prefix}_ids": list(ids),
                f"{prefix}_kb_ids": [entities[i]["kb_id"] if i in entities else None for i in ids],
                f"{prefix}_countries": [country.get(i, (None, None))[0] for i in ids],
                f"{prefix}_country_kb_ids": [country.get(i, (None, None))[1] for i in ids]}

    for v in export["events"]:
        place = entities.get(v["location"] or "")
        event = {"event_id": v["id"], "date": v["date"], "event_type": v["type"], "mode": v["mode"],
                 "modality": v["modality"], "label": v.get("label"), **party(v["actors"], "actor"),
                 **party(v["targets"], "target"), "location": place["name"] if place else None,
                 "location_id": v["location"], "location_kb_id": place["kb_id"] if place else None}
        for i, m in enumerate(v["mentions"] or [None]):
            if m is None:
                yield event
                continue
            doc = docs.get(m["doc"], {})
            yield {**event, "mention": i, "modality": m.get("modality") or v["modality"], "doc": m["doc"],
                   "outlet": doc.get("outlet"), "published": doc.get("published"), "start": m["start"],
                   "end": m["end"], "text": m["text"], "trigger": m.get("trigger")}
