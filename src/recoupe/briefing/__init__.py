"""The briefing: an export object rendered as self-contained HTML and as Markdown, in French or English."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from recoupe import files
from recoupe.briefing import view
from recoupe.briefing.anchors import annotate
from recoupe.briefing.labels import DEFAULT_LANGUAGE, LANGUAGES, table

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "check_language", "html", "markdown", "write"]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def _md(value: object) -> str:
    """Text shown as written in Markdown: special characters backslash-escaped, one line."""
    return _MD_SPECIAL.sub(r"\\\1", "" if value is None else str(value)).replace("\r", " ").replace("\n", " ")


def _code(value: object) -> str:
    """Text inside a Markdown code span (a document id or a span reference): backticks cannot appear."""
    return str(value).replace("`", "'")


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:,}".replace(",", "\u202f")


@cache
def _environment(kind: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("recoupe.briefing", "templates"),
        autoescape=kind == "html", undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(md=_md, code=_code, number=_number)
    env.globals["annotate"] = annotate
    return env


def _render(kind: str, export: dict[str, Any], lang: str) -> str:
    labels = table(lang)  # first: an unknown language fails before any work
    template = _environment(kind).get_template(f"briefing.{kind}.j2")
    return template.render(b=view.build(export, lang), L=labels, lang=lang)


def check_language(lang: str) -> None:
    """Raise `ExportError` when the briefing has no labels in `lang`."""
    table(lang)


def markdown(export: dict[str, Any], lang: str = DEFAULT_LANGUAGE) -> str:
    """The briefing of an export object (shared/spec/export.md) as Markdown; spans cited as `doc:start-end`."""
    return _render("md", export, lang)


def html(export: dict[str, Any], lang: str = DEFAULT_LANGUAGE) -> str:
    """The briefing as one self-contained HTML page: inline CSS, no script, every span linked to its text."""
    return _render("html", export, lang)


def write(export: dict[str, Any], out: Path, lang: str = DEFAULT_LANGUAGE) -> tuple[Path, Path]:
    """Write OUT/briefing.html and OUT/briefing.md; returns their paths."""
    pages = html(export, lang), markdown(export, lang)
    out.mkdir(parents=True, exist_ok=True)
    paths = out / "briefing.html", out / "briefing.md"
    for path, page in zip(paths, pages, strict=True):
        files.write_text(path, page)
    return paths
