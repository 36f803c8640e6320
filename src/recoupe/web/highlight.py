"""Nest a document's spans into well-formed markup: a flat list of open, text and close tokens.

Spans may nest (an entity inside a quote) or cross (a quote that ends inside a mention). They are
placed in priority order; a span that crosses one already placed is cut at its boundary into pieces,
so the highest-priority spans (the one asked for with `?hl=`, then claims, events, quotes…) always
stay whole: the element with id `span-START-END` holds exactly the words START:END.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

Token = tuple[str, Any]  # ("open", Mark) | ("text", str) | ("close", Mark)


@dataclass(slots=True)
class Mark:
    """One highlighted span as rendered: its kind, what it points to, and the element id if it has one."""

    kind: str
    start: int
    end: int
    span: dict[str, Any]
    anchor: str | None = None  # element id "span-START-END", given to one element per range
    link: bool = False  # rendered as a link (never inside another link)


@dataclass(slots=True)
class _Node:
    start: int
    end: int
    mark: Mark | None
    children: list[_Node] = field(default_factory=list)


def tokens(text: str, spans: list[dict[str, Any]], priority: tuple[str, ...]) -> list[Token]:
    """The text cut into tokens so that every span is one element (or several, if it crosses a stronger one)."""
    root = _Node(0, len(text), None)
    anchored: set[str] = set()
    ordered = sorted((s for s in spans if 0 <= s["start"] < s["end"] <= len(text)),
                     key=lambda s: (priority.index(s["kind"]) if s["kind"] in priority else len(priority),
                                    s["start"], -s["end"]))
    for s in ordered:
        anchor = f"span-{s['start']}-{s['end']}"
        first = anchor not in anchored
        anchored.add(anchor)
        pieces = _cut(root, s["start"], s["end"])
        for i, (a, b) in enumerate(pieces):
            mark = Mark(s["kind"], a, b, s, anchor if first and i == 0 and len(pieces) == 1 else None)
            _insert(root, _Node(a, b, mark))
    out: list[Token] = []
    _emit(root, text, out, in_link=False)
    return out


def _cut(node: _Node, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) split at the boundaries of every placed span it crosses."""
    cuts = {start, end}
    stack = [node]
    while stack:
        n = stack.pop()
        for c in n.children:
            if c.start < end and start < c.end:
                for point in (c.start, c.end):
                    if start < point < end and not (start <= c.start and c.end <= end):
                        cuts.add(point)
                stack.append(c)
    points = sorted(cuts)
    return list(pairwise(points))


def _insert(node: _Node, new: _Node) -> None:
    for c in node.children:
        if c.start <= new.start and new.end <= c.end:
            _insert(c, new)
            return
    inside = [c for c in node.children if new.start <= c.start and c.end <= new.end]
    new.children = inside
    node.children = sorted([c for c in node.children if c not in inside] + [new], key=lambda c: c.start)


def _emit(node: _Node, text: str, out: list[Token], in_link: bool) -> None:
    mark = node.mark
    link = bool(mark and mark.kind == "entity" and mark.span.get("ref") and not in_link and not _has_entity(node))
    if mark:
        mark.link = link
        out.append(("open", mark))
    at = node.start
    for c in node.children:
        if c.start > at:
            out.append(("text", text[at:c.start]))
        _emit(c, text, out, in_link or link)
        at = c.end
    if node.end > at:
        out.append(("text", text[at:node.end]))
    if mark:
        out.append(("close", mark))


def _has_entity(node: _Node) -> bool:
    return any((c.mark is not None and c.mark.kind == "entity") or _has_entity(c) for c in node.children)
