"""The entity graph: the most named entities, joined when a paragraph names both, laid out for an SVG."""

from __future__ import annotations

import math

from recoupe.web.readmodel import Index, Item

WIDTH, HEIGHT, MARGIN = 900, 640, 60
ITERATIONS = 200


def layout(ix: Index, size: int) -> Item:
    """Nodes (with x, y, radius) and weighted edges for the `size` entities named in the most documents."""
    ranked = sorted(ix.entities.values(),
                    key=lambda e: (-len(ix.entity_docs.get(e["id"], ())), -len(e["mentions"]), e["id"]))[:size]
    ids = [e["id"] for e in ranked]
    chosen = set(ids)
    edges = sorted(((a, b, n) for (a, b), n in ix.cooccurrence.items() if a in chosen and b in chosen),
                   key=lambda t: (-t[2], t[0], t[1]))[:size * 3]
    positions = _force_layout(ids, [(a, b) for a, b, _ in edges])
    most = max((len(e["mentions"]) for e in ranked), default=1)
    nodes = [{"id": e["id"], "name": e["name"], "type": e["type"], "documents": len(ix.entity_docs.get(e["id"], ())),
              "mentions": len(e["mentions"]), "x": round(positions[e["id"]][0], 1),
              "y": round(positions[e["id"]][1], 1), "r": round(6 + 14 * math.sqrt(len(e["mentions"]) / most), 1)}
             for e in ranked]
    return {"width": WIDTH, "height": HEIGHT, "nodes": nodes,
            "edges": [{"source": a, "target": b, "weight": n} for a, b, n in edges]}


def _force_layout(ids: list[str], edges: list[tuple[str, str]]) -> dict[str, tuple[float, float]]:
    """Fruchterman-Reingold from a circle: deterministic, so the same knowledge base draws the same graph."""
    n = len(ids)
    if n == 0:
        return {}
    w, h = WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN
    pos = {v: [w / 2 + w / 2.5 * math.cos(2 * math.pi * i / n), h / 2 + h / 2.5 * math.sin(2 * math.pi * i / n)]
           for i, v in enumerate(ids)}
    k = math.sqrt(w * h / n)
    temperature = w / 10
    for _ in range(ITERATIONS):
        shift = {v: [0.0, 0.0] for v in ids}
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
                dist = max(math.hypot(dx, dy), 0.01)
                push = k * k / dist
                shift[a][0] += dx / dist * push
                shift[a][1] += dy / dist * push
                shift[b][0] -= dx / dist * push
                shift[b][1] -= dy / dist * push
        for a, b in edges:
            dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
            dist = max(math.hypot(dx, dy), 0.01)
            pull = dist * dist / k
            shift[a][0] -= dx / dist * pull
            shift[a][1] -= dy / dist * pull
            shift[b][0] += dx / dist * pull
            shift[b][1] += dy / dist * pull
        for v in ids:
            dx, dy = shift[v]
            dist = max(math.hypot(dx, dy), 0.01)
            step = min(dist, temperature)
            pos[v][0] = min(w, max(0.0, pos[v][0] + dx / dist * step))
            pos[v][1] = min(h, max(0.0, pos[v][1] + dy / dist * step))
        temperature *= 0.97
    return {v: (p[0] + MARGIN, p[1] + MARGIN) for v, p in pos.items()}
