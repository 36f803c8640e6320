"""Roles stage: the posts and titles a document gives people ("le ministre japonais des Affaires étrangères")."""

from __future__ import annotations

from typing import Any

from recoupe.records import Document, LocalEntity, RoleClaim


def find_roles(doc: Document, spacy_doc: Any, entities: tuple[LocalEntity, ...]) -> tuple[RoleClaim, ...]:
    """Role claims: a person, the role words, and the country or organisation when named."""
    return ()
