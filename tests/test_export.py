"""The export contract: the schema accepts what recoupe writes and refuses what breaks the contract."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from recoupe import files
from recoupe.export import FORMAT, validate

GOOD: dict[str, Any] = {
    "format": FORMAT,
    "documents": [{"id": "d1", "source": "d1.txt", "outlet": None, "title": "T", "language": "fr",
                   "published": "2024-10-25", "published_inferred": False, "text": "Poutine parle.",
                   "removed": [{"text": "photo l", "reason": "caption"}]}],
    "entities": [{"id": "e1", "name": "Vladimir Poutine", "type": "PER", "kb_id": "Q7747", "aliases": ["Poutine"],
                  "mentions": [{"doc": "d1", "start": 0, "end": 7, "text": "Poutine"}]}],
    "quotes": [], "figures": [], "times": [], "events": [], "stories": [], "duplicates": [], "checks": [],
}


def test_a_good_export_validates() -> None:
    assert validate(GOOD) == []


@pytest.mark.parametrize(("path", "value", "message"), [
    (("format",), "recoupe-export/0", "recoupe-export/1"),
    (("entities", 0, "type"), "PERSON", "PERSON"),
    (("documents", 0, "removed", 0, "reason"), "spam", "spam"),
    (("entities", 0, "mentions", 0, "end"), 8, "does not match"),
    (("entities", 0, "kb_id"), "7747", "does not match"),
])
def test_broken_exports_are_refused(path: tuple[Any, ...], value: Any, message: str) -> None:
    bad = copy.deepcopy(GOOD)
    target = bad
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    problems = validate(bad)
    assert problems and any(message in p for p in problems), problems


def test_every_contract_key_is_required() -> None:
    for key in ("documents", "entities", "quotes", "figures", "times", "events", "stories", "duplicates", "checks"):
        bad = copy.deepcopy(GOOD)
        del bad[key]
        assert any(key in p for p in validate(bad))


def test_a_failed_write_leaves_the_old_file_whole(tmp_path: Path) -> None:
    """An export that cannot be encoded (a lone surrogate) must not truncate the file already there."""
    target = tmp_path / "export.json"
    files.write_text(target, '{"old": true}')
    with pytest.raises(UnicodeEncodeError):
        files.write_text(target, '{"bad": "\ud800"}')
    assert target.read_text(encoding="utf-8") == '{"old": true}'
    assert [p.name for p in tmp_path.iterdir()] == ["export.json"]  # no temporary file left behind
