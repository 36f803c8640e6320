"""Role claims on sentences written for these tests: titles before names and appositions after them."""

from __future__ import annotations

from typing import Any

import pytest

from recoupe.entities import find_entities
from recoupe.kb import KnowledgeBase
from recoupe.records import Document
from recoupe.roles import find_roles


def _roles(model: Any, kb: KnowledgeBase, text: str) -> set[tuple[str, str, str | None]]:
    doc = Document(id="t", source="t", text=text, title=None, content_hash="x")
    entities = find_entities(doc, model(text), kb)
    names = {e.key: e.name for e in entities}
    claims = find_roles(doc, model(text), entities, kb)
    for c in claims:
        assert text[c.start:c.end] == c.text
    def of(key: str | None) -> str | None:
        entry = kb.get(key[3:]) if key and key.startswith("kb:") else None
        return names.get(key) or (entry.name if entry else None) if key else None

    return {(names[c.person_key], c.role, of(c.of_key)) for c in claims}


@pytest.mark.parametrize(("text", "claim"), [
    ("Le ministre allemand des Finances Christian Lindner a présenté le budget.",
     ("Christian Lindner", "ministre allemand des finances", "Allemagne")),
    ("Le porte-parole de la présidence, Dmitri Peskov, a démenti l'information.",
     ("Dmitri Peskov", "porte-parole de la présidence", None)),
    ("« Rien n'est joué », a estimé Bertrand Badie, professeur à Sciences Po.",
     ("Bertrand Badie", "professeur à sciences po", "Sciences Po")),
    ("L'ancien président Nicolas Sarkozy a été condamné.", ("Nicolas Sarkozy", "ancien président", None)),
    ("Le secrétaire général de l'OTAN, Jens Stoltenberg, a salué la décision.",
     ("Jens Stoltenberg", "secrétaire général de l'otan", "OTAN")),
])
def test_role_claims(model: Any, kb: KnowledgeBase, text: str, claim: tuple[str, str, str | None]) -> None:
    assert claim in _roles(model, kb, text)


def test_the_title_closest_to_the_name_wins(model: Any, kb: KnowledgeBase) -> None:
    text = "Une rencontre entre le ministre turc Hakan Fidan et le président syrien Ahmed al-Charaa a eu lieu."
    claims = _roles(model, kb, text)
    assert ("Hakan Fidan", "ministre turc", "Turquie") in claims or any(
        c[0] == "Hakan Fidan" and c[1] == "ministre turc" for c in claims)
    assert not any(c[1].startswith("ministre turc hakan") for c in claims)


def test_no_role_without_a_title(model: Any, kb: KnowledgeBase) -> None:
    assert _roles(model, kb, "Hier, Emmanuel Macron a rencontré Olaf Scholz à Berlin.") == set()
