"""A first plain briefing in Markdown: the documents, the entities by reach, what cleaning removed."""

from __future__ import annotations

from collections import Counter
from typing import Any

TOP_ENTITIES = 40
MAX_QUOTES = 8  # per speaker
MAX_FIGURES = 60


def _cell(text: str | None) -> str:
    return (text or "—").replace("|", "\\|").replace("\n", " ")


def _who_said_what(export: dict[str, Any], names: dict[str, str]) -> list[str]:
    """Quotes grouped by speaker, most quoted first; unattributed quotes are not listed."""
    by_speaker: dict[str, list[dict[str, Any]]] = {}
    for q in export["quotes"]:
        if q["speaker"]:
            by_speaker.setdefault(q["speaker"], []).append(q)
    lines = ["", "## Who said what", ""]
    for speaker, quotes in sorted(by_speaker.items(), key=lambda kv: (-len(kv[1]), names.get(kv[0], ""))):
        lines.append(f"**{_cell(names.get(speaker, speaker))}**")
        for q in quotes[:MAX_QUOTES]:
            mark = "«{}»" if q["direct"] else "{} (reported)"
            lines.append(f"- {mark.format(_cell(q['text'][:160]))} — `{q['doc']}` @{q['start']}")
        lines.append("")
    return lines if by_speaker else [*lines, "No attributed quote."]


def _figures(export: dict[str, Any], names: dict[str, str]) -> list[str]:
    lines = ["", "## Figures", "", "| figure | low | high | unit | source | document |", "|---|---|---|---|---|---|"]
    for f in export["figures"][:MAX_FIGURES]:
        lines.append(f"| {_cell(f['text'])} | {f['low']} | {f['high'] if f['high'] is not None else '—'} | "
                     f"{_cell(f['unit'])} | {_cell(names.get(f['source'] or ''))} | `{f['doc']}` |")
    return lines


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
    names = {e["id"]: e["name"] for e in export["entities"]}
    lines += _who_said_what(export, names) + _figures(export, names)
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
