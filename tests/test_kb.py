"""The bundled knowledge base is well formed, and users can layer their own file over it."""

from __future__ import annotations

from pathlib import Path

import pytest

from recoupe import kb as kb_module
from recoupe.errors import KnowledgeBaseError
from recoupe.kb import KnowledgeBase, fold


def test_every_reference_resolves(kb: KnowledgeBase) -> None:
    for e in kb.entries.values():
        if e.metonym_of:
            assert e.metonym_of in kb.entries, f"{e.id}: metonym_of {e.metonym_of!r} is not an entry"
        for role in e.roles:
            assert role.of is None or role.of in kb.entries, f"{e.id}: role of {role.of!r} is not an entry"
            assert role.start is None or role.end is None or role.start <= role.end, e.id


def test_wikidata_ids_are_well_formed_and_unique(kb: KnowledgeBase) -> None:
    ids = [e.wikidata for e in kb.entries.values() if e.wikidata]
    assert all(q.startswith("Q") and q[1:].isdigit() for q in ids)
    assert len(ids) == len(set(ids))


def test_no_alias_names_two_entries(kb: KnowledgeBase) -> None:
    owner: dict[str, str] = {}
    clashes = []
    for e in kb.entries.values():
        for name in e.names:
            key = fold(name)
            if owner.setdefault(key, e.id) != e.id:
                clashes.append((name, owner[key], e.id))
    assert clashes == []


def test_match_finds_longest_names_with_word_boundaries(kb: KnowledgeBase) -> None:
    text = "La Corée du Nord et les Etats-Unis; l’axe Moscou-Pyongyang; la Coréennerie."
    found = {text[m.start:m.end]: m.entry_id for m in kb.match(text)}
    assert found["Corée du Nord"] == kb.by_wikidata("Q423").id  # type: ignore[union-attr]
    assert found["Etats-Unis"] == kb.by_wikidata("Q30").id  # type: ignore[union-attr]
    assert "Moscou" in found and "Pyongyang" in found
    assert not any(k.startswith("Coréenn") for k in found)


def test_user_file_overrides_and_extends(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text("- {id: acme, type: ORG, name: Acme Corp, aliases: [ACME]}\n"
                     "- {id: japan, type: GPE, name: Japon, wikidata: Q17, aliases: [Nippon-koku]}\n", "utf-8")
    kb = kb_module.load((str(extra),))
    assert kb.entries["acme"].name == "Acme Corp"
    assert {kb.entries[m.entry_id].id for m in kb.match("ACME vend au Nippon-koku.")} == {"acme", "japan"}


@pytest.mark.parametrize(("content", "message"), [
    ("id: x\n", "YAML list"),
    ("- {id: x, type: PLANET, name: Mars}\n", "valid types"),
    ("- {type: ORG}\n", "'id' and 'name'"),
    ("- [unclosed\n", "cannot read"),
])
def test_bad_user_file_says_what_is_wrong(tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(content, "utf-8")
    with pytest.raises(KnowledgeBaseError, match=message):
        kb_module.load_entries(bad)


def test_fold_keeps_length() -> None:
    for s in ("Sergueï Choïgu", "l’ONU", "Œuvre‑d’État", "Ça ira"):
        assert len(fold(s)) == len(s)
