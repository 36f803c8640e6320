"""The export object as flat tables, one per record type: the columns of every CSV file in one place."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from recoupe import files

LIST_SEPARATOR = ";"

# table -> its columns, in order. A record's key of the same name fills a column; the few derived
# columns (the owner's id of a nested record, counts) are added by `rows`.
COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": ("id", "source", "outlet", "title", "language", "published", "published_inferred", "url",
                  "skipped", "text"),
    "removals": ("doc", "reason", "rule", "text"),
    "entities": ("id", "name", "type", "kb_id", "kb_key", "aliases", "n_mentions", "n_documents"),
    "mentions": ("entity", "doc", "start", "end", "text", "kind"),
    "quotes": ("doc", "start", "end", "text", "speaker", "speaker_text", "direct", "speaker_start", "speaker_end"),
    "figures": ("doc", "start", "end", "text", "low", "high", "unit", "qualifier", "source"),
    "times": ("doc", "start", "end", "text", "value", "type"),
    "roles": ("doc", "start", "end", "text", "person", "role", "of", "of_kb"),
    "events": ("id", "type", "mode", "label", "modality", "date", "date_source", "location", "actors", "targets",
               "n_mentions"),
    "event_mentions": ("event", "doc", "start", "end", "text", "modality", "trigger", "trigger_start",
                       "trigger_end", "reporter"),
    "checks": ("id", "kind", "subject", "status", "entities", "explanation", "n_claims"),
    "check_claims": ("check", "doc", "start", "end", "text", "value", "source"),
    "stories": ("id", "label", "first", "last", "documents", "n_documents"),
    "duplicates": ("doc", "duplicate_of", "similarity", "kind", "start", "end", "text", "of_start", "of_end",
                   "of_text"),
    "rejected": ("source", "line", "stage", "reason"),
}

# Column types by name (the same name has the same type in every table); every other column is text.
INTEGER = frozenset({"start", "end", "speaker_start", "speaker_end", "of_start", "of_end", "trigger_start",
                     "trigger_end", "line", "mention",
                     "n_mentions", "n_documents", "n_claims"})
NUMBER = frozenset({"low", "high", "similarity"})
BOOLEAN = frozenset({"published_inferred", "direct"})


def dtypes(columns: Iterable[str]) -> dict[str, str]:
    """pandas dtypes of columns, for an exact round trip (docs/export.md):
    `pandas.read_csv(path, dtype=dtypes(columns), keep_default_na=False, na_values=[""])`."""
    return {c: "Int64" if c in INTEGER else "float64" if c in NUMBER else "boolean" if c in BOOLEAN else "string"
            for c in columns}


def rows(export: dict[str, Any], table: str) -> Iterator[dict[str, Any]]:
    """The records of one table, nested records flattened with their owner's id."""
    if table == "removals":
        yield from ({"doc": d["id"], **r} for d in export["documents"] for r in d["removed"])
    elif table == "entities":
        yield from ({**e, "n_mentions": len(e["mentions"]), "n_documents": len({m["doc"] for m in e["mentions"]})}
                    for e in export["entities"])
    elif table == "mentions":
        yield from ({"entity": e["id"], **m} for e in export["entities"] for m in e["mentions"])
    elif table == "events":
        yield from ({**v, "n_mentions": len(v["mentions"])} for v in export["events"])
    elif table == "event_mentions":
        yield from ({"event": v["id"], "modality": v["modality"], **m} for v in export["events"]
                    for m in v["mentions"])
    elif table == "checks":
        yield from ({**c, "n_claims": len(c["claims"])} for c in export["checks"])
    elif table == "check_claims":
        yield from ({"check": c["id"], **cl} for c in export["checks"] for cl in c["claims"])
    elif table == "stories":
        yield from ({**s, "n_documents": len(s["documents"])} for s in export["stories"])
    else:
        yield from export.get(table) or ()


def cell(value: Any) -> str:
    """One CSV cell: null is empty, booleans are true/false, lists are joined with ';', objects are JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def write_rows(out: TextIO, columns: Iterable[str], records: Iterable[dict[str, Any]]) -> int:
    """CSV with a header row to a text stream; returns the number of data rows."""
    columns = tuple(columns)
    # RFC 4180 line ends: with "\r\n" as terminator the writer quotes a field holding a lone "\r" too.
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    n = 0
    for record in records:
        writer.writerow([cell(record.get(c)) for c in columns])
        n += 1
    return n


def write_folder(export: dict[str, Any], folder: Path) -> list[Path]:
    """One CSV file per table in `folder` (created if missing); returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for table, columns in COLUMNS.items():
        path = folder / f"{table}.csv"
        buffer = io.StringIO(newline="")
        write_rows(buffer, columns, rows(export, table))
        paths.append(files.write_text(path, buffer.getvalue(), newline=""))  # whole or not at all
    return paths
