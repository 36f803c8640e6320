"""The JSON export (shared/spec/export.md, `recoupe-export/1`), built from the store and validated."""

from __future__ import annotations

import json
from collections import defaultdict
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from recoupe import export_events, files
from recoupe import kb as kb_module
from recoupe.records import Figure, Quote, RoleClaim, Time
from recoupe.store import Store

FORMAT = "recoupe-export/1"
# Exported mention kinds: a demonym ("nord-coréens") is a mention only when the run asked for it.
EXPORTED_KINDS = ("name", "alias", "metonym", "surname", "demonym")


def build(store: Store, kb_files: tuple[str, ...] = ()) -> dict[str, Any]:
    """The whole knowledge base as one export object; every key of the contract is present."""
    documents = []
    for d in store.documents():
        documents.append({
            "id": d.id, "source": d.source, "outlet": d.outlet, "title": d.title, "language": d.language,
            "published": d.published, "published_inferred": d.published_inferred, "text": d.text,
            "removed": [{"text": r.text, "reason": r.reason, "rule": r.rule} for r in d.removed],
            "url": d.url, "skipped": d.skipped,
        })
    canonical = store.entities()  # read once: the entities, the kb-key index and the checks use them
    mentions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for em in store.mentions():
        m = em.mention
        if m.kind in EXPORTED_KINDS:
            mentions[em.entity_id].append(
                {"doc": em.doc_id, "start": m.start, "end": m.end, "text": m.text, "kind": m.kind})
    entities = [
        {"id": e.id, "name": e.name, "type": e.type, "kb_id": e.wikidata, "aliases": list(e.aliases),
         "mentions": mentions[e.id], "kb_key": e.kb_key}
        for e in canonical if mentions[e.id]
    ]
    ids = store.entity_ids()
    by_kb = {e.kb_key: e.id for e in canonical if e.kb_key}

    def entity(doc: str, key: str | None) -> str | None:
        """The canonical entity of a local key; "kb:ID" keys also reach entities other documents name."""
        if not key:
            return None
        return ids.get((doc, key)) or (by_kb.get(key[3:]) if key.startswith("kb:") else None)

    quotes = [{"doc": doc, "start": q.start, "end": q.end, "text": q.text, "speaker": entity(doc, q.speaker_key),
               "speaker_text": q.speaker_text, "direct": q.direct,
               "speaker_start": q.speaker_start, "speaker_end": q.speaker_end}
              for doc, q in store.records(Quote)]
    figures = [{"doc": doc, "start": f.start, "end": f.end, "text": f.text, "low": _number(f.low),
                "high": _number(f.high), "unit": f.unit, "qualifier": f.qualifier, "source": entity(doc, f.source_key)}
               for doc, f in store.records(Figure)]
    times = [{"doc": doc, "start": t.start, "end": t.end, "text": t.text, "value": t.value, "type": t.type}
             for doc, t in store.records(Time)]
    roles = [{"doc": doc, "start": r.start, "end": r.end, "text": r.text, "person": entity(doc, r.person_key),
              "role": r.role, "of": entity(doc, r.of_key),
              "of_kb": r.of_key[3:] if r.of_key and r.of_key.startswith("kb:") else None}
             for doc, r in store.records(RoleClaim)]
    return {
        "format": FORMAT,
        "documents": documents,
        "entities": entities,
        "quotes": quotes, "figures": figures, "times": times,
        **export_events.build(store, kb_module.load(kb_files), entity, {str(d["id"]): d for d in documents},
                              canonical),
        "stories": [{"id": s.id, "label": s.label, "documents": list(s.documents), "first": s.first, "last": s.last}
                    for s in store.stories()],
        "duplicates": [{"doc": d.doc, "duplicate_of": d.duplicate_of, "similarity": d.similarity, "kind": d.kind,
                        "start": d.start, "end": d.end, "text": d.text,
                        "of_start": d.of_start, "of_end": d.of_end, "of_text": d.of_text}
                       for d in store.duplicates()],
        "roles": roles,
        "rejected": [{"source": r.source, "line": r.line, "stage": r.stage, "reason": r.reason}
                     for r in store.rejections()],
    }


def _number(value: float | None) -> int | float | None:
    """10000.0 -> 10000: counts read as integers; 1.5 stays 1.5."""
    return int(value) if value is not None and value.is_integer() else value


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of the export, shipped with the package."""
    text = resources.files("recoupe.schema").joinpath("export.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def validate(export: dict[str, Any]) -> list[str]:
    """Every way the export breaks the contract: schema errors, then spans whose offsets miss their text."""
    from jsonschema import Draft202012Validator

    problems = [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
                for e in Draft202012Validator(schema()).iter_errors(export)]
    texts = {d["id"]: d["text"] for d in export.get("documents", []) if isinstance(d, dict)}
    spans = [(f"entity {e.get('id')}", m) for e in export.get("entities", []) for m in e.get("mentions", [])]
    spans += [(key[:-1], item) for key in ("quotes", "figures", "times", "roles") for item in export.get(key, [])]
    spans += [(f"event {v.get('id')}", m) for v in export.get("events", []) for m in v.get("mentions", [])]
    spans += [(f"check {c.get('id')}", m) for c in export.get("checks", []) for m in c.get("claims", [])]
    for d in export.get("duplicates", []):  # a passage pair holds a span in each of its two documents
        if d.get("kind") == "passage":
            spans += [("duplicate passage", d),
                      ("duplicate passage", {"doc": d.get("duplicate_of"), "start": d.get("of_start"),
                                             "end": d.get("of_end"), "text": d.get("of_text")})]
    for what, span in spans:
        text = texts.get(span.get("doc"))
        if text is None or text[span["start"]:span["end"]] != span["text"]:
            problems.append(f"{what}: span {span} does not match its document text")
    return problems


def write(export: dict[str, Any], path: str | Path) -> None:
    """Write the export as UTF-8 JSON."""
    files.write_text(path, json.dumps(export, ensure_ascii=False, indent=1))
