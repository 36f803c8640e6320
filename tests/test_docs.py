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
