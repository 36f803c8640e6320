"""A document's text as escaped HTML with one anchored `<mark>` per cited span, overlaps included."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from markupsafe import Markup, escape

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


def safe(doc: str) -> str:
    """A document id as it appears in HTML ids: characters an id or a URL fragment cannot hold are hex-coded."""
    return _UNSAFE.sub(lambda m: f"_{ord(m.group()):x}_", doc)


def anchor(doc: str, start: int, end: int) -> str:
    """The HTML id of a span: `d-DOC-START-END`."""
    return f"d-{safe(doc)}-{start}-{end}"


def annotate(doc: str, text: str, spans: Iterable[tuple[int, int]]) -> Markup:
    """`text` escaped, each span wrapped in `<mark id=anchor(...)>`.

    Spans may nest or cross. Marks nest as written; where a span ends inside an enclosing one that
    started earlier and ends later, the enclosing mark is closed and reopened as `<mark class="cont">`,
    so the id always sits on the element that starts exactly at the span's first character.
    """
    wanted = sorted({(s, e) for s, e in spans if 0 <= s < e <= len(text)})
    starting: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for s, e in wanted:
        starting[s].append((s, e))
    cuts = sorted({0, len(text)} | {s for s, _ in wanted} | {e for _, e in wanted})
    out: list[str] = []
    stack: list[tuple[int, int]] = []
    for i, pos in enumerate(cuts):
        if any(e == pos for _, e in stack):
            reopen: list[tuple[int, int]] = []
            while any(e == pos for _, e in stack):
                span = stack.pop()
                out.append("</mark>")
                if span[1] != pos:
                    reopen.append(span)
            for span in reversed(reopen):
                out.append('<mark class="cont">')
                stack.append(span)
        for span in sorted(starting.get(pos, ()), key=lambda sp: -sp[1]):  # the longest span is the outer one
            out.append(f'<mark id="{anchor(doc, *span)}">')
            stack.append(span)
        if i + 1 < len(cuts):
            out.append(str(escape(text[pos:cuts[i + 1]])))
    return Markup("".join(out))
