"""A first plain briefing in Markdown: the documents, the entities by reach, what cleaning removed."""

from __future__ import annotations

from collections import Counter
from typing import Any

TOP_ENTITIES = 40


def _cell(text: str | None) -> str:
    return (text or "—").replace("|", "\\|").replace("\n", " ")


def markdown(export: dict[str, Any]) -> str:
    """The briefing of an export object (shared/spec/export.md) as Markdown."""
    docs = export["documents"]
    lines = ["# recoupe briefing", ""]
    lines += [f"{len(docs)} documents, {len(export['entities'])} entities linked across them.", ""]
    lines += ["## Documents", "", "| id | title | outlet | published | language | words |", "|---|---|---|---|---|---|"]
    for d in docs:
        published = (d["published"] or "—") + (" (inferred)" if d["published_inferred"] else "")
        lines.append(f"| {_cell(d['id'])} | {_cell((d['title'] or '')[:90])} | {_cell(d['outlet'])} | "
                     f"{published} | {_cell(d['language'])} | {len(d['text'].split())} |")
    skipped = [d for d in docs if d.get("skipped")]
    if skipped:
        lines += ["", "Not analysed:", ""] + [f"- `{d['id']}`: {d['skipped']}" for d in skipped]
    lines += ["", "## Entities by number of documents", "",
              "| entity | type | documents | mentions | Wikidata |", "|---|---|---|---|---|"]
    ranked = sorted(export["entities"], key=lambda e: (-len({m["doc"] for m in e["mentions"]}),
                                                       -len(e["mentions"]), e["name"]))
    for e in ranked[:TOP_ENTITIES]:
        n_docs = len({m["doc"] for m in e["mentions"]})
        lines.append(f"| {_cell(e['name'])} | {e['type']} | {n_docs} | {len(e['mentions'])} | {_cell(e['kb_id'])} |")
    if len(ranked) > TOP_ENTITIES:
        lines.append(f"\n…and {len(ranked) - TOP_ENTITIES} more in `export.json`.")
    lines += ["", "## What cleaning removed", ""]
    reasons = Counter(r["reason"] for d in docs for r in d["removed"])
    if not reasons:
        lines.append("Nothing.")
    for d in docs:
        for r in d["removed"]:
            lines.append(f"- `{d['id']}` ({r['reason']}): «{_cell(r['text'][:100])}»")
    if reasons:
        lines += ["", "Totals: " + ", ".join(f"{n} {reason}" for reason, n in sorted(reasons.items()))]
    rejected = export.get("rejected") or []
    if rejected:
        lines += ["", "## Inputs rejected", ""]
        lines += [f"- `{r['source']}`{':' + str(r['line']) if r['line'] else ''} [{r['stage']}]: {r['reason']}"
                  for r in rejected]
    return "\n".join(lines) + "\n"
