"""Docs stay honest: every command, option and setting is documented."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import typer.main

from recoupe.cli import app
from recoupe.pipeline import Settings

ROOT = Path(__file__).resolve().parent.parent


def _docs() -> str:
    return "\n".join(p.read_text("utf-8") for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))])


def test_every_command_and_option_is_documented() -> None:
    docs = _docs()
    group = typer.main.get_group(app)
    for name, command in group.commands.items():
        assert f"recoupe {name}" in docs, f"command {name!r} is not in README.md or docs/"
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--") and opt != "--help":
                    assert opt in docs, f"option {opt} of {name!r} is not documented"


def test_every_setting_is_documented() -> None:
    table = (ROOT / "docs" / "settings.md").read_text("utf-8")
    for field in dataclasses.fields(Settings):
        assert f"`{field.name}`" in table, f"setting {field.name!r} missing from docs/settings.md"


def test_every_extra_export_key_is_documented(tmp_path: Path) -> None:
    """Keys beyond the public contract that recoupe writes are listed in docs/export.md."""
    from recoupe import pipeline
    from recoupe.export import build, schema
    from recoupe.store import open_store

    (tmp_path / "a.txt").write_text("Photo AFP\n\n« Rien n'est joué », a déclaré mardi le président Emmanuel "
                                    "Macron à Paris, où 3 000 manifestants défilaient.\n", encoding="utf-8")
    store = open_store(tmp_path / "kb.db")
    pipeline.ingest([str(tmp_path / "a.txt")], store, pipeline.Settings())
    data = build(store)
    store.close()
    doc = (ROOT / "docs" / "export.md").read_text("utf-8")
    defs = schema()["$defs"]
    extras = set(data) - set(schema()["properties"])
    for key, item in (("documents", "document"), ("entities", "entity"), ("quotes", "quote"),
                      ("figures", "figure"), ("times", "time")):
        assert data[key], f"the sample produced no {key}"
        known = set(defs[item].get("properties", {})) | set(defs["span"]["properties"])
        extras |= {k for record in data[key] for k in record} - known
    extras |= {k for d in data["documents"] for r in d["removed"] for k in r} - {"text", "reason"}
    extras |= {k for e in data["entities"] for m in e["mentions"] for k in m} - set(defs["span"]["properties"])
    missing = sorted(k for k in extras if f"`{k}`" not in doc)
    assert missing == [], f"export keys not in docs/export.md: {missing}"
