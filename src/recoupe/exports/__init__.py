"""Every export format, derived from the one export object (docs/export.md): JSON, CSV tables, GraphML, PLOVER."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from recoupe import files
from recoupe.errors import ExportError
from recoupe.exports import plover, tables
from recoupe.exports.graphml import graphml

# format -> what it writes; "csv" is a folder of files, the others one file (or stdout).
FORMATS = {
    "json": "the recoupe-export/1 object (shared/spec/export.md)",
    "csv": "one CSV file per record type, in a folder",
    "graphml": "the entity-event graph",
    "plover": "one CSV row per event mention, PLOVER/POLECAT-style",
}


def check(fmt: str, path: Path | None = None) -> None:
    """Raise `ExportError` for a format recoupe cannot write, or a target it cannot write it to (None: stdout)."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; available formats: {', '.join(FORMATS)}")
    if fmt == "csv" and (path is None or path.is_file()):
        raise ExportError(f"the csv format writes one file per record type into a folder, not to "
                          f"{path or 'stdout'}; give a folder with -o DIR")


def _json(export: dict[str, Any]) -> str:
    return json.dumps(export, ensure_ascii=False, indent=1) + "\n"


def _plover(export: dict[str, Any]) -> str:
    out = io.StringIO()
    tables.write_rows(out, plover.COLUMNS, plover.rows(export))
    return out.getvalue()


_RENDER = {"json": _json, "graphml": graphml, "plover": _plover}


def render(export: dict[str, Any], fmt: str) -> str:
    """One export as text, for the formats that are one file (all but csv)."""
    check(fmt)  # csv to a string is refused here, with the fix
    return _RENDER[fmt](export)


def write(export: dict[str, Any], fmt: str, path: Path) -> list[Path]:
    """Write one export to `path` (a folder for csv, a file otherwise); returns the files written."""
    check(fmt, path)
    if fmt == "csv":
        return tables.write_folder(export, path)
    text = render(export, fmt)
    files.write_text(path, text, newline="")  # the text's line ends, as rendered, on every platform
    return [path]
