"""The entity-event graph as GraphML (Gephi, yEd, networkx): who acts on whom, where, and who appears with whom."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from itertools import combinations
from typing import Any

NS = "http://graphml.graphdrawing.org/xmlns"
# (id, for, attr.name, attr.type): every attribute a node or an edge can carry.
KEYS = (
    ("label", "node", "label", "string"),
    ("kind", "node", "kind", "string"),  # entity | event
    ("record", "node", "record", "string"),  # the id in the export
    ("type", "node", "type", "string"),  # PER, ORG… for an entity; the PLOVER type for an event
    ("kb_id", "node", "kb_id", "string"),
    ("mentions", "node", "mentions", "int"),
    ("documents", "node", "documents", "int"),
    ("mode", "node", "mode", "string"),
    ("modality", "node", "modality", "string"),
    ("date", "node", "date", "string"),
    ("relation", "edge", "relation", "string"),  # actor | target | location | co-occurrence
    ("weight", "edge", "weight", "double"),
)
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def cooccurrences(export: dict[str, Any]) -> Counter[tuple[str, str]]:
    """Pairs of entities mentioned in the same paragraph (line of the cleaned text), with how many paragraphs."""
    texts = {d["id"]: d["text"] for d in export["documents"]}
    in_paragraph: dict[tuple[str, int], set[str]] = {}
    for e in export["entities"]:
        for m in e["mentions"]:
            text = texts.get(m["doc"], "")
            paragraph = text.count("\n", 0, m["start"])
            in_paragraph.setdefault((m["doc"], paragraph), set()).add(e["id"])
    pairs: Counter[tuple[str, str]] = Counter()
    for ids in in_paragraph.values():
        pairs.update(combinations(sorted(ids), 2))
    return pairs


def _data(parent: ET.Element, key: str, value: object) -> None:
    if value is not None and value != "":
        ET.SubElement(parent, "data", key=key).text = _XML_INVALID.sub("", str(value))


def _node(graph: ET.Element, node_id: str, attrs: dict[str, object]) -> None:
    node = ET.SubElement(graph, "node", id=node_id)
    for key, value in attrs.items():
        _data(node, key, value)


def _edge(graph: ET.Element, source: str, target: str, relation: str, weight: float) -> None:
    edge = ET.SubElement(graph, "edge", id=f"x{len(graph)}", source=source, target=target)
    _data(edge, "relation", relation)
    _data(edge, "weight", weight)


def graphml(export: dict[str, Any]) -> str:
    """The graph as a GraphML document: entity and event nodes; actor, target, location and co-occurrence edges."""
    root = ET.Element("graphml", xmlns=NS)
    for key_id, domain, name, kind in KEYS:
        ET.SubElement(root, "key", {"id": key_id, "for": domain, "attr.name": name, "attr.type": kind})
    # Directed: an actor points to its event, an event to its targets and place. A co-occurrence is symmetric
    # and written once, from the lower id; a per-edge `directed` attribute would make a mixed graph, which
    # networkx refuses to read.
    graph = ET.SubElement(root, "graph", id="recoupe", edgedefault="directed")
    entity_ids = {e["id"] for e in export["entities"]}
    for e in export["entities"]:
        _node(graph, f"entity:{e['id']}", {
            "label": e["name"], "kind": "entity", "record": e["id"], "type": e["type"], "kb_id": e["kb_id"],
            "mentions": len(e["mentions"]), "documents": len({m["doc"] for m in e["mentions"]})})
    for v in export["events"]:
        _node(graph, f"event:{v['id']}", {
            "label": v.get("label") or v["type"], "kind": "event", "record": v["id"], "type": v["type"],
            "mentions": len(v["mentions"]), "documents": len({m["doc"] for m in v["mentions"]}),
            "mode": v["mode"], "modality": v["modality"], "date": v["date"]})
    for v in export["events"]:
        event = f"event:{v['id']}"
        # An actor acts on the event, the event reaches its targets and happens at its location.
        for actor in v["actors"]:
            if actor in entity_ids:
                _edge(graph, f"entity:{actor}", event, "actor", 1.0)
        for target in v["targets"]:
            if target in entity_ids:
                _edge(graph, event, f"entity:{target}", "target", 1.0)
        if v["location"] in entity_ids:
            _edge(graph, event, f"entity:{v['location']}", "location", 1.0)
    for (a, b), n in sorted(cooccurrences(export).items()):
        _edge(graph, f"entity:{a}", f"entity:{b}", "co-occurrence", float(n))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
